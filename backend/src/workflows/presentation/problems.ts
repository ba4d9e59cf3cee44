import type { ProblemInit } from '../../shared/http/problem.js';
import type { DomainError } from '../../shared/errors.js';
import { WorkflowInvalidError, WorkflowNameTakenError, WorkflowNotFoundError } from '../domain/exceptions.js';

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

/** Workflow errors as problems; anything else is left to the shared handler. */
export function workflowProblem(error: unknown): ProblemInit | undefined {
  if (error instanceof WorkflowInvalidError) {
    return { code: 'VALIDATION_ERROR', detail: 'The workflow breaks one or more rules; see errors.', errors: error.issues.map(fieldError) };
  }
  if (error instanceof WorkflowNameTakenError) {
    return {
      code: 'CONFLICT',
      detail: error.message,
      errors: [fieldError(error)],
      extensions: { existing_workflow_id: error.existingWorkflowId },
    };
  }
  if (error instanceof WorkflowNotFoundError) return { code: 'NOT_FOUND', detail: 'No workflow with this id exists in your account.' };
  return undefined;
}
