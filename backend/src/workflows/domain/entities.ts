import type { DomainError } from '../../shared/errors.js';
import type { AccountId, UserId } from '../../shared/ids.js';
import { canonicalJson } from './merge-patch.js';
import { captureIssues, WorkflowArchivedError, WorkflowInvalidError, WorkflowTriggerRequiredError } from './exceptions.js';
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
  /** When it went to the trash; null while it is live. */
  readonly deletedAt: Date | null;
}

/** The members a client defines (as sent, unchecked); everything else the service keeps. */
export interface WorkflowDefinition {
  readonly name: string;
  readonly description?: string | undefined;
  readonly triggerType?: string | null | undefined;
  readonly triggerConfig?: Readonly<Record<string, unknown>> | undefined;
}

export interface NewWorkflow extends WorkflowDefinition {
  readonly accountId: AccountId;
  readonly actorId: UserId;
}

export interface CreationContext {
  readonly id: string;
  readonly now: Date;
}

/** Who changes a workflow, and when. */
export interface ChangeContext {
  readonly actorId: UserId;
  readonly now: Date;
}

interface ParsedDefinition {
  readonly name: WorkflowName;
  readonly description: WorkflowDescription;
  readonly trigger: Trigger;
}

/** Every invalid member of `input` is reported in one WorkflowInvalidError. */
function parseDefinition(input: WorkflowDefinition, status: WorkflowStatus): ParsedDefinition {
  const issues: DomainError[] = [];
  const name = captureIssues(issues, () => parseWorkflowName(input.name));
  const description = captureIssues(issues, () => parseWorkflowDescription(input.description ?? ''));
  const trigger = captureIssues(issues, () => parseTrigger(input.triggerType ?? null, input.triggerConfig ?? {}));
  if (trigger?.type === null && (status === 'active' || status === 'paused')) issues.push(new WorkflowTriggerRequiredError(status));
  if (name === undefined || description === undefined || trigger === undefined || issues.length > 0) {
    throw new WorkflowInvalidError(issues);
  }
  return { name, description, trigger };
}

/** A new draft at version 1. */
export function createWorkflow(input: NewWorkflow, context: CreationContext): Workflow {
  const definition = parseDefinition(input, 'draft');
  return {
    id: context.id,
    accountId: input.accountId,
    ...definition,
    status: 'draft',
    version: 1,
    createdBy: input.actorId,
    updatedBy: input.actorId,
    createdAt: context.now,
    updatedAt: context.now,
    deletedAt: null,
  };
}

/** The next version of `workflow`, changed by `changes` and stamped with who and when. */
export function nextVersion(workflow: Workflow, changes: Partial<Workflow>, context: ChangeContext): Workflow {
  return { ...workflow, ...changes, version: workflow.version + 1, updatedBy: context.actorId, updatedAt: context.now };
}

function sameDefinition(workflow: Workflow, definition: ParsedDefinition): boolean {
  return (
    workflow.name === definition.name &&
    workflow.description === definition.description &&
    canonicalJson(workflow.trigger) === canonicalJson(definition.trigger)
  );
}

/**
 * `workflow` with a new definition: the same object when nothing changes (a no-op writes nothing),
 * else its next version. An archived workflow refuses every edit.
 */
export function reviseWorkflow(workflow: Workflow, definition: WorkflowDefinition, context: ChangeContext): Workflow {
  if (workflow.status === 'archived') throw new WorkflowArchivedError(workflow.id);
  const parsed = parseDefinition(definition, workflow.status);
  return sameDefinition(workflow, parsed) ? workflow : nextVersion(workflow, parsed, context);
}
