import type { AccountId } from '../../shared/ids.js';

/** An audit entry as the API shows it: its `changes` are already in the wire format. */
export interface AuditRecord {
  readonly id: string;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly actorId: string;
  readonly actorRef: string;
  readonly requestId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly changes: Readonly<Record<string, unknown>>;
  readonly occurredAt: Date;
}

export interface AuditFilter {
  readonly entityId?: string | undefined;
  readonly actions?: readonly string[] | undefined;
  readonly actorId?: string | undefined;
  /** RFC 3339 instants, kept as text: the database compares them to the microsecond. */
  readonly occurredAfter?: string | undefined;
  readonly occurredBefore?: string | undefined;
}

/** Where a page ends: the moment (to the microsecond, as text) and id of its last entry. */
export interface AuditPosition {
  readonly occurredAt: string;
  readonly id: string;
}

export interface AuditQuery {
  readonly filter: AuditFilter;
  readonly limit: number;
  readonly after?: AuditPosition | undefined;
}

export interface ListedAuditRecord {
  readonly record: AuditRecord;
  readonly position: AuditPosition;
}

export interface AuditLogReader {
  /** The account's entries, newest first, after `after`. */
  list(accountId: AccountId, query: AuditQuery): Promise<ListedAuditRecord[]>;
}
