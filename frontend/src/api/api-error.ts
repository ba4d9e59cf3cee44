/** One field the server refused, named by its wire path (`name`, `trigger_config.cron`). */
export interface FieldError {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** `problem`: the server answered with an error status; `network`: no answer arrived at all. */
export type ApiErrorKind = 'problem' | 'network';

export interface ApiErrorInit {
  readonly kind: ApiErrorKind;
  readonly status: number | null;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly requestId?: string | null;
  readonly fieldErrors?: readonly FieldError[];
  readonly retryAfterSeconds?: number | null;
  readonly existingWorkflowId?: string | null;
  readonly cause?: unknown;
}

/** Every failure of the workflows client, whatever went wrong, so callers handle one type. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly kind: ApiErrorKind;
  /** HTTP status; null when no response arrived. */
  readonly status: number | null;
  /** The problem's stable `code` (`CONFLICT`, `VALIDATION_ERROR`, …), or `NETWORK_ERROR`. */
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  /** Quote it when reporting a problem: the server logs under the same id. */
  readonly requestId: string | null;
  readonly fieldErrors: readonly FieldError[];
  readonly retryAfterSeconds: number | null;
  readonly existingWorkflowId: string | null;

  constructor(init: ApiErrorInit) {
    super(init.detail, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.requestId = init.requestId ?? null;
    this.fieldErrors = init.fieldErrors ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.existingWorkflowId = init.existingWorkflowId ?? null;
  }

  /** The same request may succeed later unchanged: nothing arrived, or the service said it is unavailable. */
  get retryable(): boolean {
    return this.kind === 'network' || this.status === 503;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

type Json = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringOr = <T>(value: unknown, fallback: T): string | T => (typeof value === 'string' ? value : fallback);

function isFieldError(value: unknown): value is FieldError {
  return isObject(value) && typeof value.path === 'string' && typeof value.code === 'string' && typeof value.message === 'string';
}

function fieldErrorsOf(body: Json): FieldError[] {
  return Array.isArray(body.errors) ? body.errors.filter(isFieldError) : [];
}

/**
 * Reads an error response. The body is not trusted to be a problem document: a proxy in front of
 * the service may answer with HTML or nothing, and the error must still be an ApiError.
 */
export function problemError(response: Response, body: unknown): ApiError {
  const problem: Json = isObject(body) ? body : {};
  return new ApiError({
    kind: 'problem',
    status: response.status,
    code: stringOr(problem.code, `HTTP_${response.status}`),
    title: stringOr(problem.title, response.statusText || `HTTP ${response.status}`),
    detail: stringOr(problem.detail, `The service answered ${response.status}.`),
    requestId: stringOr(problem.request_id, response.headers.get('x-request-id')),
    fieldErrors: fieldErrorsOf(problem),
    retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
    existingWorkflowId: stringOr(problem.existing_workflow_id, null),
  });
}

export function networkError(cause: unknown): ApiError {
  return new ApiError({
    kind: 'network',
    status: null,
    code: 'NETWORK_ERROR',
    title: 'Network error',
    detail: 'The service could not be reached; check the connection and try again.',
    cause,
  });
}
