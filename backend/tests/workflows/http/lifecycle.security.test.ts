import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createRateLimiter, memoryStore } from '../../../src/rate-limit/index.js';
import { ALL_PERMISSIONS, aTestApp, aToken, aWorkflowBody, signClaims, type TestApp } from '../../support/app.js';
import { closeSharedDatabases } from '../../support/database.js';
import type { WorkflowBody } from '../../support/wire.js';
import { expectProblem } from '../../support/problems.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(closeSharedDatabases);

type Action = 'activate' | 'pause' | 'archive' | 'unarchive';

/** Each action with a status it would change: the request is refused for who sends it, not for the workflow. */
const CHANGES = [
  ['activate', []],
  ['pause', ['activate']],
  ['archive', []],
  ['unarchive', ['archive']],
] as const satisfies readonly (readonly [Action, readonly Action[]])[];

const withoutUpdate = ALL_PERMISSIONS.filter((permission) => permission !== 'org:workflows:update');

const act = (app: TestApp, id: string, action: Action, token?: string) =>
  app.request({ method: 'POST', url: `/api/v1/workflows/${id}/${action}`, ...(token === undefined ? {} : { token }) });

async function aWorkflowAfter(actions: readonly Action[], app: TestApp, token: string): Promise<WorkflowBody> {
  const created = await app.create(aWorkflowBody(), token);
  if (created.statusCode !== 201) throw new Error(`create answered ${String(created.statusCode)}: ${created.body}`);
  let workflow = created.json<WorkflowBody>();
  for (const action of actions) {
    const response = await act(app, workflow.id, action, token);
    if (response.statusCode !== 200) throw new Error(`${action} answered ${String(response.statusCode)}: ${response.body}`);
    workflow = response.json<WorkflowBody>();
  }
  return workflow;
}

async function stored(app: TestApp, id: string) {
  const [row] = await queryRows<{ version: number; status: string; audits: number }>(
    app.database,
    sql`select version, status, (select count(*)::int from audit_logs where entity_id = ${id}) as audits from workflows where id = ${id}`,
  );
  return row;
}

/** A problem document without its request id, which differs on every answer. */
const withoutRequestId = (problem: Record<string, unknown>) => Object.fromEntries(Object.entries(problem).filter(([member]) => member !== 'request_id'));

const limitedApp = (limit: number) => aTestApp({ rateLimiter: createRateLimiter([{ name: 'user', limit, windowSeconds: 60 }], memoryStore()) });

describe('lifecycle actions — authentication and permissions', () => {
  it.each(CHANGES)('answers 401 with WWW-Authenticate to %s without a token', async (action, setup) => {
    const app = await aTestApp();
    const workflow = await aWorkflowAfter(setup, app, await aToken());

    const response = await act(app, workflow.id, action);

    expectProblem(response, 401, 'UNAUTHORIZED');
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
  });

  it.each(CHANGES)('answers 401 to %s with an invalid token and changes nothing', async (action, setup) => {
    const app = await aTestApp();
    const workflow = await aWorkflowAfter(setup, app, await aToken());
    const before = await stored(app, workflow.id);

    const response = await act(app, workflow.id, action, 'not.a.token');

    expect(response.statusCode).toBe(401);
    expect(await stored(app, workflow.id)).toEqual(before);
  });

  it.each(CHANGES)('answers 403 to %s by a member without org:workflows:update and changes nothing', async (action, setup) => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const workflow = await aWorkflowAfter(setup, app, await aToken({ org }));
    const before = await stored(app, workflow.id);

    const response = await act(app, workflow.id, action, await aToken({ org, user: 'bob', permissions: withoutUpdate }));

    expectProblem(response, 403, 'FORBIDDEN');
    expect(await stored(app, workflow.id)).toEqual(before);
  });

  it('answers 403 to a token without an active organization', async () => {
    const app = await aTestApp();
    const workflow = await aWorkflowAfter([], app, await aToken());

    const response = await act(app, workflow.id, 'activate', await signClaims({ v: 2 }));

    expect(response.statusCode).toBe(403);
  });
});

