import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { useApiClient, useCreateWorkflow, type Workflow } from '../../api/index.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { useEditedPaths, useFocusOnFailure, useRetryCountdown, visibleError } from '../../components/form-errors.js';
import { editedPaths, INITIAL_VALUES, inlinePaths, toCreateBody, type FormValues } from '../../components/workflow-fields/form-model.js';
import { fieldMessages, WorkflowFields } from '../../components/workflow-fields/workflow-fields.js';

interface CreateWorkflowFormProps {
  /** Shows an existing workflow (the one whose name a create collided with). */
  readonly onShow: (workflowId: string) => void;
  readonly onCreated: (workflow: Workflow) => void;
  /** Changes with the token: the outcome of the last submit (its banner, its field errors) is dropped. */
  readonly session?: number;
}

/** A new token drops the outcome of the last create (its banner and field errors), not what was typed. */
function useResetOnNewSession(reset: () => void, session: number): void {
  useEffect(() => {
    reset();
  }, [session, reset]);
}

/**
 * Creates a workflow. A field's error goes as soon as it is edited; after a failure the focus moves
 * to what to fix; a 429 disables Create until its wait is over; a success empties the form.
 */
export function CreateWorkflowForm({ onShow, onCreated, session = 0 }: CreateWorkflowFormProps) {
  const [values, setValues] = useState<FormValues>(INITIAL_VALUES);
  const create = useCreateWorkflow(useApiClient());
  const edits = useEditedPaths();
  const countdown = useRetryCountdown();
  const form = useRef<HTMLFormElement>(null);
  useFocusOnFailure(form, create.error);
  useResetOnNewSession(create.reset, session);
  const error = visibleError(create.formError, edits.edited);
  const change = (update: Partial<FormValues>) => {
    edits.mark(editedPaths(update));
    setValues((current) => ({ ...current, ...update }));
  };
  const submit = () => {
    edits.clear();
    create.mutate(toCreateBody(values), {
      onSuccess: (workflow) => {
        setValues(INITIAL_VALUES);
        onCreated(workflow);
      },
      onError: countdown.onError,
    });
  };

  return (
    <form ref={form} aria-labelledby="create-heading" onSubmit={(event: SyntheticEvent<HTMLFormElement>) => { event.preventDefault(); submit(); }}>
      <h2 id="create-heading">Create a workflow</h2>
      <ErrorBanner error={error} inlinePaths={inlinePaths(values.triggerType)} retryIn={countdown.remaining} onRetry={submit} onShowExisting={onShow} />
      <WorkflowFields values={values} errors={fieldMessages(error)} onChange={change} />
      <button type="submit" disabled={create.isPending || countdown.remaining > 0}>
        {create.isPending ? 'Creating…' : 'Create workflow'}
      </button>
    </form>
  );
}
