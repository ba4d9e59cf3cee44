import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createRateLimiter, memoryStore } from '../../../src/rate-limit/index.js';
import { ALL_PERMISSIONS, aTestApp, aToken, aWorkflowBody, signClaims, type TestApp, aWorkflow, workflowUrl as url } from '../../support/app.js';
import { closeSharedDatabases } from '../../support/database.js';
import type { WorkflowBody } from '../../support/wire.js';
import { expectProblem } from '../../support/problems.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(closeSharedDatabases);

const withoutDelete = ALL_PERMISSIONS.filter((permission) => permission !== 'org:workflows:delete');

const remove = (app: TestApp, id: string, token?: string) => app.request({ method: 'DELETE', url: url(id), ...(token === undefined ? {} : { token }) });

const restore = (app: TestApp, id: string, token?: string) => app.request({ method: 'POST', url: `${url(id)}/restore`, ...(token === undefined ? {} : { token }) });

async function deleted(app: TestApp, token: string): Promise<WorkflowBody> {
  const workflow = await aWorkflow(app, token);
  const response = await remove(app, workflow.id, token);
  if (response.statusCode !== 204) throw new Error(`delete answered ${String(response.statusCode)}: ${response.body}`);
  return workflow;
}

/** The workflow's row as the database holds it, whoever may see it through the API. */
async function stored(app: TestApp, id: string) {
  const [row] = await queryRows<{ version: number; in_trash: boolean; audits: number }>(
    app.database,
    sql`select version, deleted_at is not null as in_trash, (select count(*)::int from audit_logs where entity_id = ${id}) as audits from workflows where id = ${id}`,
  );
  return row;
}

const limitedApp = (limit: number) => aTestApp({ rateLimiter: createRateLimiter([{ name: 'user', limit, windowSeconds: 60 }], memoryStore()) });

describe('DELETE and restore — authentication and permissions', () => {
  it('answers 401 with WWW-Authenticate to a delete without a token', async () => {
    const app = await aTestApp();
    const workflow = await aWorkflow(app, await aToken());

    const response = await remove(app, workflow.id);

    expectProblem(response, 401, 'UNAUTHORIZED');
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
  });

  it('keeps the workflow when the delete had no token', async () => {
    const app = await aTestApp();
    const workflow = await aWorkflow(app, await aToken());

    await remove(app, workflow.id, 'not-a-token');

    expect(await stored(app, workflow.id)).toEqual({ version: 1, in_trash: false, audits: 1 });
  });

  it('answers 401 to a restore without a token', async () => {
    const app = await aTestApp();
    const workflow = await deleted(app, await aToken());

    const response = await restore(app, workflow.id);

    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
  });

  it('answers 403 to a delete by a member without org:workflows:delete, and keeps the workflow', async () => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const workflow = await aWorkflow(app, await aToken({ org }));

    const response = await remove(app, workflow.id, await aToken({ org, user: 'bob', permissions: withoutDelete }));

    expectProblem(response, 403, 'FORBIDDEN');
    expect(await stored(app, workflow.id)).toEqual({ version: 1, in_trash: false, audits: 1 });
  });

  it('answers 403 to a restore by a member with org:workflows:update only, and keeps it in the trash', async () => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const workflow = await deleted(app, await aToken({ org }));

    const response = await restore(app, workflow.id, await aToken({ org, user: 'bob', permissions: ['org:workflows:update'] }));

    expect(response.statusCode).toBe(403);
    expect(await stored(app, workflow.id)).toEqual({ version: 2, in_trash: true, audits: 2 });
  });

  it('answers 403 to a token without an active organization', async () => {
    const app = await aTestApp();
    const workflow = await aWorkflow(app, await aToken());

    const response = await remove(app, workflow.id, await signClaims({ v: 2 }));

    expect(response.statusCode).toBe(403);
  });
});

