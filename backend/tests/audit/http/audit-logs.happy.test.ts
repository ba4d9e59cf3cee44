import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { userIdFromClerkUser } from '../../../src/shared/ids.js';
import { aTestApp, aToken, aWorkflowBody, type TestApp } from '../../support/app.js';
import { aClock, FIXED_NOW } from '../../support/builders.js';
import { closeSharedDatabases } from '../../support/database.js';
import { documentedApp, expectConforms } from '../../support/openapi.js';
import { type WorkflowBody, recorded, type RecordedWorkflow } from '../../support/wire.js';

afterAll(closeSharedDatabases);

const MINUTE_MS = 60_000;
const AUDIT_LOGS = '/api/v1/audit-logs';
const USER_AGENT = 'audit-tests/1.0';

interface Entry {
  readonly id: string;
  readonly action: string;
  readonly entity_type: string;
  readonly entity_id: string;
  readonly actor_id: string;
  readonly actor_ref: string;
  readonly request_id: string | null;
  readonly ip: string | null;
  readonly user_agent: string | null;
  readonly changes: { readonly before: RecordedWorkflow | null; readonly after: RecordedWorkflow | null; readonly [detail: string]: unknown };
  readonly occurred_at: string;
}

interface Page {
  readonly data: Entry[];
  readonly next_cursor: string | null;
}

/** The moment `minutes` after the test clock's start, as the API writes it. */
const minute = (minutes: number) => new Date(FIXED_NOW.getTime() + minutes * MINUTE_MS).toISOString();

/** One change made through the API: what it recorded about which workflow, and the workflow as the API showed it before and after. */
interface Step {
  readonly action: string;
  readonly entityId: string;
  readonly requestId: string;
  readonly before: RecordedWorkflow | null;
  readonly after: RecordedWorkflow;
  readonly details: Readonly<Record<string, unknown>>;
  readonly occurredAt: string;
}

function expectStatus(response: LightMyRequestResponse, status: number): LightMyRequestResponse {
  if (response.statusCode !== status) throw new Error(`expected ${String(status)}, got ${String(response.statusCode)}: ${response.body}`);
  return response;
}

/** An account of its own on an app whose clock moves a minute before each change. */
async function anAccount() {
  const clock = aClock();
  const app = await aTestApp({ clock });
  const org = `org_${randomUUID()}`;
  const token = await aToken({ org, user: 'alice' });
  const write = async (request: InjectOptions, status: number, as: string = token) => {
    clock.advance(MINUTE_MS);
    return expectStatus(await app.request({ ...request, token: as, headers: { 'user-agent': USER_AGENT, ...request.headers } }), status);
  };
  const create = async (overrides: Record<string, unknown> = {}, as: string = token) =>
    (await write({ method: 'POST', url: '/api/v1/workflows', payload: aWorkflowBody(overrides) }, 201, as)).json<WorkflowBody>();
  const audit = (query = '', as: string = token) => app.request({ method: 'GET', url: `${AUDIT_LOGS}${query}`, token: as });
  const page = async (query = '') => expectStatus(await audit(query), 200).json<Page>();
  return { app, clock, org, token, write, create, audit, page };
}

const workflowUrl = (id: string) => `/api/v1/workflows/${id}`;

/** A workflow as GET shows it, in the members the audit log records. */
async function shown(app: TestApp, token: string, id: string): Promise<RecordedWorkflow> {
  return recorded(expectStatus(await app.request({ method: 'GET', url: workflowUrl(id), token }), 200).json());
}

/** A workflow in the trash as the API shows it there. */
async function inTrash(app: TestApp, token: string, id: string): Promise<RecordedWorkflow> {
  const trash = expectStatus(await app.request({ method: 'GET', url: '/api/v1/workflows?deleted=true', token }), 200).json<{ data: WorkflowBody[] }>();
  const found = trash.data.find((workflow) => workflow.id === id);
  if (found === undefined) throw new Error(`${id} is not in the trash`);
  return recorded(found);
}

/**
 * Every kind of change, a minute apart from 12:01 to 12:07: create, edit, activate, restore version 1,
 * duplicate, delete, restore. Each step keeps the workflow as GET showed it right after.
 */
