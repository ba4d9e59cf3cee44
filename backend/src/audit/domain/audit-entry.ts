import type { AccountId, UserId } from '../../shared/ids.js';

export const AUDIT_ACTIONS = ['workflow.created'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Where a change came from: kept with every audit entry. */
export interface RequestOrigin {
  readonly requestId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/** One recorded change. `changes` holds the state after, and before where there was one. */
export interface AuditEntry {
  readonly id: string;
  readonly accountId: AccountId;
  readonly actorId: UserId;
  readonly actorRef: string;
  readonly action: AuditAction;
  readonly entityType: string;
  readonly entityId: string;
  readonly origin: RequestOrigin;
  readonly changes: { readonly after?: unknown; readonly before?: unknown };
  readonly occurredAt: Date;
}
