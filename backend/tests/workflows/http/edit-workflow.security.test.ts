import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createRateLimiter, memoryStore } from '../../../src/rate-limit/index.js';
import { aTestApp, aToken, aWorkflowBody, type TestApp, aWorkflow, workflowUrl as url } from '../../support/app.js';
import { closeSharedDatabases } from '../../support/database.js';
import { expectProblem } from '../../support/problems.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(closeSharedDatabases);

const READ_ONLY = ['org:workflows:read'];

const edit = (app: TestApp, token: string | undefined, method: 'PATCH' | 'PUT', id: string, ifMatch = '*') =>
  app.request({ method, url: url(id), ...(token === undefined ? {} : { token }), headers: { 'if-match': ifMatch }, payload: { name: `Taken over ${randomUUID().slice(0, 8)}` } });

/** The workflow as its owner reads it, with the count of its audit rows. */
async function stateOf(app: TestApp, owner: string, id: string) {
  const [audit] = await queryRows<{ count: number }>(app.database, sql`select count(*)::int as count from audit_logs where entity_id = ${id}`);
  return { body: (await app.request({ method: 'GET', url: url(id), token: owner })).json<unknown>(), auditRows: audit?.count };
}

/** An app whose only limit allows `limit` writes a minute per member of an account. */
const limitedApp = (limit: number) => aTestApp({ rateLimiter: createRateLimiter([{ name: 'user', limit, windowSeconds: 60 }], memoryStore()) });

describe('PATCH and PUT — authentication and permission', () => {
  it.each(['PATCH', 'PUT'] as const)('%s without a token answers 401 and changes nothing', async (method) => {
    const app = await aTestApp();
    const owner = await aToken();
    const workflow = await aWorkflow(app, owner);
    const before = await stateOf(app, owner, workflow.id);

    const response = await edit(app, undefined, method, workflow.id);

    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(await stateOf(app, owner, workflow.id)).toEqual(before);
  });

  it.each(['PATCH', 'PUT'] as const)('%s by a member with read only answers 403 and changes nothing', async (method) => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const owner = await aToken({ org, user: 'alice' });
    const workflow = await aWorkflow(app, owner);
    const before = await stateOf(app, owner, workflow.id);

    const response = await edit(app, await aToken({ org, user: 'bob', permissions: READ_ONLY }), method, workflow.id);

    expectProblem(response, 403, 'FORBIDDEN');
    expect(await stateOf(app, owner, workflow.id)).toEqual(before);
  });

  it('refuses a member with every permission but update', async () => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const workflow = await aWorkflow(app, await aToken({ org }));

    const response = await edit(app, await aToken({ org, permissions: ['org:workflows:create', 'org:workflows:read', 'org:workflows:delete'] }), 'PATCH', workflow.id);

    expect(response.statusCode).toBe(403);
  });

  it('answers a colleague with the update permission', async () => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const workflow = await aWorkflow(app, await aToken({ org, user: 'alice' }));

    const response = await edit(app, await aToken({ org, user: 'bob', permissions: ['org:workflows:update'] }), 'PATCH', workflow.id);

    expect(response.statusCode).toBe(200);
  });
});

