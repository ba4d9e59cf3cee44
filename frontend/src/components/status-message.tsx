import { useApiClient, useRestoreWorkflow } from '../api/index.js';
import { useShowPage, workflowPath } from '../navigation.js';

/** What the console last did, announced in the live region (a deletion comes with its undo). */
export type Notice = { readonly kind: 'text'; readonly message: string } | { readonly kind: 'deleted'; readonly id: string; readonly name: string };

interface StatusMessageProps {
  readonly notice: Notice | null;
  readonly onNotice: (notice: Notice | null) => void;
}

function DeletedMessage({ id, name, onNotice }: { readonly id: string; readonly name: string; readonly onNotice: StatusMessageProps['onNotice'] }) {
  const restore = useRestoreWorkflow(useApiClient(), id);
  const showPage = useShowPage();
  const undo = () => {
    restore.mutate(undefined, {
      onSuccess: (workflow) => {
        showPage(workflowPath(workflow.id));
        onNotice({ kind: 'text', message: `Restored “${workflow.name}”.` });
      },
    });
  };
  return (
    <>
      Deleted “{name}”.{' '}
      <button type="button" onClick={undo} disabled={restore.isPending}>
        Undo
      </button>
      {restore.formError !== null && <span className="field-error"> {restore.formError.message}</span>}
    </>
  );
}

/**
 * The console's live region: always in the page (so a change to it is announced), visible when it
 * has something to say.
 */
export function StatusMessage({ notice, onNotice }: StatusMessageProps) {
  return (
    <div className={notice === null ? 'status status--empty' : 'status'}>
      <div role="status" className="status-text">
        {notice?.kind === 'text' && notice.message}
        {notice?.kind === 'deleted' && <DeletedMessage key={notice.id} id={notice.id} name={notice.name} onNotice={onNotice} />}
      </div>
      {notice !== null && (
        <button type="button" className="link-button" aria-label="Dismiss the message" onClick={() => { onNotice(null); }}>
          ×
        </button>
      )}
    </div>
  );
}
