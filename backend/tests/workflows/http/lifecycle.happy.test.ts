import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken, type TestApp } from '../../support/app.js';
import { aClock, FIXED_NOW } from '../../support/builders.js';
import { closeSharedDatabases } from '../../support/database.js';
import { act, aWorkflowIn, type Action, type Status } from '../../support/lifecycle.js';
import { recorded, type WorkflowBody } from '../../support/wire.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(closeSharedDatabases);

/** Every allowed transition: action, from, to, audit action. */
const TRANSITIONS = [
  ['activate', 'draft', 'active', 'workflow.activated'],
  ['pause', 'active', 'paused', 'workflow.paused'],
  ['activate', 'paused', 'active', 'workflow.activated'],
  ['archive', 'draft', 'archived', 'workflow.archived'],
  ['archive', 'active', 'archived', 'workflow.archived'],
  ['archive', 'paused', 'archived', 'workflow.archived'],
  ['unarchive', 'archived', 'draft', 'workflow.unarchived'],
] as const satisfies readonly (readonly [Action, Status, Status, string])[];

/** Each action on a workflow already in its target status. */
const REPEATS = [
  ['activate', 'active'],
  ['pause', 'paused'],
  ['archive', 'archived'],
  ['unarchive', 'draft'],
] as const satisfies readonly (readonly [Action, Status])[];

async function history(app: TestApp, id: string) {
  const audits = await queryRows<{ n: number }>(app.database, sql`select count(*)::int as n from audit_logs where entity_id = ${id}`);
  const versions = await queryRows<{ n: number }>(app.database, sql`select count(*)::int as n from workflow_versions where workflow_id = ${id}`);
  return { audits: audits[0]?.n, versions: versions[0]?.n };
}

describe('lifecycle actions — allowed transitions', () => {
  it.each(TRANSITIONS)('%s takes a %s workflow to %s, one version up, with its ETag', async (action, from, to) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowIn(from, app, token);

    const response = await act(app, workflow.id, action, token);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: workflow.id, status: to, version: workflow.version + 1 });
    expect(response.headers.etag).toBe(`"${String(workflow.version + 1)}"`);
  });

  it.each(TRANSITIONS)('%s of a %s workflow is read back as %s', async (action, from, to) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowIn(from, app, token);
    const changed = await act(app, workflow.id, action, token);

    const response = await app.request({ method: 'GET', url: `/api/v1/workflows/${workflow.id}`, token });

    expect(response.json()).toEqual(changed.json());
    expect(response.json()).toMatchObject({ status: to });
  });

  it.each(TRANSITIONS)('%s of a %s workflow (to %s) writes one %s audit row with the workflow before and after', async (action, from, _to, auditAction) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowIn(from, app, token);
    const before = await app.request({ method: 'GET', url: `/api/v1/workflows/${workflow.id}`, token });
    const after = await act(app, workflow.id, action, token);

    const rows = await queryRows(app.database, sql`select action, changes from audit_logs where entity_id = ${workflow.id} and (changes->'after'->>'version')::int = ${workflow.version + 1}`);

    expect(rows).toEqual([{ action: auditAction, changes: { before: recorded(before.json()), after: recorded(after.json()) } }]);
  });

  it.each(TRANSITIONS)('%s of a %s workflow writes its version row in status %s', async (action, from, to, auditAction) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowIn(from, app, token);
    await act(app, workflow.id, action, token);

    const rows = await queryRows(app.database, sql`select action, status from workflow_versions where workflow_id = ${workflow.id} and version = ${workflow.version + 1}`);

    expect(rows).toEqual([{ action: auditAction, status: to }]);
  });

  it.each(['manual', 'webhook', 'schedule', 'event'])('activates a draft with a %s trigger', async (triggerType) => {
    const app = await aTestApp();
    const token = await aToken();
    const config = { manual: {}, webhook: { method: 'POST' }, schedule: { cron: '0 9 * * *' }, event: { event: 'invoice.paid' } }[triggerType];
    const workflow = await aWorkflowIn('draft', app, token, { trigger_type: triggerType, trigger_config: config });

    const response = await act(app, workflow.id, 'activate', token);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'active', trigger_type: triggerType });
  });

  it('stamps the change with its time and author, keeping the creation time', async () => {
    const clock = aClock();
    const app = await aTestApp({ clock });
    const token = await aToken();
    const workflow = await aWorkflowIn('draft', app, token);
    clock.advance(3_600_000);

    const response = await act(app, workflow.id, 'activate', token);

    expect(response.json()).toMatchObject({
      created_at: FIXED_NOW.toISOString(),
      updated_at: new Date(FIXED_NOW.getTime() + 3_600_000).toISOString(),
    });
  });

  it('applies the action when If-Match names the current version', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowIn('active', app, token);

    const response = await act(app, workflow.id, 'pause', token, { 'if-match': '"2"' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'paused', version: 3 });
  });

  it('applies the action when If-Match is *', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowIn('draft', app, token);

    const response = await act(app, workflow.id, 'archive', token, { 'if-match': '*' });

    expect(response.statusCode).toBe(200);
  });

  it('keeps one audit row and one version row per change along the whole lifecycle', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowIn('draft', app, token);
    for (const action of ['activate', 'pause', 'activate', 'archive', 'unarchive'] as const) await act(app, workflow.id, action, token);

    const rows = await queryRows(app.database, sql`select version, action, status from workflow_versions where workflow_id = ${workflow.id} order by version`);

    expect(rows).toEqual([
      { version: 1, action: 'workflow.created', status: 'draft' },
      { version: 2, action: 'workflow.activated', status: 'active' },
      { version: 3, action: 'workflow.paused', status: 'paused' },
      { version: 4, action: 'workflow.activated', status: 'active' },
      { version: 5, action: 'workflow.archived', status: 'archived' },
      { version: 6, action: 'workflow.unarchived', status: 'draft' },
    ]);
    expect(await history(app, workflow.id)).toEqual({ audits: 6, versions: 6 });
  });
});

describe('lifecycle actions — repeats change nothing', () => {
  it.each(REPEATS)('%s on a workflow already %s answers 200 with it unchanged', async (action, status) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowIn(status, app, token);

    const response = await act(app, workflow.id, action, token);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(workflow);
    expect(response.headers.etag).toBe(`"${String(workflow.version)}"`);
  });

  it.each(REPEATS)('%s on a workflow already %s writes no audit or version row', async (action, status) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowIn(status, app, token);
    const earlier = await history(app, workflow.id);

    await act(app, workflow.id, action, token);

    expect(await history(app, workflow.id)).toEqual(earlier);
  });

  it('leaves updated_at as it was on a repeat', async () => {
    const clock = aClock();
    const app = await aTestApp({ clock });
    const token = await aToken();
    const workflow = await aWorkflowIn('active', app, token);
    clock.advance(60_000);

    const response = await act(app, workflow.id, 'activate', token);

    expect(response.json<WorkflowBody>().updated_at).toBe(workflow.updated_at);
  });

  it('answers a repeat sent with the current If-Match with 200', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowIn('paused', app, token);

    const response = await act(app, workflow.id, 'pause', token, { 'if-match': `"${String(workflow.version)}"` });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ version: workflow.version });
  });
});
