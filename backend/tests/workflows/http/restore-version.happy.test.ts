import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken, type TestApp, aWorkflow, workflowUrl as url } from '../../support/app.js';
import { aClock } from '../../support/builders.js';
import { closeSharedDatabases, databaseKinds } from '../../support/database.js';
import { recorded, type WorkflowBody } from '../../support/wire.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(closeSharedDatabases);

interface AuditRow {
  readonly action: string;
  readonly changes: { readonly before: WorkflowBody | null; readonly after: WorkflowBody | null; readonly restored_version?: number };
}

async function patch(app: TestApp, token: string, id: string, payload: Record<string, unknown>): Promise<WorkflowBody> {
  const response = await app.request({ method: 'PATCH', url: url(id), token, headers: { 'if-match': '*' }, payload });
  if (response.statusCode !== 200) throw new Error(`PATCH answered ${String(response.statusCode)}: ${response.body}`);
  return response.json<WorkflowBody>();
}

async function post(app: TestApp, token: string, id: string, action: string): Promise<WorkflowBody> {
  const response = await app.request({ method: 'POST', url: `${url(id)}/${action}`, token });
  if (response.statusCode !== 200) throw new Error(`${action} answered ${String(response.statusCode)}: ${response.body}`);
  return response.json<WorkflowBody>();
}

const restoreVersion = (app: TestApp, token: string, id: string, version: number, ifMatch: string) =>
  app.request({ method: 'POST', url: `${url(id)}/versions/${String(version)}/restore`, token, headers: { 'if-match': ifMatch } });

/** A workflow created with one definition and then edited into another: version 2. */
async function anEditedWorkflow(app: TestApp, token: string): Promise<{ original: WorkflowBody; edited: WorkflowBody }> {
  const original = await aWorkflow(app, token, { description: 'Original', trigger_type: 'schedule', trigger_config: { cron: '0 2 * * *', timezone: 'Europe/Paris' } });
  const edited = await patch(app, token, original.id, { name: `Edited ${randomUUID().slice(0, 8)}`, description: 'Edited', trigger_type: 'webhook', trigger_config: { method: 'PUT' } });
  return { original, edited };
}

async function auditRows(app: TestApp, id: string): Promise<AuditRow[]> {
  return queryRows<AuditRow>(app.database, sql`select action, changes from audit_logs where entity_id = ${id} order by occurred_at, id`);
}

async function versionNumbers(app: TestApp, token: string, id: string): Promise<{ version: number; action: string }[]> {
  const page = (await app.request({ method: 'GET', url: `${url(id)}/versions`, token })).json<{ data: { version: number; action: string }[] }>();
  return page.data.map(({ version, action }) => ({ version, action }));
}

