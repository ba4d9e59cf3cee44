import { isApiError, type ApiError, type LifecycleAction } from './api-error.js';

/** Messages keyed by wire field path: `name`, `trigger_config.cron`, `trigger_config.timezone`, … */
export type FieldMessages = Readonly<Record<string, string>>;

/**
 * What a form shows for a failed request: inline messages by field, or one banner message.
 * `conflict` is a taken name (409 CONFLICT); `edit-conflict` is a stale edit (412): the workflow
 * changed since it was read, so the UI offers to reload it or to overwrite (`If-Match: *`).
 */
export type FormError =
  | { readonly kind: 'conflict'; readonly message: string; readonly fields: FieldMessages; readonly existingWorkflowId: string | null }
  | { readonly kind: 'edit-conflict'; readonly message: string; readonly currentVersion: number | null; readonly etag: string | null }
  | { readonly kind: 'precondition-required'; readonly message: string }
  | { readonly kind: 'invalid-transition'; readonly message: string; readonly status: string | null; readonly allowedActions: readonly LifecycleAction[] }
  | { readonly kind: 'archived'; readonly message: string }
  | { readonly kind: 'in-progress'; readonly message: string; readonly retryable: true; readonly retryAfterSeconds: number | null }
  | { readonly kind: 'validation'; readonly message: string; readonly fields: FieldMessages }
  | { readonly kind: 'rate-limited'; readonly message: string; readonly retryAfterSeconds: number | null }
  | { readonly kind: 'auth'; readonly message: string; readonly status: 401 | 403 }
  | { readonly kind: 'network'; readonly message: string; readonly retryable: true }
  | { readonly kind: 'unreachable'; readonly message: string; readonly retryable: true; readonly retryAfterSeconds: number | null }
  | { readonly kind: 'unavailable'; readonly message: string; readonly retryable: true; readonly retryAfterSeconds: number | null }
  | { readonly kind: 'other'; readonly message: string; readonly requestId: string | null };

/** Several rules can fail on one field; the form shows them together under it. */
function byPath(error: ApiError): FieldMessages {
  const fields: Record<string, string> = {};
  for (const { path, message } of error.fieldErrors) {
    fields[path] = fields[path] === undefined ? message : `${fields[path]} ${message}`;
  }
  return fields;
}

function retryMessage(seconds: number | null): string {
  if (seconds === null) return 'Too many requests; try again shortly.';
  return `Too many requests; try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
}

const asSentence = (text: string): string => (/[.!?]$/.test(text) ? text : `${text}.`);

/** 401 says what is wrong with the token (missing, malformed, expired, …) in the server's words. */
function authError(error: ApiError, status: 401 | 403): FormError {
  const message = status === 401 ? `${asSentence(error.detail)} Use another token.` : 'Your token does not allow this action in this organization.';
  return { kind: 'auth', message, status };
}

/** The 409s are told apart by their code, never by their status alone. */
function conflictFormError(error: ApiError): FormError {
  switch (error.code) {
    case 'INVALID_STATUS_TRANSITION': {
      const allowed = error.allowedActions.length === 0 ? 'none' : error.allowedActions.join(', ');
      return {
        kind: 'invalid-transition',
        message: `Not allowed while the workflow is ${error.workflowStatus ?? 'in its current status'}; allowed actions: ${allowed}.`,
        status: error.workflowStatus,
        allowedActions: error.allowedActions,
      };
    }
    case 'WORKFLOW_ARCHIVED':
      return { kind: 'archived', message: 'This workflow is archived; unarchive it before editing it.' };
    case 'IDEMPOTENCY_KEY_IN_USE':
      return { kind: 'in-progress', message: 'The same request is still being processed; try again in a moment.', retryable: true, retryAfterSeconds: error.retryAfterSeconds };
    default:
      // CONFLICT: the server names the field too, but a conflict is always about the name; keep it there.
      return { kind: 'conflict', message: error.detail, fields: { name: byPath(error).name ?? error.detail }, existingWorkflowId: error.existingWorkflowId };
  }
}

function problemFormError(error: ApiError): FormError {
  switch (error.status) {
    case 401:
    case 403:
      return authError(error, error.status);
    case 409:
      return conflictFormError(error);
    case 412:
      return {
        kind: 'edit-conflict',
        message: 'This workflow was changed since you opened it; reload it, or overwrite the changes.',
        currentVersion: error.currentVersion,
        etag: error.etag,
      };
    case 428:
      return { kind: 'precondition-required', message: 'Open the workflow before editing it: the edit must name the version it was read at.' };
    case 422:
      return { kind: 'validation', message: error.detail, fields: byPath(error) };
    case 429:
      return { kind: 'rate-limited', message: retryMessage(error.retryAfterSeconds), retryAfterSeconds: error.retryAfterSeconds };
    case 503:
      return { kind: 'unavailable', message: 'The service is unavailable for a moment; try again.', retryable: true, retryAfterSeconds: error.retryAfterSeconds };
    default:
      return { kind: 'other', message: error.detail, requestId: error.requestId };
  }
}

/** Turns any error from the workflows client into what a form can show; null when there is none. */
export function toFormError(error: unknown): FormError | null {
  if (error === null || error === undefined) return null;
  if (!isApiError(error)) return { kind: 'other', message: error instanceof Error ? error.message : 'Unexpected error.', requestId: null };
  switch (error.kind) {
    case 'network':
      return { kind: 'network', message: error.detail, retryable: true };
    case 'unreachable':
      return { kind: 'unreachable', message: error.detail, retryable: true, retryAfterSeconds: error.retryAfterSeconds };
    case 'account-changed':
      return { kind: 'other', message: error.detail, requestId: null };
    default:
      return problemFormError(error);
  }
}
