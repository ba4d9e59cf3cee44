import type { Database } from '../../shared/database.js';
import type { AccountId } from '../../shared/ids.js';
import type { AuditLogReader, AuditQuery, ListedAuditRecord } from '../application/audit-log-reader.js';
import type { AuditLogRow } from './audit-log-row.js';
import { wireChanges } from './earlier-changes.js';

/** A row as the list reads it: every column but the account's, and the entry's position for the next page. */
type ListedRow = Omit<AuditLogRow, 'account_id'> & { readonly position: string };

const COLUMNS = `id, action, entity_type, entity_id, actor_id, actor_ref, request_id, ip, user_agent, changes, occurred_at,
  to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position`;

/** Conditions and their values, numbered in the order they are added after the account ($1). */
function conditions(accountId: AccountId, query: AuditQuery): { where: string[]; values: unknown[] } {
  const values: unknown[] = [accountId];
  const add = (value: unknown) => `$${values.push(value)}`;
  const where = ['account_id = $1'];
  const { filter } = query;
  if (filter.entityId !== undefined) where.push(`entity_id = ${add(filter.entityId)}`);
  if (filter.actions !== undefined) where.push(`action = ANY(${add(filter.actions)}::text[])`);
  if (filter.actorId !== undefined) where.push(`actor_id = ${add(filter.actorId)}`);
  if (filter.occurredAfter !== undefined) where.push(`occurred_at > ${add(filter.occurredAfter)}::timestamptz`);
  if (filter.occurredBefore !== undefined) where.push(`occurred_at < ${add(filter.occurredBefore)}::timestamptz`);
  if (query.after !== undefined) where.push(`(occurred_at, id) < (${add(query.after.occurredAt)}::timestamptz, ${add(query.after.id)}::uuid)`);
  return { where, values: [...values, query.limit] };
}

/** The audit log as the API reads it: straight SQL, newest first, on the account's indexes. */
export class PostgresAuditLogReader implements AuditLogReader {
  constructor(private readonly database: Pick<Database, 'query'>) {}

  async list(accountId: AccountId, query: AuditQuery): Promise<ListedAuditRecord[]> {
    const { where, values } = conditions(accountId, query);
    const rows = await this.database.query<ListedRow>(
      `SELECT ${COLUMNS} FROM audit_logs WHERE ${where.join(' AND ')} ORDER BY occurred_at DESC, id DESC LIMIT $${values.length}`,
      values,
    );
    return rows.map((row) => ({
      record: {
        id: row.id,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        actorId: row.actor_id,
        actorRef: row.actor_ref,
        requestId: row.request_id,
        ip: row.ip,
        userAgent: row.user_agent,
        changes: wireChanges(row.entity_type, row.changes),
        occurredAt: row.occurred_at,
      },
      position: { occurredAt: row.position, id: row.id },
    }));
  }
}
