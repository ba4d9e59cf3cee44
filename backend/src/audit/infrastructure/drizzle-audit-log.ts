import type { Executor } from '../../shared/database.js';
import type { AuditLog } from '../application/audit-log.js';
import type { AuditEntry } from '../domain/audit-entry.js';
import { auditLogs } from './audit-logs-table.js';

// Browsers and proxies can send arbitrarily long user agents; the log keeps a bounded prefix.
const USER_AGENT_MAX = 512;

export class DrizzleAuditLog implements AuditLog {
  constructor(private readonly db: Executor) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.db.insert(auditLogs).values({
      id: entry.id,
      accountId: entry.accountId,
      actorId: entry.actorId,
      actorRef: entry.actorRef,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      requestId: entry.origin.requestId,
      ip: entry.origin.ip,
      userAgent: entry.origin.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
      changes: entry.changes,
      occurredAt: entry.occurredAt,
    });
  }
}
