import type { TokenVerifier } from '../../auth/index.js';
import type { RouteFactory } from '../../shared/http/module.js';
import type { CursorCodec } from '../../shared/http/paging.js';
import type { AuditLogReader } from '../application/audit-log-reader.js';

/** What every route of the audit module is built from. */
export interface AuditContext {
  readonly verifier: TokenVerifier;
  readonly auditLogs: AuditLogReader;
  /** Signs and checks the audit log's cursors. */
  readonly cursors: CursorCodec;
}

/** A route of the audit module; the module raises no errors of its own. */
export const auditRoute = (factory: RouteFactory<AuditContext, never>): RouteFactory<AuditContext, never> => factory;
