import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken, type TestApp, aWorkflow } from '../../support/app.js';
import { closeSharedDatabases, databaseKinds } from '../../support/database.js';
import { expectProblem } from '../../support/problems.js';

afterAll(closeSharedDatabases);

interface Page {
  readonly data: { readonly id: string; readonly name: string; readonly account_id: string }[];
  readonly next_cursor: string | null;
}

const list = (app: TestApp, token: string | undefined, query = '') => app.request({ method: 'GET', url: `/api/v1/workflows${query}`, ...(token === undefined ? {} : { token }) });

/** The id of a new workflow named `name` in the account of `token`. */
const aWorkflowIn = async (app: TestApp, token: string, name: string): Promise<string> => (await aWorkflow(app, token, { name })).id;

async function aDeletedWorkflowIn(app: TestApp, token: string, name: string): Promise<string> {
  const id = await aWorkflowIn(app, token, name);
  const response = await app.request({ method: 'DELETE', url: `/api/v1/workflows/${id}`, token });
  if (response.statusCode !== 204) throw new Error(`delete answered ${String(response.statusCode)}: ${response.body}`);
  return id;
}

describe('GET /api/v1/workflows — authentication and permission', () => {
  it('refuses a request without a token', async () => {
    const app = await aTestApp();

    const response = await list(app, undefined);

    expectProblem(response, 401, 'UNAUTHORIZED');
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
  });

  it('refuses a token that is not one', async () => {
    const app = await aTestApp();

    const response = await list(app, 'not-a-token');

    expect(response.statusCode).toBe(401);
  });

  it.each(['', '?deleted=true'])('refuses a member without org:workflows:read (%j)', async (query) => {
    const app = await aTestApp();
    const token = await aToken({ permissions: ['org:workflows:create', 'org:workflows:update', 'org:workflows:delete'] });

    const response = await list(app, token, query);

    expectProblem(response, 403, 'FORBIDDEN');
  });

  it('answers a member with org:workflows:read only', async () => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const id = await aWorkflowIn(app, await aToken({ org, user: 'alice' }), 'Shared digest');

    const response = await list(app, await aToken({ org, user: 'bob', permissions: ['org:workflows:read'] }));

    expect(response.statusCode).toBe(200);
    expect(response.json<Page>().data.map((row) => row.id)).toEqual([id]);
  });
});

