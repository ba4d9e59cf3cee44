export { auditEntry, type AuditAction, type AuditEntry, type RequestOrigin } from './domain/audit-entry.js';
export { toAuditLogRow, type AuditLogRow } from './infrastructure/audit-log-row.js';
export { PostgresAuditLogReader } from './infrastructure/postgres-audit-log-reader.js';
export type { AuditContext } from './presentation/context.js';
export { auditContext, auditModule, buildAuditModule } from './module.js';
