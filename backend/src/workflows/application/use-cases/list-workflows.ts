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
    // The first page fixes the moment every later page positions rows by.
    const asOf = after === undefined ? now : new Date(after.asOf);
    const rows = await workflows.list(actor.accountId, {
      filter,
      sort,
      limit: limit + 1,
      after,
      asOf,
      deletedSince: new Date(now.getTime() - restoreWindowMs),
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const next = rows.length > limit && last !== undefined ? { key: last.key, id: last.workflow.id, asOf: asOf.toISOString() } : null;
    return { workflows: page.map((row) => row.workflow), next };
  };
}
