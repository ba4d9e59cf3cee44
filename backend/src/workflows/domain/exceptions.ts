import { DomainError } from '../../shared/errors.js';

/** Where a trigger-configuration problem lies: the whole object or one of its keys. */
export type TriggerConfigField = 'triggerConfig' | `triggerConfig.${string}`;

function describeCodePoint(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

export class WorkflowNameTooShortError extends DomainError {
  readonly code = 'WORKFLOW_NAME_TOO_SHORT';

  constructor(minLength: number) {
    super(`name must have at least ${minLength} character after trimming spaces`, 'name');
  }
}

export class WorkflowNameTooLongError extends DomainError {
  readonly code = 'WORKFLOW_NAME_TOO_LONG';

  constructor(maxLength: number, actualLength: number) {
    super(`name must have at most ${maxLength} characters; it has ${actualLength}`, 'name');
  }
}

/** Fillers, braille blanks and lone combining marks render as nothing, so such a name cannot be told apart. */
export class WorkflowNameBlankError extends DomainError {
  readonly code = 'WORKFLOW_NAME_BLANK';

  constructor() {
    super('name must contain at least one visible letter, digit, punctuation mark or symbol', 'name');
  }
}

export class WorkflowNameInvalidCharactersError extends DomainError {
  readonly code = 'WORKFLOW_NAME_INVALID_CHARACTERS';

  constructor(readonly codePoint: number) {
    super(
      `name contains ${describeCodePoint(codePoint)}, a control, invisible, unassigned or private-use character, ` +
        'which is not allowed',
      'name',
    );
  }
}

export class WorkflowDescriptionTooLongError extends DomainError {
  readonly code = 'WORKFLOW_DESCRIPTION_TOO_LONG';

  constructor(maxLength: number, actualLength: number) {
    super(`description must have at most ${maxLength} characters; it has ${actualLength}`, 'description');
  }
}

export class WorkflowDescriptionInvalidCharactersError extends DomainError {
  readonly code = 'WORKFLOW_DESCRIPTION_INVALID_CHARACTERS';

  constructor(readonly codePoint: number) {
    super(
      `description contains ${describeCodePoint(codePoint)}, a control character, bidirectional override or isolate, ` +
        'or broken surrogate, which is not allowed (newlines, tabs and right-to-left text are)',
      'description',
    );
  }
}

export class InvalidTriggerConfigError extends DomainError {
  readonly code = 'WORKFLOW_TRIGGER_CONFIG_INVALID';
  declare readonly field: TriggerConfigField;

  constructor(field: TriggerConfigField, message: string) {
    super(message, field);
  }
}

export class InvalidTriggerTypeError extends DomainError {
  readonly code = 'WORKFLOW_TRIGGER_TYPE_INVALID';

  constructor(
    readonly triggerType: string,
    allowed: readonly string[],
  ) {
    super(`trigger type "${triggerType}" is not one of ${allowed.join(', ')}`, 'triggerType');
  }
}

/** Every field problem of one input together, so a form can show them all at once. */
export class WorkflowInvalidError extends DomainError {
  readonly code = 'WORKFLOW_INVALID';

  constructor(readonly issues: readonly DomainError[]) {
    super(`workflow is invalid: ${issues.map((issue) => issue.message).join('; ')}`);
  }
}

export class WorkflowNameTakenError extends DomainError {
  readonly code = 'WORKFLOW_NAME_TAKEN';

  constructor(readonly existingWorkflowId: string) {
    super('another workflow of this account already has this name', 'name');
    // The 409 promises the holder's id: an error without one is a bug, not a conflict.
    if (existingWorkflowId === '') throw new Error('WorkflowNameTakenError needs the id of the workflow holding the name');
  }
}

export class WorkflowNotFoundError extends DomainError {
  readonly code = 'WORKFLOW_NOT_FOUND';

  constructor(readonly workflowId: string) {
    super(`workflow ${workflowId} was not found`);
  }
}

/**
 * Runs one parse and files the domain errors it throws under `issues` (nested issues flattened),
 * so that every field of an input is checked before anything is reported.
 */
export function captureIssues<T>(issues: DomainError[], parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (error instanceof WorkflowInvalidError) issues.push(...error.issues);
    else if (error instanceof DomainError) issues.push(error);
    else throw error;
    return undefined;
  }
}

/** An archived workflow is read-only until it is unarchived. */
export class WorkflowArchivedError extends DomainError {
  readonly code = 'WORKFLOW_ARCHIVED';

  constructor(readonly workflowId: string) {
    super('this workflow is archived; unarchive it before editing it');
  }
}

/** An active or paused workflow runs on its trigger, so it cannot lose it. */
export class WorkflowTriggerRequiredError extends DomainError {
  readonly code = 'WORKFLOW_TRIGGER_REQUIRED';

  constructor(status: string) {
    super(`an ${status} workflow needs a trigger; pause and archive it, or unarchive it to a draft, before removing it`, 'triggerType');
  }
}

export class InvalidStatusTransitionError extends DomainError {
  readonly code = 'INVALID_STATUS_TRANSITION';

  constructor(
    readonly status: string,
    readonly action: string,
    readonly allowedActions: readonly string[],
    reason?: string,
  ) {
    const allowed = allowedActions.length === 0 ? 'none' : allowedActions.join(', ');
    super(`cannot ${action} ${/^[aeiou]/.test(status) ? 'an' : 'a'} ${status} workflow${reason === undefined ? '' : ` ${reason}`}; allowed actions: ${allowed}`);
  }
}

/** The client edited a version that is no longer current (optimistic concurrency). */
export class VersionMismatchError extends DomainError {
  readonly code = 'VERSION_MISMATCH';

  constructor(readonly currentVersion: number) {
    super(`the workflow is at version ${currentVersion}, not the one this request names; read it again and reapply your change`);
  }
}

export class WorkflowVersionNotFoundError extends DomainError {
  readonly code = 'WORKFLOW_VERSION_NOT_FOUND';

  constructor(
    readonly workflowId: string,
    readonly version: number,
  ) {
    super(`workflow ${workflowId} has no version ${version}`);
  }
}
