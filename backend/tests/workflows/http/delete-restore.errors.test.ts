import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken, type TestApp, aWorkflow, workflowUrl as url } from '../../support/app.js';
import { aClock } from '../../support/builders.js';
import { closeSharedDatabases } from '../../support/database.js';
import type { WorkflowBody } from '../../support/wire.js';
import { expectProblem } from '../../support/problems.js';

afterAll(closeSharedDatabases);

const DAY_MS = 86_400_000;

const remove = (app: TestApp, id: string, token: string, headers: Record<string, string> = {}) => app.request({ method: 'DELETE', url: url(id), token, headers });

const restore = (app: TestApp, id: string, token: string, headers: Record<string, string> = {}) => app.request({ method: 'POST', url: `${url(id)}/restore`, token, headers });

async function deleted(app: TestApp, token: string, overrides: Record<string, unknown> = {}): Promise<WorkflowBody> {
  const workflow = await aWorkflow(app, token, overrides);
  const response = await remove(app, workflow.id, token);
  if (response.statusCode !== 204) throw new Error(`delete answered ${String(response.statusCode)}: ${response.body}`);
  return workflow;
}

async function trashIds(app: TestApp, token: string): Promise<string[]> {
  const response = await app.request({ method: 'GET', url: '/api/v1/workflows?deleted=true', token });
  return response.json<{ data: WorkflowBody[] }>().data.map((workflow) => workflow.id);
}

describe('DELETE /api/v1/workflows/{id} — errors', () => {
  it('answers 404 NOT_FOUND as a problem for an unknown id', async () => {
    const app = await aTestApp();

    const response = await remove(app, randomUUID(), await aToken());

    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('answers 404 for an id that is no UUID', async () => {
    const app = await aTestApp();

    const response = await remove(app, 'not-a-uuid', await aToken());

    expectProblem(response, 404, 'NOT_FOUND');
  });

  it('answers 404 to a second delete of the same workflow', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await deleted(app, token);

    const response = await remove(app, workflow.id, token);

    expect(response.statusCode).toBe(404);
  });

  it('answers 412 with the current version and ETag when If-Match is stale', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    await app.request({ method: 'POST', url: `${url(workflow.id)}/activate`, token });

    const response = await remove(app, workflow.id, token, { 'if-match': '"1"' });

    expect(response.statusCode).toBe(412);
    expect(response.json()).toMatchObject({ code: 'PRECONDITION_FAILED', current_version: 2 });
    expect(response.headers.etag).toBe('"2"');
  });

  it('keeps the workflow when If-Match is stale', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    await remove(app, workflow.id, token, { 'if-match': '"7"' });

    const response = await app.request({ method: 'GET', url: url(workflow.id), token });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ version: 1, deleted_at: null });
  });

  it('refuses a weak If-Match: it never matches strongly', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await remove(app, workflow.id, token, { 'if-match': 'W/"1"' });

    expect(response.statusCode).toBe(412);
  });

  it('answers 400 to a malformed If-Match', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await remove(app, workflow.id, token, { 'if-match': 'version 1' });

    expectProblem(response, 400, 'BAD_REQUEST');
  });
});

describe('POST /api/v1/workflows/{id}/restore — errors', () => {
  it('answers 404 for an unknown id', async () => {
    const app = await aTestApp();

    const response = await restore(app, randomUUID(), await aToken());

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('answers 404 for an id that is no UUID', async () => {
    const app = await aTestApp();

    const response = await restore(app, 'trash', await aToken());

    expect(response.statusCode).toBe(404);
  });

  it('answers 404 once the restore window has passed', async () => {
    const clock = aClock();
    const app = await aTestApp({ clock, restoreWindowDays: 7 });
    const token = await aToken();
    const workflow = await deleted(app, token);
    clock.advance(7 * DAY_MS + 1);

    const response = await restore(app, workflow.id, token);

    expectProblem(response, 404, 'NOT_FOUND');
  });

  it('leaves a workflow past the window deleted', async () => {
    const clock = aClock();
    const app = await aTestApp({ clock, restoreWindowDays: 1 });
    const token = await aToken();
    const workflow = await deleted(app, token);
    clock.advance(2 * DAY_MS);
    await restore(app, workflow.id, token);

    const response = await app.request({ method: 'GET', url: url(workflow.id), token });

    expect(response.statusCode).toBe(404);
  });

  it('answers 409 CONFLICT naming the live workflow that took the name', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await deleted(app, token, { name: 'Monthly report' });
    const holder = await aWorkflow(app, token, { name: 'Monthly report' });

    const response = await restore(app, workflow.id, token);

    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ status: 409, code: 'CONFLICT', existing_workflow_id: holder.id });
  });

  it('answers 409 when the name was taken in another case', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await deleted(app, token, { name: 'Straße sync' });
    const holder = await aWorkflow(app, token, { name: 'STRASSE SYNC' });

    const response = await restore(app, workflow.id, token);

    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'CONFLICT', existing_workflow_id: holder.id });
  });

  it('leaves the workflow in the trash when its name is taken', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await deleted(app, token, { name: 'Taken meanwhile' });
    await aWorkflow(app, token, { name: 'Taken meanwhile' });
    await restore(app, workflow.id, token);

    const trash = await trashIds(app, token);

    expect(trash).toEqual([workflow.id]);
  });

  it('restores once the holder of its name is deleted in turn', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await deleted(app, token, { name: 'Passed around' });
    const holder = await aWorkflow(app, token, { name: 'Passed around' });
    await restore(app, workflow.id, token);
    await remove(app, holder.id, token);

    const response = await restore(app, workflow.id, token);

    expect(response.statusCode).toBe(200);
  });

  it('answers 412 with the current version when If-Match is stale', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await deleted(app, token);

    const response = await restore(app, workflow.id, token, { 'if-match': '"1"' });

    expect(response.statusCode).toBe(412);
    expect(response.json()).toMatchObject({ code: 'PRECONDITION_FAILED', current_version: 2 });
    expect(response.headers.etag).toBe('"2"');
  });

  it('leaves the workflow in the trash when If-Match is stale', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await deleted(app, token);
    await restore(app, workflow.id, token, { 'if-match': '"1"' });

    const trash = await trashIds(app, token);

    expect(trash).toEqual([workflow.id]);
  });
});
