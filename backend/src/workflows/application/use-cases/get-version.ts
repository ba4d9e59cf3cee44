import { WorkflowVersionNotFoundError } from '../../domain/exceptions.js';
import type { GetVersionQuery, WorkflowVersion } from '../dtos.js';
import type { WorkflowRepository } from '../ports.js';

export type GetVersion = (query: GetVersionQuery) => Promise<WorkflowVersion>;

export function makeGetVersion({ workflows }: { readonly workflows: WorkflowRepository }): GetVersion {
  return async ({ actor, id, version }) => {
    const found = await workflows.getVersion(actor.accountId, id, version);
    if (found === null) throw new WorkflowVersionNotFoundError(id, version);
    return found;
  };
}
