import type { Clock } from '../../../shared/clock.js';
import type { ListWorkflowsQuery, WorkflowPage } from '../dtos.js';
import type { WorkflowRepository } from '../ports.js';

export type ListWorkflows = (query: ListWorkflowsQuery) => Promise<WorkflowPage>;

export interface ListWorkflowsDependencies {
  readonly workflows: WorkflowRepository;
  readonly clock: Clock;
  /** How long a deleted workflow stays in the trash. */
  readonly restoreWindowMs: number;
}

/** One page of the account's workflows (or its trash), in keyset order. */
export function makeListWorkflows({ workflows, clock, restoreWindowMs }: ListWorkflowsDependencies): ListWorkflows {
  return async ({ actor, filter, sort, limit, after }) => {
    const now = clock.now();
    const rows = await workflows.list(actor.accountId, {
      filter,
      sort,
      limit: limit + 1,
      after,
      // The first page's snapshot is what every later page positions rows by.
      since: after,
      deletedSince: new Date(now.getTime() - restoreWindowMs),
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    // The time is this service's, like the stamps of the changes it is compared with.
    const since = after ?? (last === undefined ? undefined : { snapshot: last.snapshot, asOf: now.toISOString() });
    const next = rows.length > limit && last !== undefined && since !== undefined ? { key: last.key, id: last.workflow.id, snapshot: since.snapshot, asOf: since.asOf } : null;
    return { workflows: page.map((row) => row.workflow), next };
  };
}
