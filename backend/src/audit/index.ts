export { makeListAuditLogs } from './application/list-audit-logs.js';
export { auditEntry, type AuditAction, type AuditEntry, type RequestOrigin } from './domain/audit-entry.js';
export { toAuditLogRow, type AuditLogRow } from './infrastructure/audit-log-row.js';
export { PostgresAuditLogReader } from './infrastructure/postgres-audit-log-reader.js';
export { auditModule } from './presentation/plugin.js';
export { buildAuditModule, wireAudit } from './module.js';
