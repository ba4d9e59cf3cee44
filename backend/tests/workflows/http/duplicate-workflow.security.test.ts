import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createRateLimiter, memoryStore } from '../../../src/rate-limit/index.js';
import { accountIdFromOrganization } from '../../../src/shared/ids.js';
import { aTestApp, aToken, aWorkflowBody, signClaims, type TestApp, aWorkflow, workflowUrl as url } from '../../support/app.js';
import { closeSharedDatabases } from '../../support/database.js';
import type { WorkflowBody } from '../../support/wire.js';
import { expectProblem } from '../../support/problems.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(closeSharedDatabases);

const aKey = () => `key-${randomUUID()}`;
const READ_ONLY = ['org:workflows:read'];
const ALL_BUT_CREATE = ['org:workflows:read', 'org:workflows:update', 'org:workflows:delete', 'org:audit:read'];

const duplicate = (app: TestApp, token: string | undefined, id: string, headers: Record<string, string> = {}) =>
  app.request({ method: 'POST', url: `${url(id)}/duplicate`, ...(token === undefined ? {} : { token }), headers });

/** How many workflows, audit rows and version rows an organization's account holds. */
async function written(app: TestApp, org: string) {
  const account = accountIdFromOrganization(org);
  const [counts] = await queryRows<{ workflows: number; audits: number; versions: number }>(
    app.database,
    sql`select
      (select count(*)::int from workflows where account_id = ${account}) as workflows,
      (select count(*)::int from audit_logs where account_id = ${account}) as audits,
      (select count(*)::int from workflow_versions where account_id = ${account}) as versions`,
  );
  return counts;
}

/** An app whose only limit allows `limit` writes a minute per member of an account. */
const limitedApp = (limit: number) => aTestApp({ rateLimiter: createRateLimiter([{ name: 'user', limit, windowSeconds: 60 }], memoryStore()) });

describe('duplicate — authentication and permission', () => {
  it('answers 401 with WWW-Authenticate without a token, and copies nothing', async () => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const source = await aWorkflow(app, await aToken({ org }));

    const response = await duplicate(app, undefined, source.id);

    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(response.body).not.toContain(source.name);
    expect(await written(app, org)).toEqual({ workflows: 1, audits: 1, versions: 1 });
  });

  it('answers 401 to an invalid token', async () => {
    const app = await aTestApp();
    const source = await aWorkflow(app, await aToken());

    const response = await duplicate(app, 'not-a-jwt', source.id);

    expect(response.statusCode).toBe(401);
  });

  it.each([
    ['read only', READ_ONLY],
    ['every permission but create', ALL_BUT_CREATE],
  ])('answers 403 to a member with %s, and copies nothing', async (_what, permissions) => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const source = await aWorkflow(app, await aToken({ org }));

    const response = await duplicate(app, await aToken({ org, user: 'bob', permissions }), source.id);

    expectProblem(response, 403, 'FORBIDDEN');
    expect(await written(app, org)).toEqual({ workflows: 1, audits: 1, versions: 1 });
  });

  it('answers 403 to a token without an active organization', async () => {
    const app = await aTestApp();
    const source = await aWorkflow(app, await aToken());

    const response = await duplicate(app, await signClaims({ v: 2 }), source.id);

    expect(response.statusCode).toBe(403);
  });

  it('lets a colleague with org:workflows:create only duplicate a workflow', async () => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const source = await aWorkflow(app, await aToken({ org, user: 'alice' }), { name: 'Shared' });

    const response = await duplicate(app, await aToken({ org, user: 'bob', permissions: ['org:workflows:create'] }), source.id);

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ name: 'Shared (copy)', account_id: source.account_id });
  });
});

