import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken, aWorkflowBody, type TestApp, aWorkflow, workflowUrl as url } from '../../support/app.js';
import { aClock, FIXED_NOW } from '../../support/builders.js';
import { closeSharedDatabases } from '../../support/database.js';
import { recorded, type WorkflowBody } from '../../support/wire.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(closeSharedDatabases);

const DAY_MS = 86_400_000;

interface AuditRow {
  readonly action: string;
  readonly changes: { readonly before: WorkflowBody | null; readonly after: WorkflowBody | null };
}

async function post(app: TestApp, id: string, action: string, token: string, headers: Record<string, string> = {}) {
  return app.request({ method: 'POST', url: `${url(id)}/${action}`, token, headers });
}

async function deleted(app: TestApp, token: string, overrides: Record<string, unknown> = {}): Promise<WorkflowBody> {
  const workflow = await aWorkflow(app, token, overrides);
  const response = await app.request({ method: 'DELETE', url: url(workflow.id), token });
  if (response.statusCode !== 204) throw new Error(`delete answered ${String(response.statusCode)}: ${response.body}`);
  return workflow;
}

async function auditRows(app: TestApp, id: string, action: string): Promise<AuditRow[]> {
  return queryRows<AuditRow>(app.database, sql`select action, changes from audit_logs where entity_id = ${id} and action = ${action}`);
}

describe('DELETE /api/v1/workflows/{id}', () => {
  it('answers 204 without a body', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await app.request({ method: 'DELETE', url: url(workflow.id), token });

    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
  });

  it('no longer finds the deleted workflow', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await deleted(app, token);

    const response = await app.request({ method: 'GET', url: url(workflow.id), token });

    expect(response.statusCode).toBe(404);
  });

  it('frees the name at once, in any case', async () => {
    const app = await aTestApp();
    const token = await aToken();
    await deleted(app, token, { name: 'Weekly invoices' });

    const response = await app.create(aWorkflowBody({ name: 'WEEKLY INVOICES' }), token);

    expect(response.statusCode).toBe(201);
  });

  it('leaves it in the trash', async () => {
    const app = await aTestApp({ clock: aClock() });
    const token = await aToken();
    const workflow = await deleted(app, token);

    const response = await app.request({ method: 'GET', url: '/api/v1/workflows?deleted=true', token });

    expect(response.json<{ data: WorkflowBody[] }>().data).toEqual([expect.objectContaining({ id: workflow.id, version: 2, deleted_at: FIXED_NOW.toISOString() })]);
  });

  it('records workflow.deleted with the workflow before and after, one version up', async () => {
    const app = await aTestApp({ clock: aClock() });
    const token = await aToken();
    const workflow = await deleted(app, token);

    const rows = await auditRows(app, workflow.id, 'workflow.deleted');

    expect(rows).toEqual([
      {
        action: 'workflow.deleted',
        changes: {
          before: recorded(workflow),
          after: { ...recorded(workflow), version: 2, deleted_at: FIXED_NOW.toISOString() },
        },
      },
    ]);
  });

  it('writes the deletion as the next version of the workflow', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await deleted(app, token);

    const rows = await queryRows(app.database, sql`select version, action, deleted_at is not null as in_trash from workflow_versions where workflow_id = ${workflow.id} order by version`);

    expect(rows).toEqual([
      { version: 1, action: 'workflow.created', in_trash: false },
      { version: 2, action: 'workflow.deleted', in_trash: true },
    ]);
  });

  it('deletes when If-Match names the current version', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await app.request({ method: 'DELETE', url: url(workflow.id), token, headers: { 'if-match': '"1"' } });

    expect(response.statusCode).toBe(204);
  });

  it('deletes when If-Match is *', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await app.request({ method: 'DELETE', url: url(workflow.id), token, headers: { 'if-match': '*' } });

    expect(response.statusCode).toBe(204);
  });

  it('deletes an active workflow', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    await post(app, workflow.id, 'activate', token);

    const response = await app.request({ method: 'DELETE', url: url(workflow.id), token });

    expect(response.statusCode).toBe(204);
  });
});

