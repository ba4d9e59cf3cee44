import type { Actor } from '../../auth/index.js';
import type { AuditLogReader, AuditPosition, AuditQuery, AuditRecord } from './audit-log-reader.js';

export interface ListAuditLogsQuery extends AuditQuery {
  readonly actor: Actor;
}

export interface AuditPage {
  readonly records: readonly AuditRecord[];
  readonly next: AuditPosition | null;
}

export type ListAuditLogs = (query: ListAuditLogsQuery) => Promise<AuditPage>;

/** One page of the account's audit log, newest first; entries of deleted workflows stay. */
export function makeListAuditLogs({ auditLogs }: { readonly auditLogs: AuditLogReader }): ListAuditLogs {
  return async ({ actor, filter, limit, after }) => {
    const rows = await auditLogs.list(actor.accountId, { filter, limit: limit + 1, after });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { records: page.map((row) => row.record), next: rows.length > limit && last !== undefined ? last.position : null };
  };
}