describe('duplicate — accounts', () => {
  it('answers 404 to a copy of another account’s workflow, and writes nothing in either account', async () => {
    const app = await aTestApp();
    const theirs = `org_${randomUUID()}`;
    const mine = `org_${randomUUID()}`;
    const source = await aWorkflow(app, await aToken({ org: theirs }));

    const response = await duplicate(app, await aToken({ org: mine }), source.id);

    expectProblem(response, 404, 'NOT_FOUND');
    expect(response.body).not.toContain(source.name);
    expect(await written(app, theirs)).toEqual({ workflows: 1, audits: 1, versions: 1 });
    expect(await written(app, mine)).toEqual({ workflows: 0, audits: 0, versions: 0 });
  });

  it('answers another account exactly as for an id that does not exist', async () => {
    const app = await aTestApp();
    const source = await aWorkflow(app, await aToken());
    const stranger = await aToken();

    const theirs = await duplicate(app, stranger, source.id);
    const nobodys = await duplicate(app, stranger, randomUUID());

    expect(theirs.statusCode).toBe(nobodys.statusCode);
    expect({ ...theirs.json<object>(), request_id: 'ignored' }).toEqual({ ...nobodys.json<object>(), request_id: 'ignored' });
  });

  it('never takes another account’s names as taken when naming the copy', async () => {
    const app = await aTestApp();
    await aWorkflow(app, await aToken(), { name: 'Common (copy)' });
    const mine = await aToken();
    const source = await aWorkflow(app, mine, { name: 'Common' });

    const response = await duplicate(app, mine, source.id);

    expect(response.json()).toMatchObject({ name: 'Common (copy)' });
  });

  it('scopes Idempotency-Key to the member: a colleague with the same key makes a copy of their own', async () => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const source = await aWorkflow(app, await aToken({ org, user: 'alice' }), { name: 'Keyed' });
    const key = aKey();
    const first = await duplicate(app, await aToken({ org, user: 'alice' }), source.id, { 'idempotency-key': key });

    const response = await duplicate(app, await aToken({ org, user: 'bob' }), source.id, { 'idempotency-key': key });

    expect(response.statusCode).toBe(201);
    expect(response.headers['idempotent-replayed']).toBeUndefined();
    expect(response.json<WorkflowBody>().id).not.toBe(first.json<WorkflowBody>().id);
    expect(response.json()).toMatchObject({ name: 'Keyed (copy 2)' });
  });

  it('scopes Idempotency-Key to the account: the same user and key in another organization makes a copy there', async () => {
    const app = await aTestApp();
    const key = aKey();
    const first = await aToken({ user: 'alice' });
    const second = await aToken({ user: 'alice' });
    await duplicate(app, first, (await aWorkflow(app, first)).id, { 'idempotency-key': key });
    const source = await aWorkflow(app, second);

    const response = await duplicate(app, second, source.id, { 'idempotency-key': key });

    expect(response.statusCode).toBe(201);
    expect(response.headers['idempotent-replayed']).toBeUndefined();
    expect(response.json()).toMatchObject({ name: `${source.name} (copy)` });
  });
});

describe('duplicate — rate limits', () => {
  it('counts copies against the limit: the one after it answers 429 with Retry-After and copies nothing', async () => {
    const app = await limitedApp(2);
    const org = `org_${randomUUID()}`;
    const source = await aWorkflow(app, await aToken({ org, user: 'alice' }));
    const copier = await aToken({ org, user: 'bob' });
    await duplicate(app, copier, source.id);
    await duplicate(app, copier, source.id);

    const response = await duplicate(app, copier, source.id);

    expect(response.statusCode).toBe(429);
    expect(response.json()).toMatchObject({ code: 'RATE_LIMITED', policy: 'user' });
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(await written(app, org)).toEqual({ workflows: 3, audits: 3, versions: 3 });
  });

  it('counts copies and creates against the same limit', async () => {
    const app = await limitedApp(2);
    const org = `org_${randomUUID()}`;
    const token = await aToken({ org, user: 'alice' });
    const source = await aWorkflow(app, token);

    const allowed = await duplicate(app, token, source.id);
    const refused = await app.create(aWorkflowBody(), token);

    expect(allowed.statusCode).toBe(201);
    expect(refused.statusCode).toBe(429);
  });

  it('sends the limit headers on an allowed copy', async () => {
    const app = await limitedApp(5);
    const org = `org_${randomUUID()}`;
    const source = await aWorkflow(app, await aToken({ org, user: 'alice' }));

    const response = await duplicate(app, await aToken({ org, user: 'bob' }), source.id);

    expect(response.statusCode).toBe(201);
    expect(response.headers.ratelimit).toBe('"user";r=4;t=60');
    expect(response.headers['ratelimit-policy']).toBe('"user";q=5;w=60');
  });

  it('spends no quota on copies refused for lacking the permission', async () => {
    const app = await limitedApp(1);
    const org = `org_${randomUUID()}`;
    const source = await aWorkflow(app, await aToken({ org, user: 'alice' }));
    const readOnly = await aToken({ org, user: 'bob', permissions: READ_ONLY });
    for (let attempt = 0; attempt < 3; attempt += 1) await duplicate(app, readOnly, source.id);

    const response = await duplicate(app, await aToken({ org, user: 'bob' }), source.id);

    expect(response.statusCode).toBe(201);
  });
});
