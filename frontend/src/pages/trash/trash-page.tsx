import { Link } from 'wouter';
import { useApiClient, useRestoreWorkflow, useWorkflows, type Workflow, type WorkflowsResult } from '../../api/index.js';
import { LoadError } from '../../components/error-banner.js';
import { PagedTable, rowsOf } from '../../components/paged-list.js';
import type { Notice } from '../../components/status-message.js';
import { useShowPage, workflowPath, WORKFLOWS_PATH } from '../../navigation.js';

interface TrashPageProps {
  readonly hasToken: boolean;
  readonly onNotice: (notice: Notice) => void;
}

function TrashRow({ workflow, onNotice }: { readonly workflow: Workflow; readonly onNotice: TrashPageProps['onNotice'] }) {
  const restore = useRestoreWorkflow(useApiClient(), workflow.id);
  const showPage = useShowPage();
  const run = () => {
    restore.reset();
    restore.mutate(undefined, {
      onSuccess: (restored) => {
        showPage(workflowPath(restored.id));
        onNotice({ kind: 'text', message: `Restored “${restored.name}”.` });
      },
    });
  };
  return (
    <tr>
      <th scope="row">{workflow.name}</th>
      <td>{workflow.deleted_at === null ? '—' : <time dateTime={workflow.deleted_at}>{new Date(workflow.deleted_at).toLocaleString()}</time>}</td>
      <td>
        <button type="button" onClick={run} disabled={restore.isPending} aria-label={`Restore “${workflow.name}”`}>
          Restore
        </button>
        {restore.formError !== null && (
          <p role="alert" className="field-error">
            {restore.formError.message}
          </p>
        )}
      </td>
    </tr>
  );
}

interface TrashTableProps {
  readonly list: WorkflowsResult;
  readonly onNotice: TrashPageProps['onNotice'];
}

function TrashTable({ list, onNotice }: TrashTableProps) {
  const rows = rowsOf(list);
  if (rows.length === 0) return <p className="empty">The trash is empty.</p>;
  return (
    <PagedTable labelledBy="trash-heading" columns={['Name', 'Deleted', 'Restore']} list={list}>
      {rows.map((workflow) => (
        <TrashRow key={workflow.id} workflow={workflow} onNotice={onNotice} />
      ))}
    </PagedTable>
  );
}

/** The account's deleted workflows still restorable, most recently deleted first. */
export function TrashPage({ hasToken, onNotice }: TrashPageProps) {
  const list = useWorkflows(useApiClient(), { deleted: true });

  const body = () => {
    if (!hasToken) return <p className="hint">Paste a token, or get a dev token, to see your trash.</p>;
    if (list.formError !== null) return <LoadError read={list} />;
    if (list.isPending) return <p>Loading…</p>;
    return <TrashTable list={list} onNotice={onNotice} />;
  };

  return (
    <section aria-labelledby="trash-heading" className="panel">
      <p className="kicker">
        <Link to={WORKFLOWS_PATH}>Workflows</Link> / Trash
      </p>
      <h2 id="trash-heading">Trash</h2>
      {body()}
    </section>
  );
}
