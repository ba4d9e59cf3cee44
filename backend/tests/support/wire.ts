import type { z } from 'zod';
import type { TokenVerifier } from '../../src/auth/index.js';
import type { Workflow } from '../../src/workflows/domain/entities.js';
import type { workflowResponse } from '../../src/workflows/presentation/schemas.js';

/** A workflow as the API answers it, typed from the response schema: a wire-format change changes it here. */
export type WorkflowBody = z.infer<typeof workflowResponse>;

/** Use-case tests wire the module without HTTP: no token is ever verified. */
export const unusedVerifier: TokenVerifier = { verify: () => Promise.reject(new Error('use-case tests verify no token')) };

/** A workflow in the wire format (DESIGN §4, §5), written out here rather than taken from the code under test. */
export function wire(workflow: Workflow): Record<string, unknown> {
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

/** A workflow as the audit log and history keep it: the API's answer without what the API derives as it answers. */
export type RecordedWorkflow = Omit<WorkflowBody, 'allowed_actions'>;

/** `body`, a workflow as the API answered it, as the audit log records it: without `allowed_actions`. */
export function recorded(body: unknown): RecordedWorkflow {
  const kept: Partial<WorkflowBody> = { ...(body as WorkflowBody) };
  delete kept.allowed_actions;
  return kept as RecordedWorkflow;
}