async function aHistory() {
  const account = await anAccount();
  const { app, token, write } = account;
  const steps: Step[] = [];
  const record = (action: string, response: LightMyRequestResponse, before: RecordedWorkflow | null, after: RecordedWorkflow, details: Record<string, unknown> = {}) => {
    steps.push({ action, entityId: after.id, requestId: String(response.headers['x-request-id']), before, after, details, occurredAt: account.clock.now().toISOString() });
    return after;
  };
  const created = await write({ method: 'POST', url: '/api/v1/workflows', payload: aWorkflowBody({ name: 'Nightly digest', description: 'Posts a digest' }) }, 201);
  const id = created.json<WorkflowBody>().id;
  const v1 = record('workflow.created', created, null, await shown(app, token, id));
  const edited = await write({ method: 'PATCH', url: workflowUrl(id), headers: { 'if-match': '"1"', 'content-type': 'application/merge-patch+json' }, payload: { name: 'Morning digest', description: 'Posts at dawn' } }, 200);
  const v2 = record('workflow.updated', edited, v1, await shown(app, token, id));
  const activated = await write({ method: 'POST', url: `${workflowUrl(id)}/activate` }, 200);
  const v3 = record('workflow.activated', activated, v2, await shown(app, token, id));
  const restoredVersion = await write({ method: 'POST', url: `${workflowUrl(id)}/versions/1/restore`, headers: { 'if-match': '"3"' } }, 200);
  const v4 = record('workflow.version_restored', restoredVersion, v3, await shown(app, token, id), { restored_version: 1 });
  const duplicated = await write({ method: 'POST', url: `${workflowUrl(id)}/duplicate` }, 201);
  const copy = record('workflow.created', duplicated, null, await shown(app, token, duplicated.json<WorkflowBody>().id), { duplicated_from: id });
  const deleted = await write({ method: 'DELETE', url: workflowUrl(id) }, 204);
  const v5 = record('workflow.deleted', deleted, v4, await inTrash(app, token, id));
  const restored = await write({ method: 'POST', url: `${workflowUrl(id)}/restore` }, 200);
  record('workflow.restored', restored, v5, await shown(app, token, id));
  return { ...account, id, copy, steps };
}

const actions = (page: Page) => page.data.map((entry) => entry.action);
const ids = (page: Page) => page.data.map((entry) => entry.id);

