import type { RouteDefinition } from '../../../shared/http/module.js';
import type { WorkflowsModuleDependencies } from '../dependencies.js';
import { lifecycleRoute } from './lifecycle-route.js';

export const archiveWorkflowRoute = (deps: WorkflowsModuleDependencies): RouteDefinition =>
  lifecycleRoute('archive', { operationId: 'archiveWorkflow', summary: 'Archive a workflow', description: 'A draft, active or paused workflow is retired: read-only until it is unarchived.' }, deps);
