import { describe, expect, it } from 'vitest';
import type { Workflow } from '../../../src/workflows/domain/entities.js';
import { InvalidStatusTransitionError, WorkflowNotFoundError } from '../../../src/workflows/domain/exceptions.js';
import { allowedActions, changeStatus, restoreWorkflow, trashWorkflow, type LifecycleAction } from '../../../src/workflows/domain/lifecycle.js';
import type { WorkflowStatus } from '../../../src/workflows/domain/value-objects.js';
import { aWorkflow, anActor, FIXED_NOW } from '../../support/builders.js';
import { caught } from '../../support/caught.js';

const DAY_MS = 86_400_000;
const WINDOW_MS = 30 * DAY_MS;
const LATER = new Date(FIXED_NOW.getTime() + 60_000);
const changer = anActor();
const context = { actorId: changer.userId, now: LATER };

const withoutTrigger = { trigger: { type: null, config: {} } } as const;

function inStatus(status: WorkflowStatus, overrides: Partial<Workflow> = {}): Workflow {
  return aWorkflow({ status, ...overrides });
}

describe('allowedActions', () => {
  it.each([
    ['draft', ['activate', 'archive']],
    ['active', ['pause', 'archive']],
    ['paused', ['activate', 'archive']],
    ['archived', ['unarchive']],
  ] as const)('allows %s workflows with a trigger to %j', (status, actions) => {
    expect(allowedActions(inStatus(status))).toEqual(actions);
  });

  it('does not offer to activate a draft without a trigger', () => {
    expect(allowedActions(inStatus('draft', withoutTrigger))).toEqual(['archive']);
  });
});

describe('changeStatus', () => {
  it.each([
    ['draft', 'activate', 'active'],
    ['active', 'pause', 'paused'],
    ['paused', 'activate', 'active'],
    ['draft', 'archive', 'archived'],
    ['active', 'archive', 'archived'],
    ['paused', 'archive', 'archived'],
    ['archived', 'unarchive', 'draft'],
  ] as const)('takes a %s workflow to %s: %s at the next version', (from, action, to) => {
    const workflow = inStatus(from);

    const changed = changeStatus(workflow, action, context);

    expect(changed).toEqual({ ...workflow, status: to, version: 2, updatedBy: changer.userId, updatedAt: LATER });
  });

  it.each([
    ['draft', 'pause', ['activate', 'archive']],
    ['active', 'unarchive', ['pause', 'archive']],
    ['paused', 'unarchive', ['activate', 'archive']],
    ['archived', 'activate', ['unarchive']],
    ['archived', 'pause', ['unarchive']],
  ] as const)('refuses to take a %s workflow through %s, naming the allowed actions', async (status, action, allowed) => {
    const workflow = inStatus(status);

    const error = await caught(() => changeStatus(workflow, action, context), InvalidStatusTransitionError);

    expect(error).toMatchObject({ code: 'INVALID_STATUS_TRANSITION', status, action, allowedActions: allowed });
  });

  it('refuses to activate a draft without a trigger, and says why', async () => {
    const workflow = inStatus('draft', withoutTrigger);

    const error = await caught(() => changeStatus(workflow, 'activate', context), InvalidStatusTransitionError);

    expect(error).toMatchObject({ status: 'draft', action: 'activate', allowedActions: ['archive'] });
    expect(error.message).toMatch(/without a trigger/);
  });

  it('does not blame the trigger when the status itself forbids the action', async () => {
    const workflow = inStatus('archived', withoutTrigger);

    const error = await caught(() => changeStatus(workflow, 'activate', context), InvalidStatusTransitionError);

    expect(error.message).not.toMatch(/trigger/);
  });

  it.each([
    ['active', 'activate'],
    ['paused', 'pause'],
    ['archived', 'archive'],
    ['draft', 'unarchive'],
  ] as const)('changes nothing on a %s workflow asked to %s', (status, action: LifecycleAction) => {
    const workflow = inStatus(status);

    const changed = changeStatus(workflow, action, context);

    expect(changed).toBe(workflow);
  });
});

describe('trashWorkflow', () => {
  it('marks the deletion time and bumps the version, keeping the status', () => {
    const workflow = inStatus('active');

    const trashed = trashWorkflow(workflow, context);

    expect(trashed).toEqual({ ...workflow, deletedAt: LATER, version: 2, updatedBy: changer.userId, updatedAt: LATER });
  });
});

describe('restoreWorkflow', () => {
  const deletedAt = FIXED_NOW;
  const restoring = (afterMs: number) => ({ actorId: changer.userId, now: new Date(deletedAt.getTime() + afterMs) });

  it('brings an active workflow back paused, at the next version', () => {
    const workflow = inStatus('active', { deletedAt, version: 2 });

    const restored = restoreWorkflow(workflow, restoring(DAY_MS), WINDOW_MS);

    expect(restored).toEqual({ ...workflow, status: 'paused', deletedAt: null, version: 3, updatedBy: changer.userId, updatedAt: restoring(DAY_MS).now });
  });

  it.each(['draft', 'paused', 'archived'] as const)('brings a %s workflow back in its status', (status) => {
    const workflow = inStatus(status, { deletedAt, version: 2 });

    const restored = restoreWorkflow(workflow, restoring(DAY_MS), WINDOW_MS);

    expect(restored).toMatchObject({ status, deletedAt: null, version: 3 });
  });

  it('restores on the last moment of the window', () => {
    const workflow = inStatus('draft', { deletedAt });

    const restored = restoreWorkflow(workflow, restoring(WINDOW_MS), WINDOW_MS);

    expect(restored.deletedAt).toBeNull();
  });

  it('reports a workflow deleted longer ago than the window as not found', async () => {
    const workflow = inStatus('draft', { deletedAt });

    const error = await caught(() => restoreWorkflow(workflow, restoring(WINDOW_MS + 1), WINDOW_MS), WorkflowNotFoundError);

    expect(error).toMatchObject({ code: 'WORKFLOW_NOT_FOUND', workflowId: workflow.id });
  });

  it('changes nothing on a live workflow', () => {
    const workflow = inStatus('active');

    const restored = restoreWorkflow(workflow, context, WINDOW_MS);

    expect(restored).toBe(workflow);
  });
});
