import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken, type TestApp, aWorkflow, workflowUrl as url } from '../../support/app.js';
import { closeSharedDatabases } from '../../support/database.js';
import type { WorkflowBody } from '../../support/wire.js';
import { expectProblem } from '../../support/problems.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(closeSharedDatabases);

/** A workflow moved through lifecycle `actions`, as it is afterwards. */
async function aWorkflowAfter(app: TestApp, token: string, actions: readonly string[]): Promise<WorkflowBody> {
  let workflow = await aWorkflow(app, token);
  for (const action of actions) {
    const response = await app.request({ method: 'POST', url: `${url(workflow.id)}/${action}`, token });
    if (response.statusCode !== 200) throw new Error(`${action} answered ${String(response.statusCode)}: ${response.body}`);
    workflow = response.json<WorkflowBody>();
  }
  return workflow;
}

const edit = (app: TestApp, token: string, method: 'PATCH' | 'PUT', id: string, payload: unknown, headers: Record<string, string> = { 'if-match': '"1"' }) =>
  app.request({ method, url: url(id), token, headers, payload: payload as object });

/** What a refused request must leave as it was: the row, its audit rows and its versions. */
async function stateOf(app: TestApp, token: string, id: string) {
  const [audit] = await queryRows<{ count: number }>(app.database, sql`select count(*)::int as count from audit_logs where entity_id = ${id}`);
  const [history] = await queryRows<{ count: number }>(app.database, sql`select count(*)::int as count from workflow_versions where workflow_id = ${id}`);
  return { body: (await app.request({ method: 'GET', url: url(id), token })).body, auditRows: audit?.count, versions: history?.count };
}

async function expectNothingWritten(app: TestApp, token: string, workflow: WorkflowBody, action: () => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
  const before = await stateOf(app, token, workflow.id);
  const response = await action();
  expect(await stateOf(app, token, workflow.id)).toEqual(before);
  return response;
}

describe('PATCH and PUT — preconditions', () => {
  it.each(['PATCH', 'PUT'] as const)('%s without If-Match answers 428 and writes nothing', async (method) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await expectNothingWritten(app, token, workflow, () => edit(app, token, method, workflow.id, { name: 'No precondition' }, {}));

    expectProblem(response, 428, 'PRECONDITION_REQUIRED');
  });

  it.each(['PATCH', 'PUT'] as const)('%s with a stale If-Match answers 412 with the current version and ETag', async (method) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    await edit(app, token, 'PATCH', workflow.id, { description: 'Moved on' });

    const response = await expectNothingWritten(app, token, workflow, () => edit(app, token, method, workflow.id, { name: 'Stale edit' }));

    expect(response.statusCode).toBe(412);
    expect(response.json()).toMatchObject({ code: 'PRECONDITION_FAILED', current_version: 2 });
    expect(response.headers.etag).toBe('"2"');
  });

  it('answers 412 to the weak form of the current ETag (If-Match compares strongly)', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await expectNothingWritten(app, token, workflow, () => edit(app, token, 'PATCH', workflow.id, { name: 'Weak' }, { 'if-match': 'W/"1"' }));

    expect(response.statusCode).toBe(412);
  });

  it.each(['abc', '1', '"1', '"1" "2"', 'W/1'])('answers 400 to the malformed If-Match %j', async (header) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await expectNothingWritten(app, token, workflow, () => edit(app, token, 'PATCH', workflow.id, { name: 'Malformed' }, { 'if-match': header }));

    expectProblem(response, 400, 'BAD_REQUEST');
  });
});

describe('PATCH and PUT — bodies', () => {
  it.each([
    ['PATCH', 'text/plain'],
    ['PATCH', 'application/xml'],
    ['PUT', 'text/plain'],
    ['PUT', 'application/merge-patch+json'],
  ] as const)('%s with %s answers 415', async (method, contentType) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await expectNothingWritten(app, token, workflow, () =>
      app.request({ method, url: url(workflow.id), token, headers: { 'if-match': '"1"', 'content-type': contentType }, payload: JSON.stringify({ name: 'Typed' }) }),
    );

    expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 400 to malformed JSON', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await app.request({ method: 'PATCH', url: url(workflow.id), token, headers: { 'if-match': '"1"', 'content-type': 'application/json' }, payload: '{"name":' });

    expect(response.statusCode).toBe(400);
  });

  it.each([
    ['an unknown member', { colour: 'red' }, 'colour'],
    ['status', { status: 'active' }, 'status'],
    ['version', { version: 7 }, 'version'],
    ['id', { id: randomUUID() }, 'id'],
    ['account_id', { account_id: randomUUID() }, 'account_id'],
    ['deleted_at', { deleted_at: null }, 'deleted_at'],
  ])('PATCH with %s answers 422 naming it', async (_what, body, path) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await expectNothingWritten(app, token, workflow, () => edit(app, token, 'PATCH', workflow.id, body));

    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_ERROR', errors: [{ path, code: 'UNKNOWN_FIELD' }] });
  });

  it('PUT with an unknown member answers 422 naming it', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await expectNothingWritten(app, token, workflow, () => edit(app, token, 'PUT', workflow.id, { name: 'Put', colour: 'red' }));

    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ errors: [{ path: 'colour', code: 'UNKNOWN_FIELD' }] });
  });

  it('PUT without a name answers 422', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await expectNothingWritten(app, token, workflow, () => edit(app, token, 'PUT', workflow.id, { description: 'Nameless' }));

    expect(response.statusCode).toBe(422);
    expect(response.json<{ errors: unknown[] }>().errors).toContainEqual(expect.objectContaining({ path: 'name' }));
  });

  it.each([
    ['only spaces', '   '],
    ['101 characters', 'x'.repeat(101)],
    ['a control character', 'Bell\u0007'],
    ['a zero-width space', 'Zero\u200Bwidth'],
  ])('answers 422 to a name of %s', async (_what, name) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await expectNothingWritten(app, token, workflow, () => edit(app, token, 'PATCH', workflow.id, { name }));

    expect(response.statusCode).toBe(422);
    expect(response.json<{ errors: unknown[] }>().errors).toContainEqual(expect.objectContaining({ path: 'name' }));
  });

  it.each([
    ['name: null', { name: null }, 'name'],
    ['a number for a name', { name: 42 }, 'name'],
    ['a string for trigger_config', { trigger_config: 'nope' }, 'trigger_config'],
    ['an unknown trigger type', { trigger_type: 'cron' }, 'trigger_type'],
  ])('answers 422 to %s', async (_what, body, path) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await expectNothingWritten(app, token, workflow, () => edit(app, token, 'PATCH', workflow.id, body));

    expect(response.statusCode).toBe(422);
    expect(response.json<{ errors: unknown[] }>().errors).toContainEqual(expect.objectContaining({ path }));
  });

  it.each([
    ['an invalid cron merged into the schedule', { trigger_config: { cron: 'every day' } }, 'trigger_config.cron'],
    ['an unknown configuration key', { trigger_config: { colour: 'red' } }, 'trigger_config.colour'],
    ['a new type with the old type’s configuration', { trigger_type: 'webhook', trigger_config: { cron: '0 2 * * *' } }, 'trigger_config.cron'],
  ])('answers 422 to %s', async (_what, body, path) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await expectNothingWritten(app, token, workflow, () => edit(app, token, 'PATCH', workflow.id, body));

    expect(response.statusCode).toBe(422);
    expect(response.json<{ errors: unknown[] }>().errors).toContainEqual(expect.objectContaining({ path }));
  });
});

