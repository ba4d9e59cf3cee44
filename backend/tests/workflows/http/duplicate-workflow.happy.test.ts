import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { accountIdFromOrganization } from '../../../src/shared/ids.js';
import { aTestApp, aToken, type TestApp, aWorkflow, workflowUrl as url } from '../../support/app.js';
import { aClock } from '../../support/builders.js';
import { closeSharedDatabases, databaseKinds } from '../../support/database.js';
import { recorded, type WorkflowBody } from '../../support/wire.js';
import { expectProblem } from '../../support/problems.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(closeSharedDatabases);

interface AuditRow {
  readonly action: string;
  readonly changes: { readonly before: WorkflowBody | null; readonly after: WorkflowBody | null; readonly duplicated_from?: string };
}

const aKey = () => `key-${randomUUID()}`;

async function post(app: TestApp, token: string, id: string, action: string): Promise<WorkflowBody> {
  const response = await app.request({ method: 'POST', url: `${url(id)}/${action}`, token });
  if (response.statusCode !== 200) throw new Error(`${action} answered ${String(response.statusCode)}: ${response.body}`);
  return response.json<WorkflowBody>();
}

const duplicate = (app: TestApp, token: string, id: string, body?: object, headers: Record<string, string> = {}) =>
  app.request({ method: 'POST', url: `${url(id)}/duplicate`, token, headers, ...(body === undefined ? {} : { payload: body }) });

async function aCopy(app: TestApp, token: string, id: string, body?: object): Promise<WorkflowBody> {
  const response = await duplicate(app, token, id, body);
  if (response.statusCode !== 201) throw new Error(`duplicate answered ${String(response.statusCode)}: ${response.body}`);
  return response.json<WorkflowBody>();
}

async function auditRows(app: TestApp, id: string): Promise<AuditRow[]> {
  return queryRows<AuditRow>(app.database, sql`select action, changes from audit_logs where entity_id = ${id} order by occurred_at, id`);
}

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

