export { auditEntry, type AuditAction, type AuditEntry, type Change, type RequestOrigin } from './domain/audit-entry.js';
export { auditLogs } from './infrastructure/audit-logs-table.js';
