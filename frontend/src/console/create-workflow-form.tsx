import { useState, type SyntheticEvent } from 'react';
import { useCreateWorkflow, type Workflow, type WorkflowsClient } from '../api/index.js';
import { ErrorBanner } from './error-banner.js';
import { INITIAL_VALUES, inlinePaths, toCreateBody, type FormValues } from './form-model.js';
import { fieldMessages, WorkflowFields } from './workflow-fields.js';

interface CreateWorkflowFormProps {
  readonly client: WorkflowsClient;
  /** Shows an existing workflow (the one whose name a create collided with). */
  readonly onShow: (workflowId: string) => void;
  readonly onCreated: (workflow: Workflow) => void;
}

export function CreateWorkflowForm({ client, onShow, onCreated }: CreateWorkflowFormProps) {
  const [values, setValues] = useState<FormValues>(INITIAL_VALUES);
  const create = useCreateWorkflow(client);
  const errors = fieldMessages(create.formError);
  const change = (update: Partial<FormValues>) => {
    setValues((current) => ({ ...current, ...update }));
  };
  const submit = () => {
    create.mutate(toCreateBody(values), { onSuccess: onCreated });
  };
  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    submit();
  };

  return (
    <form aria-labelledby="create-heading" onSubmit={onSubmit}>
      <h2 id="create-heading">Create a workflow</h2>
      <ErrorBanner error={create.formError} inlinePaths={inlinePaths(values.triggerType)} onRetry={submit} onShowExisting={onShow} />
      <WorkflowFields values={values} errors={errors} onChange={change} />
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create workflow'}
      </button>
    </form>
  );
}
