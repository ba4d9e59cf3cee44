export { AUDIT_ACTIONS, type AuditAction, type AuditEntry, type RequestOrigin } from './domain/audit-entry.js';
export { auditLogs } from './infrastructure/audit-logs-table.js';