describe('lifecycle actions — tenant isolation', () => {
  it.each(CHANGES)('answers 404 to %s of another account’s workflow', async (action, setup) => {
    const app = await aTestApp();
    const workflow = await aWorkflowAfter(setup, app, await aToken());

    const response = await act(app, workflow.id, action, await aToken());

    expectProblem(response, 404, 'NOT_FOUND');
  });

  it.each(CHANGES)('changes nothing when another account tries to %s the workflow', async (action, setup) => {
    const app = await aTestApp();
    const workflow = await aWorkflowAfter(setup, app, await aToken());
    const before = await stored(app, workflow.id);

    await act(app, workflow.id, action, await aToken());

    expect(await stored(app, workflow.id)).toEqual(before);
  });

  it('answers another account with the same 404 whether the workflow exists or not', async () => {
    const app = await aTestApp();
    const workflow = await aWorkflowAfter(['archive'], app, await aToken());
    const intruder = await aToken();

    const existing = await act(app, workflow.id, 'activate', intruder);
    const missing = await act(app, randomUUID(), 'activate', intruder);

    expect(existing.statusCode).toBe(missing.statusCode);
    expect(withoutRequestId(existing.json())).toEqual(withoutRequestId(missing.json()));
  });
});

describe('lifecycle actions — rate limits', () => {
  it('sends the rate-limit headers on a 200', async () => {
    const app = await limitedApp(5);
    const org = `org_${randomUUID()}`;
    const workflow = await aWorkflowAfter([], app, await aToken({ org, user: 'bob' }));

    const response = await act(app, workflow.id, 'activate', await aToken({ org }));

    expect(response.statusCode).toBe(200);
    expect(response.headers['ratelimit-policy']).toBe('"user";q=5;w=60');
    expect(response.headers.ratelimit).toBe('"user";r=4;t=60');
  });

  it('counts every lifecycle action as a write: over the limit is 429 with Retry-After', async () => {
    const app = await limitedApp(3);
    const org = `org_${randomUUID()}`;
    const workflow = await aWorkflowAfter([], app, await aToken({ org, user: 'bob' }));
    const alice = await aToken({ org });
    for (const action of ['activate', 'pause', 'archive'] as const) await act(app, workflow.id, action, alice);

    const response = await act(app, workflow.id, 'unarchive', alice);

    expect(response.statusCode).toBe(429);
    expect(response.json()).toMatchObject({ code: 'RATE_LIMITED', policy: 'user' });
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts a repeat that changes nothing', async () => {
    const app = await limitedApp(1);
    const org = `org_${randomUUID()}`;
    const workflow = await aWorkflowAfter([], app, await aToken({ org, user: 'bob' }));
    const alice = await aToken({ org });
    await act(app, workflow.id, 'unarchive', alice);

    const response = await act(app, workflow.id, 'archive', alice);

    expect(response.statusCode).toBe(429);
  });

  it('does not change the status when the request is over the limit', async () => {
    const app = await limitedApp(1);
    const org = `org_${randomUUID()}`;
    const workflow = await aWorkflowAfter([], app, await aToken({ org, user: 'bob' }));
    const alice = await aToken({ org });
    await app.create(aWorkflowBody(), alice);

    await act(app, workflow.id, 'activate', alice);

    expect(await stored(app, workflow.id)).toEqual({ version: 1, status: 'draft', audits: 1 });
  });

  it('spends no quota on an action refused for lack of permission', async () => {
    const app = await limitedApp(1);
    const org = `org_${randomUUID()}`;
    const workflow = await aWorkflowAfter([], app, await aToken({ org, user: 'bob' }));
    await act(app, workflow.id, 'activate', await aToken({ org, permissions: withoutUpdate }));

    const response = await act(app, workflow.id, 'activate', await aToken({ org }));

    expect(response.statusCode).toBe(200);
  });
});
