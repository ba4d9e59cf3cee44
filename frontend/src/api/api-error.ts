/** One field the server refused, named by its wire path (`name`, `trigger_config.cron`). */
export interface FieldError {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/**
 * `problem`: the service answered with an error status; `network`: no answer arrived at all;
 * `unreachable`: a proxy in front of the service answered 502/503/504 with no problem document;
 * `account-changed`: the token now belongs to another organization than the cache entry asked for.
 */
export type ApiErrorKind = 'problem' | 'network' | 'unreachable' | 'account-changed';

/** Lifecycle actions a workflow's status allows (409 INVALID_STATUS_TRANSITION). */
export type LifecycleAction = 'activate' | 'pause' | 'archive' | 'unarchive';

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
  readonly currentVersion?: number | null;
  readonly etag?: string | null;
  readonly workflowStatus?: string | null;
  readonly allowedActions?: readonly LifecycleAction[];
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
  /** On 412 PRECONDITION_FAILED: the workflow's current version and its ETag (`"<version>"`). */
  readonly currentVersion: number | null;
  readonly etag: string | null;
  /** On 409 INVALID_STATUS_TRANSITION: the workflow's status and the actions it allows. */
  readonly workflowStatus: string | null;
  readonly allowedActions: readonly LifecycleAction[];

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
    this.currentVersion = init.currentVersion ?? null;
    this.etag = init.etag ?? null;
    this.workflowStatus = init.workflowStatus ?? null;
    this.allowedActions = init.allowedActions ?? [];
  }

  /**
   * The same request may succeed later unchanged: nothing arrived, the service (or the proxy in
   * front of it) said it is unavailable, or the same Idempotency-Key is still being processed.
   */
  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'unreachable' || this.status === 503 || this.code === 'IDEMPOTENCY_KEY_IN_USE';
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

const LIFECYCLE_ACTIONS: readonly string[] = ['activate', 'pause', 'archive', 'unarchive'];
const isLifecycleAction = (value: unknown): value is LifecycleAction => typeof value === 'string' && LIFECYCLE_ACTIONS.includes(value);

/** A proxy's own gateway answer (no problem document with a code) means the service is out of reach. */
const GATEWAY_STATUSES: readonly number[] = [502, 503, 504];

/**
 * Reads an error response. The body is not trusted to be a problem document: a proxy in front of
 * the service may answer with HTML or nothing, and the error must still be an ApiError.
 */
export function problemError(response: Response, body: unknown): ApiError {
  const problem: Json = isObject(body) ? body : {};
  const isProblem = typeof problem.code === 'string';
  if (!isProblem && GATEWAY_STATUSES.includes(response.status)) {
    return new ApiError({
      kind: 'unreachable',
      status: response.status,
      code: 'SERVICE_UNREACHABLE',
      title: response.statusText || 'Service unreachable',
      detail: 'The service could not be reached; try again in a moment.',
      requestId: response.headers.get('x-request-id'),
      retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
    });
  }
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
    currentVersion: typeof problem.current_version === 'number' ? problem.current_version : null,
    etag: response.headers.get('etag'),
    workflowStatus: stringOr(problem.workflow_status, null),
    allowedActions: Array.isArray(problem.allowed_actions) ? problem.allowed_actions.filter(isLifecycleAction) : [],
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

/** A cached query asked for one organization's data while the token now names another. */
export function accountChangedError(expected: string, actual: string): ApiError {
  return new ApiError({
    kind: 'account-changed',
    status: null,
    code: 'ACCOUNT_CHANGED',
    title: 'Organization changed',
    detail: `This data belongs to ${expected}, but the session is now in ${actual}; it was not loaded.`,
  });
}
