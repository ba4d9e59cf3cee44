import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { accountIdFromOrganization } from '../../../src/shared/ids.js';
import { aTestApp, aToken, aWorkflowBody, type TestApp, aWorkflow, workflowUrl as url } from '../../support/app.js';
import { closeSharedDatabases } from '../../support/database.js';
import type { WorkflowBody } from '../../support/wire.js';
import { expectProblem } from '../../support/problems.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(closeSharedDatabases);

const aKey = () => `key-${randomUUID()}`;

const duplicate = (app: TestApp, token: string, id: string, body?: object, headers: Record<string, string> = {}) =>
  app.request({ method: 'POST', url: `${url(id)}/duplicate`, token, headers, ...(body === undefined ? {} : { payload: body }) });

/** An account with one workflow, and what it holds. */
async function anAccount(overrides: Record<string, unknown> = {}) {
  const app = await aTestApp();
  const org = `org_${randomUUID()}`;
  const token = await aToken({ org });
  const source = await aWorkflow(app, token, overrides);
  const written = async () => {
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
  };
  return { app, token, source, written };
}

async function expectNothingWritten(account: Awaited<ReturnType<typeof anAccount>>, action: () => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
  const before = await account.written();
  const response = await action();
  expect(await account.written()).toEqual(before);
  return response;
}

describe('duplicate — unknown sources', () => {
  it('answers 404 to an id that does not exist', async () => {
    const account = await anAccount();

    const response = await expectNothingWritten(account, () => duplicate(account.app, account.token, randomUUID()));

    expectProblem(response, 404, 'NOT_FOUND');
  });

  it.each(['not-a-uuid', '123', `${randomUUID()}x`])('answers 404 to the malformed id %j', async (id) => {
    const account = await anAccount();

    const response = await expectNothingWritten(account, () => duplicate(account.app, account.token, id));

    expect(response.statusCode).toBe(404);
  });

  it('answers 404 to a deleted workflow', async () => {
    const account = await anAccount();
    await account.app.request({ method: 'DELETE', url: url(account.source.id), token: account.token });

    const response = await expectNothingWritten(account, () => duplicate(account.app, account.token, account.source.id));

    expectProblem(response, 404, 'NOT_FOUND');
  });
});

describe('duplicate — names', () => {
  it('answers 409 CONFLICT naming the holder of a name given that is taken, in another case', async () => {
    const account = await anAccount();
    const holder = await aWorkflow(account.app, account.token, { name: 'Straße digest' });

    const response = await expectNothingWritten(account, () => duplicate(account.app, account.token, account.source.id, { name: 'STRASSE DIGEST' }));

    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'CONFLICT', existing_workflow_id: holder.id });
  });

  it('answers 409 CONFLICT to the source’s own name', async () => {
    const account = await anAccount();

    const response = await expectNothingWritten(account, () => duplicate(account.app, account.token, account.source.id, { name: account.source.name }));

    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ existing_workflow_id: account.source.id });
  });

  it('does not fall back to a copy name when the name given is taken', async () => {
    const account = await anAccount({ name: 'Fallback' });

    await duplicate(account.app, account.token, account.source.id, { name: 'Fallback' });

    const list = (await account.app.request({ method: 'GET', url: '/api/v1/workflows?q=Fallback', token: account.token })).json<{ data: WorkflowBody[] }>();
    expect(list.data.map((workflow) => workflow.name)).toEqual(['Fallback']);
  });

  it.each([
    ['only spaces', '   '],
    ['an empty string', ''],
    ['101 characters', 'x'.repeat(101)],
    ['a control character', 'Bell\u0007'],
    ['a zero-width space', 'Zero\u200Bwidth'],
  ])('answers 422 to a name of %s, naming it', async (_what, name) => {
    const account = await anAccount();

    const response = await expectNothingWritten(account, () => duplicate(account.app, account.token, account.source.id, { name }));

    expectProblem(response, 422, 'VALIDATION_ERROR');
    expect(response.json<{ errors: unknown[] }>().errors).toContainEqual(expect.objectContaining({ path: 'name' }));
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['an object', { text: 'Nested' }],
  ])('answers 422 to %s for a name', async (_what, name) => {
    const account = await anAccount();

    const response = await expectNothingWritten(account, () => duplicate(account.app, account.token, account.source.id, { name }));

    expect(response.statusCode).toBe(422);
    expect(response.json<{ errors: unknown[] }>().errors).toContainEqual(expect.objectContaining({ path: 'name' }));
  });
});

