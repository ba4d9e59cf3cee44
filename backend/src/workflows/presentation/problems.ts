import { z } from 'zod';
import type { DomainError } from '../../shared/errors.js';
import { etagOf } from '../../shared/http/preconditions.js';
import { problemRule, type ProblemCatalogue } from '../../shared/http/problem-table.js';
import type {
  InvalidStatusTransitionError,
  VersionMismatchError,
  WorkflowInvalidError,
  WorkflowNameTakenError,
} from '../domain/exceptions.js';
import { LIFECYCLE_ACTIONS } from '../domain/lifecycle.js';
import { WORKFLOW_STATUSES } from '../domain/value-objects.js';

const snakeCase = (segment: string) => segment.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/**
 * The domain names its fields in camelCase; the wire speaks snake_case. Only the field itself is
 * renamed: a nested key (an unknown trigger_config key) stays exactly as the client sent it.
 */
export function wirePath(field: string | undefined): string {
  const [head = 'body', ...rest] = (field ?? 'body').split('.');
  return [snakeCase(head), ...rest].join('.');
}

const fieldError = (issue: DomainError) => ({ path: wirePath(issue.field), code: issue.code, message: issue.message });

/** The workflows module's own problem codes, beside the shared ones (DESIGN §5.2). */
const KINDS = {
  CONFLICT: { status: 409, title: 'Conflict' },
  INVALID_STATUS_TRANSITION: { status: 409, title: 'Invalid status transition' },
  WORKFLOW_ARCHIVED: { status: 409, title: 'Workflow archived' },
  IDEMPOTENCY_KEY_IN_USE: { status: 409, title: 'Idempotency key in use', headers: ['Retry-After'] },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'Idempotency key reused' },
} as const;

/** The workflows module's errors as problems (DESIGN §5.2): one row per error code. */
const RULES = {
  WORKFLOW_INVALID: problemRule<WorkflowInvalidError, 'VALIDATION_ERROR'>('VALIDATION_ERROR', {
    detail: 'The workflow breaks one or more rules; see errors.',
    errors: (error) => error.issues.map(fieldError),
  }),
  WORKFLOW_NAME_TAKEN: problemRule<WorkflowNameTakenError, 'CONFLICT'>('CONFLICT', {
    errors: (error) => [fieldError(error)],
    extensions: (error) => ({ existing_workflow_id: error.existingWorkflowId }),
  }),
  WORKFLOW_NOT_FOUND: problemRule('NOT_FOUND', { detail: 'No workflow with this id exists in your account.' }),
  WORKFLOW_VERSION_NOT_FOUND: problemRule('NOT_FOUND', { detail: 'This workflow has no such version, or no workflow with this id exists in your account.' }),
  WORKFLOW_ARCHIVED: problemRule('WORKFLOW_ARCHIVED'),
  INVALID_STATUS_TRANSITION: problemRule<InvalidStatusTransitionError, 'INVALID_STATUS_TRANSITION'>('INVALID_STATUS_TRANSITION', {
    // `status` is the problem document's HTTP status (RFC 9457), so the workflow's goes beside it.
    extensions: (error) => ({ workflow_status: error.status, allowed_actions: error.allowedActions }),
  }),
  VERSION_MISMATCH: problemRule<VersionMismatchError, 'PRECONDITION_FAILED'>('PRECONDITION_FAILED', {
    extensions: (error) => ({ current_version: error.currentVersion }),
    headers: (error) => ({ etag: etagOf(error.currentVersion) }),
  }),
  IDEMPOTENCY_KEY_IN_USE: problemRule('IDEMPOTENCY_KEY_IN_USE', { headers: () => ({ 'retry-after': '1' }) }),
  IDEMPOTENCY_KEY_REUSED: problemRule('IDEMPOTENCY_KEY_REUSED'),
};

/** The members the module's problems add to the problem document. */
const MEMBERS = {
  existing_workflow_id: z.uuid().max(36).optional().meta({ description: 'On 409 CONFLICT: the workflow that holds the name' }),
  current_version: z.int32().min(1).optional().meta({ description: 'On 412: the current version (its ETag is in the response)', format: 'int32' }),
  workflow_status: z.enum(WORKFLOW_STATUSES).optional().meta({ description: 'On 409 INVALID_STATUS_TRANSITION: the workflow’s current status' }),
  allowed_actions: z.array(z.enum(LIFECYCLE_ACTIONS)).max(LIFECYCLE_ACTIONS.length).optional().meta({ description: 'On 409 INVALID_STATUS_TRANSITION: the lifecycle actions its status allows' }),
};

export const WORKFLOW_PROBLEMS = { kinds: KINDS, rules: RULES, members: MEMBERS } satisfies ProblemCatalogue<keyof typeof KINDS, keyof typeof RULES>;

/** A code the workflows module's use cases raise, which its problem table maps. */
export type WorkflowErrorCode = keyof typeof RULES;
