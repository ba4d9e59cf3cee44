import type { Workflow } from '../../domain/entities.js';
import { WorkflowNotFoundError } from '../../domain/exceptions.js';
import type { GetWorkflowQuery } from '../dtos.js';
import type { WorkflowRepository } from '../ports.js';

export type GetWorkflow = (query: GetWorkflowQuery) => Promise<Workflow>;

export function makeGetWorkflow({ workflows }: { readonly workflows: WorkflowRepository }): GetWorkflow {
  return async ({ actor, id }) => {
    // Another account's workflow is reported exactly like a missing one: its existence is not revealed.
    const workflow = await workflows.findById(actor.accountId, id);
    if (workflow === null) throw new WorkflowNotFoundError(id);
    return workflow;
  };
}
