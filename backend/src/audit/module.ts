import type { Kernel } from '../kernel.js';
import { cursorCodec } from '../shared/http/paging.js';
import type { ApiModule } from '../shared/http/module.js';
import { makeListAuditLogs } from './application/list-audit-logs.js';
import { PostgresAuditLogReader } from './infrastructure/postgres-audit-log-reader.js';
import { auditModule, type AuditModuleDependencies } from './presentation/plugin.js';

/** The audit module's use case: the audit log read straight from its table. */
export function wireAudit({ database, verifier, cursors = cursorCodec() }: Pick<Kernel, 'database' | 'verifier' | 'cursors'>): AuditModuleDependencies {
  return { verifier, cursors, listAuditLogs: makeListAuditLogs({ auditLogs: new PostgresAuditLogReader(database) }) };
}

/** The audit module, built from the kernel. */
export function buildAuditModule(kernel: Kernel): ApiModule {
  return auditModule(wireAudit(kernel));
}
