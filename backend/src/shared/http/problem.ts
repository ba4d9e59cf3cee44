import type { HeaderName } from './response-headers.js';

/** What a problem code means over HTTP: its status, its title and the headers every answer of it carries. */
export interface ProblemKind {
  readonly status: number;
  readonly title: string;
  readonly headers?: readonly HeaderName[];
}

/** Problem codes by their meaning; a module adds its own to these (DESIGN.md §5.2). */
export type ProblemKinds = Readonly<Record<string, ProblemKind>>;

/** The problems every module shares: malformed requests, identity, limits, failing dependencies. */
export const SHARED_PROBLEM_KINDS = {
  BAD_REQUEST: { status: 400, title: 'Bad request' },
  UNAUTHORIZED: { status: 401, title: 'Unauthorized', headers: ['WWW-Authenticate'] },
  FORBIDDEN: { status: 403, title: 'Forbidden' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  REQUEST_TIMEOUT: { status: 408, title: 'Request timeout' },
  PRECONDITION_FAILED: { status: 412, title: 'Precondition failed', headers: ['ETag'] },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  URI_TOO_LONG: { status: 414, title: 'URI too long' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  VALIDATION_ERROR: { status: 422, title: 'Validation failed' },
  PRECONDITION_REQUIRED: { status: 428, title: 'Precondition required' },
  RATE_LIMITED: { status: 429, title: 'Too many requests', headers: ['Retry-After'] },
  HEADERS_TOO_LARGE: { status: 431, title: 'Request headers too large' },
  INTERNAL_ERROR: { status: 500, title: 'Internal error' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'Service unavailable', headers: ['Retry-After'] },
} as const satisfies ProblemKinds;

/** A problem code every module shares. */
export type ProblemCode = keyof typeof SHARED_PROBLEM_KINDS;

export interface FieldError {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** What an error means for the client, before it becomes a problem document; `code` is shared or its module's. */
export interface ProblemInit<C extends string = string> {
  readonly code: C;
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
  readonly code: string;
  readonly request_id: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A problem lists at most this many field errors; a body breaking more rules is reported in part. */
export const MAX_FIELD_ERRORS = 100;

export function problemType(code: string): string {
  return `/problems/${code.toLowerCase().replaceAll('_', '-')}`;
}

// Field errors can echo client input (unknown keys, cron tokens); the document bounds every text.
const bounded = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function boundedErrors(errors: readonly FieldError[]): FieldError[] {
  return errors.slice(0, MAX_FIELD_ERRORS).map((error) => ({ path: bounded(error.path, 200), code: bounded(error.code, 64), message: bounded(error.message, 500) }));
}

/** The meaning of `code` among `kinds`; a code no table defines is a fault of the service. */
export function kindOf(code: string, kinds: ProblemKinds): ProblemKind {
  const kind = Object.hasOwn(kinds, code) ? kinds[code] : undefined;
  if (kind === undefined) throw new Error(`no problem table defines ${code}`);
  return kind;
}

export function problemDocument(init: ProblemInit, requestId: string, kinds: ProblemKinds = SHARED_PROBLEM_KINDS): ProblemDocument {
  const { status, title } = kindOf(init.code, kinds);
  return {
    type: problemType(init.code),
    title,
    status,
    detail: bounded(init.detail, 1000),
    code: init.code,
    request_id: requestId,
    ...(init.errors === undefined ? {} : { errors: boundedErrors(init.errors) }),
    ...init.extensions,
  };
}
