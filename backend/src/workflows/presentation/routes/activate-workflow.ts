import type { RouteDefinition } from '../../../shared/http/module.js';
import type { WorkflowsModuleDependencies } from '../dependencies.js';
import { lifecycleRoute } from './lifecycle-route.js';

export const activateWorkflowRoute = (deps: WorkflowsModuleDependencies): RouteDefinition =>
  lifecycleRoute('activate', { operationId: 'activateWorkflow', summary: 'Activate a workflow', description: 'A draft or paused workflow with a trigger starts running.' }, deps);
