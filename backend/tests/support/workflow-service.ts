import type { Kernel } from '../../src/kernel.js';
import { makeChangeWorkflowStatus } from '../../src/workflows/application/use-cases/change-status.js';
import { makeCreateWorkflow } from '../../src/workflows/application/use-cases/create-workflow.js';
import { makeDeleteWorkflow } from '../../src/workflows/application/use-cases/delete-workflow.js';
import { makeDuplicateWorkflow } from '../../src/workflows/application/use-cases/duplicate-workflow.js';
import { makeEditWorkflow } from '../../src/workflows/application/use-cases/edit-workflow.js';
import { makeGetVersion } from '../../src/workflows/application/use-cases/get-version.js';
import { makeGetWorkflow } from '../../src/workflows/application/use-cases/get-workflow.js';
import { makeListVersions } from '../../src/workflows/application/use-cases/list-versions.js';
import { makeListWorkflows } from '../../src/workflows/application/use-cases/list-workflows.js';
import { makeRestoreVersion } from '../../src/workflows/application/use-cases/restore-version.js';
import { makeRestoreWorkflow } from '../../src/workflows/application/use-cases/restore-workflow.js';
import { workflowsContext } from '../../src/workflows/index.js';

/** Every use case of the workflows module on its real repository, as the routes build them: for tests below HTTP. */
export function workflowService(kernel: Kernel) {
  const context = workflowsContext(kernel);
  return {
    createWorkflow: makeCreateWorkflow(context),
    getWorkflow: makeGetWorkflow(context),
    listWorkflows: makeListWorkflows(context),
    editWorkflow: makeEditWorkflow(context),
    changeWorkflowStatus: makeChangeWorkflowStatus(context),
    deleteWorkflow: makeDeleteWorkflow(context),
    restoreWorkflow: makeRestoreWorkflow(context),
    listVersions: makeListVersions(context),
    getVersion: makeGetVersion(context),
    restoreVersion: makeRestoreVersion(context),
    duplicateWorkflow: makeDuplicateWorkflow(context),
  };
}