describe('GET /api/v1/audit-logs — entries', () => {
  it('lists every change of the account, newest first', async () => {
    const { page } = await aHistory();

    const listed = await page();

    expect(actions(listed)).toEqual([
      'workflow.restored',
      'workflow.deleted',
      'workflow.created',
      'workflow.version_restored',
      'workflow.activated',
      'workflow.updated',
      'workflow.created',
    ]);
    expect(listed.next_cursor).toBeNull();
  });

  it('keeps in each entry the workflow before and after the change exactly as the API returned it then, but for allowed_actions', async () => {
    const { page, steps } = await aHistory();

    const listed = await page();

    expect(listed.data.map((entry) => entry.changes)).toEqual(steps.toReversed().map((step) => ({ before: step.before, after: step.after, ...step.details })));
  });

  it('records who changed what, from where and when', async () => {
    const { page, steps } = await aHistory();

    const listed = await page();

    expect(listed.data).toEqual(
      steps.toReversed().map((step) => ({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
        action: step.action,
        entity_type: 'workflow',
        entity_id: step.entityId,
        actor_id: userIdFromClerkUser('user_alice'),
        actor_ref: 'user_alice',
        request_id: step.requestId,
        ip: '127.0.0.1',
        user_agent: USER_AGENT,
        changes: expect.any(Object) as unknown,
        occurred_at: step.occurredAt,
      })),
    );
  });

  it('records a creation with no state before, and the workflow as created after', async () => {
    const { page, id, steps } = await aHistory();

    const listed = await page('?action=workflow.created');

    const creation = listed.data.find((entry) => entry.entity_id === id);
    expect(creation?.changes).toEqual({ before: null, after: steps[0]?.after });
    expect(creation?.changes.after).toMatchObject({ id, version: 1, status: 'draft', name: 'Nightly digest', deleted_at: null });
  });

  it('records a version restore with the version it restored, and the definition of that version after', async () => {
    const { page } = await aHistory();

    const [entry] = (await page('?action=workflow.version_restored')).data;

    expect(entry?.changes).toMatchObject({
      restored_version: 1,
      before: { version: 3, name: 'Morning digest', description: 'Posts at dawn', status: 'active' },
      after: { version: 4, name: 'Nightly digest', description: 'Posts a digest', status: 'active' },
    });
  });

  it('records a duplicate as the creation of the copy, with the workflow it was duplicated from', async () => {
    const { page, id, copy } = await aHistory();

    const listed = await page(`?entity_id=${copy.id}`);

    expect(listed.data).toEqual([expect.objectContaining({ action: 'workflow.created', entity_id: copy.id, changes: { before: null, after: copy, duplicated_from: id } })]);
    expect(copy).toMatchObject({ name: 'Nightly digest (copy)', status: 'draft', version: 1 });
  });

  it('records a deletion with the workflow in the trash after it', async () => {
    const { page } = await aHistory();

    const [entry] = (await page('?action=workflow.deleted')).data;

    expect(entry?.changes.after).toMatchObject({ version: 5, deleted_at: minute(6) });
    expect(entry?.changes.before).toMatchObject({ version: 4, deleted_at: null });
  });

  it('still lists every entry of a workflow that is deleted', async () => {
    const { page, write, create } = await anAccount();
    const workflow = await create();
    await write({ method: 'POST', url: `${workflowUrl(workflow.id)}/activate` }, 200);
    await write({ method: 'DELETE', url: workflowUrl(workflow.id) }, 204);

    const listed = await page(`?entity_id=${workflow.id}`);

    expect(actions(listed)).toEqual(['workflow.deleted', 'workflow.activated', 'workflow.created']);
    expect(listed.data[0]?.changes.after).toMatchObject({ id: workflow.id, deleted_at: minute(3) });
  });

  it('answers an account without changes with an empty page', async () => {
    const { page } = await anAccount();

    const listed = await page();

    expect(listed).toEqual({ data: [], next_cursor: null });
  });

  it('lists the changes of every member of the organization', async () => {
    const { page, create, org } = await anAccount();
    const bob = await aToken({ org, user: 'bob' });
    await create({ name: 'By Alice' });
    await create({ name: 'By Bob' }, bob);

    const listed = await page();

    expect(listed.data.map((entry) => [entry.actor_ref, entry.changes.after?.name])).toEqual([
      ['user_bob', 'By Bob'],
      ['user_alice', 'By Alice'],
    ]);
  });
});

