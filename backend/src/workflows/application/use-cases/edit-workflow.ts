import { patchedDefinition } from '../../domain/editing.js';
import { reviseWorkflow, type Workflow } from '../../domain/entities.js';
import { changeWorkflow, type ChangeDependencies } from '../change-workflow.js';
import type { EditWorkflowCommand } from '../dtos.js';

export type EditWorkflow = (command: EditWorkflowCommand) => Promise<Workflow>;

/** PATCH (a merge patch of the definition) and PUT (a whole new definition). */
export function makeEditWorkflow(deps: ChangeDependencies): EditWorkflow {
  return (command) =>
    changeWorkflow(deps, {
      ...command,
      action: 'workflow.updated',
      apply: (current, context) => reviseWorkflow(current, command.kind === 'patch' ? patchedDefinition(current, command.patch) : command.definition, context),
    });
}
