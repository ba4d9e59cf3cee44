import { describe, it, expect } from 'vitest';

import type { DomainError } from '../../../src/shared/errors.js';
import {
  InvalidTriggerConfigError,
  InvalidTriggerTypeError,
  WorkflowInvalidError,
} from '../../../src/workflows/domain/exceptions.js';
import { parseTrigger, WEBHOOK_METHODS } from '../../../src/workflows/domain/value-objects.js';
import { caught } from '../../support/caught.js';

async function issuesOf(action: () => unknown): Promise<readonly DomainError[]> {
  return (await caught(action, WorkflowInvalidError)).issues;
}

async function fieldsOf(action: () => unknown): Promise<(string | undefined)[]> {
  return (await issuesOf(action)).map((issue) => issue.field);
}

describe('parseTrigger without a trigger', () => {
  it('accepts no type with an empty configuration', () => {
    const trigger = parseTrigger(null, {});

    expect(trigger).toEqual({ type: null, config: {} });
  });

  it('refuses a configuration key when there is no trigger', async () => {
    const issues = await issuesOf(() => parseTrigger(null, { cron: '* * * * *' }));

    expect(issues).toHaveLength(1);
    expect(issues[0]).toBeInstanceOf(InvalidTriggerConfigError);
    expect(issues[0]).toMatchObject({ code: 'WORKFLOW_TRIGGER_CONFIG_INVALID', field: 'triggerConfig.cron' });
    expect(issues[0]?.message).toBe('unknown key "cron": a workflow without a trigger takes no configuration');
  });
});

describe('parseTrigger for an unknown type', () => {
  it('refuses a type outside the list', async () => {
    const issues = await issuesOf(() => parseTrigger('cron', {}));

    expect(issues).toHaveLength(1);
    expect(issues[0]).toBeInstanceOf(InvalidTriggerTypeError);
    expect(issues[0]).toMatchObject({ code: 'WORKFLOW_TRIGGER_TYPE_INVALID', field: 'triggerType' });
    expect(issues[0]?.message).toBe('trigger type "cron" is not one of manual, webhook, schedule, event');
  });

  it('refuses a type in the wrong case', async () => {
    const fields = await fieldsOf(() => parseTrigger('Manual', {}));

    expect(fields).toEqual(['triggerType']);
  });
});

describe('parseTrigger for a configuration that is not an object', () => {
  it('refuses an array', async () => {
    const issues = await issuesOf(() => parseTrigger('manual', [] as unknown as Record<string, unknown>));

    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ field: 'triggerConfig', message: 'trigger configuration must be an object' });
  });
});

describe('parseTrigger for a manual trigger', () => {
  it('accepts an empty configuration', () => {
    const trigger = parseTrigger('manual', {});

    expect(trigger).toEqual({ type: 'manual', config: {} });
  });

  it('reports each configuration key as its own issue', async () => {
    const issues = await issuesOf(() => parseTrigger('manual', { method: 'POST', retries: 3 }));

    expect(issues.map((issue) => issue.field)).toEqual(['triggerConfig.method', 'triggerConfig.retries']);
    expect(issues[1]?.message).toBe('unknown key "retries": a manual trigger takes no configuration');
  });

  it('refuses a __proto__ key coming from JSON', async () => {
    const config = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;

    const fields = await fieldsOf(() => parseTrigger('manual', config));

    expect(fields).toEqual(['triggerConfig.__proto__']);
  });
});

