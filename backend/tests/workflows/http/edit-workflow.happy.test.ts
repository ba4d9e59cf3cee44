import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken, type TestApp, aWorkflow, workflowUrl as url } from '../../support/app.js';
import { aClock } from '../../support/builders.js';
import { closeSharedDatabases } from '../../support/database.js';
import { recorded, type WorkflowBody } from '../../support/wire.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(closeSharedDatabases);

interface AuditRow {
  readonly action: string;
  readonly changes: { readonly before: WorkflowBody | null; readonly after: WorkflowBody | null };
}

const patch = (app: TestApp, token: string, id: string, payload: unknown, ifMatch = '"1"') =>
  app.request({ method: 'PATCH', url: url(id), token, headers: { 'if-match': ifMatch }, payload: payload as object });

const put = (app: TestApp, token: string, id: string, payload: unknown, ifMatch = '"1"') =>
  app.request({ method: 'PUT', url: url(id), token, headers: { 'if-match': ifMatch }, payload: payload as object });

async function current(app: TestApp, token: string, id: string): Promise<WorkflowBody> {
  return (await app.request({ method: 'GET', url: url(id), token })).json<WorkflowBody>();
}

async function updates(app: TestApp, id: string): Promise<AuditRow[]> {
  return queryRows<AuditRow>(app.database, sql`select action, changes from audit_logs where entity_id = ${id} and action = 'workflow.updated' order by occurred_at, id`);
}

async function versions(app: TestApp, id: string): Promise<{ version: number; action: string; name: string }[]> {
  return queryRows(app.database, sql`select version, action, name from workflow_versions where workflow_id = ${id} order by version`);
}

