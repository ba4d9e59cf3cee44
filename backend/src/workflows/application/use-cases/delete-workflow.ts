import { trashWorkflow } from '../../domain/lifecycle.js';
import { changeWorkflow, type ChangeDependencies } from '../change-workflow.js';
import type { WorkflowCommand } from '../dtos.js';

export type DeleteWorkflow = (command: WorkflowCommand) => Promise<void>;

/** A soft delete: the workflow goes to the trash and its name is free again at once. */
export function makeDeleteWorkflow(deps: ChangeDependencies): DeleteWorkflow {
  return async (command) => {
    await changeWorkflow(deps, { ...command, action: 'workflow.deleted', apply: trashWorkflow });
  };
}
