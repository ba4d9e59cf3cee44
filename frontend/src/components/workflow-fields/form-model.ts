import type { CreateWorkflowBody, Workflow, WorkflowPatch } from '../../api/index.js';

export const TRIGGER_CHOICES = ['none', 'manual', 'webhook', 'schedule', 'event'] as const;
export type TriggerChoice = (typeof TRIGGER_CHOICES)[number];

export const WEBHOOK_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type WebhookMethod = (typeof WEBHOOK_METHODS)[number];

/** Everything the form holds; only the fields of the chosen trigger reach the request. */
export interface FormValues {
  readonly name: string;
  readonly description: string;
  readonly triggerType: TriggerChoice;
  readonly method: WebhookMethod;
  readonly cron: string;
  readonly timezone: string;
  readonly event: string;
}

export const INITIAL_VALUES: FormValues = {
  name: '',
  description: '',
  triggerType: 'none',
  method: 'POST',
  cron: '',
  timezone: 'UTC',
  event: '',
};

/** The wire paths each trigger type shows as inputs; errors on other paths go to the banner. */
const TRIGGER_PATHS: Readonly<Record<TriggerChoice, readonly string[]>> = {
  none: [],
  manual: [],
  webhook: ['trigger_config.method'],
  schedule: ['trigger_config.cron', 'trigger_config.timezone'],
  event: ['trigger_config.event'],
};

/** The longest name and description the service takes, in characters (code points). */
export const NAME_MAX = 100;
export const DESCRIPTION_MAX = 2000;

export const characters = (text: string): number => Array.from(text).length;

/** A name as the service counts it: NFC, trimmed, runs of (Unicode) spaces as one space. */
export const nameCharacters = (name: string): number => characters(name.normalize('NFC').trim().replace(/\s+/gu, ' '));

/** The wire paths a change of these values touches: changing the trigger type touches its whole configuration. */
const EDITED_PATHS: Readonly<Record<keyof FormValues, readonly string[]>> = {
  name: ['name'],
  description: ['description'],
  triggerType: ['trigger_type', 'trigger_config'],
  method: ['trigger_config.method'],
  cron: ['trigger_config.cron'],
  timezone: ['trigger_config.timezone'],
  event: ['trigger_config.event'],
};

export const editedPaths = (change: Partial<FormValues>): string[] => (Object.keys(change) as (keyof FormValues)[]).flatMap((key) => EDITED_PATHS[key]);

export function inlinePaths(triggerType: TriggerChoice): readonly string[] {
  return ['name', 'description', 'trigger_type', ...TRIGGER_PATHS[triggerType]];
}

function triggerConfig(values: FormValues): NonNullable<CreateWorkflowBody['trigger_config']> {
  switch (values.triggerType) {
    case 'webhook':
      return { method: values.method };
    case 'schedule':
      // An empty zone is left out so the server applies its documented default (UTC).
      return values.timezone.trim() === '' ? { cron: values.cron } : { cron: values.cron, timezone: values.timezone.trim() };
    case 'event':
      return { event: values.event };
    default:
      return {};
  }
}

/** The name is sent as typed: the server owns normalisation, so the form never disagrees with it. */
export function toCreateBody(values: FormValues): CreateWorkflowBody {
  return {
    name: values.name,
    description: values.description,
    trigger_type: values.triggerType === 'none' ? null : values.triggerType,
    trigger_config: triggerConfig(values),
  };
}

const stringOf = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);
const isMethod = (value: unknown): value is WebhookMethod => typeof value === 'string' && (WEBHOOK_METHODS as readonly string[]).includes(value);

/** The form's values for an existing workflow, to edit it. */
export function valuesOf(workflow: Workflow): FormValues {
  const config: Readonly<Record<string, unknown>> = workflow.trigger_config;
  return {
    name: workflow.name,
    description: workflow.description,
    triggerType: workflow.trigger_type ?? 'none',
    method: isMethod(config.method) ? config.method : INITIAL_VALUES.method,
    cron: stringOf(config.cron, ''),
    timezone: stringOf(config.timezone, INITIAL_VALUES.timezone),
    event: stringOf(config.event, ''),
  };
}

/**
 * The merge patch of an edit: every field as the form holds it. Under the same trigger type the
 * configuration is merged into the current one, so an emptied time zone is removed explicitly.
 */
export function toPatchBody(values: FormValues): WorkflowPatch {
  const body = toCreateBody(values);
  const config = values.triggerType === 'schedule' && values.timezone.trim() === '' ? { ...body.trigger_config, timezone: null } : body.trigger_config;
  return { name: body.name, description: body.description ?? '', trigger_type: body.trigger_type ?? null, trigger_config: config ?? {} };
}
