import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken, aWorkflow, workflowUrl as url } from '../../support/app.js';
import { closeSharedDatabases } from '../../support/database.js';

afterAll(closeSharedDatabases);

interface VersionPage {
  readonly data: { readonly version: number }[];
  readonly next_cursor: string | null;
}

/** An account with a workflow of three versions. */
async function anAccount() {
  const app = await aTestApp();
  const token = await aToken();
  const workflow = await aWorkflow(app, token);
  for (const name of ['Second name', 'Third name']) {
    await app.request({ method: 'PATCH', url: url(workflow.id), token, headers: { 'if-match': '*' }, payload: { name: `${name} ${randomUUID().slice(0, 8)}` } });
  }
  const versions = (query: string, id = workflow.id) => app.request({ method: 'GET', url: `${url(id)}/versions${query}`, token });
  const version = (number: string, id = workflow.id) => app.request({ method: 'GET', url: `${url(id)}/versions/${number}`, token });
  return { app, token, workflow, versions, version };
}

/** An account as above, with the cursor of the first page of its workflow's versions at limit=1. */
async function aCursor() {
  const account = await anAccount();
  const cursor = (await account.versions('?limit=1')).json<VersionPage>().next_cursor;
  if (cursor === null) throw new Error('the first page gave no cursor');
  return { ...account, cursor };
}

function expectBadRequest(response: LightMyRequestResponse, parameter?: string) {
  expect(response.statusCode).toBe(400);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ code: 'BAD_REQUEST' });
  if (parameter !== undefined) expect(response.json<{ errors: unknown[] }>().errors).toContainEqual(expect.objectContaining({ path: parameter }));
}

function expectNotFound(response: LightMyRequestResponse) {
  expect(response.statusCode).toBe(404);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ code: 'NOT_FOUND' });
}

/** `cursor` with one character changed at `index`. */
function edited(cursor: string, index: number): string {
  const character = cursor.charAt(index);
  return `${cursor.slice(0, index)}${character === 'A' ? 'B' : 'A'}${cursor.slice(index + 1)}`;
}

describe('GET /api/v1/workflows/{id}/versions — bad query parameters', () => {
  it('refuses an unknown parameter and names it', async () => {
    const { versions } = await anAccount();

    const response = await versions('?sort=name');

    expectBadRequest(response);
    expect(response.json()).toMatchObject({ errors: [{ path: 'sort', code: 'UNKNOWN_FIELD' }] });
  });

  it('refuses an unknown parameter beside valid ones', async () => {
    const { versions } = await anAccount();

    const response = await versions('?limit=1&page=2');

    expectBadRequest(response, 'page');
  });

  it.each(['0', '101', '-1', '1.5', 'ten', '', '007'])('refuses limit=%j and names it', async (limit) => {
    const { versions } = await anAccount();

    const response = await versions(`?limit=${limit}`);

    expectBadRequest(response, 'limit');
  });

  it('refuses an empty cursor', async () => {
    const { versions } = await anAccount();

    const response = await versions('?cursor=');

    expectBadRequest(response, 'cursor');
  });

  it('refuses a cursor that is not one', async () => {
    const { versions } = await anAccount();

    const response = await versions('?cursor=not-a-cursor');

    expectBadRequest(response);
  });
});