describe('DELETE and restore — tenant isolation', () => {
  it('answers 404 to a delete of another account’s workflow', async () => {
    const app = await aTestApp();
    const workflow = await aWorkflow(app, await aToken());

    const response = await remove(app, workflow.id, await aToken());

    expectProblem(response, 404, 'NOT_FOUND');
  });

  it('changes nothing when another account deletes the workflow', async () => {
    const app = await aTestApp();
    const owner = await aToken();
    const workflow = await aWorkflow(app, owner);

    await remove(app, workflow.id, await aToken());

    expect(await stored(app, workflow.id)).toEqual({ version: 1, in_trash: false, audits: 1 });
    expect((await app.request({ method: 'GET', url: url(workflow.id), token: owner })).statusCode).toBe(200);
  });

  it('answers 404 to a restore of another account’s deleted workflow and keeps it in the trash', async () => {
    const app = await aTestApp();
    const workflow = await deleted(app, await aToken());

    const response = await restore(app, workflow.id, await aToken());

    expect(response.statusCode).toBe(404);
    expect(await stored(app, workflow.id)).toEqual({ version: 2, in_trash: true, audits: 2 });
  });

  it('answers 404 to a restore of another account’s live workflow', async () => {
    const app = await aTestApp();
    const workflow = await aWorkflow(app, await aToken());

    const response = await restore(app, workflow.id, await aToken());

    expect(response.statusCode).toBe(404);
  });

  it('never shows a deleted workflow in another account’s trash', async () => {
    const app = await aTestApp();
    await deleted(app, await aToken());

    const response = await app.request({ method: 'GET', url: '/api/v1/workflows?deleted=true', token: await aToken() });

    expect(response.json()).toEqual({ data: [], next_cursor: null });
  });
});

describe('DELETE and restore — rate limits', () => {
  it('sends the rate-limit headers on a 204', async () => {
    const app = await limitedApp(5);
    const org = `org_${randomUUID()}`;
    const workflow = await aWorkflow(app, await aToken({ org, user: 'bob' }));

    const response = await remove(app, workflow.id, await aToken({ org }));

    expect(response.statusCode).toBe(204);
    expect(response.headers['ratelimit-policy']).toBe('"user";q=5;w=60');
    expect(response.headers.ratelimit).toBe('"user";r=4;t=60');
  });

  it('counts deletes and restores as writes: over the limit is 429 with Retry-After', async () => {
    const app = await limitedApp(2);
    const org = `org_${randomUUID()}`;
    const workflow = await aWorkflow(app, await aToken({ org, user: 'bob' }));
    const alice = await aToken({ org });
    await remove(app, workflow.id, alice);
    await restore(app, workflow.id, alice);

    const response = await remove(app, workflow.id, alice);

    expect(response.statusCode).toBe(429);
    expect(response.json()).toMatchObject({ code: 'RATE_LIMITED', policy: 'user' });
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('does not delete when the request is over the limit', async () => {
    const app = await limitedApp(1);
    const org = `org_${randomUUID()}`;
    const workflow = await aWorkflow(app, await aToken({ org, user: 'bob' }));
    const alice = await aToken({ org });
    await app.create(aWorkflowBody(), alice);

    await remove(app, workflow.id, alice);

    expect(await stored(app, workflow.id)).toEqual({ version: 1, in_trash: false, audits: 1 });
  });

  it('does not restore when the request is over the limit', async () => {
    const app = await limitedApp(2);
    const org = `org_${randomUUID()}`;
    const workflow = await deleted(app, await aToken({ org, user: 'bob' }));
    const alice = await aToken({ org });
    await app.create(aWorkflowBody(), alice);
    await app.create(aWorkflowBody(), alice);

    const response = await restore(app, workflow.id, alice);

    expect(response.statusCode).toBe(429);
    expect(await stored(app, workflow.id)).toEqual({ version: 2, in_trash: true, audits: 2 });
  });

  it('spends no quota on a delete refused for lack of permission', async () => {
    const app = await limitedApp(1);
    const org = `org_${randomUUID()}`;
    const workflow = await aWorkflow(app, await aToken({ org, user: 'bob' }));
    await remove(app, workflow.id, await aToken({ org, permissions: withoutDelete }));

    const response = await remove(app, workflow.id, await aToken({ org }));

    expect(response.statusCode).toBe(204);
  });
});
