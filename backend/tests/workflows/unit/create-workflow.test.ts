import { describe, it, expect } from 'vitest';
import { caught } from '../../support/caught.js';

import type { AccountId, UserId } from '../../../src/shared/ids.js';
import { createWorkflow, type NewWorkflow } from '../../../src/workflows/domain/entities.js';
import {
  captureIssues,
  WorkflowInvalidError,
  WorkflowNameTakenError,
  WorkflowNameTooShortError,
} from '../../../src/workflows/domain/exceptions.js';

const ACCOUNT = '0190a6c2-7d3e-7a41-9b2c-5e8f1a2b3c4d' as AccountId;
const ACTOR = '0190a6c2-7d3e-7a41-9b2c-000000000001' as UserId;
const CONTEXT = { id: '0190a6c2-7d3e-7a41-9b2c-00000000beef', now: new Date('2026-03-01T12:00:00.000Z') };

function aNewWorkflow(overrides: Partial<NewWorkflow> = {}): NewWorkflow {
  return { accountId: ACCOUNT, actorId: ACTOR, name: 'Sync invoices', ...overrides };
}

async function invalidOf(action: () => unknown): Promise<WorkflowInvalidError> {
  const error = await caught(action);
  if (!(error instanceof WorkflowInvalidError)) throw error;
  return error;
}

describe('createWorkflow', () => {
  it('creates a draft at version 1 owned by the account and written by the actor', () => {
    const workflow = createWorkflow(aNewWorkflow(), CONTEXT);

    expect(workflow).toEqual({
      id: CONTEXT.id,
      accountId: ACCOUNT,
      name: 'Sync invoices',
      description: '',
      status: 'draft',
      trigger: { type: null, config: {} },
      version: 1,
      createdBy: ACTOR,
      updatedBy: ACTOR,
      createdAt: CONTEXT.now,
      updatedAt: CONTEXT.now,
      deletedAt: null,
    });
  });

  it('stores the normalised name', () => {
    const workflow = createWorkflow(aNewWorkflow({ name: '  Cafe\u0301\u00A0\u00A0report ' }), CONTEXT);

    expect(workflow.name).toBe('Caf\u00E9 report');
  });

  it('keeps the description', () => {
    const workflow = createWorkflow(aNewWorkflow({ description: 'Runs nightly.\nPosts to Slack.' }), CONTEXT);

    expect(workflow.description).toBe('Runs nightly.\nPosts to Slack.');
  });

  it('accepts an explicit null trigger type with an empty configuration', () => {
    const workflow = createWorkflow(aNewWorkflow({ triggerType: null, triggerConfig: {} }), CONTEXT);

    expect(workflow.trigger).toEqual({ type: null, config: {} });
  });

  it('parses the trigger with its configuration', () => {
    const input = aNewWorkflow({ triggerType: 'schedule', triggerConfig: { cron: '0  9 * * MON', timezone: 'Europe/Paris' } });

    const workflow = createWorkflow(input, CONTEXT);

    expect(workflow.trigger).toEqual({ type: 'schedule', config: { cron: '0 9 * * MON', timezone: 'Europe/Paris' } });
  });

  it('refuses an invalid name inside a WorkflowInvalidError', async () => {
    const error = await invalidOf(() => createWorkflow(aNewWorkflow({ name: '   ' }), CONTEXT));

    expect(error.code).toBe('WORKFLOW_INVALID');
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toBeInstanceOf(WorkflowNameTooShortError);
  });

  it('reports every invalid field together', async () => {
    const input = aNewWorkflow({
      name: 'Sync\u200B',
      description: 'bell\u0007',
      triggerType: 'schedule',
      triggerConfig: { cron: '* * *', timezone: 'Mars/Base', extra: 1 },
    });

    const error = await invalidOf(() => createWorkflow(input, CONTEXT));

    expect(error.issues.map((issue) => [issue.field, issue.code])).toEqual([
      ['name', 'WORKFLOW_NAME_INVALID_CHARACTERS'],
      ['description', 'WORKFLOW_DESCRIPTION_INVALID_CHARACTERS'],
      ['triggerConfig.extra', 'WORKFLOW_TRIGGER_CONFIG_INVALID'],
      ['triggerConfig.cron', 'WORKFLOW_TRIGGER_CONFIG_INVALID'],
      ['triggerConfig.timezone', 'WORKFLOW_TRIGGER_CONFIG_INVALID'],
    ]);
  });

  it('reports an unknown trigger type next to a too long description', async () => {
    const input = aNewWorkflow({ description: 'x'.repeat(2001), triggerType: 'cron' });

    const error = await invalidOf(() => createWorkflow(input, CONTEXT));

    expect(error.issues.map((issue) => issue.code)).toEqual([
      'WORKFLOW_DESCRIPTION_TOO_LONG',
      'WORKFLOW_TRIGGER_TYPE_INVALID',
    ]);
  });

  it('never nests one WorkflowInvalidError in another', async () => {
    const input = aNewWorkflow({ name: '', triggerType: 'manual', triggerConfig: { a: 1 } });

    const error = await invalidOf(() => createWorkflow(input, CONTEXT));

    expect(error.issues.some((issue) => issue instanceof WorkflowInvalidError)).toBe(false);
  });

  it('lists the problems in the message of the error', async () => {
    const error = await invalidOf(() => createWorkflow(aNewWorkflow({ name: '', triggerType: 'cron' }), CONTEXT));

    expect(error.message).toBe(
      'workflow is invalid: name must have at least 1 character after trimming spaces; ' +
        'trigger type "cron" is not one of manual, webhook, schedule, event',
    );
  });
});

describe('captureIssues', () => {
  it('returns the value of a parse that succeeds', () => {
    const issues: WorkflowInvalidError[] = [];

    const value = captureIssues(issues, () => 42);

    expect(value).toBe(42);
    expect(issues).toEqual([]);
  });

  it('lets an error that is not a domain error escape', () => {
    const action = () => {
      captureIssues([], () => {
        throw new TypeError('bug');
      });
    };

    expect(action).toThrow(TypeError);
  });
});

describe('a name conflict', () => {
  it('refuses to be raised without the id of the workflow holding the name', () => {
    expect(() => new WorkflowNameTakenError('')).toThrow(/needs the id of the workflow holding the name/);
  });
});
