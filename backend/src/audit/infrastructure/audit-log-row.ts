import type { AuditEntry } from '../domain/audit-entry.js';

/**
 * An audit_logs row under its column names: as the driver returns it (occurred_at a Date), or as the
 * functions that write a change with its entry read it (ISO 8601 text, which JSON serialises fast).
 */
export interface AuditLogRow<Time extends Date | string = Date> {
  readonly id: string;
  readonly account_id: string;
  readonly actor_id: string;
  readonly actor_ref: string;
  readonly action: string;
  readonly entity_type: string;
  readonly entity_id: string;
  readonly request_id: string | null;
  readonly ip: string | null;
  readonly user_agent: string | null;
  readonly changes: AuditEntry['changes'];
  readonly occurred_at: Time;
}

// Browsers and proxies can send arbitrarily long user agents; the audit log keeps a bounded prefix.
const USER_AGENT_MAX = 512;
// The identity provider's user id is a short token; a longer one is kept by its prefix.
const ACTOR_REF_MAX = 255;

export function toAuditLogRow(entry: AuditEntry): AuditLogRow<string> {
  const { origin } = entry;
  return {
    id: entry.id,
    account_id: entry.accountId,
    actor_id: entry.actorId,
    actor_ref: entry.actorRef.slice(0, ACTOR_REF_MAX),
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    request_id: origin.requestId,
    ip: origin.ip,
    user_agent: origin.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
    changes: entry.changes,
    occurred_at: entry.occurredAt.toISOString(),
  };
}
