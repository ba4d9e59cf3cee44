import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken, type TestApp, aWorkflow, workflowUrl as url } from '../../support/app.js';
import { aClock } from '../../support/builders.js';
import { closeSharedDatabases } from '../../support/database.js';
import type { WorkflowBody } from '../../support/wire.js';

afterAll(closeSharedDatabases);

interface VersionBody {
  readonly version: number;
  readonly action: string;
  readonly name: string;
  readonly description: string;
  readonly status: string;
  readonly trigger_type: string | null;
  readonly trigger_config: Record<string, unknown>;
  readonly changed_by: string | null;
  readonly changed_at: string;
}

interface VersionPage {
  readonly data: VersionBody[];
  readonly next_cursor: string | null;
}

async function patch(app: TestApp, token: string, id: string, payload: Record<string, unknown>): Promise<WorkflowBody> {
  const response = await app.request({ method: 'PATCH', url: url(id), token, headers: { 'if-match': '*' }, payload });
  if (response.statusCode !== 200) throw new Error(`PATCH answered ${String(response.statusCode)}: ${response.body}`);
  return response.json<WorkflowBody>();
}

async function post(app: TestApp, token: string, id: string, action: string): Promise<void> {
  const response = await app.request({ method: 'POST', url: `${url(id)}/${action}`, token });
  if (response.statusCode !== 200) throw new Error(`${action} answered ${String(response.statusCode)}: ${response.body}`);
}

/** A workflow renamed `count` times: it has `count + 1` versions. */
async function aWorkflowWithVersions(app: TestApp, token: string, count: number): Promise<WorkflowBody> {
  const workflow = await aWorkflow(app, token);
  for (let index = 1; index <= count; index += 1) await patch(app, token, workflow.id, { name: `${workflow.name} v${String(index + 1)}` });
  return workflow;
}

const versionsOf = (app: TestApp, token: string, id: string, query = '') => app.request({ method: 'GET', url: `${url(id)}/versions${query}`, token });

async function pageOf(app: TestApp, token: string, id: string, query = ''): Promise<VersionPage> {
  return (await versionsOf(app, token, id, query)).json<VersionPage>();
}

const numbers = (page: VersionPage) => page.data.map((version) => version.version);

describe('GET /api/v1/workflows/{id}/versions', () => {
  it('lists the first version of a new workflow, as it was created', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    const response = await versionsOf(app, token, workflow.id);

    expect(response.statusCode).toBe(200);
    expect(response.headers.link).toBeUndefined();
    expect(response.json()).toEqual({
      data: [
        {
          version: 1,
          action: 'workflow.created',
          name: workflow.name,
          description: workflow.description,
          status: 'draft',
          trigger_type: workflow.trigger_type,
          trigger_config: workflow.trigger_config,
          changed_by: workflow.created_by,
          changed_at: workflow.created_at,
        },
      ],
      next_cursor: null,
    });
  });

  it('adds one version per change, newest first, each with the action that produced it', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    await patch(app, token, workflow.id, { description: 'Edited' });
    await post(app, token, workflow.id, 'activate');
    await post(app, token, workflow.id, 'pause');

    const page = await pageOf(app, token, workflow.id);

    expect(page.data.map(({ version, action, status }) => ({ version, action, status }))).toEqual([
      { version: 4, action: 'workflow.paused', status: 'paused' },
      { version: 3, action: 'workflow.activated', status: 'active' },
      { version: 2, action: 'workflow.updated', status: 'draft' },
      { version: 1, action: 'workflow.created', status: 'draft' },
    ]);
  });

  it('keeps each version’s definition as it was at that version', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token, { description: 'First', trigger_type: 'schedule', trigger_config: { cron: '0 2 * * *', timezone: 'Europe/Paris' } });
    await patch(app, token, workflow.id, { name: 'Second name', description: 'Second', trigger_type: 'event', trigger_config: { event: 'invoice.paid' } });

    const page = await pageOf(app, token, workflow.id);

    expect(page.data).toEqual([
      expect.objectContaining({ version: 2, name: 'Second name', description: 'Second', trigger_type: 'event', trigger_config: { event: 'invoice.paid' } }),
      expect.objectContaining({ version: 1, name: workflow.name, description: 'First', trigger_type: 'schedule', trigger_config: { cron: '0 2 * * *', timezone: 'Europe/Paris' } }),
    ]);
  });

  it('stamps each version with who changed it and when', async () => {
    const clock = aClock();
    const app = await aTestApp({ clock });
    const org = `org_${randomUUID()}`;
    const workflow = await aWorkflow(app, await aToken({ org, user: 'alice' }));
    clock.advance(60_000);

    const edited = await patch(app, await aToken({ org, user: 'bob' }), workflow.id, { description: 'Edited by Bob' });

    const [latest, first] = (await pageOf(app, await aToken({ org, user: 'carol' }), workflow.id)).data;
    expect(latest).toMatchObject({ changed_by: edited.updated_by, changed_at: clock.now().toISOString() });
    expect(first).toMatchObject({ changed_by: workflow.created_by, changed_at: workflow.created_at });
    expect(edited.updated_by).not.toBe(workflow.created_by);
  });

  it('adds no version for a change that changes nothing', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);

    await patch(app, token, workflow.id, { name: workflow.name });
    await post(app, token, workflow.id, 'activate');
    await post(app, token, workflow.id, 'activate');

    expect(numbers(await pageOf(app, token, workflow.id))).toEqual([2, 1]);
  });

  it('lists the versions of a workflow deleted and restored, the deletion and the restore included', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    await app.request({ method: 'DELETE', url: url(workflow.id), token });
    await post(app, token, workflow.id, 'restore');

    const page = await pageOf(app, token, workflow.id);

    expect(page.data.map(({ version, action }) => ({ version, action }))).toEqual([
      { version: 3, action: 'workflow.restored' },
      { version: 2, action: 'workflow.deleted' },
      { version: 1, action: 'workflow.created' },
    ]);
  });

  it('lists the versions of an archived workflow', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    await post(app, token, workflow.id, 'archive');

    const page = await pageOf(app, token, workflow.id);

    expect(page.data.map(({ action, status }) => ({ action, status }))).toEqual([
      { action: 'workflow.archived', status: 'archived' },
      { action: 'workflow.created', status: 'draft' },
    ]);
  });

  it('lists only the versions of the workflow asked for', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    await aWorkflowWithVersions(app, token, 2);

    const page = await pageOf(app, token, workflow.id);

    expect(page.data).toEqual([expect.objectContaining({ version: 1, name: workflow.name })]);
  });
});

