import type { RouteDefinition } from '../../../shared/http/module.js';
import type { WorkflowsModuleDependencies } from '../dependencies.js';
import { lifecycleRoute } from './lifecycle-route.js';

export const pauseWorkflowRoute = (deps: WorkflowsModuleDependencies): RouteDefinition =>
  lifecycleRoute('pause', { operationId: 'pauseWorkflow', summary: 'Pause a workflow', description: 'An active workflow stops running until it is activated again.' }, deps);
