export type { WorkflowsContext } from './presentation/context.js';
export { buildWorkflowsModule, purgeExpiredKeys, workflowsContext, workflowsModule } from './module.js';