describe('POST /api/v1/workflows/{id}/restore', () => {
  it('brings a deleted workflow back with 200, a new version and its ETag', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await deleted(app, token);

    const response = await post(app, workflow.id, 'restore', token);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: workflow.id, name: workflow.name, status: 'draft', version: 3, deleted_at: null });
    expect(response.headers.etag).toBe('"3"');
  });

  it('makes the workflow readable again', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await deleted(app, token);
    const restored = await post(app, workflow.id, 'restore', token);

    const response = await app.request({ method: 'GET', url: url(workflow.id), token });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(restored.json());
  });

  it('takes it out of the trash', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await deleted(app, token);
    await post(app, workflow.id, 'restore', token);

    const response = await app.request({ method: 'GET', url: '/api/v1/workflows?deleted=true', token });

    expect(response.json<{ data: unknown[] }>().data).toEqual([]);
  });

  it('holds the name again once restored', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await deleted(app, token);
    await post(app, workflow.id, 'restore', token);

    const response = await app.create(aWorkflowBody({ name: workflow.name.toUpperCase() }), token);

    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'CONFLICT', existing_workflow_id: workflow.id });
  });

  it('restores until the last moment of the restore window', async () => {
    const clock = aClock();
    const app = await aTestApp({ clock, restoreWindowDays: 7 });
    const token = await aToken();
    const workflow = await deleted(app, token);
    clock.advance(7 * DAY_MS);

    const response = await post(app, workflow.id, 'restore', token);

    expect(response.statusCode).toBe(200);
  });

  it.each(['paused', 'archived'] as const)('brings a %s workflow back in the status it had', async (status) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    for (const action of status === 'paused' ? ['activate', 'pause'] : ['archive']) await post(app, workflow.id, action, token);
    await app.request({ method: 'DELETE', url: url(workflow.id), token });

    const response = await post(app, workflow.id, 'restore', token);

    expect(response.json()).toMatchObject({ status, deleted_at: null });
  });

  it('brings an active workflow back paused', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    await post(app, workflow.id, 'activate', token);
    await app.request({ method: 'DELETE', url: url(workflow.id), token });

    const response = await post(app, workflow.id, 'restore', token);

    expect(response.json()).toMatchObject({ status: 'paused', version: 4, deleted_at: null });
  });

  it('records workflow.restored with the workflow before and after', async () => {
    const clock = aClock();
    const app = await aTestApp({ clock });
    const token = await aToken();
    const workflow = await deleted(app, token);
    clock.advance(60_000);
    const restored = await post(app, workflow.id, 'restore', token);

    const rows = await auditRows(app, workflow.id, 'workflow.restored');

    expect(rows).toEqual([
      {
        action: 'workflow.restored',
        changes: {
          before: { ...recorded(workflow), version: 2, deleted_at: FIXED_NOW.toISOString() },
          after: recorded(restored.json()),
        },
      },
    ]);
  });

  it('restores when If-Match names the version in the trash', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await deleted(app, token);

    const response = await post(app, workflow.id, 'restore', token, { 'if-match': '"2"' });

    expect(response.statusCode).toBe(200);
  });

  it('answers the restore of a live workflow with the workflow as it is', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await post(app, workflow.id, 'restore', token);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(workflow);
    expect(response.headers.etag).toBe('"1"');
  });

  it('writes nothing when restoring a live workflow', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    await post(app, workflow.id, 'restore', token);

    expect(await auditRows(app, workflow.id, 'workflow.restored')).toEqual([]);
    const versions = await queryRows(app.database, sql`select version from workflow_versions where workflow_id = ${workflow.id}`);
    expect(versions).toEqual([{ version: 1 }]);
  });

  it('restores a workflow deleted twice from its latest deletion', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await deleted(app, token, { name: `Twice ${randomUUID()}` });
    await post(app, workflow.id, 'restore', token);
    await app.request({ method: 'DELETE', url: url(workflow.id), token });

    const response = await post(app, workflow.id, 'restore', token);

    expect(response.json()).toMatchObject({ version: 5, deleted_at: null });
  });
});
