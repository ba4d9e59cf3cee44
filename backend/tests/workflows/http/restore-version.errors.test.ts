import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken, type TestApp, aWorkflow, workflowUrl as url } from '../../support/app.js';
import { closeSharedDatabases } from '../../support/database.js';
import type { WorkflowBody } from '../../support/wire.js';
import { expectProblem } from '../../support/problems.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(closeSharedDatabases);

async function change(app: TestApp, token: string, id: string, request: { method: 'PATCH' | 'POST' | 'DELETE'; path?: string; payload?: object }): Promise<void> {
  const response = await app.request({ method: request.method, url: `${url(id)}${request.path ?? ''}`, token, headers: { 'if-match': '*' }, ...(request.payload === undefined ? {} : { payload: request.payload }) });
  if (response.statusCode >= 300) throw new Error(`${request.method} ${request.path ?? ''} answered ${String(response.statusCode)}: ${response.body}`);
}

/** A workflow renamed once: version 1 carries its first name, version 2 `renamed`. */
async function aRenamedWorkflow(app: TestApp, token: string, overrides: Record<string, unknown> = {}): Promise<WorkflowBody> {
  const workflow = await aWorkflow(app, token, overrides);
  await change(app, token, workflow.id, { method: 'PATCH', payload: { name: `Renamed ${randomUUID().slice(0, 8)}` } });
  return workflow;
}

const restoreVersion = (app: TestApp, token: string, id: string, version: string, headers: Record<string, string> = { 'if-match': '"2"' }) =>
  app.request({ method: 'POST', url: `${url(id)}/versions/${version}/restore`, token, headers });

/** What a refused request must leave as it was: the row, its audit rows and its versions. */
async function stateOf(app: TestApp, id: string) {
  const [counts] = await queryRows<{ audits: number; versions: number }>(
    app.database,
    sql`select (select count(*)::int from audit_logs where entity_id = ${id}) as audits, (select count(*)::int from workflow_versions where workflow_id = ${id}) as versions`,
  );
  const [row] = await queryRows<{ name: string; version: number; status: string; deleted: boolean }>(app.database, sql`select name, version, status, deleted_at is not null as deleted from workflows where id = ${id}`);
  return { row, counts };
}

async function expectNothingWritten(app: TestApp, id: string, action: () => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
  const before = await stateOf(app, id);
  const response = await action();
  expect(await stateOf(app, id)).toEqual(before);
  return response;
}

describe('version restore — preconditions', () => {
  it('answers 428 without If-Match and writes nothing', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aRenamedWorkflow(app, token);

    const response = await expectNothingWritten(app, workflow.id, () => restoreVersion(app, token, workflow.id, '1', {}));

    expectProblem(response, 428, 'PRECONDITION_REQUIRED');
  });

  it('answers 412 to a stale If-Match with the current version and its ETag, and writes nothing', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aRenamedWorkflow(app, token);

    const response = await expectNothingWritten(app, workflow.id, () => restoreVersion(app, token, workflow.id, '1', { 'if-match': '"1"' }));

    expect(response.statusCode).toBe(412);
    expect(response.json()).toMatchObject({ code: 'PRECONDITION_FAILED', current_version: 2 });
    expect(response.headers.etag).toBe('"2"');
  });

  it('answers 412 to a stale If-Match even when the restore would change nothing', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aRenamedWorkflow(app, token);

    const response = await expectNothingWritten(app, workflow.id, () => restoreVersion(app, token, workflow.id, '2', { 'if-match': '"1"' }));

    expect(response.statusCode).toBe(412);
  });

  it('answers 412 to the weak form of the current ETag', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aRenamedWorkflow(app, token);

    const response = await expectNothingWritten(app, workflow.id, () => restoreVersion(app, token, workflow.id, '1', { 'if-match': 'W/"2"' }));

    expect(response.statusCode).toBe(412);
  });

  it.each(['abc', '2', '"2', 'W/2'])('answers 400 to the malformed If-Match %j and writes nothing', async (header) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aRenamedWorkflow(app, token);

    const response = await expectNothingWritten(app, workflow.id, () => restoreVersion(app, token, workflow.id, '1', { 'if-match': header }));

    expectProblem(response, 400, 'BAD_REQUEST');
  });
});

