import type { TokenVerifier } from '../../auth/index.js';
import { defineModule, type ApiModule } from '../../shared/http/module.js';
import type { CursorCodec } from '../../shared/http/paging.js';
import type { ListAuditLogs } from '../application/list-audit-logs.js';
import { listAuditLogsRoute } from './routes/list-audit-logs.js';

export interface AuditModuleDependencies {
  readonly verifier: TokenVerifier;
  readonly listAuditLogs: ListAuditLogs;
  /** Signs and checks the audit log's cursors. */
  readonly cursors: CursorCodec;
}

/** The audit module: reading the account's audit log. */
export function auditModule(deps: AuditModuleDependencies): ApiModule {
  return defineModule({}, [listAuditLogsRoute(deps)]);
}