describe('POST /api/v1/workflows/{id}/duplicate', () => {
  it('creates a draft copy named "<name> (copy)": 201 with Location and ETag "1"', async () => {
    const clock = aClock();
    const app = await aTestApp({ clock });
    const token = await aToken();
    const source = await aWorkflow(app, token, { name: 'Weekday digest' });
    clock.advance(60_000);

    const response = await duplicate(app, token, source.id);

    expect(response.statusCode).toBe(201);
    const copy = response.json<WorkflowBody>();
    expect(response.headers.location).toBe(url(copy.id));
    expect(response.headers.etag).toBe('"1"');
    expect(copy).toEqual({
      ...source,
      id: expect.any(String) as unknown,
      name: 'Weekday digest (copy)',
      status: 'draft',
      version: 1,
      created_at: clock.now().toISOString(),
      updated_at: clock.now().toISOString(),
    });
    expect(copy.id).not.toBe(source.id);
  });

  it('keeps the copy: its Location reads it', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token);
    const response = await duplicate(app, token, source.id);

    const read = await app.request({ method: 'GET', url: String(response.headers.location), token });

    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(response.json());
  });

  it('leaves the source as it was', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token);

    await duplicate(app, token, source.id);

    expect((await app.request({ method: 'GET', url: url(source.id), token })).json()).toEqual(source);
  });

  it('names further copies "(copy 2)", "(copy 3)"', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token, { name: 'Month end' });

    const names: string[] = [];
    for (let copy = 0; copy < 3; copy += 1) names.push((await aCopy(app, token, source.id)).name);

    expect(names).toEqual(['Month end (copy)', 'Month end (copy 2)', 'Month end (copy 3)']);
  });

  it('takes the first copy name that is free', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token, { name: 'Month end' });
    const first = await aCopy(app, token, source.id);
    await aCopy(app, token, source.id);
    await app.request({ method: 'DELETE', url: url(first.id), token });

    const copy = await aCopy(app, token, source.id);

    expect(copy.name).toBe('Month end (copy)');
  });

  it('passes over a copy name taken in another case', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token, { name: 'Month end' });
    await aWorkflow(app, token, { name: 'MONTH END (COPY)' });

    const copy = await aCopy(app, token, source.id);

    expect(copy.name).toBe('Month end (copy 2)');
  });

  it('cuts a long name so the copy name fits 100 characters', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token, { name: `${'n'.repeat(90)}${randomUUID().slice(0, 10)}` });

    const copy = await aCopy(app, token, source.id);

    expect(Array.from(copy.name)).toHaveLength(100);
    expect(copy.name).toBe(`${source.name.slice(0, 93)} (copy)`);
  });

  it('cuts a long name for a second copy too', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token, { name: `${'m'.repeat(90)}${randomUUID().slice(0, 10)}` });
    await aCopy(app, token, source.id);

    const copy = await aCopy(app, token, source.id);

    expect(copy.name).toBe(`${source.name.slice(0, 91)} (copy 2)`);
  });

  it('counts characters, not UTF-16 units, when cutting a long name', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token, { name: `${'😀'.repeat(90)}${randomUUID().slice(0, 10)}` });

    const copy = await aCopy(app, token, source.id);

    expect(Array.from(copy.name)).toHaveLength(100);
    expect(copy.name.endsWith(' (copy)')).toBe(true);
  });

  it('takes the name given in the body', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token);

    const copy = await aCopy(app, token, source.id, { name: 'Digest for EMEA' });

    expect(copy).toMatchObject({ name: 'Digest for EMEA', description: source.description, trigger_type: source.trigger_type, trigger_config: source.trigger_config });
  });

  it('normalises the name given, as a create does', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token);

    const copy = await aCopy(app, token, source.id, { name: '  Digest\u00A0  for   APAC ' });

    expect(copy.name).toBe('Digest for APAC');
  });

  it('names the copy "(copy)" for an empty body {}', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token, { name: 'Empty body' });

    const response = await duplicate(app, token, source.id, {});

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ name: 'Empty body (copy)' });
  });

  it('copies a workflow without a trigger', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token, { description: '', trigger_type: null, trigger_config: {} });

    const copy = await aCopy(app, token, source.id);

    expect(copy).toMatchObject({ description: '', trigger_type: null, trigger_config: {} });
  });

  it.each([
    ['an active', ['activate']],
    ['a paused', ['activate', 'pause']],
    ['an archived', ['archive']],
  ])('copies %s workflow as a new draft with the same description and trigger', async (_what, actions) => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token, { trigger_type: 'event', trigger_config: { event: 'invoice.paid' } });
    for (const action of actions) await post(app, token, source.id, action);

    const copy = await aCopy(app, token, source.id);

    expect(copy).toMatchObject({ status: 'draft', version: 1, description: source.description, trigger_type: 'event', trigger_config: { event: 'invoice.paid' } });
  });

  it('copies the current definition of an edited workflow', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token);
    await app.request({ method: 'PATCH', url: url(source.id), token, headers: { 'if-match': '*' }, payload: { name: 'Edited source', description: 'Now', trigger_type: 'webhook' } });

    const copy = await aCopy(app, token, source.id);

    expect(copy).toMatchObject({ name: 'Edited source (copy)', description: 'Now', trigger_type: 'webhook', trigger_config: { method: 'POST' } });
  });

  it('copies a copy', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token, { name: 'Original' });
    const copy = await aCopy(app, token, source.id);

    const copyOfCopy = await aCopy(app, token, copy.id);

    expect(copyOfCopy.name).toBe('Original (copy) (copy)');
  });

  it('makes the caller the copy’s creator, not the source’s', async () => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const source = await aWorkflow(app, await aToken({ org, user: 'alice' }));

    const copy = await aCopy(app, await aToken({ org, user: 'bob' }), source.id);

    expect(copy.created_by).not.toBe(source.created_by);
    expect(copy.updated_by).toBe(copy.created_by);
    expect(copy.account_id).toBe(source.account_id);
  });
});

