export { auditEntry, type AuditAction, type AuditEntry, type Change, type RequestOrigin } from './domain/audit-entry.js';
export { auditLogs } from './infrastructure/audit-logs-table.js';
export { PostgresAuditLogReader } from './infrastructure/postgres-audit-log-reader.js';
export type { AuditContext } from './presentation/context.js';
export { auditContext, auditModule, buildAuditModule } from './module.js';
