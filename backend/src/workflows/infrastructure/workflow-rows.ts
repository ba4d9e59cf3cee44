import type { AccountId, UserId } from '../../shared/ids.js';
import type { WorkflowVersion } from '../application/dtos.js';
import type { Workflow } from '../domain/entities.js';
import { workflowNameKey, type Trigger, type WorkflowDescription, type WorkflowName, type WorkflowStatus } from '../domain/value-objects.js';

/** The unique partial index on (account_id, name_key) among live rows (migration 0002). */
export const WORKFLOW_NAME_INDEX = 'workflows_account_name_key_unique';

/**
 * A workflows row under its column names: as the driver returns it (timestamps as Date), or as the
 * write functions read it (timestamps as ISO 8601 text: JSON.stringify serialises a record holding
 * Dates on its slow path, at a few microseconds a create).
 */
export interface WorkflowRow<Time extends Date | string = Date> {
  readonly id: string;
  readonly account_id: string;
  readonly name: string;
  readonly description: string;
  readonly status: string;
  readonly trigger_type: string | null;
  readonly trigger_config: unknown;
  readonly version: number;
  readonly created_by: string | null;
  readonly updated_by: string | null;
  readonly created_at: Time;
  readonly updated_at: Time;
  readonly deleted_at: Time | null;
}

/** A row as the service writes it: with the key its name is compared by. */
export interface KeyedWorkflowRow extends WorkflowRow<string> {
  readonly name_key: string;
}

export function toRow(workflow: Workflow): KeyedWorkflowRow {
  return {
    id: workflow.id,
    account_id: workflow.accountId,
    name: workflow.name,
    name_key: workflowNameKey(workflow.name),
    description: workflow.description,
    status: workflow.status,
    trigger_type: workflow.trigger.type,
    trigger_config: workflow.trigger.config,
    version: workflow.version,
    created_by: workflow.createdBy,
    updated_by: workflow.updatedBy,
    created_at: workflow.createdAt.toISOString(),
    updated_at: workflow.updatedAt.toISOString(),
    deleted_at: workflow.deletedAt?.toISOString() ?? null,
  };
}

/** Rows were valid when written (the domain checked them); reading trusts the schema's constraints. */
export function toEntity(row: WorkflowRow): Workflow {
  return {
    id: row.id,
    accountId: row.account_id as AccountId,
    name: row.name as WorkflowName,
    description: row.description as WorkflowDescription,
    status: row.status as WorkflowStatus,
    trigger: { type: row.trigger_type, config: row.trigger_config } as Trigger,
    version: row.version,
    createdBy: row.created_by as UserId,
    updatedBy: row.updated_by as UserId,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

export const WORKFLOW_COLUMNS = 'id, account_id, name, description, status, trigger_type, trigger_config, version, created_by, updated_by, created_at, updated_at, deleted_at';

/** The columns of a version row under the names of a workflow row: a workflow as it was at that version. */
export const VERSION_AS_WORKFLOW = `v.workflow_id AS id, v.account_id, v.name, v.description, v.status, v.trigger_type, v.trigger_config, v.version,
  w.created_by, v.changed_by AS updated_by, w.created_at, v.changed_at AS updated_at, v.deleted_at`;

/** A version row as the driver returns it. */
export interface VersionRow {
  readonly workflow_id: string;
  readonly version: number;
  readonly action: string;
  readonly name: string;
  readonly description: string;
  readonly status: string;
  readonly trigger_type: string | null;
  readonly trigger_config: unknown;
  readonly changed_by: string | null;
  readonly changed_at: Date;
}

export function toVersion(row: VersionRow): WorkflowVersion {
  return {
    workflowId: row.workflow_id,
    version: row.version,
    action: row.action,
    name: row.name,
    description: row.description,
    status: row.status as WorkflowStatus,
    trigger: { type: row.trigger_type, config: row.trigger_config } as Trigger,
    changedBy: row.changed_by,
    changedAt: row.changed_at,
  };
}