describe('POST /api/v1/workflows/{id}/duplicate — history', () => {
  it('writes one audit row workflow.created for the copy, with duplicated_from the source', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token);

    const copy = await aCopy(app, token, source.id);

    expect(await auditRows(app, copy.id)).toEqual([{ action: 'workflow.created', changes: { duplicated_from: source.id, before: null, after: recorded(copy) } }]);
  });

  it('shows duplicated_from in the audit log', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token);

    const copy = await aCopy(app, token, source.id);

    const log = (await app.request({ method: 'GET', url: `/api/v1/audit-logs?entity_id=${copy.id}`, token })).json<{ data: AuditRow[] }>();
    expect(log.data).toEqual([expect.objectContaining({ action: 'workflow.created', changes: { duplicated_from: source.id, before: null, after: recorded(copy) } })]);
  });

  it('writes nothing about the source', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token);

    await aCopy(app, token, source.id);

    expect((await auditRows(app, source.id)).map((row) => row.action)).toEqual(['workflow.created']);
  });

  it('gives the copy a history of its own: version 1, workflow.created', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token);
    await app.request({ method: 'PATCH', url: url(source.id), token, headers: { 'if-match': '*' }, payload: { description: 'Edited' } });

    const copy = await aCopy(app, token, source.id);

    const versions = (await app.request({ method: 'GET', url: `${url(copy.id)}/versions`, token })).json<{ data: unknown[] }>();
    expect(versions.data).toEqual([expect.objectContaining({ version: 1, action: 'workflow.created', name: copy.name, description: 'Edited' })]);
  });
});

describe('POST /api/v1/workflows/{id}/duplicate with Idempotency-Key', () => {
  it('creates the copy on the first request, without Idempotent-Replayed', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token);

    const response = await duplicate(app, token, source.id, undefined, { 'idempotency-key': aKey() });

    expect(response.statusCode).toBe(201);
    expect(response.headers['idempotent-replayed']).toBeUndefined();
  });

  it('replays the first answer for the same key and body: same body, Location and ETag, with Idempotent-Replayed', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token);
    const key = aKey();
    const first = await duplicate(app, token, source.id, { name: 'Keyed copy' }, { 'idempotency-key': key });

    const again = await duplicate(app, token, source.id, { name: 'Keyed copy' }, { 'idempotency-key': key });

    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('replays a copy made without a body, instead of making "(copy 2)"', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token, { name: 'Retried' });
    const key = aKey();
    const first = await duplicate(app, token, source.id, undefined, { 'idempotency-key': key });

    const again = await duplicate(app, token, source.id, undefined, { 'idempotency-key': key });

    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(again.json()).toMatchObject({ name: 'Retried (copy)' });
  });

  it('replays the copy even after its source was deleted: a retry never answers 404 for a copy that was made', async () => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const token = await aToken({ org });
    const source = await aWorkflow(app, token);
    const key = aKey();
    const first = await duplicate(app, token, source.id, undefined, { 'idempotency-key': key });
    await app.request({ method: 'DELETE', url: url(source.id), token });

    const again = await duplicate(app, token, source.id, undefined, { 'idempotency-key': key });

    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await written(app, org)).toMatchObject({ workflows: 2, keys: 1 });
  });

  it('replays the copy even after its source was renamed', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token);
    const key = aKey();
    const first = await duplicate(app, token, source.id, undefined, { 'idempotency-key': key });
    await app.request({ method: 'PATCH', url: url(source.id), token, headers: { 'if-match': '*' }, payload: { name: `Renamed ${randomUUID().slice(0, 8)}` } });

    const again = await duplicate(app, token, source.id, undefined, { 'idempotency-key': key });

    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
  });

  it('replays the copy as it was made, even after the copy was changed and deleted', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token);
    const key = aKey();
    const first = await duplicate(app, token, source.id, undefined, { 'idempotency-key': key });
    const copy = first.json<WorkflowBody>();
    await app.request({ method: 'PATCH', url: url(copy.id), token, headers: { 'if-match': '*' }, payload: { description: 'Changed copy' } });
    await app.request({ method: 'DELETE', url: url(copy.id), token });

    const again = await duplicate(app, token, source.id, undefined, { 'idempotency-key': key });

    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(copy);
    expect(again.headers.etag).toBe('"1"');
  });

  it('replays a copy with a given name even when another workflow holds that name now', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token);
    const key = aKey();
    const first = await duplicate(app, token, source.id, { name: 'Claimed later' }, { 'idempotency-key': key });
    await app.request({ method: 'PATCH', url: url(first.json<WorkflowBody>().id), token, headers: { 'if-match': '*' }, payload: { name: 'Moved away' } });
    await aWorkflow(app, token, { name: 'Claimed later' });

    const again = await duplicate(app, token, source.id, { name: 'Claimed later' }, { 'idempotency-key': key });

    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
  });

  it('writes nothing on a replay', async () => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const token = await aToken({ org });
    const source = await aWorkflow(app, token);
    const key = aKey();
    await duplicate(app, token, source.id, undefined, { 'idempotency-key': key });

    await duplicate(app, token, source.id, undefined, { 'idempotency-key': key });

    expect(await written(app, org)).toEqual({ workflows: 2, audits: 2, versions: 2, keys: 1 });
  });

  it('remembers the key with the copy it created', async () => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const token = await aToken({ org });
    const source = await aWorkflow(app, token);

    await duplicate(app, token, source.id, undefined, { 'idempotency-key': aKey() });

    expect(await written(app, org)).toEqual({ workflows: 2, audits: 2, versions: 2, keys: 1 });
  });

  it('makes another copy for another key', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const source = await aWorkflow(app, token, { name: 'Two keys' });
    await duplicate(app, token, source.id, undefined, { 'idempotency-key': aKey() });

    const response = await duplicate(app, token, source.id, undefined, { 'idempotency-key': aKey() });

    expect(response.statusCode).toBe(201);
    expect(response.headers['idempotent-replayed']).toBeUndefined();
    expect(response.json()).toMatchObject({ name: 'Two keys (copy 2)' });
  });
});

