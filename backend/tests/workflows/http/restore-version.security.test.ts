import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createRateLimiter, memoryStore } from '../../../src/rate-limit/index.js';
import { aTestApp, aToken, aWorkflowBody, signClaims, type TestApp, aWorkflow, workflowUrl as url } from '../../support/app.js';
import { closeSharedDatabases } from '../../support/database.js';
import type { WorkflowBody } from '../../support/wire.js';
import { expectProblem } from '../../support/problems.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(closeSharedDatabases);

const READ_ONLY = ['org:workflows:read'];
const ALL_BUT_UPDATE = ['org:workflows:create', 'org:workflows:read', 'org:workflows:delete', 'org:audit:read'];

/** A workflow whose description was edited once: restoring version 1 changes it. */
async function anEditedWorkflow(app: TestApp, token: string, editor = token): Promise<WorkflowBody> {
  const workflow = await aWorkflow(app, token);
  const response = await app.request({ method: 'PATCH', url: url(workflow.id), token: editor, headers: { 'if-match': '*' }, payload: { description: 'Edited' } });
  if (response.statusCode !== 200) throw new Error(`PATCH answered ${String(response.statusCode)}: ${response.body}`);
  return workflow;
}

const restoreVersion = (app: TestApp, token: string | undefined, id: string, version = '1', ifMatch = '*') =>
  app.request({ method: 'POST', url: `${url(id)}/versions/${version}/restore`, ...(token === undefined ? {} : { token }), headers: { 'if-match': ifMatch } });

/** The workflow as its owner reads it, with the counts of its audit and version rows. */
async function stateOf(app: TestApp, owner: string, id: string) {
  const [counts] = await queryRows<{ audits: number; versions: number }>(
    app.database,
    sql`select (select count(*)::int from audit_logs where entity_id = ${id}) as audits, (select count(*)::int from workflow_versions where workflow_id = ${id}) as versions`,
  );
  return { body: (await app.request({ method: 'GET', url: url(id), token: owner })).json<unknown>(), counts };
}

/** An app whose only limit allows `limit` writes a minute per member of an account. */
const limitedApp = (limit: number) => aTestApp({ rateLimiter: createRateLimiter([{ name: 'user', limit, windowSeconds: 60 }], memoryStore()) });

describe('version restore — authentication and permission', () => {
  it('answers 401 with WWW-Authenticate without a token, and changes nothing', async () => {
    const app = await aTestApp();
    const owner = await aToken();
    const workflow = await anEditedWorkflow(app, owner);
    const before = await stateOf(app, owner, workflow.id);

    const response = await restoreVersion(app, undefined, workflow.id);

    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(await stateOf(app, owner, workflow.id)).toEqual(before);
  });

  it('answers 401 to an invalid token', async () => {
    const app = await aTestApp();
    const workflow = await anEditedWorkflow(app, await aToken());

    const response = await restoreVersion(app, 'not-a-jwt', workflow.id);

    expect(response.statusCode).toBe(401);
  });

  it.each([
    ['read only', READ_ONLY],
    ['every permission but update', ALL_BUT_UPDATE],
  ])('answers 403 to a member with %s, and changes nothing', async (_what, permissions) => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const owner = await aToken({ org, user: 'alice' });
    const workflow = await anEditedWorkflow(app, owner);
    const before = await stateOf(app, owner, workflow.id);

    const response = await restoreVersion(app, await aToken({ org, user: 'bob', permissions }), workflow.id);

    expectProblem(response, 403, 'FORBIDDEN');
    expect(await stateOf(app, owner, workflow.id)).toEqual(before);
  });

  it('answers 403 to a token without an active organization', async () => {
    const app = await aTestApp();
    const workflow = await anEditedWorkflow(app, await aToken());

    const response = await restoreVersion(app, await signClaims({ v: 2 }), workflow.id);

    expect(response.statusCode).toBe(403);
  });

  it('answers 403 before 428: a member without the permission learns nothing about preconditions', async () => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const workflow = await anEditedWorkflow(app, await aToken({ org }));

    const response = await app.request({ method: 'POST', url: `${url(workflow.id)}/versions/1/restore`, token: await aToken({ org, user: 'bob', permissions: READ_ONLY }) });

    expect(response.statusCode).toBe(403);
  });

  it('lets a colleague with org:workflows:update only restore a version', async () => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const workflow = await anEditedWorkflow(app, await aToken({ org, user: 'alice' }));

    const response = await restoreVersion(app, await aToken({ org, user: 'bob', permissions: ['org:workflows:update'] }), workflow.id, '1', '"2"');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ version: 3 });
  });
});