describe('PATCH and PUT — accounts', () => {
  it.each(['PATCH', 'PUT'] as const)('%s of another account’s workflow answers 404 and changes nothing', async (method) => {
    const app = await aTestApp();
    const owner = await aToken();
    const workflow = await aWorkflow(app, owner);
    const before = await stateOf(app, owner, workflow.id);

    const response = await edit(app, await aToken(), method, workflow.id);

    expectProblem(response, 404, 'NOT_FOUND');
    expect(await stateOf(app, owner, workflow.id)).toEqual(before);
  });

  it('answers 404, not 412, to another account naming a stale version: neither existence nor version leaks', async () => {
    const app = await aTestApp();
    const workflow = await aWorkflow(app, await aToken());

    const response = await edit(app, await aToken(), 'PATCH', workflow.id, '"9"');

    expect(response.statusCode).toBe(404);
    expect(response.headers.etag).toBeUndefined();
    expect(response.json()).not.toHaveProperty('current_version');
  });

  it('answers another account exactly as for an id that does not exist', async () => {
    const app = await aTestApp();
    const workflow = await aWorkflow(app, await aToken());
    const stranger = await aToken();

    const theirs = await edit(app, stranger, 'PATCH', workflow.id);
    const nobodys = await edit(app, stranger, 'PATCH', randomUUID());

    expect(theirs.statusCode).toBe(nobodys.statusCode);
    expect({ ...theirs.json<object>(), request_id: 'ignored' }).toEqual({ ...nobodys.json<object>(), request_id: 'ignored' });
  });

  it('never takes another account’s name as a conflict: the same name is free in each account', async () => {
    const app = await aTestApp();
    const theirs = await aToken();
    const mine = await aToken();
    await app.create(aWorkflowBody({ name: 'Quarterly close' }), theirs);
    const workflow = await aWorkflow(app, mine);

    const response = await app.request({ method: 'PATCH', url: url(workflow.id), token: mine, headers: { 'if-match': '"1"' }, payload: { name: 'Quarterly close' } });

    expect(response.statusCode).toBe(200);
  });
});

describe('PATCH and PUT — rate limits', () => {
  it('counts PATCHes against the limit: the one after it answers 429 with Retry-After and changes nothing', async () => {
    const app = await limitedApp(2);
    const org = `org_${randomUUID()}`;
    const owner = await aToken({ org, user: 'bob' });
    const editor = await aToken({ org, user: 'alice' });
    const workflow = await aWorkflow(app, owner);
    await edit(app, editor, 'PATCH', workflow.id);
    await edit(app, editor, 'PATCH', workflow.id);
    const before = await stateOf(app, owner, workflow.id);

    const response = await edit(app, editor, 'PATCH', workflow.id);

    expect(response.statusCode).toBe(429);
    expect(response.json()).toMatchObject({ code: 'RATE_LIMITED', policy: 'user' });
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(await stateOf(app, owner, workflow.id)).toEqual(before);
  });

  it('counts PUTs and PATCHes against the same limit', async () => {
    const app = await limitedApp(2);
    const org = `org_${randomUUID()}`;
    const editor = await aToken({ org, user: 'alice' });
    const workflow = await aWorkflow(app, await aToken({ org, user: 'bob' }));
    await edit(app, editor, 'PUT', workflow.id);

    const allowed = await edit(app, editor, 'PATCH', workflow.id);
    const refused = await edit(app, editor, 'PUT', workflow.id);

    expect(allowed.statusCode).toBe(200);
    expect(refused.statusCode).toBe(429);
  });

  it('sends the limit headers on an allowed PATCH', async () => {
    const app = await limitedApp(5);
    const org = `org_${randomUUID()}`;
    const workflow = await aWorkflow(app, await aToken({ org, user: 'bob' }));

    const response = await edit(app, await aToken({ org, user: 'alice' }), 'PATCH', workflow.id);

    expect(response.statusCode).toBe(200);
    expect(response.headers.ratelimit).toBe('"user";r=4;t=60');
    expect(response.headers['ratelimit-policy']).toBe('"user";q=5;w=60');
  });

  it('spends no quota on PATCHes refused for lacking the permission', async () => {
    const app = await limitedApp(1);
    const org = `org_${randomUUID()}`;
    const workflow = await aWorkflow(app, await aToken({ org, user: 'bob' }));
    const readOnly = await aToken({ org, user: 'alice', permissions: READ_ONLY });
    for (let attempt = 0; attempt < 3; attempt += 1) await edit(app, readOnly, 'PATCH', workflow.id);

    const response = await edit(app, await aToken({ org, user: 'alice' }), 'PATCH', workflow.id);

    expect(response.statusCode).toBe(200);
  });

  it('does not limit reads by the write limit', async () => {
    const app = await limitedApp(1);
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const responses = await Promise.all(Array.from({ length: 5 }, () => app.request({ method: 'GET', url: url(workflow.id), token })));

    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200, 200, 200]);
  });
});
