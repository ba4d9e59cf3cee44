export { workflowsModule } from './presentation/plugin.js';
export { buildWorkflowsModule, purgeExpiredKeys, wireWorkflows } from './module.js';