describe('parseTrigger for a webhook', () => {
  it('defaults the method to POST', () => {
    const trigger = parseTrigger('webhook', {});

    expect(trigger).toEqual({ type: 'webhook', config: { method: 'POST' } });
  });

  it.each(WEBHOOK_METHODS)('accepts the method %s', (method) => {
    const trigger = parseTrigger('webhook', { method });

    expect(trigger).toEqual({ type: 'webhook', config: { method } });
  });

  it('refuses a method in lower case', async () => {
    const issues = await issuesOf(() => parseTrigger('webhook', { method: 'post' }));

    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      field: 'triggerConfig.method',
      message: 'method must be one of GET, POST, PUT, PATCH, DELETE',
    });
  });

  it('refuses a method outside the list', async () => {
    const fields = await fieldsOf(() => parseTrigger('webhook', { method: 'HEAD' }));

    expect(fields).toEqual(['triggerConfig.method']);
  });

  it('refuses a method that is not a string', async () => {
    const issues = await issuesOf(() => parseTrigger('webhook', { method: 1 }));

    expect(issues[0]?.message).toBe('method must be a string, not a number');
  });

  it('refuses a null method instead of defaulting it', async () => {
    const issues = await issuesOf(() => parseTrigger('webhook', { method: null }));

    expect(issues[0]?.message).toBe('method must be a string, not null');
  });

  it('refuses an unknown key next to a valid method', async () => {
    const issues = await issuesOf(() => parseTrigger('webhook', { method: 'GET', secret: 'x' }));

    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      field: 'triggerConfig.secret',
      message: 'unknown key "secret": a webhook trigger takes only method',
    });
  });
});

describe('parseTrigger for a schedule', () => {
  it('defaults the time zone to UTC', () => {
    const trigger = parseTrigger('schedule', { cron: '0 9 * * MON-FRI' });

    expect(trigger).toEqual({ type: 'schedule', config: { cron: '0 9 * * MON-FRI', timezone: 'UTC' } });
  });

  it('keeps a given IANA time zone', () => {
    const trigger = parseTrigger('schedule', { cron: '0 9 * * *', timezone: 'Europe/Paris' });

    expect(trigger).toEqual({ type: 'schedule', config: { cron: '0 9 * * *', timezone: 'Europe/Paris' } });
  });

  it('stores a time zone written in capitals under its canonical name', () => {
    const trigger = parseTrigger('schedule', { cron: '0 9 * * *', timezone: 'EUROPE/PARIS' });

    expect(trigger).toEqual({ type: 'schedule', config: { cron: '0 9 * * *', timezone: 'Europe/Paris' } });
  });

  it('accepts a time zone in lower case and stores its canonical name', () => {
    const trigger = parseTrigger('schedule', { cron: '0 9 * * *', timezone: 'utc' });

    expect(trigger).toEqual({ type: 'schedule', config: { cron: '0 9 * * *', timezone: 'UTC' } });
  });

  it('stores the cron expression with normalised spacing', () => {
    const trigger = parseTrigger('schedule', { cron: ' 0  9 * *\t* ' });

    expect(trigger).toEqual({ type: 'schedule', config: { cron: '0 9 * * *', timezone: 'UTC' } });
  });

  it('requires a cron expression', async () => {
    const issues = await issuesOf(() => parseTrigger('schedule', { timezone: 'UTC' }));

    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ field: 'triggerConfig.cron', message: 'cron is required' });
  });

  it('refuses a cron expression given as a number', async () => {
    const issues = await issuesOf(() => parseTrigger('schedule', { cron: 5 }));

    expect(issues[0]).toMatchObject({ field: 'triggerConfig.cron', message: 'cron must be a string, not a number' });
  });

  it('passes on the precise reason a cron expression is refused', async () => {
    const issues = await issuesOf(() => parseTrigger('schedule', { cron: '61 * * * *' }));

    expect(issues[0]).toMatchObject({ field: 'triggerConfig.cron', message: 'minute field: 61 is out of range 0-59' });
  });

  it('refuses a schedule that never runs and says why', async () => {
    const issues = await issuesOf(() => parseTrigger('schedule', { cron: '0 0 31 2 *' }));

    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      field: 'triggerConfig.cron',
      message: 'this schedule never runs: February has no day 31',
    });
  });

  it('refuses a cron expression over 256 characters', async () => {
    const issues = await issuesOf(() => parseTrigger('schedule', { cron: `0 0 * * *${' '.repeat(300)}` }));

    expect(issues[0]).toMatchObject({
      field: 'triggerConfig.cron',
      message: 'a cron expression has at most 256 characters; this one has 309',
    });
  });

  it('refuses a time zone that is not an IANA name', async () => {
    const issues = await issuesOf(() => parseTrigger('schedule', { cron: '* * * * *', timezone: '+01:00' }));

    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      field: 'triggerConfig.timezone',
      message: 'timezone must be an IANA time zone name such as "Europe/Paris" or "UTC"',
    });
  });

  it('refuses a time zone that is not a string', async () => {
    const issues = await issuesOf(() => parseTrigger('schedule', { cron: '* * * * *', timezone: true }));

    expect(issues[0]?.message).toBe('timezone must be a string, not a boolean');
  });

  it('reports a bad cron, a bad time zone and an unknown key together', async () => {
    const fields = await fieldsOf(() => parseTrigger('schedule', { cron: '@daily', timezone: 'Mars/Base', every: '1h' }));

    expect(fields).toEqual(['triggerConfig.every', 'triggerConfig.cron', 'triggerConfig.timezone']);
  });

  it('ignores keys inherited from a prototype', async () => {
    const config = Object.create({ cron: '* * * * *' }) as Record<string, unknown>;

    const issues = await issuesOf(() => parseTrigger('schedule', config));

    expect(issues[0]?.message).toBe('cron is required');
  });
});

