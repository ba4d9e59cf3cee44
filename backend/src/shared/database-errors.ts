import { DependencyUnavailableError } from './errors.js';

export interface PostgresErrorFields {
  readonly code: string;
  readonly constraint?: string | undefined;
}

/** Finds the driver's error (SQLSTATE and constraint) on `error` or an error it wraps as its cause, if there is one. */
export function postgresErrorOf(error: unknown): PostgresErrorFields | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const fields = current as Error & { code?: unknown; constraint?: unknown };
    if (typeof fields.code === 'string' && /^[0-9A-Z]{5}$/.test(fields.code)) {
      return { code: fields.code, constraint: typeof fields.constraint === 'string' ? fields.constraint : undefined };
    }
    current = current.cause;
  }
  return undefined;
}

// SQLSTATE classes and codes that mean "the database cannot serve now", not "the request is wrong".
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0[1-4]|57014|55P03|40001|40P01|25P03)/;
const UNAVAILABLE_NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGE = /timeout exceeded when trying to connect|Connection terminated|Query read timeout|Client has encountered a connection error|connection is closed|Cannot use a pool after calling end/i;

function isUnavailable(error: Error): boolean {
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_NETWORK.has(code))) return true;
  return UNAVAILABLE_MESSAGE.test(error.message);
}

/** A driver failure that means "the database cannot serve now" (network, timeouts, restarts), as a 503-able error. */
export function databaseUnavailable(error: unknown): DependencyUnavailableError | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (isUnavailable(current)) return new DependencyUnavailableError('database', { cause: error });
    current = current.cause;
  }
  return undefined;
}

// The connection itself is gone or silent: a server-side error (a cancelled statement, a deadlock)
// leaves a connection that can still roll back; these do not.
const CONNECTION_LOST_SQLSTATE = /^(08|57P0[1-3])/;
const CONNECTION_LOST_MESSAGE = /Query read timeout|Connection terminated|connection error|not queryable/i;

/** True when the connection that raised `error` can no longer be trusted with another statement. */
export function connectionLost(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_LOST_SQLSTATE.test(code) || UNAVAILABLE_NETWORK.has(code))) return true;
  return CONNECTION_LOST_MESSAGE.test(error.message);
}
