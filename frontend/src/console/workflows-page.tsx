import { useEffect, useRef, useState } from 'react';
import { useWorkflows, type ListWorkflowsQuery, type Workflow, type WorkflowsClient, type WorkflowsResult } from '../api/index.js';
import { Field } from './field.js';
import { Link, queryParameters, replaceQuery, takeFocusRequest, workflowPath } from './router.js';
import { describeTrigger } from './trigger-text.js';
import { LoadError } from './error-banner.js';

type Sort = NonNullable<ListWorkflowsQuery['sort']>;

const SORTS: readonly (readonly [Sort, string])[] = [
  ['-created_at', 'Newest first'],
  ['created_at', 'Oldest first'],
  ['-updated_at', 'Recently updated'],
  ['updated_at', 'Least recently updated'],
  ['name', 'Name (A–Z)'],
  ['-name', 'Name (Z–A)'],
];
const STATUSES = ['draft', 'active', 'paused', 'archived'] as const;
type TriggerFilter = NonNullable<ListWorkflowsQuery['trigger_type']>[number];
const TRIGGERS: readonly (readonly [TriggerFilter, string])[] = [
  ['manual', 'Manual'],
  ['webhook', 'Webhook'],
  ['schedule', 'Schedule'],
  ['event', 'Event'],
  ['none', 'None yet'],
];
const isSort = (value: string): value is Sort => SORTS.some(([sort]) => sort === value);

const SEARCH_DELAY_MS = 300;

/** The value, once it has stopped changing for `delay` ms. */
function useDebounced(value: string, delay: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => { setSettled(value); }, delay);
    return () => { window.clearTimeout(timer); };
  }, [value, delay]);
  return settled;
}

interface Filters {
  readonly search: string;
  readonly status: (typeof STATUSES)[number] | '';
  readonly trigger: TriggerFilter | '';
  readonly sort: Sort;
}

const isStatus = (value: string): value is (typeof STATUSES)[number] => (STATUSES as readonly string[]).includes(value);
const isTrigger = (value: string): value is TriggerFilter => TRIGGERS.some(([trigger]) => trigger === value);

const DEFAULT_SORT: Sort = '-created_at';

/** The filters the address names (`?q=…&status=…&trigger_type=…&sort=…`); an unknown value is no filter. */
function filtersOfAddress(): Filters {
  const query = queryParameters();
  const status = query.get('status') ?? '';
  const trigger = query.get('trigger_type') ?? '';
  const sort = query.get('sort') ?? '';
  return {
    search: query.get('q') ?? '',
    status: isStatus(status) ? status : '',
    trigger: isTrigger(trigger) ? trigger : '',
    sort: isSort(sort) ? sort : DEFAULT_SORT,
  };
}

/** The filters into the address, with the API's own parameter names; the default sort is left out. */
function showInAddress(filters: Filters): void {
  replaceQuery({ q: filters.search, status: filters.status, trigger_type: filters.trigger, sort: filters.sort === DEFAULT_SORT ? '' : filters.sort });
}

function Options({ choices }: { readonly choices: readonly (readonly [string, string])[] }) {
  return choices.map(([value, label]) => (
    <option key={value} value={value}>
      {label}
    </option>
  ));
}

function FilterBar({ filters, onChange }: { readonly filters: Filters; readonly onChange: (update: Partial<Filters>) => void }) {
  return (
    <div className="filters" role="search" aria-label="Filter workflows">
      <Field
        id="search-workflows"
        label="Search workflows"
        render={(control) => <input {...control} type="search" value={filters.search} onChange={(event) => { onChange({ search: event.target.value }); }} maxLength={100} />}
      />
      <Field
        id="filter-status"
        label="Status"
        render={(control) => (
          <select {...control} value={filters.status} onChange={(event) => { onChange({ status: isStatus(event.target.value) ? event.target.value : '' }); }}>
            <Options choices={[['', 'Any status'], ...STATUSES.map((status) => [status, status] as const)]} />
          </select>
        )}
      />
      <Field
        id="filter-trigger"
        label="Trigger"
        render={(control) => (
          <select {...control} value={filters.trigger} onChange={(event) => { onChange({ trigger: isTrigger(event.target.value) ? event.target.value : '' }); }}>
            <Options choices={[['', 'Any trigger'], ...TRIGGERS]} />
          </select>
        )}
      />
      <Field
        id="sort-workflows"
        label="Sort"
        render={(control) => (
          <select {...control} value={filters.sort} onChange={(event) => { if (isSort(event.target.value)) onChange({ sort: event.target.value }); }}>
            <Options choices={SORTS} />
          </select>
        )}
      />
    </div>
  );
}

