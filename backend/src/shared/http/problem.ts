/** The one code → status table of the API (DESIGN.md §5.2). */
export const PROBLEM_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  REQUEST_TIMEOUT: 408,
  CONFLICT: 409,
  INVALID_STATUS_TRANSITION: 409,
  WORKFLOW_ARCHIVED: 409,
  IDEMPOTENCY_KEY_IN_USE: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION_ERROR: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  PRECONDITION_REQUIRED: 428,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ProblemCode = keyof typeof PROBLEM_STATUS;

const TITLES: Record<ProblemCode, string> = {
  BAD_REQUEST: 'Bad request',
  UNAUTHORIZED: 'Unauthorized',
  FORBIDDEN: 'Forbidden',
  NOT_FOUND: 'Not found',
  REQUEST_TIMEOUT: 'Request timeout',
  CONFLICT: 'Conflict',
  INVALID_STATUS_TRANSITION: 'Invalid status transition',
  WORKFLOW_ARCHIVED: 'Workflow archived',
  IDEMPOTENCY_KEY_IN_USE: 'Idempotency key in use',
  PRECONDITION_FAILED: 'Precondition failed',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  URI_TOO_LONG: 'URI too long',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  VALIDATION_ERROR: 'Validation failed',
  IDEMPOTENCY_KEY_REUSED: 'Idempotency key reused',
  PRECONDITION_REQUIRED: 'Precondition required',
  RATE_LIMITED: 'Too many requests',
  HEADERS_TOO_LARGE: 'Request headers too large',
  INTERNAL_ERROR: 'Internal error',
  SERVICE_UNAVAILABLE: 'Service unavailable',
};

export interface FieldError {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** What an error means for the client, before it becomes a problem document. */
export interface ProblemInit {
  readonly code: ProblemCode;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
  readonly extensions?: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ProblemCode;
  readonly request_id: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A problem lists at most this many field errors; a body breaking more rules is reported in part. */
export const MAX_FIELD_ERRORS = 100;

export function problemType(code: ProblemCode): string {
  return `/problems/${code.toLowerCase().replaceAll('_', '-')}`;
}

// Field errors can echo client input (unknown keys, cron tokens); the document bounds every text.
const bounded = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function boundedErrors(errors: readonly FieldError[]): FieldError[] {
  return errors.slice(0, MAX_FIELD_ERRORS).map((error) => ({ path: bounded(error.path, 200), code: bounded(error.code, 64), message: bounded(error.message, 500) }));
}

export function problemDocument(init: ProblemInit, requestId: string): ProblemDocument {
  return {
    type: problemType(init.code),
    title: TITLES[init.code],
    status: PROBLEM_STATUS[init.code],
    detail: bounded(init.detail, 1000),
    code: init.code,
    request_id: requestId,
    ...(init.errors === undefined ? {} : { errors: boundedErrors(init.errors) }),
    ...init.extensions,
  };
}
