import type { AuditEntry } from '../../audit/index.js';
import type { AccountId, UserId } from '../../shared/ids.js';
import type { Workflow } from '../domain/entities.js';
import type { ListPosition, ListSnapshot, WorkflowFilter, WorkflowSort, WorkflowVersion } from './dtos.js';

/** The key a create is recorded under, for replays until `since` expires it. */
export interface IdempotencyRecord {
  readonly userId: UserId;
  readonly key: string;
  readonly fingerprint: string;
  /** Keys recorded before this moment are expired: ignored, and replaced by a new use. */
  readonly since: Date;
}

export type CreateOutcome =
  | { readonly kind: 'created' }
  | { readonly kind: 'replayed'; readonly workflowId: string }
  | { readonly kind: 'key_in_use' }
  | { readonly kind: 'key_reused' };

export interface ListCriteria {
  readonly filter: WorkflowFilter;
  readonly sort: WorkflowSort;
  readonly limit: number;
  readonly after: ListPosition | undefined;
  /** The first page's snapshot, on later pages. */
  readonly since: ListSnapshot | undefined;
  /** Only the trash: rows deleted at or after this moment. */
  readonly deletedSince: Date;
}

/** A listed workflow and its position in the list. */
export interface ListedWorkflow {
  readonly workflow: Workflow;
  readonly key: string;
  /** The database snapshot the page was read in. */
  readonly snapshot: string;
}

export interface WorkflowRepository {
  /**
   * Writes a new workflow, its audit entry, its first version and its idempotency key, all or
   * nothing; a live workflow of the same name raises WorkflowNameTakenError naming it.
   */
  create(workflow: Workflow, audit: AuditEntry, idempotency?: IdempotencyRecord): Promise<CreateOutcome>;
  /** A live workflow of the account, or with `includeDeleted` one in the trash too. */
  findById(accountId: AccountId, id: string, options?: { readonly includeDeleted: boolean }): Promise<Workflow | null>;
  /** The workflow as it was at `version`. */
  findVersion(accountId: AccountId, id: string, version: number): Promise<Workflow | null>;
  list(accountId: AccountId, criteria: ListCriteria): Promise<ListedWorkflow[]>;
  /** Versions of a live workflow, newest first, older than `before` when given. */
  listVersions(accountId: AccountId, id: string, page: { readonly limit: number; readonly before?: number | undefined }): Promise<WorkflowVersion[]>;
  /** One version of a live workflow. */
  getVersion(accountId: AccountId, id: string, version: number): Promise<WorkflowVersion | null>;
  /**
   * Writes `workflow` over the row at `expectedVersion`, with its audit entry and version row, all or
   * nothing. False when the row is no longer at that version. A taken name raises WorkflowNameTakenError.
   */
  save(workflow: Workflow, expectedVersion: number, audit: AuditEntry): Promise<boolean>;
  /** What an Idempotency-Key already recorded says about a new request with it; null when it is unused or expired. */
  findIdempotentOutcome(accountId: AccountId, idempotency: IdempotencyRecord): Promise<CreateOutcome | null>;
  /** Deletes up to `batch` idempotency keys recorded before `before`; returns how many. */
  purgeIdempotencyKeys(before: Date, batch: number): Promise<number>;
}
