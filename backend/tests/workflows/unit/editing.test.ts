import { describe, expect, it } from 'vitest';
import { patchedDefinition } from '../../../src/workflows/domain/editing.js';
import { reviseWorkflow, type Workflow } from '../../../src/workflows/domain/entities.js';
import { WorkflowArchivedError, WorkflowInvalidError } from '../../../src/workflows/domain/exceptions.js';
import type { WorkflowDescription, WorkflowName } from '../../../src/workflows/domain/value-objects.js';
import { aWorkflow, anActor, FIXED_NOW } from '../../support/builders.js';
import { caught } from '../../support/caught.js';

const LATER = new Date(FIXED_NOW.getTime() + 60_000);
const editor = anActor();
const context = { actorId: editor.userId, now: LATER };

/** A draft named "Daily digest" on a weekday schedule in Paris. */
function aDigest(overrides: Partial<Workflow> = {}): Workflow {
  return aWorkflow({ name: 'Daily digest' as WorkflowName, description: 'Sends a digest' as WorkflowDescription, ...overrides });
}

const noTrigger = { type: null, config: {} } as const;

describe('patchedDefinition', () => {
  it('keeps every member the patch leaves out', () => {
    const workflow = aDigest();

    const definition = patchedDefinition(workflow, {});

    expect(definition).toEqual({
      name: 'Daily digest',
      description: 'Sends a digest',
      triggerType: 'schedule',
      triggerConfig: { cron: '0 9 * * MON-FRI', timezone: 'Europe/Paris' },
    });
  });

  it('takes the name from the patch', () => {
    const definition = patchedDefinition(aDigest(), { name: 'Weekly digest' });

    expect(definition.name).toBe('Weekly digest');
  });

  it('resets the description to empty on null', () => {
    const definition = patchedDefinition(aDigest(), { description: null });

    expect(definition.description).toBe('');
  });

  it('takes a new description from the patch', () => {
    const definition = patchedDefinition(aDigest(), { description: 'Posts to Slack' });

    expect(definition.description).toBe('Posts to Slack');
  });

  it('removes the trigger on a null trigger type, configuration included', () => {
    const definition = patchedDefinition(aDigest(), { triggerType: null });

    expect(definition).toMatchObject({ triggerType: null, triggerConfig: {} });
  });

  it('merges the configuration into the current one when the type stays', () => {
    const definition = patchedDefinition(aDigest(), { triggerConfig: { timezone: 'UTC' } });

    expect(definition).toMatchObject({ triggerType: 'schedule', triggerConfig: { cron: '0 9 * * MON-FRI', timezone: 'UTC' } });
  });

  it('merges too when the patch repeats the current type', () => {
    const definition = patchedDefinition(aDigest(), { triggerType: 'schedule', triggerConfig: { cron: '0 8 * * *' } });

    expect(definition.triggerConfig).toEqual({ cron: '0 8 * * *', timezone: 'Europe/Paris' });
  });

  it('removes a configuration key the patch sets to null', () => {
    const definition = patchedDefinition(aDigest(), { triggerConfig: { timezone: null } });

    expect(definition.triggerConfig).toEqual({ cron: '0 9 * * MON-FRI' });
  });

  it('empties the configuration on a null trigger configuration', () => {
    const definition = patchedDefinition(aDigest(), { triggerConfig: null });

    expect(definition).toMatchObject({ triggerType: 'schedule', triggerConfig: {} });
  });

  it('takes the configuration from the patch alone when the type changes', () => {
    const definition = patchedDefinition(aDigest(), { triggerType: 'webhook', triggerConfig: { method: 'GET' } });

    expect(definition).toMatchObject({ triggerType: 'webhook', triggerConfig: { method: 'GET' } });
  });

  it('drops the old configuration when the type changes without one', () => {
    const definition = patchedDefinition(aDigest(), { triggerType: 'manual' });

    expect(definition).toMatchObject({ triggerType: 'manual', triggerConfig: {} });
  });

  it('drops null members of the configuration of a new type', () => {
    const definition = patchedDefinition(aDigest(), { triggerType: 'event', triggerConfig: { event: 'invoice.paid', cron: null } });

    expect(definition.triggerConfig).toEqual({ event: 'invoice.paid' });
  });

  it('leaves the workflow it patches untouched', () => {
    const workflow = aDigest();

    patchedDefinition(workflow, { name: 'Other', description: null, triggerConfig: { timezone: null, cron: '0 8 * * *' } });

    expect(workflow).toMatchObject({ name: 'Daily digest', description: 'Sends a digest', trigger: { config: { cron: '0 9 * * MON-FRI', timezone: 'Europe/Paris' } } });
  });
});

