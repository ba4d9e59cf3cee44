import type { AuditEntry } from '../domain/audit-entry.js';

/** Append-only record of changes; written inside the transaction of the change it records. */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
}