describe('PATCH /api/v1/workflows/{id}', () => {
  it('renames a workflow: 200 with the next version and its ETag', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await patch(app, token, workflow.id, { name: 'Renamed digest' });

    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"2"');
    expect(response.json()).toEqual({ ...workflow, name: 'Renamed digest', version: 2, updated_at: expect.any(String) as unknown });
  });

  it('keeps the change: a later GET shows it', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    const patched = await patch(app, token, workflow.id, { name: 'Renamed digest' });

    const read = await current(app, token, workflow.id);

    expect(read).toEqual(patched.json());
  });

  it('stamps the change with its author and time', async () => {
    const clock = aClock();
    const app = await aTestApp({ clock });
    const org = `org_${randomUUID()}`;
    const workflow = await aWorkflow(app, await aToken({ org, user: 'alice' }));
    clock.advance(60_000);

    const response = await patch(app, await aToken({ org, user: 'bob' }), workflow.id, { description: 'Edited by Bob' });

    const patched = response.json<WorkflowBody>();
    expect(patched.updated_by).not.toBe(workflow.created_by);
    expect(patched.created_by).toBe(workflow.created_by);
    expect(patched.updated_at).toBe(new Date(clock.now()).toISOString());
    expect(patched.created_at).toBe(workflow.created_at);
  });

  it('leaves absent members as they are', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await patch(app, token, workflow.id, { name: 'Only the name' });

    expect(response.json()).toMatchObject({ description: workflow.description, trigger_type: workflow.trigger_type, trigger_config: workflow.trigger_config });
  });

  it('renames into its own name in another case', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token, { name: 'Weekly digest' });

    const response = await patch(app, token, workflow.id, { name: 'WEEKLY DIGEST' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: 'WEEKLY DIGEST', version: 2 });
  });

  it('takes a name free again after its holder was deleted', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const holder = await aWorkflow(app, token, { name: 'Month end' });
    const workflow = await aWorkflow(app, token);
    await app.request({ method: 'DELETE', url: url(holder.id), token });

    const response = await patch(app, token, workflow.id, { name: 'Month end' });

    expect(response.statusCode).toBe(200);
  });

  it('merges trigger_config into the current one when the type stays', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token, { trigger_type: 'schedule', trigger_config: { cron: '0 2 * * *', timezone: 'Europe/Paris' } });

    const response = await patch(app, token, workflow.id, { trigger_config: { cron: '0 8 * * MON-FRI' } });

    expect(response.json()).toMatchObject({ trigger_type: 'schedule', trigger_config: { cron: '0 8 * * MON-FRI', timezone: 'Europe/Paris' } });
  });

  it('merges trigger_config when the patch names the same type again', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token, { trigger_type: 'schedule', trigger_config: { cron: '0 2 * * *', timezone: 'Europe/Paris' } });

    const response = await patch(app, token, workflow.id, { trigger_type: 'schedule', trigger_config: { timezone: 'Asia/Tokyo' } });

    expect(response.json()).toMatchObject({ trigger_config: { cron: '0 2 * * *', timezone: 'Asia/Tokyo' } });
  });

  it('removes a trigger_config key with null, so its default applies again', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token, { trigger_type: 'schedule', trigger_config: { cron: '0 2 * * *', timezone: 'Europe/Paris' } });

    const response = await patch(app, token, workflow.id, { trigger_config: { timezone: null } });

    expect(response.json<WorkflowBody>().trigger_config).toEqual({ cron: '0 2 * * *', timezone: 'UTC' });
  });

  it('takes trigger_config from the patch alone, with its defaults, when the type changes', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token, { trigger_type: 'schedule', trigger_config: { cron: '0 2 * * *', timezone: 'Europe/Paris' } });

    const response = await patch(app, token, workflow.id, { trigger_type: 'webhook' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ trigger_type: 'webhook', trigger_config: { method: 'POST' } });
    expect(response.json<WorkflowBody>().trigger_config).toEqual({ method: 'POST' });
  });

  it('takes the configuration sent with a new type, and nothing of the old one', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token, { trigger_type: 'schedule', trigger_config: { cron: '0 2 * * *', timezone: 'Europe/Paris' } });

    const response = await patch(app, token, workflow.id, { trigger_type: 'event', trigger_config: { event: 'invoice.paid' } });

    expect(response.json<WorkflowBody>().trigger_config).toEqual({ event: 'invoice.paid' });
  });

  it('removes the trigger of a draft with trigger_type null', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await patch(app, token, workflow.id, { trigger_type: null });

    expect(response.json()).toMatchObject({ trigger_type: null, trigger_config: {} });
  });

  it('resets the description to "" with null', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token, { description: 'Something' });

    const response = await patch(app, token, workflow.id, { description: null });

    expect(response.json()).toMatchObject({ description: '', version: 2 });
  });

  it('accepts application/merge-patch+json', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await app.request({
      method: 'PATCH',
      url: url(workflow.id),
      token,
      headers: { 'if-match': '"1"', 'content-type': 'application/merge-patch+json' },
      payload: JSON.stringify({ name: 'Merge patched' }),
    });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: 'Merge patched' });
  });

  it('edits a paused workflow', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    await app.request({ method: 'POST', url: `${url(workflow.id)}/activate`, token });
    await app.request({ method: 'POST', url: `${url(workflow.id)}/pause`, token });

    const response = await patch(app, token, workflow.id, { trigger_type: 'manual' }, '"3"');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'paused', trigger_type: 'manual', trigger_config: {}, version: 4 });
  });
});

describe('PATCH /api/v1/workflows/{id} — no-ops', () => {
  it.each([
    ['the same name', (workflow: WorkflowBody) => ({ name: workflow.name })],
    ['an empty patch', () => ({})],
    ['the same description and trigger', (workflow: WorkflowBody) => ({ description: workflow.description, trigger_type: workflow.trigger_type, trigger_config: workflow.trigger_config })],
    ['a config member set to its current value', (workflow: WorkflowBody) => ({ trigger_config: { timezone: workflow.trigger_config.timezone } })],
  ])('answers %s with 200, the same version and ETag', async (_what, body) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await patch(app, token, workflow.id, body(workflow));

    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"1"');
    expect(response.json()).toEqual(workflow);
  });

  it('writes no audit row and no version for a no-op', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    await patch(app, token, workflow.id, { name: workflow.name, description: workflow.description });

    expect(await updates(app, workflow.id)).toEqual([]);
    expect(await versions(app, workflow.id)).toEqual([{ version: 1, action: 'workflow.created', name: workflow.name }]);
    expect(await current(app, token, workflow.id)).toEqual(workflow);
  });
});

