import { useState, type SyntheticEvent } from 'react';
import { useUpdateWorkflow, type FormError, type Workflow, type WorkflowsClient } from '../api/index.js';
import { ErrorBanner } from './error-banner.js';
import { inlinePaths, toPatchBody, valuesOf, type FormValues } from './form-model.js';
import { navigate, workflowPath } from './router.js';
import { fieldMessages, WorkflowFields } from './workflow-fields.js';

interface EditWorkflowFormProps {
  readonly client: WorkflowsClient;
  /** The workflow as it was when the form opened: its version is the edit's If-Match. */
  readonly workflow: Workflow;
  readonly onSaved: (workflow: Workflow) => void;
  /** Closes the form and reads the workflow again (after a conflict). */
  readonly onReload: () => void;
  readonly onCancel: () => void;
}

function EditConflict({ error, onReload, onOverwrite, busy }: { readonly error: Extract<FormError, { kind: 'edit-conflict' }>; readonly onReload: () => void; readonly onOverwrite: () => void; readonly busy: boolean }) {
  return (
    <div role="alert" className="banner banner--edit-conflict">
      <p>
        <strong>This workflow changed since you opened it</strong>
        {error.currentVersion === null ? '.' : ` (it is now at version ${error.currentVersion}).`} Reload it to see the changes, or overwrite them with yours.
      </p>
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

/** Edits name, description and trigger with the create form's fields; saved with If-Match of the version opened. */
export function EditWorkflowForm({ client, workflow, onSaved, onReload, onCancel }: EditWorkflowFormProps) {
  const [values, setValues] = useState<FormValues>(() => valuesOf(workflow));
  const update = useUpdateWorkflow(client, workflow.id, workflow.version);
  const overwrite = useUpdateWorkflow(client, workflow.id, '*');
  // The last save tried (checked, or overwriting) is the one whose outcome is shown.
  const [forced, setForced] = useState(false);
  const current = forced ? overwrite : update;
  const error = current.formError;
  const busy = update.isPending || overwrite.isPending;
  const change = (next: Partial<FormValues>) => {
    setValues((previous) => ({ ...previous, ...next }));
  };
  const save = (force: boolean) => {
    update.reset();
    overwrite.reset();
    setForced(force);
    (force ? overwrite : update).mutate(toPatchBody(values), { onSuccess: onSaved });
  };
  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    save(false);
  };

  return (
    <form aria-labelledby="edit-heading" onSubmit={onSubmit} className="edit-form">
      <h3 id="edit-heading">Edit version {workflow.version}</h3>
      {error?.kind === 'edit-conflict' ? (
        <EditConflict error={error} busy={busy} onReload={onReload} onOverwrite={() => { save(true); }} />
      ) : (
        <ErrorBanner error={error} inlinePaths={inlinePaths(values.triggerType)} onRetry={() => { save(forced); }} onShowExisting={(id) => { navigate(workflowPath(id), { focusHeading: true }); }} />
      )}
      <WorkflowFields idPrefix="edit-" values={values} errors={fieldMessages(error)} onChange={change} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
