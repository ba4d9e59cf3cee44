import type { RouteDefinition } from '../../../shared/http/module.js';
import type { WorkflowsModuleDependencies } from '../dependencies.js';
import { lifecycleRoute } from './lifecycle-route.js';

export const unarchiveWorkflowRoute = (deps: WorkflowsModuleDependencies): RouteDefinition =>
  lifecycleRoute('unarchive', { operationId: 'unarchiveWorkflow', summary: 'Unarchive a workflow', description: 'An archived workflow becomes an editable draft again.' }, deps);
