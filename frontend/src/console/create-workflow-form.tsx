import { useState, type SyntheticEvent } from 'react';
import { useCreateWorkflow, type FieldMessages, type FormError, type Workflow, type WorkflowsClient } from '../api/index.js';
import { ErrorBanner } from './error-banner.js';
import { Field } from './field.js';
import { INITIAL_VALUES, inlinePaths, toCreateBody, TRIGGER_CHOICES, type FormValues, type TriggerChoice } from './form-model.js';
import { TriggerFields } from './trigger-fields.js';

interface CreateWorkflowFormProps {
  readonly client: WorkflowsClient;
  /** Shows an existing workflow (the one whose name a create collided with). */
  readonly onShow: (workflowId: string) => void;
  readonly onCreated: (workflow: Workflow) => void;
}

const TRIGGER_LABELS: Readonly<Record<TriggerChoice, string>> = {
  none: 'None yet',
  manual: 'Manual',
  webhook: 'Webhook',
  schedule: 'Schedule',
  event: 'Event',
};

const isTriggerChoice = (value: string): value is TriggerChoice => (TRIGGER_CHOICES as readonly string[]).includes(value);

function fieldMessages(error: FormError | null): FieldMessages {
  return error?.kind === 'conflict' || error?.kind === 'validation' ? error.fields : {};
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
      <Field
        id="workflow-name"
        label="Name"
        error={errors.name}
        render={(control) => <input {...control} value={values.name} onChange={(event) => { change({ name: event.target.value }); }} required maxLength={100} />}
      />
      <Field
        id="workflow-description"
        label="Description"
        error={errors.description}
        render={(control) => <textarea {...control} value={values.description} onChange={(event) => { change({ description: event.target.value }); }} rows={2} />}
      />
      <Field
        id="workflow-trigger-type"
        label="Trigger type"
        error={errors.trigger_type}
        render={(control) => (
          <select {...control} value={values.triggerType} onChange={(event) => { if (isTriggerChoice(event.target.value)) change({ triggerType: event.target.value }); }}>
            {TRIGGER_CHOICES.map((choice) => (
              <option key={choice} value={choice}>
                {TRIGGER_LABELS[choice]}
              </option>
            ))}
          </select>
        )}
      />
      <TriggerFields values={values} errors={errors} onChange={change} />
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create workflow'}
      </button>
    </form>
  );
}
