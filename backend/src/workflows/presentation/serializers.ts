import type { Workflow } from '../domain/entities.js';
import type { WorkflowResponse } from './schemas.js';

export function toWorkflowResponse(workflow: Workflow): WorkflowResponse {
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
  };
}