function WorkflowTable({ rows }: { readonly rows: readonly Workflow[] }) {
  return (
    <table aria-labelledby="workflows-heading">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Status</th>
          <th scope="col">Trigger</th>
          <th scope="col">Updated</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((workflow) => (
          <tr key={workflow.id}>
            <th scope="row">
              <Link to={workflowPath(workflow.id)}>{workflow.name}</Link>
            </th>
            <td>
              <span className={`badge badge--${workflow.status}`}>{workflow.status}</span>
            </td>
            <td>{describeTrigger(workflow)}</td>
            <td>
              <time dateTime={workflow.updated_at}>{new Date(workflow.updated_at).toLocaleString()}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The list request for the filters shown; the search is sent once typing pauses. */
function useListQuery(filters: Filters): { readonly query: ListWorkflowsQuery; readonly filtered: boolean } {
  const q = useDebounced(filters.search.trim(), SEARCH_DELAY_MS);
  const query: ListWorkflowsQuery = {
    sort: filters.sort,
    ...(q !== '' && { q }),
    ...(filters.status !== '' && { status: [filters.status] }),
    ...(filters.trigger !== '' && { trigger_type: [filters.trigger] }),
  };
  return { query, filtered: q !== '' || filters.status !== '' || filters.trigger !== '' };
}

const rowsOf = (list: WorkflowsResult): readonly Workflow[] => list.data?.pages.flatMap((page) => page.data) ?? [];

interface ListBodyProps {
  readonly list: WorkflowsResult;
  readonly rows: readonly Workflow[];
  readonly hasToken: boolean;
  readonly filtered: boolean;
}

/** The list itself, or why there is none to show; and the button that reads on. */
function ListBody({ list, rows, hasToken, filtered }: ListBodyProps) {
  if (!hasToken) return <p className="hint">Paste a token, or get a dev token, to see your workflows.</p>;
  if (list.formError !== null) return <LoadError error={list.formError} failedAt={list.errorUpdatedAt} retrying={list.isFetching} onRetry={() => { void list.refetch(); }} />;
  if (list.isPending) return <p>Loading…</p>;
  if (rows.length === 0) {
    return filtered ? (
      <p className="empty">No workflows match these filters.</p>
    ) : (
      <p className="empty">No workflows yet. Create your first one: give it a name and, if you like, a trigger.</p>
    );
  }
  return (
    <>
      <WorkflowTable rows={rows} />
      {list.hasNextPage && (
        <button type="button" onClick={() => { void list.fetchNextPage(); }} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
}

interface WorkflowsPageProps {
  readonly client: WorkflowsClient;
  readonly hasToken: boolean;
  /** Opens the create form: `asked` when the user pressed New workflow (the form then takes the focus). */
  readonly onNew: (asked: boolean) => void;
}

/** The account's workflows: searched, filtered, sorted, a page at a time. */
export function WorkflowsPage({ client, hasToken, onNew }: WorkflowsPageProps) {
  const [filters, setFilters] = useState(filtersOfAddress);
  const { query, filtered } = useListQuery(filters);
  const list = useWorkflows(client, query);
  const rows = rowsOf(list);
  const firstEver = list.isSuccess && rows.length === 0 && !filtered;
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    showInAddress(filters);
  }, [filters]);

  // Arriving after a deletion, the focus moves to the list's heading (the deleted page is gone).
  useEffect(() => {
    if (takeFocusRequest()) heading.current?.focus();
  }, []);

  // An account without workflows is invited to create its first: the form opens beside the list.
  useEffect(() => {
    if (firstEver) onNew(false);
  }, [firstEver, onNew]);

  return (
    <section aria-labelledby="workflows-heading" className="panel">
      <div className="page-heading">
        <h2 id="workflows-heading" ref={heading} tabIndex={-1}>
          Workflows
        </h2>
        <div className="heading-actions">
          <Link to="/trash">Trash</Link>
          <button type="button" onClick={() => { onNew(true); }}>
            New workflow
          </button>
        </div>
      </div>
      <FilterBar
        filters={filters}
        onChange={(update) => {
          setFilters((current) => ({ ...current, ...update }));
        }}
      />
      <ListBody list={list} rows={rows} hasToken={hasToken} filtered={filtered} />
    </section>
  );
}