describe('GET /api/v1/workflows/{id}/versions — cursors', () => {
  it.each([
    ['in its position', 2],
    ['in its checksum', -3],
  ])('refuses a cursor edited %s', async (_where, offset) => {
    const { versions, cursor } = await aCursor();

    const response = await versions(`?limit=1&cursor=${encodeURIComponent(edited(cursor, offset < 0 ? cursor.length + offset : offset))}`);

    expectBadRequest(response);
  });

  it('refuses a cursor with a forged position', async () => {
    const { versions, cursor } = await aCursor();
    const [, checksum] = cursor.split('.');

    const response = await versions(`?limit=1&cursor=${Buffer.from(JSON.stringify({ version: 2 })).toString('base64url')}.${checksum ?? ''}`);

    expectBadRequest(response);
  });

  it('refuses a cursor of another workflow of the same account', async () => {
    const { app, token, versions, cursor } = await aCursor();
    const other = await aWorkflow(app, token);

    const response = await versions(`?limit=1&cursor=${encodeURIComponent(cursor)}`, other.id);

    expectBadRequest(response);
  });

  it('refuses a cursor of the workflow list', async () => {
    const { app, token, versions } = await anAccount();
    await aWorkflow(app, token);
    const listed = (await app.request({ method: 'GET', url: '/api/v1/workflows?limit=1', token })).json<VersionPage>().next_cursor;

    const response = await versions(`?limit=1&cursor=${encodeURIComponent(listed ?? '')}`);

    expectBadRequest(response);
  });

  it('accepts the cursor with another limit: the limit is not part of the position', async () => {
    const { versions, cursor } = await aCursor();

    const response = await versions(`?limit=5&cursor=${encodeURIComponent(cursor)}`);

    expect(response.statusCode).toBe(200);
    expect(response.json<VersionPage>().data.map((version) => version.version)).toEqual([2, 1]);
  });

  it('answers 404 to a cursor of a workflow deleted since', async () => {
    const { app, token, workflow, versions, cursor } = await aCursor();
    await app.request({ method: 'DELETE', url: url(workflow.id), token });

    const response = await versions(`?limit=1&cursor=${encodeURIComponent(cursor)}`);

    expectNotFound(response);
  });
});

describe('GET /api/v1/workflows/{id}/versions — unknown workflows', () => {
  it('answers 404 to an id that does not exist', async () => {
    const { versions } = await anAccount();

    const response = await versions('', randomUUID());

    expectNotFound(response);
  });

  it.each(['not-a-uuid', '123', `${randomUUID()}x`])('answers 404 to the malformed id %j', async (id) => {
    const { versions } = await anAccount();

    const response = await versions('', id);

    expectNotFound(response);
  });

  it('answers 404 to a deleted workflow', async () => {
    const { app, token, workflow, versions } = await anAccount();
    await app.request({ method: 'DELETE', url: url(workflow.id), token });

    const response = await versions('');

    expectNotFound(response);
  });

  it('answers a deleted workflow exactly as an id that does not exist', async () => {
    const { app, token, workflow, versions } = await anAccount();
    await app.request({ method: 'DELETE', url: url(workflow.id), token });

    const gone = await versions('');
    const nobodys = await versions('', randomUUID());

    expect({ ...gone.json<object>(), request_id: 'ignored' }).toEqual({ ...nobodys.json<object>(), request_id: 'ignored' });
  });
});

describe('GET /api/v1/workflows/{id}/versions/{version} — unknown versions', () => {
  it('answers 404 to a version the workflow does not have yet', async () => {
    const { version } = await anAccount();

    const response = await version('4');

    expectNotFound(response);
  });

  it.each(['x', '0', '-1', '01', '1.5', '1e2', '9999999999', '%20'])('answers 404 to the malformed version %j', async (number) => {
    const { version } = await anAccount();

    const response = await version(number);

    expectNotFound(response);
  });

  it('answers 404 to a version of an id that does not exist', async () => {
    const { version } = await anAccount();

    const response = await version('1', randomUUID());

    expectNotFound(response);
  });

  it('answers 404 to a malformed workflow id', async () => {
    const { version } = await anAccount();

    const response = await version('1', 'not-a-uuid');

    expectNotFound(response);
  });

  it('answers 404 to a version of a deleted workflow', async () => {
    const { app, token, workflow, version } = await anAccount();
    await app.request({ method: 'DELETE', url: url(workflow.id), token });

    const response = await version('1');

    expectNotFound(response);
  });

  it('answers a version again once its workflow is restored', async () => {
    const { app, token, workflow, version } = await anAccount();
    await app.request({ method: 'DELETE', url: url(workflow.id), token });
    await app.request({ method: 'POST', url: `${url(workflow.id)}/restore`, token });

    const response = await version('1');

    expect(response.statusCode).toBe(200);
  });
});
