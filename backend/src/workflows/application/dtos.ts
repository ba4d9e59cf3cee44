import type { RequestOrigin } from '../../audit/index.js';
import type { Actor } from '../../auth/index.js';
import type { WorkflowPatch } from '../domain/editing.js';
import type { Workflow, WorkflowDefinition } from '../domain/entities.js';
import type { LifecycleAction } from '../domain/lifecycle.js';
import type { TriggerType, WorkflowStatus } from '../domain/value-objects.js';

export type { Actor };

/** Which versions a request accepts (its If-Match): any live version, or one of a list. */
export type VersionCondition = 'any' | readonly number[];

/** Who asks, and from where: every command carries it. */
export interface Caller {
  readonly actor: Actor;
  readonly origin: RequestOrigin;
}

/** The request's Idempotency-Key and a fingerprint of its body (equal for equal JSON). */
export interface IdempotencyKey {
  readonly key: string;
  readonly fingerprint: string;
}

export interface CreateWorkflowCommand extends Caller, WorkflowDefinition {
  readonly idempotency?: IdempotencyKey | undefined;
}

export interface WorkflowCommand extends Caller {
  readonly id: string;
  /** Absent: the change applies to whatever version is current. */
  readonly condition?: VersionCondition | undefined;
}

export type EditWorkflowCommand = WorkflowCommand & ({ readonly kind: 'patch'; readonly patch: WorkflowPatch } | { readonly kind: 'replace'; readonly definition: WorkflowDefinition });

export interface ChangeStatusCommand extends WorkflowCommand {
  readonly action: LifecycleAction;
}

export interface GetWorkflowQuery {
  readonly actor: Actor;
  readonly id: string;
}

export const WORKFLOW_SORTS = ['-created_at', 'created_at', '-updated_at', 'updated_at', 'name', '-name'] as const;
export type WorkflowSort = (typeof WORKFLOW_SORTS)[number];

export interface WorkflowFilter {
  /** The trash (deleted workflows still restorable) instead of the live workflows. */
  readonly deleted: boolean;
  readonly statuses?: readonly WorkflowStatus[] | undefined;
  readonly triggerTypes?: readonly (TriggerType | 'none')[] | undefined;
  /** A case-insensitive substring of the name. */
  readonly q?: string | undefined;
}

/**
 * The database snapshot and time of a list's first page: rows changed since keep the position they
 * had then, so paging never shows a row twice or skips one.
 */
export interface ListSnapshot {
  readonly snapshot: string;
  readonly asOf: string;
}

/** Where a page ends: the sort key and id of its last row, and the first page's snapshot. */
export interface ListPosition extends ListSnapshot {
  readonly key: string;
  readonly id: string;
}

export interface ListWorkflowsQuery {
  readonly actor: Actor;
  readonly filter: WorkflowFilter;
  readonly sort: WorkflowSort;
  readonly limit: number;
  readonly after?: ListPosition | undefined;
}

export interface WorkflowPage {
  readonly workflows: readonly Workflow[];
  /** Where the next page starts; null on the last page. */
  readonly next: ListPosition | null;
}

/** One version of a workflow as it was kept: its definition and status then, and the change that made it. */
export interface WorkflowVersion {
  readonly workflowId: string;
  readonly version: number;
  readonly action: string;
  readonly name: string;
  readonly description: string;
  readonly status: Workflow['status'];
  readonly trigger: Workflow['trigger'];
  readonly changedBy: string | null;
  readonly changedAt: Date;
}

export interface ListVersionsQuery {
  readonly actor: Actor;
  readonly id: string;
  readonly limit: number;
  /** Versions older than this one (the last of the previous page). */
  readonly before?: number | undefined;
}

export interface VersionPage {
  readonly versions: readonly WorkflowVersion[];
  readonly next: number | null;
}

export interface GetVersionQuery {
  readonly actor: Actor;
  readonly id: string;
  readonly version: number;
}

export interface RestoreVersionCommand extends WorkflowCommand {
  readonly version: number;
}

export interface DuplicateWorkflowCommand extends Caller {
  readonly id: string;
  /** The copy's name; without one it is named "<name> (copy)", "(copy 2)", … whichever is free. */
  readonly name?: string | undefined;
  readonly idempotency?: IdempotencyKey | undefined;
}
