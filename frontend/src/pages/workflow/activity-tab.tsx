import { useApiClient, useAuditLogs } from '../../api/index.js';
import { LoadError } from '../../components/error-banner.js';
import { PagedTable, rowsOf } from '../../components/paged-list.js';

/** The audit log's entries about one workflow, newest first: what was done, by whom, when. */
export function ActivityTab({ id }: { readonly id: string }) {
  const entries = useAuditLogs(useApiClient(), { entity_id: id });
  const rows = rowsOf(entries);

  if (entries.formError !== null) return <LoadError read={entries} />;
  if (entries.isPending) return <p>Loading…</p>;
  if (rows.length === 0) return <p className="empty">No activity recorded.</p>;
  return (
    <PagedTable label="Activity" columns={['Action', 'Actor', 'When']} list={entries}>
      {rows.map((entry) => (
        <tr key={entry.id}>
          <td>{entry.action}</td>
          <td>{entry.actor_ref}</td>
          <td>
            <time dateTime={entry.occurred_at}>{new Date(entry.occurred_at).toLocaleString()}</time>
          </td>
        </tr>
      ))}
    </PagedTable>
  );
}