describe('PATCH and PUT — conflicts', () => {
  it.each(['PATCH', 'PUT'] as const)('%s renaming into a taken name, in another case, answers 409 naming its holder', async (method) => {
    const app = await aTestApp();
    const token = await aToken();
    const holder = await aWorkflow(app, token, { name: 'Straße digest' });
    const workflow = await aWorkflow(app, token);

    const response = await expectNothingWritten(app, token, workflow, () => edit(app, token, method, workflow.id, { name: 'STRASSE DIGEST' }));

    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'CONFLICT', existing_workflow_id: holder.id });
  });

  it.each(['PATCH', 'PUT'] as const)('%s of an archived workflow answers 409 WORKFLOW_ARCHIVED', async (method) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowAfter(app, token, ['archive']);

    const response = await expectNothingWritten(app, token, workflow, () => edit(app, token, method, workflow.id, { name: 'Archived edit' }, { 'if-match': '"2"' }));

    expectProblem(response, 409, 'WORKFLOW_ARCHIVED');
  });

  it('answers 409 WORKFLOW_ARCHIVED even to a no-op edit of an archived workflow', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowAfter(app, token, ['archive']);

    const response = await expectNothingWritten(app, token, workflow, () => edit(app, token, 'PATCH', workflow.id, {}, { 'if-match': '*' }));

    expect(response.statusCode).toBe(409);
  });

  it.each([
    ['an active', ['activate']],
    ['a paused', ['activate', 'pause']],
  ])('answers 422 WORKFLOW_TRIGGER_REQUIRED when %s workflow loses its trigger', async (_what, actions) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowAfter(app, token, actions);

    const response = await expectNothingWritten(app, token, workflow, () => edit(app, token, 'PATCH', workflow.id, { trigger_type: null }, { 'if-match': '*' }));

    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_ERROR', errors: [{ path: 'trigger_type', code: 'WORKFLOW_TRIGGER_REQUIRED' }] });
  });

  it('answers 422 WORKFLOW_TRIGGER_REQUIRED to a PUT without a trigger of an active workflow', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowAfter(app, token, ['activate']);

    const response = await expectNothingWritten(app, token, workflow, () => edit(app, token, 'PUT', workflow.id, { name: workflow.name }, { 'if-match': '*' }));

    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ errors: [{ path: 'trigger_type', code: 'WORKFLOW_TRIGGER_REQUIRED' }] });
  });
});

describe('PATCH and PUT — unknown workflows', () => {
  it.each(['PATCH', 'PUT'] as const)('%s of an unknown id answers 404', async (method) => {
    const app = await aTestApp();

    const response = await edit(app, await aToken(), method, randomUUID(), { name: 'Nobody' });

    expectProblem(response, 404, 'NOT_FOUND');
  });

  it.each(['not-a-uuid', '123', `${randomUUID()}x`])('PATCH of the malformed id %j answers 404', async (id) => {
    const app = await aTestApp();

    const response = await edit(app, await aToken(), 'PATCH', id, { name: 'Nobody' });

    expect(response.statusCode).toBe(404);
  });

  it('PATCH of a deleted workflow answers 404 and leaves it in the trash', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    await app.request({ method: 'DELETE', url: url(workflow.id), token });

    const response = await edit(app, token, 'PATCH', workflow.id, { name: 'Back from the dead' }, { 'if-match': '*' });

    expect(response.statusCode).toBe(404);
    const trash = (await app.request({ method: 'GET', url: '/api/v1/workflows?deleted=true', token })).json<{ data: WorkflowBody[] }>();
    expect(trash.data).toEqual([expect.objectContaining({ id: workflow.id, name: workflow.name, version: 2 })]);
  });
});
