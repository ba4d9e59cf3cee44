import type { Workflow } from '../../domain/entities.js';
import { restoreWorkflow } from '../../domain/lifecycle.js';
import { changeWorkflow, type ChangeDependencies } from '../change-workflow.js';
import type { WorkflowCommand } from '../dtos.js';

export type RestoreWorkflow = (command: WorkflowCommand) => Promise<Workflow>;

/** Back from the trash within the restore window; restoring a live workflow changes nothing. */
export function makeRestoreWorkflow(deps: ChangeDependencies & { readonly restoreWindowMs: number }): RestoreWorkflow {
  return (command) =>
    changeWorkflow(deps, {
      ...command,
      action: 'workflow.restored',
      includeDeleted: true,
      apply: (current, context) => restoreWorkflow(current, context, deps.restoreWindowMs),
    });
}
