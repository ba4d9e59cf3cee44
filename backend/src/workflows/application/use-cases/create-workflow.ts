import { auditEntry } from '../../../audit/index.js';
import type { Clock } from '../../../shared/clock.js';
import type { IdGenerator } from '../../../shared/ids.js';
import { createWorkflow, type Workflow } from '../../domain/entities.js';
import type { CreateWorkflowCommand } from '../dtos.js';
import { IdempotencyKeyInUseError, IdempotencyKeyReusedError } from '../errors.js';
import type { IdempotencyRecord, WorkflowRepository } from '../ports.js';
import { workflowSnapshot } from '../snapshot.js';

export interface CreatedWorkflow {
  readonly workflow: Workflow;
  /** True when this answers an earlier request with the same Idempotency-Key: nothing was written. */
  readonly replayed: boolean;
}

export type CreateWorkflow = (command: CreateWorkflowCommand) => Promise<CreatedWorkflow>;

export interface CreateWorkflowDependencies {
  readonly workflows: WorkflowRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** How long an Idempotency-Key is remembered. */
  readonly idempotencyTtlMs: number;
}

export function makeCreateWorkflow({ workflows, clock, ids, idempotencyTtlMs }: CreateWorkflowDependencies): CreateWorkflow {
  return async (command) => {
    const { actor } = command;
    const now = clock.now();
    const workflow = createWorkflow({ ...command, accountId: actor.accountId, actorId: actor.userId }, { id: ids.next(), now });
    const audit = auditEntry(
      { actor, origin: command.origin, action: 'workflow.created', entity: { type: 'workflow', id: workflow.id }, before: null, after: workflowSnapshot(workflow) },
      { id: ids.next(), at: now },
    );
    const idempotency: IdempotencyRecord | undefined =
      command.idempotency === undefined ? undefined : { userId: actor.userId, ...command.idempotency, since: new Date(now.getTime() - idempotencyTtlMs) };
    const outcome = await workflows.create(workflow, audit, idempotency);
    switch (outcome.kind) {
      case 'created':
        return { workflow, replayed: false };
      case 'key_in_use':
        throw new IdempotencyKeyInUseError();
      case 'key_reused':
        throw new IdempotencyKeyReusedError();
      case 'replayed': {
        // The original answer: the workflow as that request created it, whatever happened to it since.
        const original = await workflows.findVersion(actor.accountId, outcome.workflowId, 1);
        if (original === null) throw new Error(`workflow ${outcome.workflowId} has no first version to replay`);
        return { workflow: original, replayed: true };
      }
    }
  };
}