describe('version restore — accounts', () => {
  it('answers 404 to a restore of another account’s workflow, and changes nothing', async () => {
    const app = await aTestApp();
    const owner = await aToken();
    const workflow = await anEditedWorkflow(app, owner);
    const before = await stateOf(app, owner, workflow.id);

    const response = await restoreVersion(app, await aToken(), workflow.id);

    expectProblem(response, 404, 'NOT_FOUND');
    expect(response.body).not.toContain(workflow.name);
    expect(await stateOf(app, owner, workflow.id)).toEqual(before);
  });

  it('answers 404, not 412, to another account naming a stale version: neither existence nor version leaks', async () => {
    const app = await aTestApp();
    const workflow = await anEditedWorkflow(app, await aToken());

    const response = await restoreVersion(app, await aToken(), workflow.id, '1', '"9"');

    expect(response.statusCode).toBe(404);
    expect(response.headers.etag).toBeUndefined();
    expect(response.json()).not.toHaveProperty('current_version');
  });

  it('answers another account exactly as for an id that does not exist', async () => {
    const app = await aTestApp();
    const workflow = await anEditedWorkflow(app, await aToken());
    const stranger = await aToken();

    const theirs = await restoreVersion(app, stranger, workflow.id);
    const nobodys = await restoreVersion(app, stranger, randomUUID());

    expect(theirs.statusCode).toBe(nobodys.statusCode);
    expect({ ...theirs.json<object>(), request_id: 'ignored' }).toEqual({ ...nobodys.json<object>(), request_id: 'ignored' });
  });

  it('never takes another account’s name as a conflict', async () => {
    const app = await aTestApp();
    const mine = await aToken();
    const workflow = await anEditedWorkflow(app, mine);
    await app.request({ method: 'PATCH', url: url(workflow.id), token: mine, headers: { 'if-match': '*' }, payload: { name: `Renamed ${randomUUID().slice(0, 8)}` } });
    await app.create(aWorkflowBody({ name: workflow.name }), await aToken());

    const response = await restoreVersion(app, mine, workflow.id);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: workflow.name });
  });
});

describe('version restore — rate limits', () => {
  it('counts version restores against the limit: the one after it answers 429 with Retry-After and changes nothing', async () => {
    const app = await limitedApp(2);
    const org = `org_${randomUUID()}`;
    const owner = await aToken({ org, user: 'alice' });
    const restorer = await aToken({ org, user: 'bob' });
    const workflow = await anEditedWorkflow(app, owner);
    await restoreVersion(app, restorer, workflow.id, '1');
    await restoreVersion(app, restorer, workflow.id, '2');
    const before = await stateOf(app, owner, workflow.id);

    const response = await restoreVersion(app, restorer, workflow.id, '1');

    expect(response.statusCode).toBe(429);
    expect(response.json()).toMatchObject({ code: 'RATE_LIMITED', policy: 'user' });
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(await stateOf(app, owner, workflow.id)).toEqual(before);
  });

  it('counts version restores and other edits against the same limit', async () => {
    const app = await limitedApp(2);
    const org = `org_${randomUUID()}`;
    const workflow = await aWorkflow(app, await aToken({ org, user: 'alice' }));
    const editor = await aToken({ org, user: 'bob' });
    await app.request({ method: 'PATCH', url: url(workflow.id), token: editor, headers: { 'if-match': '*' }, payload: { description: 'Edited' } });

    const allowed = await restoreVersion(app, editor, workflow.id, '1');
    const refused = await app.request({ method: 'PATCH', url: url(workflow.id), token: editor, headers: { 'if-match': '*' }, payload: { description: 'Again' } });

    expect(allowed.statusCode).toBe(200);
    expect(refused.statusCode).toBe(429);
  });

  it('sends the limit headers on an allowed restore', async () => {
    const app = await limitedApp(5);
    const org = `org_${randomUUID()}`;
    const workflow = await anEditedWorkflow(app, await aToken({ org, user: 'alice' }));

    const response = await restoreVersion(app, await aToken({ org, user: 'bob' }), workflow.id);

    expect(response.statusCode).toBe(200);
    expect(response.headers.ratelimit).toBe('"user";r=4;t=60');
    expect(response.headers['ratelimit-policy']).toBe('"user";q=5;w=60');
  });

  it('spends no quota on restores refused for lacking the permission', async () => {
    const app = await limitedApp(1);
    const org = `org_${randomUUID()}`;
    const workflow = await anEditedWorkflow(app, await aToken({ org, user: 'alice' }), await aToken({ org, user: 'carol' }));
    const readOnly = await aToken({ org, user: 'bob', permissions: READ_ONLY });
    for (let attempt = 0; attempt < 3; attempt += 1) await restoreVersion(app, readOnly, workflow.id);

    const response = await restoreVersion(app, await aToken({ org, user: 'bob' }), workflow.id);

    expect(response.statusCode).toBe(200);
  });
});
