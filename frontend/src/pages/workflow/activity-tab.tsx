import { useApiClient, useAuditLogs } from '../../api/index.js';
import { LoadError } from '../../components/error-banner.js';

/** The audit log's entries about one workflow, newest first: what was done, by whom, when. */
export function ActivityTab({ id }: { readonly id: string }) {
  const entries = useAuditLogs(useApiClient(), { entity_id: id });
  const rows = entries.data?.pages.flatMap((page) => page.data) ?? [];

  if (entries.formError !== null) return <LoadError error={entries.formError} failedAt={entries.errorUpdatedAt} retrying={entries.isFetching} onRetry={() => { void entries.refetch(); }} />;
  if (entries.isPending) return <p>Loading…</p>;
  if (rows.length === 0) return <p className="empty">No activity recorded.</p>;
  return (
    <>
      <table aria-label="Activity">
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Actor</th>
            <th scope="col">When</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((entry) => (
            <tr key={entry.id}>
              <td>{entry.action}</td>
              <td>{entry.actor_ref}</td>
              <td>
                <time dateTime={entry.occurred_at}>{new Date(entry.occurred_at).toLocaleString()}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.hasNextPage && (
        <button type="button" onClick={() => { void entries.fetchNextPage(); }} disabled={entries.isFetchingNextPage}>
          {entries.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
}
