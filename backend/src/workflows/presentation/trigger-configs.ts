import { MAX_EXPRESSION_LENGTH } from '../domain/cron.js';
import { EVENT_NAME, EVENT_NAME_MAX_LENGTH, WEBHOOK_METHODS } from '../domain/value-objects.js';

/**
 * The shape of `trigger_config` for each trigger type, as the document shows it. The domain checks
 * a configuration against its type (422 with the path at fault); these schemas tell clients the
 * shapes. Each needs what tells it apart, so exactly one matches a valid configuration: `{}` is
 * the manual (or absent) trigger's, and a webhook left at its default method.
 */
export const TRIGGER_CONFIG_SCHEMAS = {
  ManualTriggerConfig: {
    type: 'object',
    description: 'No trigger, or manual: no settings. A webhook sent with {} takes its default method, POST.',
    maxProperties: 0,
    additionalProperties: false,
  },
  WebhookTriggerConfig: {
    type: 'object',
    description: 'webhook: the HTTP method the hook answers',
    properties: { method: { type: 'string', enum: [...WEBHOOK_METHODS], default: 'POST' } },
    required: ['method'],
    additionalProperties: false,
  },
  ScheduleTriggerConfig: {
    type: 'object',
    description: 'schedule: a 5-field cron expression in a time zone',
    properties: {
      cron: { type: 'string', minLength: 1, maxLength: MAX_EXPRESSION_LENGTH, examples: ['*/15 9-17 * * MON-FRI'] },
      timezone: { type: 'string', maxLength: 64, default: 'UTC', description: 'IANA time zone name, stored under its canonical name', examples: ['Europe/Paris'] },
    },
    required: ['cron'],
    additionalProperties: false,
  },
  EventTriggerConfig: {
    type: 'object',
    description: 'event: the name of the event that starts the workflow',
    properties: { event: { type: 'string', maxLength: EVENT_NAME_MAX_LENGTH, pattern: EVENT_NAME.source, examples: ['invoice.paid'] } },
    required: ['event'],
    additionalProperties: false,
  },
} as const;

/** `trigger_config` in a request or a response: one of the shapes above. */
export const TRIGGER_CONFIG_SHAPES = { oneOf: Object.keys(TRIGGER_CONFIG_SCHEMAS).map((name) => ({ $ref: `#/components/schemas/${name}` })) };