describe('POST /api/v1/workflows/{id}/versions/{version}/restore', () => {
  it('makes the version’s name, description and trigger current again as a new version: 200 with its ETag', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const { original, edited } = await anEditedWorkflow(app, token);

    const response = await restoreVersion(app, token, original.id, 1, '"2"');

    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"3"');
    expect(response.json()).toEqual({
      ...edited,
      name: original.name,
      description: original.description,
      trigger_type: original.trigger_type,
      trigger_config: original.trigger_config,
      version: 3,
      updated_at: expect.any(String) as unknown,
    });
  });

  it('keeps the change: a later GET shows it', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const { original } = await anEditedWorkflow(app, token);
    const restored = await restoreVersion(app, token, original.id, 1, '"2"');

    const read = await app.request({ method: 'GET', url: url(original.id), token });

    expect(read.json()).toEqual(restored.json());
    expect(read.headers.etag).toBe('"3"');
  });

  it('keeps the status of an active workflow', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const { original } = await anEditedWorkflow(app, token);
    await post(app, token, original.id, 'activate');

    const response = await restoreVersion(app, token, original.id, 1, '"3"');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'active', version: 4, name: original.name, trigger_type: 'schedule' });
  });

  it('keeps the status of a paused workflow', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const { original } = await anEditedWorkflow(app, token);
    await post(app, token, original.id, 'activate');
    await post(app, token, original.id, 'pause');

    const response = await restoreVersion(app, token, original.id, 1, '*');

    expect(response.json()).toMatchObject({ status: 'paused', version: 5, description: 'Original' });
  });

  it('keeps the current status when the restored version had another one', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    await post(app, token, workflow.id, 'activate');
    await patch(app, token, workflow.id, { name: `Renamed ${randomUUID().slice(0, 8)}` });
    await post(app, token, workflow.id, 'pause');

    const response = await restoreVersion(app, token, workflow.id, 2, '"4"');

    expect(response.json()).toMatchObject({ status: 'paused', name: workflow.name, version: 5 });
  });

  it('brings back a trigger the draft had lost', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token, { trigger_type: 'event', trigger_config: { event: 'invoice.paid' } });
    await patch(app, token, workflow.id, { trigger_type: null });

    const response = await restoreVersion(app, token, workflow.id, 1, '"2"');

    expect(response.json()).toMatchObject({ trigger_type: 'event', trigger_config: { event: 'invoice.paid' }, version: 3 });
  });

  it('takes a draft back to a version without a trigger', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token, { trigger_type: null, trigger_config: {} });
    await patch(app, token, workflow.id, { trigger_type: 'manual' });

    const response = await restoreVersion(app, token, workflow.id, 1, '"2"');

    expect(response.json()).toMatchObject({ trigger_type: null, trigger_config: {}, version: 3 });
  });

  it('restores a version that is not the first', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    await patch(app, token, workflow.id, { description: 'Second' });
    await patch(app, token, workflow.id, { description: 'Third' });

    const response = await restoreVersion(app, token, workflow.id, 2, '"3"');

    expect(response.json()).toMatchObject({ description: 'Second', version: 4 });
  });

  it('restores a name whose holder was deleted since', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const { original } = await anEditedWorkflow(app, token);
    const holder = await aWorkflow(app, token, { name: original.name });
    await app.request({ method: 'DELETE', url: url(holder.id), token });

    const response = await restoreVersion(app, token, original.id, 1, '"2"');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: original.name });
  });

  it('restores a name that differs from the current one only in case', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token, { name: 'Weekly digest' });
    await patch(app, token, workflow.id, { name: 'WEEKLY DIGEST' });

    const response = await restoreVersion(app, token, workflow.id, 1, '"2"');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: 'Weekly digest', version: 3 });
  });

  it('stamps the restore with its author and time, and keeps the creator', async () => {
    const clock = aClock();
    const app = await aTestApp({ clock });
    const org = `org_${randomUUID()}`;
    const { original, edited } = await anEditedWorkflow(app, await aToken({ org, user: 'alice' }));
    clock.advance(60_000);

    const response = await restoreVersion(app, await aToken({ org, user: 'bob' }), original.id, 1, '"2"');

    const restored = response.json<WorkflowBody>();
    expect(restored.updated_at).toBe(clock.now().toISOString());
    expect(restored.updated_by).not.toBe(edited.updated_by);
    expect(restored.created_by).toBe(original.created_by);
    expect(restored.created_at).toBe(original.created_at);
  });

  it.each([
    ['*', '*'],
    ['a list naming the current ETag', '"7", "2"'],
  ])('applies with If-Match %s', async (_what, ifMatch) => {
    const app = await aTestApp();
    const token = await aToken();
    const { original } = await anEditedWorkflow(app, token);

    const response = await restoreVersion(app, token, original.id, 1, ifMatch);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ version: 3 });
  });
});

