import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { accountIdFromOrganization } from '../../../src/shared/ids.js';
import { aTestApp, aToken, aWorkflowBody, type TestApp } from '../../support/app.js';
import { aClock } from '../../support/builders.js';
import { closeSharedDatabases, databaseKinds } from '../../support/database.js';
import type { WorkflowBody } from '../../support/wire.js';
import { expectProblem } from '../../support/problems.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(closeSharedDatabases);

const HOUR_MS = 3_600_000;

const aKey = () => `key-${randomUUID()}`;

const createWithKey = (app: TestApp, body: unknown, token: string, key: string) =>
  app.request({ method: 'POST', url: '/api/v1/workflows', token, headers: { 'idempotency-key': key }, payload: body as object });

/** What the account holds: workflows, audit rows, version rows and remembered keys. */
async function written(app: TestApp, org: string) {
  const account = accountIdFromOrganization(org);
  const [counts] = await queryRows<{ workflows: number; audits: number; versions: number; keys: number }>(
    app.database,
    sql`select
      (select count(*)::int from workflows where account_id = ${account}) as workflows,
      (select count(*)::int from audit_logs where account_id = ${account}) as audits,
      (select count(*)::int from workflow_versions where account_id = ${account}) as versions,
      (select count(*)::int from idempotency_keys where account_id = ${account}) as keys`,
  );
  return counts;
}

describe('POST /api/v1/workflows with Idempotency-Key — first request', () => {
  it('creates the workflow and answers 201 without Idempotent-Replayed', async () => {
    const app = await aTestApp();

    const response = await createWithKey(app, aWorkflowBody(), await aToken(), aKey());

    expect(response.statusCode).toBe(201);
    expect(response.headers['idempotent-replayed']).toBeUndefined();
  });

  it('remembers the key with the workflow it created', async () => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;

    await createWithKey(app, aWorkflowBody(), await aToken({ org }), aKey());

    expect(await written(app, org)).toEqual({ workflows: 1, audits: 1, versions: 1, keys: 1 });
  });

  it.each([
    ['one character', '!'],
    ['255 visible characters', 'k'.repeat(255)],
    ['every visible ASCII character', Array.from({ length: 94 }, (_, index) => String.fromCharCode(0x21 + index)).join('')],
  ])('accepts a key of %s', async (_what, key) => {
    const app = await aTestApp();

    const response = await createWithKey(app, aWorkflowBody(), await aToken(), key);

    expect(response.statusCode).toBe(201);
  });

  it.each([
    ['empty', ''],
    ['256 characters long', 'k'.repeat(256)],
    ['with a space', 'my key'],
    ['with a tab', 'my\tkey'],
    ['with a character beyond ASCII', 'clé'],
  ])('answers 400 BAD_REQUEST to a key that is %s, and creates nothing', async (_what, key) => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;

    const response = await createWithKey(app, aWorkflowBody(), await aToken({ org }), key);

    expect(response.statusCode).toBe(400);
    const problem = response.json<{ code: string; errors: unknown[] }>();
    expect(problem.code).toBe('BAD_REQUEST');
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'idempotency-key' })]);
    expect(await written(app, org)).toEqual({ workflows: 0, audits: 0, versions: 0, keys: 0 });
  });
});

describe('POST /api/v1/workflows with Idempotency-Key — the same request again', () => {
  it('replays the first answer: 201, same body, Location and ETag, with Idempotent-Replayed', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const body = aWorkflowBody();
    const key = aKey();
    const first = await createWithKey(app, body, token, key);

    const again = await createWithKey(app, body, token, key);

    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('writes nothing on a replay', async () => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const token = await aToken({ org });
    const body = aWorkflowBody();
    const key = aKey();
    await createWithKey(app, body, token, key);

    await createWithKey(app, body, token, key);

    expect(await written(app, org)).toEqual({ workflows: 1, audits: 1, versions: 1, keys: 1 });
  });

  it('compares bodies as JSON: member order and spacing do not matter', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const key = aKey();
    const name = `Spacing ${randomUUID()}`;
    const first = await createWithKey(app, { name, trigger_type: 'schedule', trigger_config: { cron: '0 2 * * *', timezone: 'UTC' } }, token, key);

    const again = await app.request({
      method: 'POST',
      url: '/api/v1/workflows',
      token,
      headers: { 'idempotency-key': key, 'content-type': 'application/json' },
      payload: `{\n  "trigger_config" : { "timezone":"UTC",   "cron": "0 2 * * *" },\n\t"trigger_type":"schedule", "name": ${JSON.stringify(name)}\n}`,
    });

    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
  });

  it('replays the workflow as it was created, even after it was changed', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const body = aWorkflowBody();
    const key = aKey();
    const first = await createWithKey(app, body, token, key);
    const id = first.json<WorkflowBody>().id;
    await app.request({ method: 'PATCH', url: `/api/v1/workflows/${id}`, token, headers: { 'if-match': '"1"' }, payload: { name: `Renamed ${randomUUID()}` } });
    await app.request({ method: 'POST', url: `/api/v1/workflows/${id}/activate`, token });

    const again = await createWithKey(app, body, token, key);

    expect(again.json()).toEqual(first.json());
    expect(again.headers.etag).toBe('"1"');
  });
});

