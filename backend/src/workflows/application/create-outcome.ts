import type { AccountId } from '../../shared/ids.js';
import type { Workflow } from '../domain/entities.js';
import { IdempotencyKeyInUseError, IdempotencyKeyReusedError } from './errors.js';
import type { Actor, IdempotencyKey } from './dtos.js';
import type { CreateOutcome, IdempotencyRecord, WorkflowRepository } from './ports.js';

export interface CreatedWorkflow {
  readonly workflow: Workflow;
  /** True when this answers an earlier request with the same Idempotency-Key: nothing was written. */
  readonly replayed: boolean;
}

/** What a create (or a duplicate) answers, given what the repository did with it. */
export async function settleCreate(workflows: WorkflowRepository, accountId: AccountId, workflow: Workflow | null, outcome: CreateOutcome): Promise<CreatedWorkflow> {
  switch (outcome.kind) {
    case 'created':
      if (workflow === null) throw new Error('a create reported without its workflow');
      return { workflow, replayed: false };
    case 'key_in_use':
      throw new IdempotencyKeyInUseError();
    case 'key_reused':
      throw new IdempotencyKeyReusedError();
    case 'replayed': {
      // The original answer: the workflow as that request created it, whatever happened to it since.
      const original = await workflows.findVersion(accountId, outcome.workflowId, 1);
      if (original === null) throw new Error(`workflow ${outcome.workflowId} has no first version to replay`);
      return { workflow: original, replayed: true };
    }
  }
}

/** The record of a request's Idempotency-Key, if it sent one: keys older than the TTL are expired. */
export function idempotencyRecord(actor: Actor, key: IdempotencyKey | undefined, now: Date, ttlMs: number): IdempotencyRecord | undefined {
  return key === undefined ? undefined : { userId: actor.userId, ...key, since: new Date(now.getTime() - ttlMs) };
}
