import { defineModule, type ApiModule } from '../../shared/http/module.js';
import type { WorkflowsModuleDependencies } from './dependencies.js';
import { WORKFLOW_PROBLEMS } from './problems.js';
import { activateWorkflowRoute } from './routes/activate-workflow.js';
import { archiveWorkflowRoute } from './routes/archive-workflow.js';
import { createWorkflowRoute } from './routes/create-workflow.js';
import { deleteWorkflowRoute } from './routes/delete-workflow.js';
import { getWorkflowRoute } from './routes/get-workflow.js';
import { listWorkflowsRoute } from './routes/list-workflows.js';
import { patchWorkflowRoute } from './routes/patch-workflow.js';
import { pauseWorkflowRoute } from './routes/pause-workflow.js';
import { replaceWorkflowRoute } from './routes/replace-workflow.js';
import { restoreWorkflowRoute } from './routes/restore-workflow.js';
import { unarchiveWorkflowRoute } from './routes/unarchive-workflow.js';
import { duplicateWorkflowRoute } from './routes/duplicate-workflow.js';
import { getVersionRoute } from './routes/get-version.js';
import { listVersionsRoute } from './routes/list-versions.js';
import { restoreVersionRoute } from './routes/restore-version.js';

/** The workflows module: its routes, its problem table and its documented operations. */
export function workflowsModule(deps: WorkflowsModuleDependencies): ApiModule {
  const routes = [
    createWorkflowRoute,
    listWorkflowsRoute,
    getWorkflowRoute,
    patchWorkflowRoute,
    replaceWorkflowRoute,
    deleteWorkflowRoute,
    restoreWorkflowRoute,
    activateWorkflowRoute,
    pauseWorkflowRoute,
    archiveWorkflowRoute,
    unarchiveWorkflowRoute,
    listVersionsRoute,
    getVersionRoute,
    restoreVersionRoute,
    duplicateWorkflowRoute,
  ].map((route) => route(deps));
  return defineModule(WORKFLOW_PROBLEMS, routes);
}
