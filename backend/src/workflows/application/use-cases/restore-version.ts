import { reviseWorkflow, type Workflow } from '../../domain/entities.js';
import { WorkflowVersionNotFoundError } from '../../domain/exceptions.js';
import { changeWorkflow, type ChangeDependencies } from '../change-workflow.js';
import type { RestoreVersionCommand } from '../dtos.js';

export type RestoreVersion = (command: RestoreVersionCommand) => Promise<Workflow>;

/** Makes a version's name, description and trigger current again, as a new version; the status stays. */
export function makeRestoreVersion(deps: ChangeDependencies): RestoreVersion {
  return async (command) => {
    const target = await deps.workflows.getVersion(command.actor.accountId, command.id, command.version);
    if (target === null) throw new WorkflowVersionNotFoundError(command.id, command.version);
    const definition = { name: target.name, description: target.description, triggerType: target.trigger.type, triggerConfig: target.trigger.config };
    return changeWorkflow(deps, {
      ...command,
      action: 'workflow.version_restored',
      details: { restored_version: target.version },
      apply: (current, context) => reviseWorkflow(current, definition, context),
    });
  };
}
