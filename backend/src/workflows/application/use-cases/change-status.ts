import type { Workflow } from '../../domain/entities.js';
import { changeStatus, type LifecycleAction } from '../../domain/lifecycle.js';
import { changeWorkflow, type ChangeDependencies } from '../change-workflow.js';
import type { ChangeStatusCommand } from '../dtos.js';

export type ChangeWorkflowStatus = (command: ChangeStatusCommand) => Promise<Workflow>;

const AUDIT_ACTIONS = { activate: 'workflow.activated', pause: 'workflow.paused', archive: 'workflow.archived', unarchive: 'workflow.unarchived' } as const satisfies Record<LifecycleAction, string>;

/** activate, pause, archive, unarchive. */
export function makeChangeWorkflowStatus(deps: ChangeDependencies): ChangeWorkflowStatus {
  return (command) =>
    changeWorkflow(deps, {
      ...command,
      action: AUDIT_ACTIONS[command.action],
      apply: (current, context) => changeStatus(current, command.action, context),
    });
}
