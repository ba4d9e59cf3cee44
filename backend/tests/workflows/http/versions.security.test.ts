import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createRateLimiter, memoryStore } from '../../../src/rate-limit/index.js';
import { aTestApp, aToken, signClaims, type TestApp, aWorkflow, workflowUrl as url } from '../../support/app.js';
import { closeSharedDatabases } from '../../support/database.js';
import { expectProblem } from '../../support/problems.js';

afterAll(closeSharedDatabases);

interface VersionPage {
  readonly data: { readonly version: number; readonly name: string }[];
  readonly next_cursor: string | null;
}

const READ_ONLY = ['org:workflows:read'];
const ALL_BUT_READ = ['org:workflows:create', 'org:workflows:update', 'org:workflows:delete', 'org:audit:read'];

/** A workflow of two versions. */
async function anEditedWorkflow(app: TestApp, token: string): Promise<{ id: string; name: string }> {
  const workflow = await aWorkflow(app, token);
  await app.request({ method: 'PATCH', url: url(workflow.id), token, headers: { 'if-match': '*' }, payload: { description: 'Edited' } });
  return workflow;
}

const versions = (app: TestApp, token: string | undefined, id: string, query = '') =>
  app.request({ method: 'GET', url: `${url(id)}/versions${query}`, ...(token === undefined ? {} : { token }) });
const version = (app: TestApp, token: string | undefined, id: string, number = '1') =>
  app.request({ method: 'GET', url: `${url(id)}/versions/${number}`, ...(token === undefined ? {} : { token }) });

const READS = [
  ['the list of versions', versions],
  ['one version', version],
] as const;

describe('versions — authentication and permission', () => {
  it.each(READS)('answers 401 with WWW-Authenticate to a read of %s without a token', async (_what, read) => {
    const app = await aTestApp();
    const workflow = await aWorkflow(app, await aToken());

    const response = await read(app, undefined, workflow.id);

    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(response.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(response.body).not.toContain(workflow.name);
  });

  it.each(READS)('answers 401 to a read of %s with a malformed token', async (_what, read) => {
    const app = await aTestApp();
    const workflow = await aWorkflow(app, await aToken());

    const response = await read(app, 'not-a-jwt', workflow.id);

    expect(response.statusCode).toBe(401);
  });

  it.each(READS)('answers 403 to a read of %s by a member with every permission but read', async (_what, read) => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const workflow = await aWorkflow(app, await aToken({ org }));

    const response = await read(app, await aToken({ org, user: 'bob', permissions: ALL_BUT_READ }), workflow.id);

    expectProblem(response, 403, 'FORBIDDEN');
    expect(response.body).not.toContain(workflow.name);
  });

  it.each(READS)('answers 403 to a read of %s with a token without an active organization', async (_what, read) => {
    const app = await aTestApp();
    const workflow = await aWorkflow(app, await aToken());

    const response = await read(app, await signClaims({ v: 2 }), workflow.id);

    expect(response.statusCode).toBe(403);
  });

  it('answers a colleague with org:workflows:read only', async () => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const workflow = await anEditedWorkflow(app, await aToken({ org, user: 'alice' }));
    const reader = await aToken({ org, user: 'bob', permissions: READ_ONLY });

    const listed = await versions(app, reader, workflow.id);
    const one = await version(app, reader, workflow.id, '2');

    expect(listed.statusCode).toBe(200);
    expect(listed.json<VersionPage>().data.map((each) => each.version)).toEqual([2, 1]);
    expect(one.statusCode).toBe(200);
  });
});

describe('versions — accounts', () => {
  it.each(READS)('answers 404 to a read of %s of another account’s workflow, and shows nothing of it', async (_what, read) => {
    const app = await aTestApp();
    const workflow = await anEditedWorkflow(app, await aToken());

    const response = await read(app, await aToken(), workflow.id);

    expectProblem(response, 404, 'NOT_FOUND');
    expect(response.body).not.toContain(workflow.name);
  });

  it.each(READS)('answers another account’s read of %s exactly as for an id that does not exist', async (_what, read) => {
    const app = await aTestApp();
    const workflow = await anEditedWorkflow(app, await aToken());
    const stranger = await aToken();

    const theirs = await read(app, stranger, workflow.id);
    const nobodys = await read(app, stranger, randomUUID());

    expect(theirs.statusCode).toBe(nobodys.statusCode);
    expect({ ...theirs.json<object>(), request_id: 'ignored' }).toEqual({ ...nobodys.json<object>(), request_id: 'ignored' });
  });

  it('answers 404 to another account reading a version number the workflow has', async () => {
    const app = await aTestApp();
    const workflow = await anEditedWorkflow(app, await aToken());

    const response = await version(app, await aToken(), workflow.id, '2');

    expect(response.statusCode).toBe(404);
  });

  it('refuses the owner’s cursor to another account, as for an id that does not exist', async () => {
    const app = await aTestApp();
    const owner = await aToken();
    const workflow = await anEditedWorkflow(app, owner);
    const cursor = encodeURIComponent((await versions(app, owner, workflow.id, '?limit=1')).json<VersionPage>().next_cursor ?? '');
    const stranger = await aToken();

    const theirs = await versions(app, stranger, workflow.id, `?limit=1&cursor=${cursor}`);
    const nobodys = await versions(app, stranger, randomUUID(), `?limit=1&cursor=${cursor}`);

    expect(theirs.statusCode).toBe(400);
    expect(theirs.body).not.toContain(workflow.name);
    expect({ ...theirs.json<object>(), request_id: 'ignored' }).toEqual({ ...nobodys.json<object>(), request_id: 'ignored' });
  });
});

describe('versions — rate limits', () => {
  it('does not count reads of versions against the write limit', async () => {
    const app = await aTestApp({ rateLimiter: createRateLimiter([{ name: 'user', limit: 1, windowSeconds: 60 }], memoryStore()) });
    const org = `org_${randomUUID()}`;
    const workflow = await aWorkflow(app, await aToken({ org, user: 'alice' }));
    const reader = await aToken({ org, user: 'bob' });

    const responses = await Promise.all([...Array.from({ length: 3 }, () => versions(app, reader, workflow.id)), ...Array.from({ length: 3 }, () => version(app, reader, workflow.id))]);

    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(responses[0]?.headers.ratelimit).toBeUndefined();
  });
});