describe('GET /api/v1/audit-logs — filters', () => {
  it('filters by entity_id', async () => {
    const { page, id } = await aHistory();

    const listed = await page(`?entity_id=${id}`);

    expect(actions(listed)).toEqual(['workflow.restored', 'workflow.deleted', 'workflow.version_restored', 'workflow.activated', 'workflow.updated', 'workflow.created']);
    expect(new Set(listed.data.map((entry) => entry.entity_id))).toEqual(new Set([id]));
  });

  it('finds nothing for an entity without entries', async () => {
    const { page } = await aHistory();

    const listed = await page(`?entity_id=${randomUUID()}`);

    expect(listed).toEqual({ data: [], next_cursor: null });
  });

  it('filters by one action', async () => {
    const { page, id } = await aHistory();

    const listed = await page('?action=workflow.activated');

    expect(listed.data).toEqual([expect.objectContaining({ action: 'workflow.activated', entity_id: id })]);
  });

  it('filters by a comma list of actions', async () => {
    const { page, id, copy } = await aHistory();

    const listed = await page('?action=workflow.created,workflow.updated');

    expect(listed.data.map((entry) => [entry.action, entry.entity_id])).toEqual([
      ['workflow.created', copy.id],
      ['workflow.updated', id],
      ['workflow.created', id],
    ]);
  });

  it('finds nothing for an action no change had', async () => {
    const { page } = await aHistory();

    const listed = await page('?action=workflow.archived');

    expect(listed).toEqual({ data: [], next_cursor: null });
  });

  it('filters by actor_id', async () => {
    const { page, create, org } = await anAccount();
    const bob = await aToken({ org, user: 'bob' });
    await create({ name: 'By Alice' });
    const bobs = await create({ name: 'By Bob' }, bob);
    await create({ name: 'Also by Alice' });

    const listed = await page(`?actor_id=${userIdFromClerkUser('user_bob')}`);

    expect(listed.data).toEqual([expect.objectContaining({ entity_id: bobs.id, actor_id: userIdFromClerkUser('user_bob'), actor_ref: 'user_bob' })]);
  });

  it('lists only entries after occurred_after, not the one at that moment', async () => {
    const { page } = await aHistory();

    const listed = await page(`?occurred_after=${minute(4)}`);

    expect(listed.data.map((entry) => entry.occurred_at)).toEqual([minute(7), minute(6), minute(5)]);
  });

  it('lists only entries before occurred_before, not the one at that moment', async () => {
    const { page } = await aHistory();

    const listed = await page(`?occurred_before=${minute(3)}`);

    expect(listed.data.map((entry) => entry.occurred_at)).toEqual([minute(2), minute(1)]);
  });

  it('lists the entries between occurred_after and occurred_before', async () => {
    const { page } = await aHistory();

    const listed = await page(`?occurred_after=${minute(2)}&occurred_before=${minute(5)}`);

    expect(actions(listed)).toEqual(['workflow.version_restored', 'workflow.activated']);
  });

  it('reads a moment with an offset as the same instant in UTC', async () => {
    const { page } = await aHistory();

    const listed = await page(`?occurred_after=${encodeURIComponent('2026-11-25T13:05:00+01:00')}`);

    expect(listed.data.map((entry) => entry.occurred_at)).toEqual([minute(7), minute(6)]);
  });

  it('reads a moment with a fraction of a second', async () => {
    const { page } = await aHistory();

    const listed = await page(`?occurred_after=${minute(5).replace('.000Z', '.999Z')}`);

    expect(listed.data.map((entry) => entry.occurred_at)).toEqual([minute(7), minute(6)]);
  });

  it('keeps an entry that occurred less than a millisecond before occurred_before', async () => {
    const { page } = await aHistory();

    const listed = await page(`?occurred_before=${minute(2).replace('.000Z', '.0005Z')}`);

    expect(listed.data.map((entry) => entry.occurred_at)).toEqual([minute(2), minute(1)]);
  });

  it('refuses an instant finer than a microsecond rather than round it past an entry', async () => {
    const { audit } = await aHistory();

    const response = await audit(`?occurred_before=${minute(2).replace('.000Z', '.0000004Z')}`);

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'BAD_REQUEST', errors: [{ path: 'occurred_before' }] });
  });

  it('finds nothing when occurred_after is later than occurred_before', async () => {
    const { page } = await aHistory();

    const listed = await page(`?occurred_after=${minute(5)}&occurred_before=${minute(2)}`);

    expect(listed).toEqual({ data: [], next_cursor: null });
  });

  it('combines every filter', async () => {
    const { page, id } = await aHistory();

    const listed = await page(
      `?entity_id=${id}&action=workflow.deleted,workflow.restored,workflow.created&actor_id=${userIdFromClerkUser('user_alice')}&occurred_after=${minute(1)}&occurred_before=${minute(7)}`,
    );

    expect(listed.data).toEqual([expect.objectContaining({ action: 'workflow.deleted', entity_id: id })]);
  });
});