describe('duplicate — bodies', () => {
  it.each([
    ['an unknown member', { colour: 'red' }, 'colour'],
    ['a description', { name: 'With description', description: 'Other' }, 'description'],
    ['a trigger', { trigger_type: 'manual' }, 'trigger_type'],
    ['a status', { status: 'active' }, 'status'],
  ])('answers 422 to %s, naming it', async (_what, body, path) => {
    const account = await anAccount();

    const response = await expectNothingWritten(account, () => duplicate(account.app, account.token, account.source.id, body));

    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_ERROR', errors: [{ path, code: 'UNKNOWN_FIELD' }] });
  });

  it.each([
    ['an array', []],
    ['a string', 'copy'],
  ])('answers 422 to a body that is %s', async (_what, body) => {
    const account = await anAccount();

    const response = await expectNothingWritten(account, () =>
      account.app.request({ method: 'POST', url: `${url(account.source.id)}/duplicate`, token: account.token, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) }),
    );

    expect(response.statusCode).toBe(422);
  });

  it.each(['text/plain', 'application/xml', 'application/merge-patch+json'])('answers 415 to a body sent as %s', async (contentType) => {
    const account = await anAccount();

    const response = await expectNothingWritten(account, () =>
      account.app.request({ method: 'POST', url: `${url(account.source.id)}/duplicate`, token: account.token, headers: { 'content-type': contentType }, payload: JSON.stringify({ name: 'Typed' }) }),
    );

    expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 415 to a JSON body in another charset', async () => {
    const account = await anAccount();

    const response = await expectNothingWritten(account, () =>
      account.app.request({ method: 'POST', url: `${url(account.source.id)}/duplicate`, token: account.token, headers: { 'content-type': 'application/json; charset=latin1' }, payload: JSON.stringify({ name: 'Latin' }) }),
    );

    expect(response.statusCode).toBe(415);
  });

  it('answers 400 to malformed JSON', async () => {
    const account = await anAccount();

    const response = await expectNothingWritten(account, () =>
      account.app.request({ method: 'POST', url: `${url(account.source.id)}/duplicate`, token: account.token, headers: { 'content-type': 'application/json' }, payload: '{"name":' }),
    );

    expectProblem(response, 400, 'BAD_REQUEST');
  });

  it('answers 413 to a body over 64 KiB', async () => {
    const account = await anAccount();

    const response = await expectNothingWritten(account, () => duplicate(account.app, account.token, account.source.id, { name: 'x'.repeat(70_000) }));

    expect(response.statusCode).toBe(413);
  });
});

describe('duplicate — Idempotency-Key', () => {
  it.each([
    ['empty', ''],
    ['256 characters long', 'k'.repeat(256)],
    ['with a space', 'my key'],
  ])('answers 400 to a key that is %s, and copies nothing', async (_what, key) => {
    const account = await anAccount();

    const response = await expectNothingWritten(account, () => duplicate(account.app, account.token, account.source.id, undefined, { 'idempotency-key': key }));

    expect(response.statusCode).toBe(400);
    expect(response.json<{ errors: unknown[] }>().errors).toContainEqual(expect.objectContaining({ path: 'idempotency-key' }));
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED to the same key with another body, and writes nothing', async () => {
    const account = await anAccount();
    const key = aKey();
    await duplicate(account.app, account.token, account.source.id, { name: 'First body' }, { 'idempotency-key': key });

    const response = await expectNothingWritten(account, () => duplicate(account.app, account.token, account.source.id, { name: 'Second body' }, { 'idempotency-key': key }));

    expectProblem(response, 422, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED to the same key and body for another source', async () => {
    const account = await anAccount();
    const other = await aWorkflow(account.app, account.token);
    const key = aKey();
    await duplicate(account.app, account.token, account.source.id, undefined, { 'idempotency-key': key });

    const response = await expectNothingWritten(account, () => duplicate(account.app, account.token, other.id, undefined, { 'idempotency-key': key }));

    expectProblem(response, 422, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED to a key first used for a create', async () => {
    const account = await anAccount();
    const key = aKey();
    await account.app.request({ method: 'POST', url: '/api/v1/workflows', token: account.token, headers: { 'idempotency-key': key }, payload: aWorkflowBody() });

    const response = await expectNothingWritten(account, () => duplicate(account.app, account.token, account.source.id, undefined, { 'idempotency-key': key }));

    expect(response.statusCode).toBe(422);
  });

  it('lets a refused duplicate be retried with its key', async () => {
    const account = await anAccount();
    const holder = await aWorkflow(account.app, account.token, { name: 'Wanted name' });
    const key = aKey();
    await duplicate(account.app, account.token, account.source.id, { name: 'Wanted name' }, { 'idempotency-key': key });
    await account.app.request({ method: 'DELETE', url: url(holder.id), token: account.token });

    const response = await duplicate(account.app, account.token, account.source.id, { name: 'Wanted name' }, { 'idempotency-key': key });

    expect(response.statusCode).toBe(201);
    expect(response.headers['idempotent-replayed']).toBeUndefined();
    expect(response.json()).toMatchObject({ name: 'Wanted name' });
  });
});
