import { toAuditLogRow, type AuditEntry, type AuditLogRow } from '../../audit/index.js';
import type { IdempotencyRecord } from '../application/ports.js';
import type { Workflow } from '../domain/entities.js';
import { toRow, type KeyedWorkflowRow } from './workflow-rows.js';

/*
 * The one argument of each database function that writes workflows (src/workflows/sql/): the rows
 * to write under their column names, every value decided here. The functions read them with
 * jsonb_populate_record, so a member is matched by name, never by position.
 */

/** An idempotency_keys row. */
export interface IdempotencyKeyRow {
  readonly account_id: string;
  readonly user_id: string;
  readonly key: string;
  readonly fingerprint: string;
  readonly workflow_id: string;
  readonly created_at: string;
}

/** What workflow_insert(jsonb) reads: a new workflow, its audit entry and the request's Idempotency-Key. */
export interface WorkflowInsert {
  readonly workflow: KeyedWorkflowRow;
  readonly audit_log: AuditLogRow<string>;
  readonly idempotency_key?: IdempotencyKeyRow;
  /** Keys recorded before this moment are expired. */
  readonly idempotency_live_since?: string;
}

/** What workflow_save(jsonb) reads: the workflow as it is to be, the version it must still be at, its audit entry. */
export interface WorkflowSave {
  readonly workflow: KeyedWorkflowRow;
  readonly expected_version: number;
  readonly audit_log: AuditLogRow<string>;
}

export function workflowInsert(workflow: Workflow, audit: AuditEntry, idempotency: IdempotencyRecord | undefined): WorkflowInsert {
  const row = toRow(workflow);
  const auditLog = toAuditLogRow(audit);
  if (idempotency === undefined) return { workflow: row, audit_log: auditLog };
  // A literal, not a spread of the record without a key: the spread's object serialises slower.
  return {
    workflow: row,
    audit_log: auditLog,
    idempotency_key: { account_id: row.account_id, user_id: idempotency.userId, key: idempotency.key, fingerprint: idempotency.fingerprint, workflow_id: row.id, created_at: row.created_at },
    idempotency_live_since: idempotency.since.toISOString(),
  };
}

export function workflowSave(workflow: Workflow, expectedVersion: number, audit: AuditEntry): WorkflowSave {
  return { workflow: toRow(workflow), expected_version: expectedVersion, audit_log: toAuditLogRow(audit) };
}
