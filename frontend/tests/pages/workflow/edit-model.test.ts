import { describe, expect, it } from 'vitest';
import type { Workflow, WorkflowVersion } from '../../../src/api/index.js';
import { toPatchBody, valuesOf } from '../../../src/components/workflow-fields/form-model.js';
import { changesBetween } from '../../../src/pages/workflow/changes.js';

const version = (overrides: Partial<WorkflowVersion>): WorkflowVersion => ({
  version: 1,
  action: 'workflow.created',
  name: 'Digest',
  description: '',
  status: 'draft',
  trigger_type: null,
  trigger_config: {},
  changed_by: 'user_1',
  changed_at: '2026-01-01T00:00:00Z',
  ...overrides,
});

describe('changesBetween', () => {
  it('lists only the fields that changed, as "field: before → after"', () => {
    const before = version({});
    const after = version({ version: 2, name: 'Digest 2', description: 'Daily', trigger_type: 'manual' });
    expect(changesBetween(before, after)).toEqual(['name: Digest → Digest 2', 'description: — → Daily', 'trigger: No trigger yet → Started by hand']);
    expect(changesBetween(before, version({ version: 2 }))).toEqual([]);
    expect(changesBetween(before, version({ version: 2, status: 'archived' }))).toEqual(['status: draft → archived']);
    // A setting the words leave out (one a later version of the API could add) still shows as a change.
    const config = (secret: string) => ({ method: 'POST', secret }) as WorkflowVersion['trigger_config'];
    const webhook = version({ trigger_type: 'webhook', trigger_config: config('a') });
    expect(changesBetween(webhook, { ...webhook, trigger_config: config('b') })).toEqual([
      'trigger: webhook {"method":"POST","secret":"a"} → webhook {"method":"POST","secret":"b"}',
    ]);
  });
});

describe('the edit form model', () => {
  const workflow = {
    id: 'w',
    name: 'Digest',
    description: 'Daily',
    trigger_type: 'schedule',
    trigger_config: { cron: '0 2 * * *', timezone: 'Europe/Paris' },
    version: 3,
  } as unknown as Workflow;

  it('fills the form from the workflow and sends every field back as a merge patch', () => {
    const values = valuesOf(workflow);
    expect(values).toMatchObject({ name: 'Digest', description: 'Daily', triggerType: 'schedule', cron: '0 2 * * *', timezone: 'Europe/Paris' });
    expect(toPatchBody(values)).toEqual({ name: 'Digest', description: 'Daily', trigger_type: 'schedule', trigger_config: { cron: '0 2 * * *', timezone: 'Europe/Paris' } });
  });

  it('removes an emptied time zone, and clears the trigger when set to none', () => {
    expect(toPatchBody({ ...valuesOf(workflow), timezone: ' ' }).trigger_config).toEqual({ cron: '0 2 * * *', timezone: null });
    expect(toPatchBody({ ...valuesOf(workflow), triggerType: 'none' })).toMatchObject({ trigger_type: null, trigger_config: {} });
  });
});