describe('POST /api/v1/workflows with Idempotency-Key — another request with the key', () => {
  it('answers 422 IDEMPOTENCY_KEY_REUSED to the key with another body', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const key = aKey();
    await createWithKey(app, aWorkflowBody(), token, key);

    const response = await createWithKey(app, aWorkflowBody(), token, key);

    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('writes nothing for a key reused with another body', async () => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const token = await aToken({ org });
    const key = aKey();
    await createWithKey(app, aWorkflowBody(), token, key);

    await createWithKey(app, aWorkflowBody(), token, key);

    expect(await written(app, org)).toEqual({ workflows: 1, audits: 1, versions: 1, keys: 1 });
  });

  it('lets a colleague in the same account use the same key for a workflow of their own', async () => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const key = aKey();
    const alices = await createWithKey(app, aWorkflowBody(), await aToken({ org, user: 'alice' }), key);

    const bobs = await createWithKey(app, aWorkflowBody(), await aToken({ org, user: 'bob' }), key);

    expect(bobs.statusCode).toBe(201);
    expect(bobs.headers['idempotent-replayed']).toBeUndefined();
    expect(bobs.json<WorkflowBody>().id).not.toBe(alices.json<WorkflowBody>().id);
  });

  it('does not replay another account’s answer for the same key and body', async () => {
    const app = await aTestApp();
    const body = aWorkflowBody();
    const key = aKey();
    const first = await createWithKey(app, body, await aToken({ user: 'alice' }), key);

    const other = await createWithKey(app, body, await aToken({ user: 'alice' }), key);

    expect(other.statusCode).toBe(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(other.json<WorkflowBody>().id).not.toBe(first.json<WorkflowBody>().id);
  });

  it('forgets the key after IDEMPOTENCY_KEY_TTL_HOURS (24 by default)', async () => {
    const clock = aClock();
    const app = await aTestApp({ clock });
    const token = await aToken();
    const key = aKey();
    await createWithKey(app, aWorkflowBody(), token, key);
    clock.advance(25 * HOUR_MS);

    const response = await createWithKey(app, aWorkflowBody(), token, key);

    expect(response.statusCode).toBe(201);
    expect(response.headers['idempotent-replayed']).toBeUndefined();
  });

  it('still holds the key just before it expires', async () => {
    const clock = aClock();
    const app = await aTestApp({ clock });
    const token = await aToken();
    const key = aKey();
    await createWithKey(app, aWorkflowBody(), token, key);
    clock.advance(23 * HOUR_MS);

    const response = await createWithKey(app, aWorkflowBody(), token, key);

    expect(response.statusCode).toBe(422);
  });

  it('remembers an expired key again for the workflow it then created', async () => {
    const clock = aClock();
    const app = await aTestApp({ clock });
    const token = await aToken();
    const key = aKey();
    const body = aWorkflowBody();
    await createWithKey(app, aWorkflowBody(), token, key);
    clock.advance(25 * HOUR_MS);
    const second = await createWithKey(app, body, token, key);

    const again = await createWithKey(app, body, token, key);

    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(second.json());
  });
});

describe('POST /api/v1/workflows with Idempotency-Key — refused requests are not remembered', () => {
  it('lets a request refused for a taken name be retried with its key once fixed', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const key = aKey();
    const taken = aWorkflowBody();
    await app.create(taken, token);
    const refused = await createWithKey(app, { ...taken, description: 'Mine' }, token, key);

    const retried = await createWithKey(app, aWorkflowBody(), token, key);

    expect(refused.statusCode).toBe(409);
    expect(retried.statusCode).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
  });

  it('lets a request refused as invalid be retried with its key once fixed', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const key = aKey();
    const refused = await createWithKey(app, aWorkflowBody({ trigger_config: { cron: 'every day' } }), token, key);

    const retried = await createWithKey(app, aWorkflowBody(), token, key);

    expect(refused.statusCode).toBe(422);
    expect(retried.statusCode).toBe(201);
  });

  it('remembers no key for a refused request', async () => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const token = await aToken({ org });

    await createWithKey(app, aWorkflowBody({ name: '' }), token, aKey());

    expect(await written(app, org)).toEqual({ workflows: 0, audits: 0, versions: 0, keys: 0 });
  });

  it('lets the same request be sent again with its key once the name is free', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const key = aKey();
    const body = aWorkflowBody();
    const holder = (await app.create(body, token)).json<WorkflowBody>();
    await createWithKey(app, body, token, key);
    await app.request({ method: 'DELETE', url: `/api/v1/workflows/${holder.id}`, token });

    const retried = await createWithKey(app, body, token, key);

    expect(retried.statusCode).toBe(201);
    expect(retried.json<WorkflowBody>().id).not.toBe(holder.id);
  });
});

describe.each(databaseKinds())('POST /api/v1/workflows with Idempotency-Key — concurrent requests on %s', (kind) => {
  it('creates at most one workflow for ten simultaneous requests with one key', async () => {
    const app = await aTestApp({ kind });
    const org = `org_${randomUUID()}`;
    const token = await aToken({ org });
    const body = aWorkflowBody();
    const key = aKey();

    await Promise.all(Array.from({ length: 10 }, () => createWithKey(app, body, token, key)));

    const rows = await queryRows(app.database, sql`select id from workflows where account_id = ${accountIdFromOrganization(org)} and name = ${body.name as string}`);
    expect(rows).toHaveLength(1);
    expect(await written(app, org)).toEqual({ workflows: 1, audits: 1, versions: 1, keys: 1 });
  });

  it('answers each of ten simultaneous requests with the workflow or 409 IDEMPOTENCY_KEY_IN_USE and Retry-After', async () => {
    const app = await aTestApp({ kind });
    const token = await aToken();
    const body = aWorkflowBody();
    const key = aKey();

    const responses = await Promise.all(Array.from({ length: 10 }, () => createWithKey(app, body, token, key)));

    const created = responses.filter((response) => response.statusCode === 201);
    const busy = responses.filter((response) => response.statusCode !== 201);
    expect(created.filter((response) => response.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
    expect(new Set(created.map((response) => response.json<WorkflowBody>().id)).size).toBe(1);
    for (const response of busy) {
      expectProblem(response, 409, 'IDEMPOTENCY_KEY_IN_USE');
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    }
  });
});