describe.each(databaseKinds())('POST /api/v1/workflows/{id}/duplicate — concurrent copies on %s', (kind) => {
  it('gives two simultaneous copies without a name distinct names', async () => {
    const app = await aTestApp({ kind });
    const token = await aToken();
    const source = await aWorkflow(app, token, { name: 'Twins' });

    const responses = await Promise.all([duplicate(app, token, source.id), duplicate(app, token, source.id)]);

    expect(responses.map((response) => response.statusCode)).toEqual([201, 201]);
    expect(responses.map((response) => response.json<WorkflowBody>().name).sort()).toEqual(['Twins (copy 2)', 'Twins (copy)']);
  });

  it('gives ten simultaneous copies without a name ten distinct names, "(copy)" to "(copy 10)"', async () => {
    const app = await aTestApp({ kind });
    const org = `org_${randomUUID()}`;
    const token = await aToken({ org });
    const source = await aWorkflow(app, token, { name: 'Crowd' });

    const responses = await Promise.all(Array.from({ length: 10 }, () => duplicate(app, token, source.id)));

    expect(responses.map((response) => response.statusCode)).toEqual(Array<number>(10).fill(201));
    const names = responses.map((response) => response.json<WorkflowBody>().name);
    expect(names.toSorted()).toEqual(['Crowd (copy)', ...Array.from({ length: 9 }, (_, index) => `Crowd (copy ${String(index + 2)})`)].toSorted());
    expect(await written(app, org)).toEqual({ workflows: 11, audits: 11, versions: 11, keys: 0 });
  });

  it('makes one copy for ten simultaneous requests with one Idempotency-Key; the others replay it or answer 409 IDEMPOTENCY_KEY_IN_USE', async () => {
    const app = await aTestApp({ kind });
    const org = `org_${randomUUID()}`;
    const token = await aToken({ org });
    const source = await aWorkflow(app, token);
    const key = aKey();

    const responses = await Promise.all(Array.from({ length: 10 }, () => duplicate(app, token, source.id, undefined, { 'idempotency-key': key })));

    const created = responses.filter((response) => response.statusCode === 201);
    expect(created.filter((response) => response.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
    expect(new Set(created.map((response) => response.json<WorkflowBody>().id)).size).toBe(1);
    for (const response of responses.filter((each) => each.statusCode !== 201)) {
      expectProblem(response, 409, 'IDEMPOTENCY_KEY_IN_USE');
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(await written(app, org)).toEqual({ workflows: 2, audits: 2, versions: 2, keys: 1 });
  });
});

describe.each(databaseKinds())('POST /api/v1/workflows/{id}/duplicate without options, on %s', (kind) => {
  it.each([
    ['null', { 'content-type': 'application/json' }, 'null'],
    ['an empty body labelled JSON', { 'content-type': 'application/json' }, ''],
    ['an empty body with no Content-Type', {}, ''],
  ])('names the copy "(copy)" for %s, as for no body', async (_case, headers, payload) => {
    const app = await aTestApp({ kind });
    const token = await aToken();
    const source = await aWorkflow(app, token, { name: 'No options' });

    const response = await app.request({ method: 'POST', url: `${url(source.id)}/duplicate`, token, headers, payload });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ name: 'No options (copy)' });
  });
});