describe('parseTrigger for an event', () => {
  it('accepts a dotted lower-case name', () => {
    const trigger = parseTrigger('event', { event: 'invoice.paid' });

    expect(trigger).toEqual({ type: 'event', config: { event: 'invoice.paid' } });
  });

  it('accepts several segments with digits and underscores', () => {
    const trigger = parseTrigger('event', { event: 'billing.invoice_v2.line_item.created' });

    expect(trigger.config).toEqual({ event: 'billing.invoice_v2.line_item.created' });
  });

  it('accepts a name of exactly 100 characters', () => {
    const event = `a.${'b'.repeat(98)}`;

    const trigger = parseTrigger('event', { event });

    expect(trigger.config).toEqual({ event });
  });

  it('refuses a name over 100 characters', async () => {
    const issues = await issuesOf(() => parseTrigger('event', { event: `a.${'b'.repeat(99)}` }));

    expect(issues[0]).toMatchObject({ field: 'triggerConfig.event', message: 'event must have at most 100 characters' });
  });

  it('requires an event name', async () => {
    const issues = await issuesOf(() => parseTrigger('event', {}));

    expect(issues[0]).toMatchObject({ field: 'triggerConfig.event', message: 'event is required' });
  });

  it.each([
    ['a single word', 'invoice'],
    ['upper case', 'Invoice.Paid'],
    ['a segment starting with a digit', 'invoice.2paid'],
    ['a trailing dot', 'invoice.paid.'],
    ['an empty segment', 'invoice..paid'],
    ['a hyphen', 'invoice.was-paid'],
    ['spaces', ' invoice.paid'],
    ['an empty string', ''],
  ])('refuses a name with %s', async (_label, event) => {
    const issues = await issuesOf(() => parseTrigger('event', { event }));

    expect(issues[0]).toMatchObject({
      field: 'triggerConfig.event',
      message: 'event must be dotted lower-case words such as "invoice.paid"',
    });
  });

  it('refuses an event given as an array', async () => {
    const issues = await issuesOf(() => parseTrigger('event', { event: ['invoice.paid'] }));

    expect(issues[0]?.message).toBe('event must be a string, not an array');
  });

  it('refuses an event given as an object', async () => {
    const issues = await issuesOf(() => parseTrigger('event', { event: { name: 'invoice.paid' } }));

    expect(issues[0]?.message).toBe('event must be a string, not an object');
  });
});