describe('GET /api/v1/workflows/{id}/versions — paging', () => {
  it('gives a page of `limit` versions with a next_cursor and a Link to the next page', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowWithVersions(app, token, 4);

    const response = await versionsOf(app, token, workflow.id, '?limit=2');

    const page = response.json<VersionPage>();
    expect(numbers(page)).toEqual([5, 4]);
    expect(page.next_cursor).toEqual(expect.any(String));
    expect(response.headers.link).toBe(`<${url(workflow.id)}/versions?limit=2&cursor=${page.next_cursor ?? ''}>; rel="next"`);
  });

  it('walks every version exactly once, and ends with next_cursor null and no Link', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowWithVersions(app, token, 4);
    const first = await pageOf(app, token, workflow.id, '?limit=2');
    const second = await pageOf(app, token, workflow.id, `?limit=2&cursor=${encodeURIComponent(first.next_cursor ?? '')}`);

    const last = await versionsOf(app, token, workflow.id, `?limit=2&cursor=${encodeURIComponent(second.next_cursor ?? '')}`);

    expect(numbers(second)).toEqual([3, 2]);
    expect(last.json()).toEqual({ data: [expect.objectContaining({ version: 1, action: 'workflow.created' })], next_cursor: null });
    expect(last.headers.link).toBeUndefined();
  });

  it('follows the Link header to the next page', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowWithVersions(app, token, 2);
    const first = await versionsOf(app, token, workflow.id, '?limit=2');
    const next = /^<([^>]+)>; rel="next"$/.exec(String(first.headers.link))?.[1] ?? '';

    const response = await app.request({ method: 'GET', url: next, token });

    expect(response.statusCode).toBe(200);
    expect(numbers(response.json<VersionPage>())).toEqual([1]);
  });

  it('gives no next page when the versions fill the last page exactly', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowWithVersions(app, token, 1);

    const response = await versionsOf(app, token, workflow.id, '?limit=2');

    expect(response.json()).toMatchObject({ next_cursor: null });
    expect(response.headers.link).toBeUndefined();
  });

  it('neither repeats nor skips a version when changes land between pages', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowWithVersions(app, token, 3);
    const first = await pageOf(app, token, workflow.id, '?limit=2');
    await patch(app, token, workflow.id, { description: 'Changed while paging' });

    const second = await pageOf(app, token, workflow.id, `?limit=2&cursor=${encodeURIComponent(first.next_cursor ?? '')}`);

    expect([...numbers(first), ...numbers(second)]).toEqual([4, 3, 2, 1]);
  });

  it('gives 20 versions by default', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowWithVersions(app, token, 21);

    const page = await pageOf(app, token, workflow.id);

    expect(numbers(page)).toEqual(Array.from({ length: 20 }, (_, index) => 22 - index));
    expect(page.next_cursor).not.toBeNull();
  });

  it.each(['1', '100'])('accepts limit=%s', async (limit) => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowWithVersions(app, token, 1);

    const page = await pageOf(app, token, workflow.id, `?limit=${limit}`);

    expect(page.data).toHaveLength(Math.min(Number(limit), 2));
  });
});

describe('GET /api/v1/workflows/{id}/versions/{version}', () => {
  it('answers one version, exactly as the list shows it', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    await patch(app, token, workflow.id, { name: 'Renamed', description: 'Edited' });
    const listed = (await pageOf(app, token, workflow.id)).data;

    const responses = await Promise.all([1, 2].map((version) => app.request({ method: 'GET', url: `${url(workflow.id)}/versions/${String(version)}`, token })));

    expect(responses.map((response) => response.statusCode)).toEqual([200, 200]);
    expect(responses.map((response) => response.json<VersionBody>())).toEqual([listed[1], listed[0]]);
  });

  it('answers an old version as it was, not as the workflow is now', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token, { description: 'Original' });
    await patch(app, token, workflow.id, { name: 'Renamed', description: 'Edited', trigger_type: null });

    const response = await app.request({ method: 'GET', url: `${url(workflow.id)}/versions/1`, token });

    expect(response.json()).toMatchObject({ version: 1, action: 'workflow.created', name: workflow.name, description: 'Original', trigger_type: 'schedule' });
  });

  it('answers the deletion version of a restored workflow', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflow(app, token);
    await app.request({ method: 'DELETE', url: url(workflow.id), token });
    await post(app, token, workflow.id, 'restore');

    const response = await app.request({ method: 'GET', url: `${url(workflow.id)}/versions/2`, token });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ version: 2, action: 'workflow.deleted', name: workflow.name });
  });
});
