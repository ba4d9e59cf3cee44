/**
 * Base of every error the service raises on purpose. `code` is stable and machine-readable;
 * no HTTP status lives here: presentation maps codes to statuses in one table.
 */
export abstract class AppError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A rule of the domain was broken. `field` names the offending input, when there is one. */
export abstract class DomainError extends AppError {
  readonly field: string | undefined;

  constructor(message: string, field?: string) {
    super(message);
    this.field = field;
  }
}

/** No usable identity (401); `challenge` is the WWW-Authenticate value the answer carries (RFC 6750 §3). */
export abstract class UnauthenticatedError extends AppError {
  readonly code = 'UNAUTHORIZED';
  abstract readonly challenge: string;
}

/** A dependency (database, cache, key server) cannot answer now; the caller may retry later. */
export class DependencyUnavailableError extends AppError {
  readonly code = 'SERVICE_UNAVAILABLE';

  constructor(
    readonly dependency: string,
    options?: ErrorOptions,
  ) {
    super(`${dependency} is unavailable`, options);
  }
}

/** A caller went over a rate limit; `policy` names the limit, `retryAfterSeconds` when to try again. */
export class RateLimitedError extends AppError {
  readonly code = 'RATE_LIMITED';

  constructor(
    readonly policy: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`Too many requests for the "${policy}" limit; retry in ${retryAfterSeconds} s.`);
  }
}