describe('PATCH /api/v1/workflows/{id} — history', () => {
  it('writes one audit row with the workflow before and after, in the wire format', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await patch(app, token, workflow.id, { name: 'Audited rename' });

    expect(await updates(app, workflow.id)).toEqual([{ action: 'workflow.updated', changes: { before: recorded(workflow), after: recorded(response.json()) } }]);
  });

  it('writes one version row per change', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    await patch(app, token, workflow.id, { name: 'Second name' });
    await patch(app, token, workflow.id, { name: 'Third name' }, '"2"');

    expect(await versions(app, workflow.id)).toEqual([
      { version: 1, action: 'workflow.created', name: workflow.name },
      { version: 2, action: 'workflow.updated', name: 'Second name' },
      { version: 3, action: 'workflow.updated', name: 'Third name' },
    ]);
    expect(await updates(app, workflow.id)).toHaveLength(2);
  });
});

describe('PATCH /api/v1/workflows/{id} — preconditions', () => {
  it('applies to any version with If-Match: *', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    await patch(app, token, workflow.id, { name: 'Second name' });

    const response = await patch(app, token, workflow.id, { name: 'Third name' }, '*');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: 'Third name', version: 3 });
  });

  it('applies when If-Match lists the current ETag among others', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await patch(app, token, workflow.id, { name: 'Listed' }, '"4", "1", "9"');

    expect(response.statusCode).toBe(200);
  });

  it('lets exactly one of ten simultaneous PATCHes of version 1 through; the others get 412', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const responses = await Promise.all(Array.from({ length: 10 }, (_, index) => patch(app, token, workflow.id, { name: `Racer ${String(index)}` })));

    const statuses = responses.map((response) => response.statusCode).toSorted();
    expect(statuses).toEqual([200, ...Array<number>(9).fill(412)]);
    const winner = responses.find((response) => response.statusCode === 200)?.json<WorkflowBody>();
    expect(await current(app, token, workflow.id)).toEqual(winner);
    expect(await updates(app, workflow.id)).toHaveLength(1);
    expect(await versions(app, workflow.id)).toHaveLength(2);
  });
});

describe('PUT /api/v1/workflows/{id}', () => {
  it('takes a GET body back as it is and changes nothing', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    const read = await current(app, token, workflow.id);

    const response = await put(app, token, workflow.id, read);

    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"1"');
    expect(response.json()).toEqual(workflow);
    expect(await updates(app, workflow.id)).toEqual([]);
  });

  it('takes a GET body with a changed name and renames the workflow', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    const read = await current(app, token, workflow.id);

    const response = await put(app, token, workflow.id, { ...read, name: 'Put rename' });

    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"2"');
    expect(response.json()).toEqual({ ...workflow, name: 'Put rename', version: 2, updated_at: expect.any(String) as unknown });
  });

  it('gives omitted members their create defaults', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await put(app, token, workflow.id, { name: workflow.name });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: workflow.name, description: '', trigger_type: null, trigger_config: {}, version: 2 });
  });

  it('applies the trigger defaults of a replaced configuration', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await put(app, token, workflow.id, { name: workflow.name, trigger_type: 'schedule', trigger_config: { cron: '*/5 * * * *' } });

    expect(response.json<WorkflowBody>().trigger_config).toEqual({ cron: '*/5 * * * *', timezone: 'UTC' });
  });

  it('ignores read-only members that differ from the workflow', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    const read = await current(app, token, workflow.id);

    const response = await put(app, token, workflow.id, {
      ...read,
      description: 'Replaced',
      id: randomUUID(),
      account_id: randomUUID(),
      status: 'active',
      version: 42,
      created_by: null,
      created_at: '2000-01-01T00:00:00.000Z',
      deleted_at: '2000-01-01T00:00:00.000Z',
    });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: workflow.id, account_id: workflow.account_id, status: 'draft', version: 2, created_by: workflow.created_by, created_at: workflow.created_at, deleted_at: null });
  });

  it('writes one audit row and one version row for a replacement', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await put(app, token, workflow.id, { name: 'Replaced name' });

    expect(await updates(app, workflow.id)).toEqual([{ action: 'workflow.updated', changes: { before: recorded(workflow), after: recorded(response.json()) } }]);
    expect((await versions(app, workflow.id)).map((row) => row.version)).toEqual([1, 2]);
  });

  it('applies to any version with If-Match: *', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    await patch(app, token, workflow.id, { description: 'Moved on' });

    const response = await put(app, token, workflow.id, { name: 'Starred put' }, '*');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: 'Starred put', version: 3 });
  });
});
