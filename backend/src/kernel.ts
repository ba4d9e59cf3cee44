import type { TokenVerifier } from './auth/index.js';
import type { RateLimiter } from './rate-limit/index.js';
import type { Clock } from './shared/clock.js';
import type { Database } from './shared/database.js';
import type { CursorCodec } from './shared/http/paging.js';
import type { IdGenerator } from './shared/ids.js';

/**
 * What every module is built from: the resources the service shares and the settings modules read.
 * A module builds its own repositories and use cases from it; the composition root makes it once.
 * Left out, the clock, ids and cursor key are the system's, and the settings their defaults.
 */
export interface Kernel {
  readonly database: Database;
  readonly verifier: TokenVerifier;
  /** Counts every write per user and per account; undefined when every limit is off. */
  readonly rateLimiter?: RateLimiter | undefined;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly cursors?: CursorCodec;
  readonly restoreWindowDays?: number;
  readonly idempotencyTtlHours?: number;
}