describe('GET /api/v1/audit-logs — paging', () => {
  it('pages through every entry two at a time, in order, without repeating one', async () => {
    const { page } = await aHistory();
    const all = await page();
    const seen: string[] = [];
    let query = '?limit=2';

    for (let pages = 0; pages < 10; pages += 1) {
      const current = await page(query);
      seen.push(...ids(current));
      if (current.next_cursor === null) break;
      query = `?limit=2&cursor=${encodeURIComponent(current.next_cursor)}`;
    }

    expect(seen).toEqual(ids(all));
    expect(new Set(seen).size).toBe(7);
  });

  it('gives 20 entries a page by default, with a cursor and a Link to the rest', async () => {
    const { page, audit, create } = await anAccount();
    for (let index = 0; index < 21; index += 1) await create();

    const response = await audit();

    const first = response.json<Page>();
    expect(first.data).toHaveLength(20);
    expect(first.next_cursor).not.toBeNull();
    expect(response.headers.link).toBe(`<${AUDIT_LOGS}?cursor=${encodeURIComponent(first.next_cursor ?? '')}>; rel="next"`);
    expect((await page(`?cursor=${encodeURIComponent(first.next_cursor ?? '')}`)).data).toHaveLength(1);
  });

  it('sends no Link and a null cursor on the last page', async () => {
    const { audit } = await aHistory();

    const response = await audit('?limit=7');

    expect(response.json<Page>().next_cursor).toBeNull();
    expect(response.headers.link).toBeUndefined();
  });

  it('follows Link with the same filters to the end of a filtered list', async () => {
    const { app, token, id } = await aHistory();
    const seen: Entry[] = [];
    let url: string | undefined = `${AUDIT_LOGS}?entity_id=${id}&action=workflow.updated,workflow.activated,workflow.deleted,workflow.restored&limit=1`;

    while (url !== undefined) {
      const response = expectStatus(await app.request({ method: 'GET', url, token }), 200);
      seen.push(...response.json<Page>().data);
      url = /^<([^>]+)>; rel="next"$/.exec(String(response.headers.link ?? ''))?.[1];
    }

    expect(seen.map((entry) => entry.action)).toEqual(['workflow.restored', 'workflow.deleted', 'workflow.activated', 'workflow.updated']);
  });

  it('pages through entries of the same instant by id, newest id first, without repeating one', async () => {
    const { app, token, page } = await anAccount();
    // Created without moving the clock: every entry has the same occurred_at.
    for (let index = 0; index < 5; index += 1) expectStatus(await app.create(aWorkflowBody(), token), 201);
    const all = await page();

    const first = await page('?limit=2');
    const second = await page(`?limit=2&cursor=${encodeURIComponent(first.next_cursor ?? '')}`);
    const third = await page(`?limit=2&cursor=${encodeURIComponent(second.next_cursor ?? '')}`);

    expect(new Set(all.data.map((entry) => entry.occurred_at))).toEqual(new Set([FIXED_NOW.toISOString()]));
    expect(ids(all)).toEqual(ids(all).toSorted().toReversed());
    expect([...ids(first), ...ids(second), ...ids(third)]).toEqual(ids(all));
    expect(third.next_cursor).toBeNull();
  });

  it('neither repeats nor skips an entry when changes are made between two pages', async () => {
    const { page, create } = await anAccount();
    for (let index = 0; index < 4; index += 1) await create();
    const before = await page();
    const first = await page('?limit=2');
    await create();
    await create();

    const second = await page(`?limit=2&cursor=${encodeURIComponent(first.next_cursor ?? '')}`);

    expect([...ids(first), ...ids(second)]).toEqual(ids(before));
    expect(second.next_cursor).toBeNull();
  });

  it('continues a list with a cursor under another page size', async () => {
    const { page } = await aHistory();
    const all = await page();
    const first = await page('?limit=2');

    const rest = await page(`?limit=100&cursor=${encodeURIComponent(first.next_cursor ?? '')}`);

    expect([...ids(first), ...ids(rest)]).toEqual(ids(all));
  });
});

describe('GET /api/v1/audit-logs — OpenAPI', () => {
  it('answers 200 as the document describes, for every kind of entry', async () => {
    const context = await documentedApp();
    const { app } = context;
    const org = `org_${randomUUID()}`;
    // documentedApp allows each member three writes a minute.
    const member = () => aToken({ org, user: `user_${randomUUID().slice(0, 8)}` });
    const token = await member();
    const workflow = expectStatus(await app.create(aWorkflowBody(), token), 201).json<WorkflowBody>();
    expectStatus(await app.request({ method: 'PATCH', url: workflowUrl(workflow.id), token, headers: { 'if-match': '"1"' }, payload: { description: 'Changed' } }), 200);
    expectStatus(await app.request({ method: 'POST', url: `${workflowUrl(workflow.id)}/versions/1/restore`, token, headers: { 'if-match': '"2"' } }), 200);
    const other = await member();
    expectStatus(await app.request({ method: 'POST', url: `${workflowUrl(workflow.id)}/duplicate`, token: other }), 201);
    expectStatus(await app.request({ method: 'DELETE', url: workflowUrl(workflow.id), token: other }), 204);

    const responses = [await app.request({ method: 'GET', url: AUDIT_LOGS, token }), await app.request({ method: 'GET', url: `${AUDIT_LOGS}?limit=2`, token })];

    expect(responses.map((response) => response.json<Page>().data.length)).toEqual([5, 2]);
    for (const response of responses) expectConforms(context, AUDIT_LOGS, 'get', response);
  });
});
