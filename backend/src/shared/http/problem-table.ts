import type { z } from 'zod';
import { AppError, DependencyUnavailableError, RateLimitedError, type UnauthenticatedError } from '../errors.js';
import type { BadRequestError } from './http-errors.js';
import type { FieldError, ProblemCode, ProblemInit, ProblemKind } from './problem.js';

/** How one error code becomes a problem: its problem code (hence status) and what else it carries. */
export interface ProblemRule<P extends string = string> {
  readonly problem: P;
  /** A fixed text; the error's own message otherwise. */
  readonly detail?: string;
  readonly errors?: (error: AppError) => readonly FieldError[];
  readonly extensions?: (error: AppError) => Readonly<Record<string, unknown>>;
  readonly headers?: (error: AppError) => Readonly<Record<string, string>>;
}

/** Error code → problem. */
export type ProblemTable = Readonly<Record<string, ProblemRule>>;

/**
 * A module's errors, in one place: the problem codes of its own (status, title, headers), how each
 * error its use cases raise becomes a problem, and the members its problems add to the document
 * (for OpenAPI). A rule names a shared problem code or one of the module's.
 */
export interface ProblemCatalogue<K extends string = string, E extends string = string> {
  readonly kinds: Readonly<Record<K, ProblemKind>>;
  readonly rules: Readonly<Record<E, ProblemRule<ProblemCode | K>>>;
  readonly members?: Readonly<Record<string, z.ZodType>>;
}

interface TypedRule<E extends AppError> {
  readonly detail?: string;
  readonly errors?: (error: E) => readonly FieldError[];
  readonly extensions?: (error: E) => Readonly<Record<string, unknown>>;
  readonly headers?: (error: E) => Readonly<Record<string, string>>;
}

/**
 * A rule whose functions read the fields of the error class registered under the same code; the
 * table is keyed by that class's `code`, so the error handed to them is always of that class.
 */
export function problemRule<E extends AppError, P extends string = string>(problem: P, parts: TypedRule<E> = {}): ProblemRule<P> {
  return { problem, ...(parts as TypedRule<AppError>) };
}

const RETRY_AFTER_SECONDS = '5';

/** The errors every module can raise: authentication, limits, dependencies, malformed requests. */
export const SHARED_PROBLEMS: ProblemTable = {
  BAD_REQUEST: problemRule<BadRequestError>('BAD_REQUEST', {
    errors: (error) => (error.parameter === undefined ? [] : [{ path: error.parameter, code: error.fieldCode, message: error.message }]),
  }),
  UNAUTHORIZED: problemRule<UnauthenticatedError>('UNAUTHORIZED', { headers: (error) => ({ 'www-authenticate': error.challenge }) }),
  FORBIDDEN: problemRule('FORBIDDEN'),
  UNSUPPORTED_MEDIA_TYPE: problemRule('UNSUPPORTED_MEDIA_TYPE'),
  PRECONDITION_REQUIRED: problemRule('PRECONDITION_REQUIRED'),
  RATE_LIMITED: problemRule<RateLimitedError>('RATE_LIMITED', {
    headers: (error) => ({ 'retry-after': String(error.retryAfterSeconds) }),
    extensions: (error) => ({ policy: error.policy }),
  }),
  SERVICE_UNAVAILABLE: problemRule<DependencyUnavailableError>('SERVICE_UNAVAILABLE', { headers: () => ({ 'retry-after': RETRY_AFTER_SECONDS }) }),
};

function errorsOf(rule: ProblemRule, error: AppError): { errors?: readonly FieldError[] } {
  const errors = rule.errors?.(error) ?? [];
  return errors.length === 0 ? {} : { errors };
}

/** The problem `table` gives `error`, or undefined when the error is not one of its codes. */
export function problemFromTable(table: ProblemTable, error: unknown): ProblemInit | undefined {
  if (!(error instanceof AppError) || !Object.hasOwn(table, error.code)) return undefined;
  const rule = table[error.code];
  if (rule === undefined) return undefined;
  const detail = rule.detail ?? (error instanceof DependencyUnavailableError ? `${error.message}; retry later.` : error.message);
  return {
    code: rule.problem,
    detail,
    ...errorsOf(rule, error),
    ...(rule.extensions === undefined ? {} : { extensions: rule.extensions(error) }),
    ...(rule.headers === undefined ? {} : { headers: rule.headers(error) }),
  };
}
