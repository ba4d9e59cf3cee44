import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken, type TestApp } from '../../support/app.js';
import { closeSharedDatabases } from '../../support/database.js';
import { act, aWorkflowIn, type Action, type Status } from '../../support/lifecycle.js';
import { expectProblem } from '../../support/problems.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(closeSharedDatabases);

const ACTIONS: readonly Action[] = ['activate', 'pause', 'archive', 'unarchive'];
/** Every refused transition of a workflow with a trigger: action, current status, the actions allowed instead. */
const REFUSED = [
  ['pause', 'draft', ['activate', 'archive']],
  ['unarchive', 'active', ['pause', 'archive']],
  ['unarchive', 'paused', ['activate', 'archive']],
  ['activate', 'archived', ['unarchive']],
  ['pause', 'archived', ['unarchive']],
] as const satisfies readonly (readonly [Action, Status, readonly Action[]])[];

/** The workflow's version and status as stored, with the count of its audit rows. */
async function stored(app: TestApp, id: string) {
  const [row] = await queryRows<{ version: number; status: string; audits: number }>(
    app.database,
    sql`select version, status, (select count(*)::int from audit_logs where entity_id = ${id}) as audits from workflows where id = ${id}`,
  );
  return row;
}

describe('lifecycle actions — refused transitions', () => {
  it.each(REFUSED)('refuses to %s a %s workflow with 409 INVALID_STATUS_TRANSITION and the allowed actions', async (action, status, allowed) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowIn(status, app, token);

    const response = await act(app, workflow.id, action, token);

    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 409, code: 'INVALID_STATUS_TRANSITION', workflow_status: status, allowed_actions: allowed });
  });

  it.each(REFUSED)('writes nothing when refusing to %s a %s workflow', async (action, status) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowIn(status, app, token);
    const before = await stored(app, workflow.id);

    await act(app, workflow.id, action, token);

    expect(await stored(app, workflow.id)).toEqual(before);
  });

  it('refuses to activate a draft without a trigger, offering only archive', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowIn('draft', app, token, { trigger_type: null, trigger_config: {} });

    const response = await act(app, workflow.id, 'activate', token);

    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'INVALID_STATUS_TRANSITION', workflow_status: 'draft', allowed_actions: ['archive'] });
  });

  it('keeps a draft without a trigger a draft when activation is refused', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowIn('draft', app, token, { trigger_type: null, trigger_config: {} });

    await act(app, workflow.id, 'activate', token);

    expect(await stored(app, workflow.id)).toEqual({ version: 1, status: 'draft', audits: 1 });
  });

  it('leaves activate out of the allowed actions of a draft without a trigger', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowIn('draft', app, token, { trigger_type: null, trigger_config: {} });

    const response = await act(app, workflow.id, 'pause', token);

    expect(response.json()).toMatchObject({ workflow_status: 'draft', allowed_actions: ['archive'] });
  });

  it('refuses a transition even when If-Match names the current version', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowIn('archived', app, token);

    const response = await act(app, workflow.id, 'activate', token, { 'if-match': `"${String(workflow.version)}"` });

    expect(response.statusCode).toBe(409);
  });
});

describe('lifecycle actions — unknown workflows', () => {
  it.each(ACTIONS)('answers 404 to %s of an unknown id', async (action) => {
    const app = await aTestApp();

    const response = await act(app, randomUUID(), action, await aToken());

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it.each(ACTIONS)('answers 404 to %s of an id that is no UUID', async (action) => {
    const app = await aTestApp();

    const response = await act(app, '42', action, await aToken());

    expect(response.statusCode).toBe(404);
  });

  it.each(ACTIONS)('answers 404 to %s of a deleted workflow', async (action) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowIn('draft', app, token);
    await app.request({ method: 'DELETE', url: `/api/v1/workflows/${workflow.id}`, token });

    const response = await act(app, workflow.id, action, token);

    expect(response.statusCode).toBe(404);
  });

  it('answers 404 to an action that does not exist', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowIn('draft', app, token);

    const response = await app.request({ method: 'POST', url: `/api/v1/workflows/${workflow.id}/launch`, token });

    expect(response.statusCode).toBe(404);
  });
});

describe('lifecycle actions — preconditions', () => {
  it('answers 412 with the current version and its ETag when If-Match is stale', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowIn('active', app, token);

    const response = await act(app, workflow.id, 'pause', token, { 'if-match': '"1"' });

    expect(response.statusCode).toBe(412);
    expect(response.json()).toMatchObject({ code: 'PRECONDITION_FAILED', current_version: 2 });
    expect(response.headers.etag).toBe('"2"');
  });

  it('changes nothing when If-Match is stale', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowIn('active', app, token);

    await act(app, workflow.id, 'pause', token, { 'if-match': '"1"' });

    expect(await stored(app, workflow.id)).toEqual({ version: 2, status: 'active', audits: 2 });
  });

  it('checks a stale If-Match even on a repeat that would change nothing', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowIn('active', app, token);

    const response = await act(app, workflow.id, 'activate', token, { 'if-match': '"1"' });

    expect(response.statusCode).toBe(412);
  });

  it('answers 400 to a malformed If-Match', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowIn('draft', app, token);

    const response = await act(app, workflow.id, 'activate', token, { 'if-match': '1' });

    expectProblem(response, 400, 'BAD_REQUEST');
  });
});
