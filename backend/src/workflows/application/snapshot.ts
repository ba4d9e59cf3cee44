import type { Workflow } from '../domain/entities.js';

/** A workflow in the wire format (DESIGN §4, §5): what the API returns and what audit entries keep. */
export interface WorkflowSnapshot {
  readonly id: string;
  readonly account_id: string;
  readonly name: string;
  readonly description: string;
  readonly status: Workflow['status'];
  readonly trigger_type: Workflow['trigger']['type'];
  readonly trigger_config: Readonly<Record<string, unknown>>;
  readonly version: number;
  readonly created_by: string | null;
  readonly updated_by: string | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly deleted_at: string | null;
}

export function workflowSnapshot(workflow: Workflow): WorkflowSnapshot {
  return {
    id: workflow.id,
    account_id: workflow.accountId,
    name: workflow.name,
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