describe('reviseWorkflow', () => {
  it('returns the very same workflow when the definition does not change', () => {
    const workflow = aDigest();

    const revised = reviseWorkflow(workflow, patchedDefinition(workflow, {}), context);

    expect(revised).toBe(workflow);
  });

  it('returns the very same workflow for the same definition written differently', () => {
    const workflow = aDigest();

    const revised = reviseWorkflow(
      workflow,
      { name: '  Daily\u00a0\u00a0digest ', description: 'Sends a digest', triggerType: 'schedule', triggerConfig: { timezone: 'Europe/Paris', cron: '0 9 * * MON-FRI' } },
      context,
    );

    expect(revised).toBe(workflow);
  });

  it('bumps the version and records who changed it and when', () => {
    const workflow = aDigest();

    const revised = reviseWorkflow(workflow, patchedDefinition(workflow, { name: 'Weekly digest' }), context);

    expect(revised).toEqual({ ...workflow, name: 'Weekly digest', version: 2, updatedBy: editor.userId, updatedAt: LATER });
  });

  it('stores the definition parsed, defaults included', () => {
    const workflow = aDigest();

    const revised = reviseWorkflow(workflow, patchedDefinition(workflow, { name: ' Cafe\u0301 digest ', triggerType: 'webhook' }), context);

    expect(revised).toMatchObject({ name: 'Café digest', trigger: { type: 'webhook', config: { method: 'POST' } } });
  });

  it('falls back to UTC when the patch removes the time zone', () => {
    const workflow = aDigest();

    const revised = reviseWorkflow(workflow, patchedDefinition(workflow, { triggerConfig: { timezone: null } }), context);

    expect(revised.trigger).toEqual({ type: 'schedule', config: { cron: '0 9 * * MON-FRI', timezone: 'UTC' } });
  });

  it('refuses every edit of an archived workflow', async () => {
    const workflow = aDigest({ status: 'archived' });

    const error = await caught(() => reviseWorkflow(workflow, patchedDefinition(workflow, { name: 'Weekly digest' }), context), WorkflowArchivedError);

    expect(error).toMatchObject({ code: 'WORKFLOW_ARCHIVED', workflowId: workflow.id });
  });

  it.each(['active', 'paused'] as const)('refuses to remove the trigger of an %s workflow', async (status) => {
    const workflow = aDigest({ status });

    const error = await caught(() => reviseWorkflow(workflow, patchedDefinition(workflow, { triggerType: null }), context), WorkflowInvalidError);

    expect(error.issues.map((issue) => ({ code: issue.code, field: issue.field }))).toEqual([{ code: 'WORKFLOW_TRIGGER_REQUIRED', field: 'triggerType' }]);
  });

  it.each(['active', 'paused'] as const)('lets an %s workflow change its trigger for another', (status) => {
    const workflow = aDigest({ status });

    const revised = reviseWorkflow(workflow, patchedDefinition(workflow, { triggerType: 'manual' }), context);

    expect(revised).toMatchObject({ status, version: 2, trigger: { type: 'manual', config: {} } });
  });

  it('lets a draft lose its trigger', () => {
    const workflow = aDigest();

    const revised = reviseWorkflow(workflow, patchedDefinition(workflow, { triggerType: null }), context);

    expect(revised.trigger).toEqual(noTrigger);
  });

  it('reports every invalid member at once', async () => {
    const workflow = aDigest();

    const error = await caught(
      () => reviseWorkflow(workflow, { name: ' ', description: 'bad\u0000', triggerType: 'schedule', triggerConfig: { cron: 'nope', timezone: 'Mars/Olympus', extra: 1 } }, context),
      WorkflowInvalidError,
    );

    expect(error.issues.map((issue) => issue.field).sort()).toEqual(['description', 'name', 'triggerConfig.cron', 'triggerConfig.extra', 'triggerConfig.timezone']);
  });

  it('reports a missing trigger together with the other invalid members', async () => {
    const workflow = aDigest({ status: 'active' });

    const error = await caught(() => reviseWorkflow(workflow, { name: '', triggerType: null }, context), WorkflowInvalidError);

    expect(error.issues.map((issue) => issue.code).sort()).toEqual(['WORKFLOW_NAME_TOO_SHORT', 'WORKFLOW_TRIGGER_REQUIRED']);
  });

  it('reports an unknown trigger type', async () => {
    const workflow = aDigest();

    const error = await caught(() => reviseWorkflow(workflow, patchedDefinition(workflow, { triggerType: 'cron' }), context), WorkflowInvalidError);

    expect(error.issues.map((issue) => ({ code: issue.code, field: issue.field }))).toEqual([{ code: 'WORKFLOW_TRIGGER_TYPE_INVALID', field: 'triggerType' }]);
  });
});
