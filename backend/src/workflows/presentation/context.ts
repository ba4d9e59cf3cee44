import type { TokenVerifier } from '../../auth/index.js';
import type { RateLimiter } from '../../rate-limit/index.js';
import type { Clock } from '../../shared/clock.js';
import type { RouteFactory } from '../../shared/http/module.js';
import type { CursorCodec } from '../../shared/http/paging.js';
import type { IdGenerator } from '../../shared/ids.js';
import type { WorkflowRepository } from '../application/ports.js';
import type { WorkflowErrorCode } from './problems.js';

/** What every route of the workflows module is built from: each route makes its own use case of it. */
export interface WorkflowsContext {
  readonly verifier: TokenVerifier;
  /** Signs and checks the lists' cursors. */
  readonly cursors: CursorCodec;
  /** Counts every write per user and per account; undefined when every limit is off. */
  readonly writeRateLimiter: RateLimiter | undefined;
  readonly workflows: WorkflowRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** How long a deleted workflow stays restorable. */
  readonly restoreWindowMs: number;
  /** How long an Idempotency-Key is remembered. */
  readonly idempotencyTtlMs: number;
}

/** A route of the workflows module, whose documented errors are codes of the module's problem table. */
export const workflowRoute = (factory: RouteFactory<WorkflowsContext, WorkflowErrorCode>): RouteFactory<WorkflowsContext, WorkflowErrorCode> => factory;
