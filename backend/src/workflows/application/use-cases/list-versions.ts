import { WorkflowNotFoundError } from '../../domain/exceptions.js';
import type { ListVersionsQuery, VersionPage } from '../dtos.js';
import type { WorkflowRepository } from '../ports.js';

export type ListVersions = (query: ListVersionsQuery) => Promise<VersionPage>;

/** A live workflow's versions, newest first; a deleted or another account's workflow is not found. */
export function makeListVersions({ workflows }: { readonly workflows: WorkflowRepository }): ListVersions {
  return async ({ actor, id, limit, before }) => {
    const versions = await workflows.listVersions(actor.accountId, id, { limit: limit + 1, before });
    // A live workflow has at least its first version, so an empty first page means there is none.
    if (versions.length === 0 && (before === undefined || (await workflows.findById(actor.accountId, id)) === null)) throw new WorkflowNotFoundError(id);
    const page = versions.slice(0, limit);
    const last = page.at(-1);
    return { versions: page, next: versions.length > limit && last !== undefined ? last.version : null };
  };
}
