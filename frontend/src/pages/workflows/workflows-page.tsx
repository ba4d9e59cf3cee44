import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { useApiClient, useWorkflows, type Workflow, type WorkflowsResult } from '../../api/index.js';
import { LoadError } from '../../components/error-banner.js';
import { PagedTable, rowsOf } from '../../components/paged-list.js';
import { describeTrigger } from '../../components/trigger-text.js';
import { takeFocusRequest, TRASH_PATH, useReplaceQuery, workflowPath } from '../../navigation.js';
import { addressOfFilters, FilterBar, filtersOfAddress, useListQuery } from './filters.js';

function WorkflowRow({ workflow }: { readonly workflow: Workflow }) {
  return (
    <tr>
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
  );
}

interface ListBodyProps {
  readonly list: WorkflowsResult;
  readonly rows: readonly Workflow[];
  readonly hasToken: boolean;
  readonly filtered: boolean;
}

/** The list itself, or why there is none to show; and the button that reads on. */
function ListBody({ list, rows, hasToken, filtered }: ListBodyProps) {
  if (!hasToken) return <p className="hint">Paste a token, or get a dev token, to see your workflows.</p>;
  if (list.formError !== null) return <LoadError read={list} />;
  if (list.isPending) return <p>Loading…</p>;
  if (rows.length === 0) {
    return filtered ? (
      <p className="empty">No workflows match these filters.</p>
    ) : (
      <p className="empty">No workflows yet. Create your first one: give it a name and, if you like, a trigger.</p>
    );
  }
  return (
    <PagedTable labelledBy="workflows-heading" columns={['Name', 'Status', 'Trigger', 'Updated']} list={list}>
      {rows.map((workflow) => (
        <WorkflowRow key={workflow.id} workflow={workflow} />
      ))}
    </PagedTable>
  );
}

interface WorkflowsPageProps {
  readonly hasToken: boolean;
  /** Opens the create form: `asked` when the user pressed New workflow (the form then takes the focus). */
  readonly onNew: (asked: boolean) => void;
}

/** The account's workflows: searched, filtered, sorted, a page at a time. */
export function WorkflowsPage({ hasToken, onNew }: WorkflowsPageProps) {
  const [filters, setFilters] = useState(filtersOfAddress);
  const { query, filtered } = useListQuery(filters);
  const list = useWorkflows(useApiClient(), query);
  const rows = rowsOf(list);
  const firstEver = list.isSuccess && rows.length === 0 && !filtered;
  const heading = useRef<HTMLHeadingElement>(null);
  const replaceQuery = useReplaceQuery();

  useEffect(() => {
    replaceQuery(addressOfFilters(filters));
  }, [filters, replaceQuery]);

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
          <Link to={TRASH_PATH}>Trash</Link>
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