describe('version restore — conflicts', () => {
  it('answers 409 CONFLICT naming the live workflow that took the name meanwhile, and writes nothing', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aRenamedWorkflow(app, token);
    const holder = await aWorkflow(app, token, { name: workflow.name.toUpperCase() });

    const response = await expectNothingWritten(app, workflow.id, () => restoreVersion(app, token, workflow.id, '1'));

    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'CONFLICT', existing_workflow_id: holder.id });
  });

  it('answers 409 WORKFLOW_ARCHIVED for an archived workflow, and writes nothing', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aRenamedWorkflow(app, token);
    await change(app, token, workflow.id, { method: 'POST', path: '/archive' });

    const response = await expectNothingWritten(app, workflow.id, () => restoreVersion(app, token, workflow.id, '1', { 'if-match': '"3"' }));

    expectProblem(response, 409, 'WORKFLOW_ARCHIVED');
  });

  it('answers 409 WORKFLOW_ARCHIVED even when the archived workflow already has that definition', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aRenamedWorkflow(app, token);
    await change(app, token, workflow.id, { method: 'POST', path: '/archive' });

    const response = await expectNothingWritten(app, workflow.id, () => restoreVersion(app, token, workflow.id, '2', { 'if-match': '*' }));

    expect(response.statusCode).toBe(409);
  });

  it.each([
    ['an active', ['/activate']],
    ['a paused', ['/activate', '/pause']],
  ])('answers 422 WORKFLOW_TRIGGER_REQUIRED when %s workflow would get a version without a trigger', async (_what, actions) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token, { trigger_type: null, trigger_config: {} });
    await change(app, token, workflow.id, { method: 'PATCH', payload: { trigger_type: 'manual' } });
    for (const path of actions) await change(app, token, workflow.id, { method: 'POST', path });

    const response = await expectNothingWritten(app, workflow.id, () => restoreVersion(app, token, workflow.id, '1', { 'if-match': '*' }));

    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_ERROR', errors: [{ path: 'trigger_type', code: 'WORKFLOW_TRIGGER_REQUIRED' }] });
  });
});

describe('version restore — unknown workflows and versions', () => {
  it('answers 404 to a version the workflow does not have, and writes nothing', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aRenamedWorkflow(app, token);

    const response = await expectNothingWritten(app, workflow.id, () => restoreVersion(app, token, workflow.id, '3'));

    expectProblem(response, 404, 'NOT_FOUND');
  });

  it.each(['x', '0', '-1', '01', '1.5', '9999999999'])('answers 404 to the malformed version %j', async (version) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aRenamedWorkflow(app, token);

    const response = await expectNothingWritten(app, workflow.id, () => restoreVersion(app, token, workflow.id, version));

    expect(response.statusCode).toBe(404);
  });

  it('answers 404 to an id that does not exist', async () => {
    const app = await aTestApp();

    const response = await restoreVersion(app, await aToken(), randomUUID(), '1', { 'if-match': '*' });

    expectProblem(response, 404, 'NOT_FOUND');
  });

  it.each(['not-a-uuid', '123'])('answers 404 to the malformed id %j', async (id) => {
    const app = await aTestApp();

    const response = await restoreVersion(app, await aToken(), id, '1', { 'if-match': '*' });

    expect(response.statusCode).toBe(404);
  });

  it('answers 404 to a deleted workflow and leaves it in the trash', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aRenamedWorkflow(app, token);
    await change(app, token, workflow.id, { method: 'DELETE' });

    const response = await expectNothingWritten(app, workflow.id, () => restoreVersion(app, token, workflow.id, '1', { 'if-match': '*' }));

    expect(response.statusCode).toBe(404);
    expect(response.headers.etag).toBeUndefined();
    expect((await stateOf(app, workflow.id)).row).toMatchObject({ deleted: true });
  });

  it('answers 404, not 412, to a deleted workflow named by a stale version', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aRenamedWorkflow(app, token);
    await change(app, token, workflow.id, { method: 'DELETE' });

    const response = await restoreVersion(app, token, workflow.id, '1', { 'if-match': '"2"' });

    expect(response.statusCode).toBe(404);
  });
});
