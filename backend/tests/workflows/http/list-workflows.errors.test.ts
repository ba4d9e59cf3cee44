import type { LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken, aWorkflowBody, type TestApp } from '../../support/app.js';
import { closeSharedDatabases } from '../../support/database.js';

afterAll(closeSharedDatabases);

interface Page {
  readonly data: { readonly id: string }[];
  readonly next_cursor: string | null;
}

async function anAccount() {
  const app: TestApp = await aTestApp();
  const token = await aToken();
  const list = (query: string) => app.request({ method: 'GET', url: `/api/v1/workflows${query}`, token });
  return { app, token, list };
}

/** An account with three workflows (one in the trash) and the cursor of the first page of `query`. */
async function aCursor(query: string) {
  const account = await anAccount();
  for (let index = 0; index < 3; index += 1) await account.app.create(aWorkflowBody(), account.token);
  const gone = await account.app.create(aWorkflowBody(), account.token);
  await account.app.request({ method: 'DELETE', url: `/api/v1/workflows/${gone.json<{ id: string }>().id}`, token: account.token });
  const cursor = (await account.list(query)).json<Page>().next_cursor;
  if (cursor === null) throw new Error(`${query} gave no next page`);
  return { ...account, cursor };
}

function expectBadRequest(response: LightMyRequestResponse, parameter?: string) {
  expect(response.statusCode).toBe(400);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ code: 'BAD_REQUEST' });
  if (parameter !== undefined) expect(response.json<{ errors: unknown[] }>().errors).toContainEqual(expect.objectContaining({ path: parameter }));
}

/** `cursor` with one character changed at `index`. */
function edited(cursor: string, index: number): string {
  const character = cursor.charAt(index);
  return `${cursor.slice(0, index)}${character === 'A' ? 'B' : 'A'}${cursor.slice(index + 1)}`;
}

describe('GET /api/v1/workflows — bad query parameters', () => {
  it('refuses an unknown parameter and names it', async () => {
    const { list } = await anAccount();

    const response = await list('?colour=red');

    expectBadRequest(response);
    expect(response.json()).toMatchObject({ errors: [{ path: 'colour', code: 'UNKNOWN_FIELD' }] });
  });

  it('refuses an unknown parameter beside valid ones', async () => {
    const { list } = await anAccount();

    const response = await list('?limit=5&page=2');

    expectBadRequest(response);
    expect(response.json()).toMatchObject({ errors: [{ path: 'page', code: 'UNKNOWN_FIELD' }] });
  });

  it.each(['0', '101', 'abc', '-1', '1.5', '05', ''])('refuses limit=%j', async (limit) => {
    const { list } = await anAccount();

    const response = await list(`?limit=${limit}`);

    expectBadRequest(response, 'limit');
  });

  it('refuses a parameter given twice', async () => {
    const { list } = await anAccount();

    const response = await list('?limit=1&limit=2');

    expectBadRequest(response, 'limit');
  });

  it.each(['newest', 'created', '+name', 'NAME', 'deleted_at'])('refuses sort=%s', async (sort) => {
    const { list } = await anAccount();

    const response = await list(`?sort=${sort}`);

    expectBadRequest(response, 'sort');
  });

  it.each(['running', 'draft,', ',draft', 'draft,,active', 'Draft', ''])('refuses status=%j', async (status) => {
    const { list } = await anAccount();

    const response = await list(`?status=${status}`);

    expectBadRequest(response, 'status');
  });

  it.each(['cron', 'none,', 'null', 'Webhook', ''])('refuses trigger_type=%j', async (triggerType) => {
    const { list } = await anAccount();

    const response = await list(`?trigger_type=${triggerType}`);

    expectBadRequest(response, 'trigger_type');
  });

  it('refuses q of 101 characters', async () => {
    const { list } = await anAccount();

    const response = await list(`?q=${'x'.repeat(101)}`);

    expectBadRequest(response, 'q');
  });

  it('accepts q of 100 characters', async () => {
    const { list } = await anAccount();

    const response = await list(`?q=${'x'.repeat(100)}`);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ data: [], next_cursor: null });
  });

  it('refuses an empty q', async () => {
    const { list } = await anAccount();

    const response = await list('?q=');

    expectBadRequest(response, 'q');
  });

  it.each(['yes', '1', 'TRUE'])('refuses deleted=%s', async (deleted) => {
    const { list } = await anAccount();

    const response = await list(`?deleted=${deleted}`);

    expectBadRequest(response, 'deleted');
  });

  it('refuses sort with deleted=true', async () => {
    const { list } = await anAccount();

    const response = await list('?deleted=true&sort=-created_at');

    expectBadRequest(response);
  });
});