describe('POST /api/v1/workflows/{id}/versions/{version}/restore — history', () => {
  it('adds a version with the action workflow.version_restored', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const { original } = await anEditedWorkflow(app, token);

    await restoreVersion(app, token, original.id, 1, '"2"');

    expect(await versionNumbers(app, token, original.id)).toEqual([
      { version: 3, action: 'workflow.version_restored' },
      { version: 2, action: 'workflow.updated' },
      { version: 1, action: 'workflow.created' },
    ]);
  });

  it('adds a version that holds the restored definition', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const { original } = await anEditedWorkflow(app, token);

    await restoreVersion(app, token, original.id, 1, '"2"');

    const [first, latest] = await Promise.all([1, 3].map(async (version) => (await app.request({ method: 'GET', url: `${url(original.id)}/versions/${String(version)}`, token })).json<Record<string, unknown>>()));
    const definition = ({ name, description, trigger_type, trigger_config }: Record<string, unknown>) => ({ name, description, trigger_type, trigger_config });
    expect(definition(latest ?? {})).toEqual(definition(first ?? {}));
  });

  it('writes one audit row with the restored version number and the workflow before and after', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const { original, edited } = await anEditedWorkflow(app, token);

    const response = await restoreVersion(app, token, original.id, 1, '"2"');

    const restores = (await auditRows(app, original.id)).filter((row) => row.action === 'workflow.version_restored');
    expect(restores).toEqual([{ action: 'workflow.version_restored', changes: { restored_version: 1, before: recorded(edited), after: recorded(response.json()) } }]);
  });

  it('shows the restore in the audit log with the restored version number', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const { original } = await anEditedWorkflow(app, token);
    await patch(app, token, original.id, { description: 'Third' });

    await restoreVersion(app, token, original.id, 2, '"3"');

    const log = (await app.request({ method: 'GET', url: `/api/v1/audit-logs?entity_id=${original.id}`, token })).json<{ data: AuditRow[] }>();
    expect(log.data.map((entry) => entry.action)).toEqual(['workflow.version_restored', 'workflow.updated', 'workflow.updated', 'workflow.created']);
    expect(log.data[0]?.changes).toMatchObject({ restored_version: 2, before: { version: 3 }, after: { version: 4, description: 'Edited' } });
  });
});

describe('POST /api/v1/workflows/{id}/versions/{version}/restore — no-ops', () => {
  it('answers restoring the current version with 200, the same version and ETag, and writes nothing', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const { original, edited } = await anEditedWorkflow(app, token);

    const response = await restoreVersion(app, token, original.id, 2, '"2"');

    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"2"');
    expect(response.json()).toEqual(edited);
    expect(await auditRows(app, original.id)).toHaveLength(2);
    expect(await versionNumbers(app, token, original.id)).toHaveLength(2);
  });

  it('answers restoring a version with the current definition, from before a status change, as a no-op', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    const active = await post(app, token, workflow.id, 'activate');

    const response = await restoreVersion(app, token, workflow.id, 1, '"2"');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(active);
    expect((await auditRows(app, workflow.id)).map((row) => row.action)).toEqual(['workflow.created', 'workflow.activated']);
  });

  it('answers restoring an earlier version equal to the current one as a no-op', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token, { description: 'Back and forth' });
    await patch(app, token, workflow.id, { description: 'Away' });
    const back = await patch(app, token, workflow.id, { description: 'Back and forth' });

    const response = await restoreVersion(app, token, workflow.id, 1, '"3"');

    expect(response.json()).toEqual(back);
    expect(await versionNumbers(app, token, workflow.id)).toHaveLength(3);
  });
});

describe.each(databaseKinds())('POST /api/v1/workflows/{id}/versions/{version}/restore — concurrent restores on %s', (kind) => {
  it('lets exactly one of ten simultaneous restores naming version 2 through; the others get 412', async () => {
    const app = await aTestApp({ kind });
    const token = await aToken();
    const { original } = await anEditedWorkflow(app, token);

    const responses = await Promise.all(Array.from({ length: 10 }, () => restoreVersion(app, token, original.id, 1, '"2"')));

    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([200, ...Array<number>(9).fill(412)]);
    expect((await versionNumbers(app, token, original.id)).map((row) => row.version)).toEqual([3, 2, 1]);
  });
});