describe('GET /api/v1/workflows — accounts', () => {
  it('never lists another account’s workflows', async () => {
    const app = await aTestApp();
    const mine = await aToken();
    await aWorkflowIn(app, await aToken(), 'Their digest');
    const own = await aWorkflowIn(app, mine, 'My digest');

    const response = await list(app, mine);

    expect(response.json<Page>().data.map((row) => row.id)).toEqual([own]);
  });

  it('finds nothing of another account by its name, even the same name', async () => {
    const app = await aTestApp();
    const mine = await aToken();
    await aWorkflowIn(app, await aToken(), 'Payroll export');

    const response = await list(app, mine, '?q=payroll');

    expect(response.json()).toEqual({ data: [], next_cursor: null });
  });

  it('keeps accounts apart in every filter and sort', async () => {
    const app = await aTestApp();
    const mine = await aToken();
    const theirs = await aToken();
    await aWorkflowIn(app, theirs, 'Alpha');
    await aWorkflowIn(app, theirs, 'Zulu');
    const own = await aWorkflowIn(app, mine, 'Mike');

    const responses = await Promise.all(
      ['?sort=name', '?sort=-name', '?sort=-updated_at', '?sort=created_at', '?status=draft', '?trigger_type=schedule'].map((query) => list(app, mine, query)),
    );

    for (const response of responses) expect(response.json<Page>().data.map((row) => row.id)).toEqual([own]);
  });

  it('never lists another account’s deleted workflows in the trash', async () => {
    const app = await aTestApp();
    const mine = await aToken();
    await aDeletedWorkflowIn(app, await aToken(), 'Their old digest');
    const own = await aDeletedWorkflowIn(app, mine, 'My old digest');

    const response = await list(app, mine, '?deleted=true');

    expect(response.json<Page>().data.map((row) => row.id)).toEqual([own]);
  });

  it('shows an empty trash when only another account deleted a workflow', async () => {
    const app = await aTestApp();
    await aDeletedWorkflowIn(app, await aToken(), 'Their old digest');

    const response = await list(app, await aToken(), '?deleted=true');

    expect(response.json()).toEqual({ data: [], next_cursor: null });
  });

  it('refuses a cursor from another account’s list', async () => {
    const app = await aTestApp();
    const theirs = await aToken();
    const mine = await aToken();
    for (const name of ['One', 'Two', 'Three']) {
      await aWorkflowIn(app, theirs, name);
      await aWorkflowIn(app, mine, name);
    }
    const cursor = (await list(app, theirs, '?limit=1')).json<Page>().next_cursor ?? '';

    const response = await list(app, mine, `?limit=1&cursor=${encodeURIComponent(cursor)}`);

    expectProblem(response, 400, 'BAD_REQUEST');
  });

  it('refuses a cursor from another account’s trash', async () => {
    const app = await aTestApp();
    const theirs = await aToken();
    const mine = await aToken();
    for (const name of ['One', 'Two']) {
      await aDeletedWorkflowIn(app, theirs, name);
      await aDeletedWorkflowIn(app, mine, name);
    }
    const cursor = (await list(app, theirs, '?deleted=true&limit=1')).json<Page>().next_cursor ?? '';

    const response = await list(app, mine, `?deleted=true&limit=1&cursor=${encodeURIComponent(cursor)}`);

    expect(response.statusCode).toBe(400);
  });

  it('lets a colleague in the same organization continue a list', async () => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const alice = await aToken({ org, user: 'alice' });
    for (const name of ['One', 'Two']) await aWorkflowIn(app, alice, name);
    const first = (await list(app, alice, '?limit=1')).json<Page>();

    const response = await list(app, await aToken({ org, user: 'bob' }), `?limit=1&cursor=${encodeURIComponent(first.next_cursor ?? '')}`);

    expect(response.statusCode).toBe(200);
    expect([...first.data, ...response.json<Page>().data].map((row) => row.name).toSorted()).toEqual(['One', 'Two']);
  });
});

describe.each(databaseKinds())('GET /api/v1/workflows — cursors, on %s', (kind) => {
  it('gives cursors that reveal nothing of the database, such as its transaction counter', async () => {
    const app = await aTestApp({ kind });
    const token = await aToken();
    for (const name of ['One', 'Two']) await aWorkflowIn(app, token, name);

    const cursor = (await list(app, token, '?limit=1')).json<Page>().next_cursor ?? '';
    const bytes = Buffer.from(cursor, 'base64url').toString('latin1');

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(bytes).not.toMatch(/snapshot|\d+:\d+:/);
  });

  it.each([
    ['padding appended', (cursor: string) => `${cursor}==`],
    ['the base64 alphabet', (cursor: string) => cursor.replaceAll('-', '+').replaceAll('_', '/')],
    ['characters inserted', (cursor: string) => `${cursor.slice(0, 10)}!!!${cursor.slice(10)}`],
    ['its last character changed', (cursor: string) => `${cursor.slice(0, -1)}${cursor.endsWith('A') ? 'B' : 'A'}`],
  ])('refuses a real cursor with %s', async (_edit, edit) => {
    const app = await aTestApp({ kind });
    const token = await aToken();
    for (const name of ['One', 'Two']) await aWorkflowIn(app, token, name);
    // Each cursor is sealed afresh; take one that has a `-` or `_`, so that every edit changes it.
    let cursor = '';
    for (let tries = 0; tries < 50 && !/[-_]/.test(cursor); tries += 1) cursor = (await list(app, token, '?limit=1')).json<Page>().next_cursor ?? '';

    const response = await list(app, token, `?limit=1&cursor=${encodeURIComponent(edit(cursor))}`);

    expect(edit(cursor)).not.toBe(cursor);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'BAD_REQUEST', errors: [{ path: 'cursor' }] });
  });
});
