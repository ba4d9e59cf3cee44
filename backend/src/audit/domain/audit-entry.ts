import type { AccountId, UserId } from '../../shared/ids.js';

/** `<entity>.<past participle>`: `workflow.created`, `workflow.paused`, … Open-ended: modules add their own. */
export type AuditAction = `${string}.${string}`;

/** Where a change came from: kept with every audit entry. */
export interface RequestOrigin {
  readonly requestId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/** One recorded change. `changes` holds the state before and after (null where there is none), in the wire format. */
export interface AuditEntry {
  readonly id: string;
  readonly accountId: AccountId;
  readonly actorId: UserId;
  readonly actorRef: string;
  readonly action: AuditAction;
  readonly entityType: string;
  readonly entityId: string;
  readonly origin: RequestOrigin;
  readonly changes: { readonly before: unknown; readonly after: unknown; readonly [detail: string]: unknown };
  readonly occurredAt: Date;
}

/** A change to record: who made it, from where, to what, and its state before and after. */
export interface Change {
  readonly actor: { readonly accountId: AccountId; readonly userId: UserId; readonly userRef: string };
  readonly origin: RequestOrigin;
  readonly action: AuditAction;
  readonly entity: { readonly type: string; readonly id: string };
  readonly before: unknown;
  readonly after: unknown;
  /** More about the change (`duplicated_from`, `restored_version`), kept beside before and after. */
  readonly details?: Readonly<Record<string, unknown>> | undefined;
}

/** The audit entry of any change: every use case records its changes through this one function. */
export function auditEntry(change: Change, stamp: { readonly id: string; readonly at: Date }): AuditEntry {
  return {
    id: stamp.id,
    accountId: change.actor.accountId,
    actorId: change.actor.userId,
    actorRef: change.actor.userRef,
    action: change.action,
    entityType: change.entity.type,
    entityId: change.entity.id,
    origin: change.origin,
    changes: { ...change.details, before: change.before ?? null, after: change.after ?? null },
    occurredAt: stamp.at,
  };
}
