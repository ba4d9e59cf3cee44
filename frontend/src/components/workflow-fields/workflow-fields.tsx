import type { FieldMessages, FormError } from '../../api/index.js';
import { Field } from '../field.js';
import { characters, DESCRIPTION_MAX, NAME_MAX, nameCharacters, TRIGGER_CHOICES, type FormValues, type TriggerChoice } from './form-model.js';
import { TriggerFields } from './trigger-fields.js';

const TRIGGER_LABELS: Readonly<Record<TriggerChoice, string>> = {
  none: 'None yet',
  manual: 'Manual',
  webhook: 'Webhook',
  schedule: 'Schedule',
  event: 'Event',
};

const isTriggerChoice = (value: string): value is TriggerChoice => (TRIGGER_CHOICES as readonly string[]).includes(value);

/** The server's messages by field, for the errors a form shows inline. */
export function fieldMessages(error: FormError | null): FieldMessages {
  return error?.kind === 'conflict' || error?.kind === 'validation' ? error.fields : {};
}

interface WorkflowFieldsProps {
  /** Prefixes the controls' ids, so two forms can be on the page together. */
  readonly idPrefix?: string;
  readonly values: FormValues;
  readonly errors: FieldMessages;
  readonly onChange: (change: Partial<FormValues>) => void;
}

/** Name, description, trigger type and the chosen trigger's settings, each with its server error under it. */
export function WorkflowFields({ idPrefix = '', values, errors, onChange }: WorkflowFieldsProps) {
  return (
    <>
      <Field
        id={`${idPrefix}workflow-name`}
        label="Name"
        error={errors.name}
        counter={{ length: nameCharacters(values.name), max: NAME_MAX }}
        render={(control) => <input {...control} value={values.name} onChange={(event) => { onChange({ name: event.target.value }); }} required />}
      />
      <Field
        id={`${idPrefix}workflow-description`}
        label="Description"
        error={errors.description}
        counter={{ length: characters(values.description), max: DESCRIPTION_MAX }}
        render={(control) => <textarea {...control} value={values.description} onChange={(event) => { onChange({ description: event.target.value }); }} rows={2} />}
      />
      <Field
        id={`${idPrefix}workflow-trigger-type`}
        label="Trigger type"
        error={errors.trigger_type}
        render={(control) => (
          <select {...control} value={values.triggerType} onChange={(event) => { if (isTriggerChoice(event.target.value)) onChange({ triggerType: event.target.value }); }}>
            {TRIGGER_CHOICES.map((choice) => (
              <option key={choice} value={choice}>
                {TRIGGER_LABELS[choice]}
              </option>
            ))}
          </select>
        )}
      />
      <TriggerFields idPrefix={idPrefix} values={values} errors={errors} onChange={onChange} />
    </>
  );
}
