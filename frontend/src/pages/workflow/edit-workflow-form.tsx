import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { useApiClient, useUpdateWorkflow, useWorkflowVersion, type FormError, type Workflow } from '../../api/index.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { useEditedPaths, useFocusOnFailure, useRetryCountdown, visibleError } from '../../components/form-errors.js';
import { editedPaths, inlinePaths, toPatchBody, valuesOf, type FormValues } from '../../components/workflow-fields/form-model.js';
import { fieldMessages, WorkflowFields } from '../../components/workflow-fields/workflow-fields.js';
import { useShowPage, workflowPath } from '../../navigation.js';
import { changesBetween } from './changes.js';

interface EditWorkflowFormProps {
  /** The workflow as it was when the form opened: its version is the edit's If-Match. */
  readonly workflow: Workflow;
  readonly onSaved: (workflow: Workflow) => void;
  /** Closes the form and reads the workflow again (after a conflict). */
  readonly onReload: () => void;
  readonly onCancel: () => void;
}

interface EditConflictProps {
  readonly opened: Workflow;
  readonly error: Extract<FormError, { kind: 'edit-conflict' }>;
  readonly onReload: () => void;
  readonly onOverwrite: () => void;
  readonly busy: boolean;
}

/** What someone else changed: the version the form opened against the current one. */
function TheirChanges({ opened, version }: { readonly opened: Workflow; readonly version: number }) {
  const current = useWorkflowVersion(useApiClient(), opened.id, version);
  if (current.data === undefined) return null;
  const changes = changesBetween(opened, current.data);
  if (changes.length === 0) return <p className="hint">Nothing you can edit changed.</p>;
  return (
    <ul className="changes" aria-label="Changed meanwhile">
      {changes.map((change) => (
        <li key={change}>{change}</li>
      ))}
    </ul>
  );
}

function EditConflict({ opened, error, onReload, onOverwrite, busy }: EditConflictProps) {
  return (
    <div tabIndex={-1} className="banner banner--edit-conflict">
      <p role="alert">
        <strong>This workflow changed since you opened it</strong>
        {error.currentVersion === null ? '.' : ` (it is now at version ${error.currentVersion}).`} Reload it to see the changes, or overwrite them with yours.
      </p>
      {error.currentVersion !== null && <TheirChanges opened={opened} version={error.currentVersion} />}
      <div className="actions">
        <button type="button" onClick={onReload} disabled={busy}>
          Reload
        </button>
        <button type="button" className="danger" onClick={onOverwrite} disabled={busy}>
          Overwrite
        </button>
      </div>
    </div>
  );
}

/**
 * The two saves of the edit form: checked (If-Match of the version opened) and overwriting (`*`),
 * and which of them was tried last: its outcome is the one shown.
 */
function useSaves(workflow: Workflow) {
  const client = useApiClient();
  const update = useUpdateWorkflow(client, workflow.id, workflow.version);
  const overwrite = useUpdateWorkflow(client, workflow.id, '*');
  const [forced, setForced] = useState(false);
  const start = (force: boolean) => {
    update.reset();
    overwrite.reset();
    setForced(force);
    return force ? overwrite : update;
  };
  return { current: forced ? overwrite : update, forced, busy: update.isPending || overwrite.isPending, start };
}

/** Edits name, description and trigger with the create form's fields; saved with If-Match of the version opened. */
export function EditWorkflowForm({ workflow, onSaved, onReload, onCancel }: EditWorkflowFormProps) {
  const [values, setValues] = useState<FormValues>(() => valuesOf(workflow));
  const saves = useSaves(workflow);
  const showPage = useShowPage();
  const edits = useEditedPaths();
  const countdown = useRetryCountdown();
  const form = useRef<HTMLFormElement>(null);
  useFocusOnFailure(form, saves.current.error);
  // Opened, the form takes the focus on its first field.
  useEffect(() => {
    form.current?.querySelector('input')?.focus();
  }, []);
  const error = visibleError(saves.current.formError, edits.edited);
  const change = (next: Partial<FormValues>) => {
    edits.mark(editedPaths(next));
    setValues((previous) => ({ ...previous, ...next }));
  };
  const save = (force: boolean) => {
    edits.clear();
    saves.start(force).mutate(toPatchBody(values), { onSuccess: onSaved, onError: countdown.onError });
  };

  return (
    <form ref={form} aria-labelledby="edit-heading" onSubmit={(event: SyntheticEvent<HTMLFormElement>) => { event.preventDefault(); save(false); }} className="edit-form">
      <h3 id="edit-heading">Edit version {workflow.version}</h3>
      {error?.kind === 'edit-conflict' ? (
        <EditConflict opened={workflow} error={error} busy={saves.busy} onReload={onReload} onOverwrite={() => { save(true); }} />
      ) : (
        <ErrorBanner error={error} inlinePaths={inlinePaths(values.triggerType)} retryIn={countdown.remaining} onRetry={() => { save(saves.forced); }} onShowExisting={(id) => { showPage(workflowPath(id)); }} />
      )}
      <WorkflowFields idPrefix="edit-" values={values} errors={fieldMessages(error)} onChange={change} />
      <div className="actions">
        <button type="submit" disabled={saves.busy || countdown.remaining > 0}>
          {saves.busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={onCancel} disabled={saves.busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
