import type { Kernel } from '../kernel.js';
import { defineModule, loadRoutes, type ApiModule } from '../shared/http/module.js';
import { cursorCodec } from '../shared/http/paging.js';
import { PostgresAuditLogReader } from './infrastructure/postgres-audit-log-reader.js';
import type { AuditContext } from './presentation/context.js';

/** Every file here is one route of the module. */
const ROUTES = new URL('./presentation/routes/', import.meta.url);

/** The audit log read straight from its table, from the kernel. */
export function auditContext({ database, verifier, cursors = cursorCodec() }: Pick<Kernel, 'database' | 'verifier' | 'cursors'>): AuditContext {
  return { verifier, cursors, auditLogs: new PostgresAuditLogReader(database) };
}

/** The audit module's routes, each built from `context`. */
export async function auditModule(context: AuditContext): Promise<ApiModule> {
  return defineModule({ name: 'audit', description: 'The account’s audit log' }, { kinds: {}, rules: {} }, await loadRoutes(ROUTES, context));
}

/** The audit module, built from the kernel. */
export async function buildAuditModule(kernel: Kernel): Promise<ApiModule> {
  return auditModule(auditContext(kernel));
}
