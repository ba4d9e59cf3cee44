import { auditEntry } from '../../../audit/index.js';
import { copyNames } from '../../domain/duplicate.js';
import { createWorkflow, type Workflow } from '../../domain/entities.js';
import { WorkflowNameTakenError, WorkflowNotFoundError } from '../../domain/exceptions.js';
import { idempotencyRecord, settleCreate, type CreatedWorkflow } from '../create-outcome.js';
import type { DuplicateWorkflowCommand } from '../dtos.js';
import { workflowSnapshot } from '../snapshot.js';
import type { CreateWorkflowDependencies } from './create-workflow.js';

export type DuplicateWorkflow = (command: DuplicateWorkflowCommand) => Promise<CreatedWorkflow>;

// "(copy)", "(copy 2)", … up to this many; past it the copy needs a name of its own.
const COPY_ATTEMPTS = 50;

/**
 * A new draft with the source's description and trigger. Without a name, each candidate copy name is
 * tried in turn and the name index decides: two concurrent copies both succeed, under different names.
 */
export function makeDuplicateWorkflow({ workflows, clock, ids, idempotencyTtlMs }: CreateWorkflowDependencies): DuplicateWorkflow {
  const attempt = async (command: DuplicateWorkflowCommand, source: Workflow, name: string): Promise<CreatedWorkflow> => {
    const { actor } = command;
    const now = clock.now();
    const workflow = createWorkflow(
      { accountId: actor.accountId, actorId: actor.userId, name, description: source.description, triggerType: source.trigger.type, triggerConfig: source.trigger.config },
      { id: ids.next(), now },
    );
    const audit = auditEntry(
      { actor, origin: command.origin, action: 'workflow.created', entity: { type: 'workflow', id: workflow.id }, before: null, after: workflowSnapshot(workflow), details: { duplicated_from: source.id } },
      { id: ids.next(), at: now },
    );
    return settleCreate(workflows, actor.accountId, workflow, await workflows.create(workflow, audit, idempotencyRecord(actor, command.idempotency, now, idempotencyTtlMs)));
  };
  /** A retry of a duplicate that was made answers with the copy, even once its source is gone. */
  const sourceGone = async (command: DuplicateWorkflowCommand): Promise<CreatedWorkflow> => {
    const { actor } = command;
    const now = clock.now();
    const key = idempotencyRecord(actor, command.idempotency, now, idempotencyTtlMs);
    const outcome = key === undefined ? null : await workflows.findIdempotentOutcome(actor.accountId, key);
    if (outcome === null) throw new WorkflowNotFoundError(command.id);
    return settleCreate(workflows, actor.accountId, null, outcome);
  };
  return async (command) => {
    const source = await workflows.findById(command.actor.accountId, command.id);
    if (source === null) return sourceGone(command);
    if (command.name !== undefined) return attempt(command, source, command.name);
    let taken: WorkflowNameTakenError | undefined;
    for (const name of copyNames(source.name, COPY_ATTEMPTS)) {
      try {
        return await attempt(command, source, name);
      } catch (error) {
        if (!(error instanceof WorkflowNameTakenError)) throw error;
        taken = error;
      }
    }
    throw taken ?? new WorkflowNotFoundError(command.id);
  };
}
