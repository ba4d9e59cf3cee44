import { auditEntry } from '../../../audit/index.js';
import type { Clock } from '../../../shared/clock.js';
import type { IdGenerator } from '../../../shared/ids.js';
import { createWorkflow } from '../../domain/entities.js';
import type { CreateWorkflowCommand } from '../dtos.js';
import { idempotencyRecord, settleCreate, type CreatedWorkflow } from '../create-outcome.js';
import type { WorkflowRepository } from '../ports.js';
import { workflowSnapshot } from '../snapshot.js';

export type { CreatedWorkflow };

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
    const idempotency = idempotencyRecord(actor, command.idempotency, now, idempotencyTtlMs);
    return settleCreate(workflows, actor.accountId, workflow, await workflows.create(workflow, audit, idempotency));
  };
}
