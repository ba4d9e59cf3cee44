import { useApiClient, useRestoreWorkflowVersion, useWorkflowVersions, type Workflow, type WorkflowVersion } from '../../api/index.js';
import { LoadError } from '../../components/error-banner.js';
import { LoadMore, rowsOf } from '../../components/paged-list.js';
import type { Notice } from '../../components/status-message.js';
import { changesBetween } from './changes.js';

interface HistoryTabProps {
  readonly workflow: Workflow;
  readonly onNotice: (notice: Notice) => void;
}

function Changes({ version, previous }: { readonly version: WorkflowVersion; readonly previous: WorkflowVersion | undefined }) {
  if (previous === undefined) return version.version === 1 ? <p className="hint">First version.</p> : null;
  const changes = changesBetween(previous, version);
  if (changes.length === 0) return <p className="hint">No change to name, description, trigger or status.</p>;
  return (
    <ul className="changes" aria-label={`Changes in version ${version.version}`}>
      {changes.map((change) => (
        <li key={change}>{change}</li>
      ))}
    </ul>
  );
}

interface VersionEntryProps {
  readonly version: WorkflowVersion;
  readonly previous: WorkflowVersion | undefined;
  readonly current: boolean;
  readonly restoring: boolean;
  readonly onRestore: (version: number) => void;
}

/** One version: who made it and when, what it changed, and Restore unless it is the current one. */
function VersionEntry({ version, previous, current, restoring, onRestore }: VersionEntryProps) {
  return (
    <li className="history-entry">
      <p>
        <strong>Version {version.version}</strong> · <code>{version.action}</code> · {version.changed_by ?? 'unknown'} ·{' '}
        <time dateTime={version.changed_at}>{new Date(version.changed_at).toLocaleString()}</time>
        {current && <span className="badge">current</span>}
      </p>
      <Changes version={version} previous={previous} />
      {!current && (
        <button type="button" disabled={restoring} onClick={() => { onRestore(version.version); }} aria-label={`Restore this version (version ${version.version})`}>
          Restore this version
        </button>
      )}
    </li>
  );
}

/** The workflow's versions, newest first, each with what changed; an older one can be made current again. */
export function HistoryTab({ workflow, onNotice }: HistoryTabProps) {
  const client = useApiClient();
  const versions = useWorkflowVersions(client, workflow.id);
  // Restored on top of the version shown: a change made meanwhile is a 412, not overwritten.
  const restore = useRestoreWorkflowVersion(client, workflow.id, workflow.version);
  const rows = rowsOf(versions);

  const restoreVersion = (version: number) => {
    restore.reset();
    restore.mutate(version, {
      onSuccess: (restored) => { onNotice({ kind: 'text', message: `Restored version ${version} of “${restored.name}”.` }); },
    });
  };

  if (versions.formError !== null) return <LoadError read={versions} />;
  if (versions.isPending) return <p>Loading…</p>;
  return (
    <>
      {restore.formError !== null && (
        <p role="alert" className="banner">
          {restore.formError.message}
        </p>
      )}
      <ol className="history" aria-label="Versions">
        {rows.map((version, index) => (
          <VersionEntry key={version.version} version={version} previous={rows[index + 1]} current={version.version === workflow.version} restoring={restore.isPending} onRestore={restoreVersion} />
        ))}
      </ol>
      <LoadMore list={versions} />
    </>
  );
}
