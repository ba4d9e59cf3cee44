export { makeCreateWorkflow, type CreateWorkflow } from './application/use-cases/create-workflow.js';
export { makeGetWorkflow, type GetWorkflow } from './application/use-cases/get-workflow.js';
export { PostgresWorkflowRepository } from './infrastructure/postgres-workflow-repository.js';
export { WORKFLOW_MIGRATIONS_DIRECTORY } from './infrastructure/workflows-table.js';
export type { WorkflowsModuleDependencies } from './presentation/dependencies.js';
export { workflowProblem } from './presentation/problems.js';
export { workflowsRoutes } from './presentation/routes.js';
export { workflowOperations } from './presentation/openapi.js';
