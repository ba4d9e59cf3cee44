import { useEffect, useState } from 'react';
import type { ListWorkflowsQuery } from '../../api/index.js';
import { Field } from '../../components/field.js';
import { queryParameters } from '../../navigation.js';

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

export interface Filters {
  readonly search: string;
  readonly status: (typeof STATUSES)[number] | '';
  readonly trigger: TriggerFilter | '';
  readonly sort: Sort;
}

const isStatus = (value: string): value is (typeof STATUSES)[number] => (STATUSES as readonly string[]).includes(value);
const isTrigger = (value: string): value is TriggerFilter => TRIGGERS.some(([trigger]) => trigger === value);

const DEFAULT_SORT: Sort = '-created_at';

/** The filters the address names (`?q=…&status=…&trigger_type=…&sort=…`); an unknown value is no filter. */
export function filtersOfAddress(): Filters {
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

/** The filters as the address shows them, with the API's own parameter names; the default sort is left out. */
export function addressOfFilters(filters: Filters): Readonly<Record<string, string>> {
  return { q: filters.search, status: filters.status, trigger_type: filters.trigger, sort: filters.sort === DEFAULT_SORT ? '' : filters.sort };
}

function Options({ choices }: { readonly choices: readonly (readonly [string, string])[] }) {
  return choices.map(([value, label]) => (
    <option key={value} value={value}>
      {label}
    </option>
  ));
}

export function FilterBar({ filters, onChange }: { readonly filters: Filters; readonly onChange: (update: Partial<Filters>) => void }) {
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

/** The list request for the filters shown; the search is sent once typing pauses. */
export function useListQuery(filters: Filters): { readonly query: ListWorkflowsQuery; readonly filtered: boolean } {
  const q = useDebounced(filters.search.trim(), SEARCH_DELAY_MS);
  const query: ListWorkflowsQuery = {
    sort: filters.sort,
    ...(q !== '' && { q }),
    ...(filters.status !== '' && { status: [filters.status] }),
    ...(filters.trigger !== '' && { trigger_type: [filters.trigger] }),
  };
  return { query, filtered: q !== '' || filters.status !== '' || filters.trigger !== '' };
}
