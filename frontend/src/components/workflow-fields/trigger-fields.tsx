import type { FieldMessages } from '../../api/index.js';
import { Field } from '../field.js';
import { WEBHOOK_METHODS, type FormValues, type WebhookMethod } from './form-model.js';

interface TriggerFieldsProps {
  /** Prefixes the controls' ids, so two forms can be on the page together. */
  readonly idPrefix?: string;
  readonly values: FormValues;
  readonly errors: FieldMessages;
  readonly onChange: (change: Partial<FormValues>) => void;
}

const isMethod = (value: string): value is WebhookMethod => (WEBHOOK_METHODS as readonly string[]).includes(value);

// Offered as suggestions only: the server accepts any IANA zone and names a wrong one itself.
const TIME_ZONES = Intl.supportedValuesOf('timeZone');

function WebhookFields({ idPrefix = '', values, errors, onChange }: TriggerFieldsProps) {
  return (
    <Field
      id={`${idPrefix}webhook-method`}
      label="HTTP method"
      error={errors['trigger_config.method']}
      render={(control) => (
        <select {...control} value={values.method} onChange={(event) => { if (isMethod(event.target.value)) onChange({ method: event.target.value }); }}>
          {WEBHOOK_METHODS.map((method) => (
            <option key={method}>{method}</option>
          ))}
        </select>
      )}
    />
  );
}

function ScheduleFields({ idPrefix = '', values, errors, onChange }: TriggerFieldsProps) {
  return (
    <>
      <Field
        id={`${idPrefix}schedule-cron`}
        label="Cron expression"
        hint="Five fields: minute hour day-of-month month day-of-week, e.g. 0 2 * * *"
        error={errors['trigger_config.cron']}
        render={(control) => <input {...control} value={values.cron} onChange={(event) => { onChange({ cron: event.target.value }); }} required spellCheck={false} />}
      />
      <Field
        id={`${idPrefix}schedule-timezone`}
        label="Time zone"
        error={errors['trigger_config.timezone']}
        render={(control) => (
          <>
            <input {...control} list={`${idPrefix}time-zones`} value={values.timezone} onChange={(event) => { onChange({ timezone: event.target.value }); }} spellCheck={false} />
            <datalist id={`${idPrefix}time-zones`}>
              {TIME_ZONES.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </>
        )}
      />
    </>
  );
}

function EventFields({ idPrefix = '', values, errors, onChange }: TriggerFieldsProps) {
  return (
    <Field
      id={`${idPrefix}event-name`}
      label="Event name"
      hint="Dotted lowercase, e.g. invoice.paid"
      error={errors['trigger_config.event']}
      render={(control) => <input {...control} value={values.event} onChange={(event) => { onChange({ event: event.target.value }); }} required spellCheck={false} />}
    />
  );
}

/** The inputs of the chosen trigger type; none and manual take no settings. */
export function TriggerFields(props: TriggerFieldsProps) {
  switch (props.values.triggerType) {
    case 'webhook':
      return <WebhookFields {...props} />;
    case 'schedule':
      return <ScheduleFields {...props} />;
    case 'event':
      return <EventFields {...props} />;
    default:
      return null;
  }
}
