import { sql, type SQL } from 'drizzle-orm';
import type { AuditEntry } from '../domain/audit-entry.js';

// Browsers and proxies can send arbitrarily long user agents; the log keeps a bounded prefix.
const USER_AGENT_MAX = 512;

/**
 * `INSERT … SELECT` of one audit row per id that `entityIds` yields (a CTE of the change it
 * records), so the change and its audit row are one statement: both are written or neither.
 */
export function auditInsertFor(entry: AuditEntry, entityIds: SQL): SQL {
  return sql`INSERT INTO audit_logs (id, account_id, actor_id, actor_ref, action, entity_type, entity_id, request_id, ip, user_agent, changes, occurred_at)
    SELECT ${entry.id}::uuid, ${entry.accountId}::uuid, ${entry.actorId}::uuid, ${entry.actorRef}::text, ${entry.action}::text, ${entry.entityType}::text, id,
      ${entry.origin.requestId}::text, ${entry.origin.ip}::text, ${entry.origin.userAgent?.slice(0, USER_AGENT_MAX) ?? null}::text,
      ${JSON.stringify(entry.changes)}::jsonb, ${entry.occurredAt.toISOString()}::timestamptz
    FROM ${entityIds}`;
}
