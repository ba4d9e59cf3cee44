import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken, type TestApp, aWorkflow } from '../../support/app.js';
import { closeSharedDatabases } from '../../support/database.js';
import type { WorkflowBody } from '../../support/wire.js';
import { expectProblem } from '../../support/problems.js';

afterAll(closeSharedDatabases);

/** A workflow at version 2: created, then renamed. */
async function aRenamedWorkflow(app: TestApp, token: string): Promise<WorkflowBody> {
  const workflow = await aWorkflow(app, token);
  const response = await app.request({ method: 'PATCH', url: `/api/v1/workflows/${workflow.id}`, token, headers: { 'if-match': '"1"' }, payload: { name: `${workflow.name} renamed` } });
  if (response.statusCode !== 200) throw new Error(`patch answered ${String(response.statusCode)}: ${response.body}`);
  return response.json<WorkflowBody>();
}

const get = (app: TestApp, token: string, id: string, ifNoneMatch?: string) =>
  app.request({ method: 'GET', url: `/api/v1/workflows/${id}`, token, headers: ifNoneMatch === undefined ? {} : { 'if-none-match': ifNoneMatch } });

describe('GET /api/v1/workflows/{id} — ETag', () => {
  it('sends the version in quotes as a strong ETag', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await get(app, token, workflow.id);

    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"1"');
  });

  it('sends the ETag of the current version after a change', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aRenamedWorkflow(app, token);

    const response = await get(app, token, workflow.id);

    expect(response.headers.etag).toBe('"2"');
    expect(response.json()).toMatchObject({ version: 2 });
  });

  it('answers 304 without a body, with the ETag, when If-None-Match holds the current one', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await get(app, token, workflow.id, '"1"');

    expect(response.statusCode).toBe(304);
    expect(response.body).toBe('');
    expect(response.headers.etag).toBe('"1"');
  });

  it('answers 200 with the workflow when If-None-Match holds a stale ETag', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aRenamedWorkflow(app, token);

    const response = await get(app, token, workflow.id, '"1"');

    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"2"');
    expect(response.json()).toMatchObject({ id: workflow.id, name: workflow.name, version: 2 });
  });

  it.each([
    ['the weak form of the current ETag', 'W/"1"'],
    ['*', '*'],
    ['a list holding the current ETag', '"7", "1"'],
    ['a list of weak and strong tags', 'W/"5", W/"1"'],
  ])('answers 304 to %s', async (_what, header) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await get(app, token, workflow.id, header);

    expect(response.statusCode).toBe(304);
    expect(response.headers.etag).toBe('"1"');
  });

  it.each([
    ['a list of stale tags', '"2", "3"'],
    ['a tag that is no version', '"abc"'],
  ])('answers 200 to %s', async (_what, header) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await get(app, token, workflow.id, header);

    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"1"');
  });

  it('answers 200 with the new ETag and body to the ETag held before a PATCH', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    const held = (await get(app, token, workflow.id)).headers.etag;
    await app.request({ method: 'PATCH', url: `/api/v1/workflows/${workflow.id}`, token, headers: { 'if-match': String(held) }, payload: { description: 'Changed' } });

    const response = await get(app, token, workflow.id, String(held));

    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"2"');
    expect(response.json()).toMatchObject({ description: 'Changed', version: 2 });
  });

  it('refuses a malformed If-None-Match with 400', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await get(app, token, workflow.id, 'abc');

    expectProblem(response, 400, 'BAD_REQUEST');
  });

  it('answers 404, not 304, for another account’s workflow, whatever If-None-Match holds', async () => {
    const app = await aTestApp();
    const workflow = await aWorkflow(app, await aToken());

    const response = await get(app, await aToken(), workflow.id, '*');

    expect(response.statusCode).toBe(404);
    expect(response.headers.etag).toBeUndefined();
  });

  it('answers 404 for a deleted workflow, whatever If-None-Match holds', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    await app.request({ method: 'DELETE', url: `/api/v1/workflows/${workflow.id}`, token });

    const response = await get(app, token, workflow.id, '"1"');

    expect(response.statusCode).toBe(404);
  });
});
