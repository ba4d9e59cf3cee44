import type { DomainError } from '../../shared/errors.js';
import type { AccountId, UserId } from '../../shared/ids.js';
import { captureIssues, WorkflowInvalidError } from './exceptions.js';
import {
  parseTrigger,
  parseWorkflowDescription,
  parseWorkflowName,
  type Trigger,
  type WorkflowDescription,
  type WorkflowName,
  type WorkflowStatus,
} from './value-objects.js';

export interface Workflow {
  readonly id: string;
  readonly accountId: AccountId;
  readonly name: WorkflowName;
  readonly description: WorkflowDescription;
  readonly status: WorkflowStatus;
  readonly trigger: Trigger;
  readonly version: number;
  readonly createdBy: UserId;
  readonly updatedBy: UserId;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface NewWorkflow {
  readonly accountId: AccountId;
  readonly actorId: UserId;
  readonly name: string;
  readonly description?: string | undefined;
  readonly triggerType?: string | null | undefined;
  readonly triggerConfig?: Readonly<Record<string, unknown>> | undefined;
}

export interface CreationContext {
  readonly id: string;
  readonly now: Date;
}

/** A new draft at version 1; every invalid field of `input` is reported in one WorkflowInvalidError. */
export function createWorkflow(input: NewWorkflow, context: CreationContext): Workflow {
  const issues: DomainError[] = [];
  const name = captureIssues(issues, () => parseWorkflowName(input.name));
  const description = captureIssues(issues, () => parseWorkflowDescription(input.description ?? ''));
  const trigger = captureIssues(issues, () => parseTrigger(input.triggerType ?? null, input.triggerConfig ?? {}));
  if (name === undefined || description === undefined || trigger === undefined) {
    throw new WorkflowInvalidError(issues);
  }
  return {
    id: context.id,
    accountId: input.accountId,
    name,
    description,
    status: 'draft',
    trigger,
    version: 1,
    createdBy: input.actorId,
    updatedBy: input.actorId,
    createdAt: context.now,
    updatedAt: context.now,
  };
}