describe('GET /api/v1/workflows — bad cursors', () => {
  it.each([
    ['its first character', 0],
    ['a character of its checksum', -5],
  ])('refuses a cursor with %s changed', async (_what, position) => {
    const { list, cursor } = await aCursor('?limit=1');
    const index = position < 0 ? cursor.length + position : position;

    const response = await list(`?limit=1&cursor=${encodeURIComponent(edited(cursor, index))}`);

    expectBadRequest(response);
  });

  it.each(['abc', 'abc.def', 'a.b.c', '.', 'eyJ9.'])('refuses the made-up cursor %j', async (cursor) => {
    const { list } = await anAccount();

    const response = await list(`?cursor=${encodeURIComponent(cursor)}`);

    expectBadRequest(response);
  });

  it('refuses an empty cursor', async () => {
    const { list } = await anAccount();

    const response = await list('?cursor=');

    expectBadRequest(response, 'cursor');
  });

  it('refuses a cursor of more than 4096 characters', async () => {
    const { list } = await anAccount();

    const response = await list(`?cursor=${'a'.repeat(4097)}`);

    expectBadRequest(response, 'cursor');
  });

  it.each([
    ['another sort', '?limit=1&sort=name'],
    ['the opposite order', '?limit=1&sort=created_at'],
    ['a status filter', '?limit=1&status=draft'],
    ['a trigger_type filter', '?limit=1&trigger_type=schedule'],
    ['a q filter', '?limit=1&q=digest'],
    ['the trash', '?limit=1&deleted=true'],
  ])('refuses a cursor reused with %s', async (_what, query) => {
    const { list, cursor } = await aCursor('?limit=1');

    const response = await list(`${query}&cursor=${encodeURIComponent(cursor)}`);

    expectBadRequest(response);
  });

  it('refuses a cursor of a filtered list used without the filter', async () => {
    const { list, cursor } = await aCursor('?limit=1&q=digest');

    const response = await list(`?limit=1&cursor=${encodeURIComponent(cursor)}`);

    expectBadRequest(response);
  });

  it('refuses a cursor of the trash used on the live list', async () => {
    const account = await anAccount();
    for (let index = 0; index < 2; index += 1) {
      const created = await account.app.create(aWorkflowBody(), account.token);
      await account.app.request({ method: 'DELETE', url: `/api/v1/workflows/${created.json<{ id: string }>().id}`, token: account.token });
    }
    const cursor = (await account.list('?deleted=true&limit=1')).json<Page>().next_cursor ?? '';

    const response = await account.list(`?limit=1&cursor=${encodeURIComponent(cursor)}`);

    expectBadRequest(response);
  });
});

describe('GET /api/v1/workflows — refusals name their parameter', () => {
  it('refuses a control character in q, which no name can hold', async () => {
    const { list } = await anAccount();

    expectBadRequest(await list('?q=%00'), 'q');
  });

  it('names sort when it is sent with deleted=true', async () => {
    const { list } = await anAccount();

    expectBadRequest(await list('?deleted=true&sort=name'), 'sort');
  });

  it('names the cursor when it is refused', async () => {
    const { list, cursor } = await aCursor('?limit=1');

    expectBadRequest(await list(`?limit=1&cursor=${edited(cursor, 3)}`), 'cursor');
  });
});
