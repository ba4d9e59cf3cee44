import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken, aWorkflowBody, type TestApp } from '../../support/app.js';
import { aClock } from '../../support/builders.js';
import { closeSharedDatabases } from '../../support/database.js';
import type { WorkflowBody } from '../../support/wire.js';

afterAll(closeSharedDatabases);

const DAY_MS = 86_400_000;

interface Page {
  readonly data: WorkflowBody[];
  readonly next_cursor: string | null;
}

/**
 * A fresh account on an app whose clock moves one second before every write, so that no two rows
 * share a timestamp and every change lands after the page read before it.
 */
async function anAccount(options: { restoreWindowDays?: number } = {}) {
  const clock = aClock();
  const app: TestApp = await aTestApp({ clock, ...options });
  const token = await aToken();

  const write = async (request: InjectOptions & { url: string }, expected: number): Promise<LightMyRequestResponse> => {
    clock.advance(1000);
    const response = await app.request({ ...request, token });
    if (response.statusCode !== expected) throw new Error(`${String(request.method)} ${request.url} answered ${String(response.statusCode)}: ${response.body}`);
    return response;
  };
  const create = async (name: string, overrides: Record<string, unknown> = {}): Promise<WorkflowBody> =>
    (await write({ method: 'POST', url: '/api/v1/workflows', payload: aWorkflowBody({ name, ...overrides }) }, 201)).json<WorkflowBody>();
  const createAll = async (names: readonly string[]): Promise<WorkflowBody[]> => {
    const created: WorkflowBody[] = [];
    for (const name of names) created.push(await create(name));
    return created;
  };
  const patch = async (workflow: WorkflowBody, payload: Record<string, unknown>) =>
    write({ method: 'PATCH', url: `/api/v1/workflows/${workflow.id}`, payload, headers: { 'if-match': '*' } }, 200);
  const act = async (workflow: WorkflowBody, action: string) => write({ method: 'POST', url: `/api/v1/workflows/${workflow.id}/${action}` }, 200);
  const remove = async (workflow: WorkflowBody) => write({ method: 'DELETE', url: `/api/v1/workflows/${workflow.id}` }, 204);
  const get = async (url: string) => app.request({ method: 'GET', url, token });
  const list = async (query = ''): Promise<Page> => {
    const response = await get(`/api/v1/workflows${query}`);
    if (response.statusCode !== 200) throw new Error(`list answered ${String(response.statusCode)}: ${response.body}`);
    return response.json<Page>();
  };
  /** Every row from the page after `cursor` (or the first) to the last, following next_cursor. */
  const pageThrough = async (query: string, cursor: string | null = null): Promise<WorkflowBody[]> => {
    const rows: WorkflowBody[] = [];
    let next = cursor;
    do {
      const page = await list(next === null ? query : `${query}&cursor=${encodeURIComponent(next)}`);
      rows.push(...page.data);
      next = page.next_cursor;
    } while (next !== null);
    return rows;
  };
  return { app, clock, token, create, createAll, patch, act, remove, get, list, pageThrough };
}

const names = (rows: readonly WorkflowBody[]) => rows.map((row) => row.name);
const ids = (rows: readonly WorkflowBody[]) => rows.map((row) => row.id);

function nextLink(response: LightMyRequestResponse): string | undefined {
  const header = response.headers.link;
  if (header === undefined) return undefined;
  const match = /^<([^>]+)>; rel="next"$/.exec(String(header));
  if (match?.[1] === undefined) throw new Error(`unexpected Link header: ${String(header)}`);
  return match[1];
}

describe('GET /api/v1/workflows — order', () => {
  it('lists the newest workflow first by default, on one page', async () => {
    const account = await anAccount();
    await account.createAll(['First', 'Second', 'Third']);

    const response = await account.get('/api/v1/workflows');

    expect(response.statusCode).toBe(200);
    expect(names(response.json<Page>().data)).toEqual(['Third', 'Second', 'First']);
    expect(response.json<Page>().next_cursor).toBeNull();
    expect(response.headers.link).toBeUndefined();
  });

  it.each([
    ['-created_at', ['alpha', 'charlie', 'Beta']],
    ['created_at', ['Beta', 'charlie', 'alpha']],
    ['-updated_at', ['Beta', 'alpha', 'charlie']],
    ['updated_at', ['charlie', 'alpha', 'Beta']],
    ['name', ['alpha', 'Beta', 'charlie']],
    ['-name', ['charlie', 'Beta', 'alpha']],
  ])('sorts by %s (names case-insensitively)', async (sort, expected) => {
    const account = await anAccount();
    const [beta] = await account.createAll(['Beta', 'charlie', 'alpha']);
    if (beta === undefined) throw new Error('nothing created');
    await account.patch(beta, { description: 'Touched last' });

    const page = await account.list(`?sort=${sort}`);

    expect(names(page.data)).toEqual(expected);
  });

  it.each([
    ['created_at', 'ascending'],
    ['-created_at', 'descending'],
  ])('breaks ties of sort=%s on the id, %s', async (sort, direction) => {
    const clock = aClock();
    const app = await aTestApp({ clock });
    const token = await aToken();
    for (const name of ['One', 'Two', 'Three', 'Four']) await app.create(aWorkflowBody({ name }), token);

    const page = (await app.request({ method: 'GET', url: `/api/v1/workflows?sort=${sort}`, token })).json<Page>();

    const sorted = ids(page.data).toSorted();
    expect(ids(page.data)).toEqual(direction === 'ascending' ? sorted : sorted.toReversed());
  });
});

describe('GET /api/v1/workflows — filters', () => {
  it('keeps the workflows of one status', async () => {
    const account = await anAccount();
    const [, running] = await account.createAll(['Draft one', 'Running one', 'Archived one']);
    if (running === undefined) throw new Error('nothing created');
    await account.act(running, 'activate');

    const page = await account.list('?status=active');

    expect(names(page.data)).toEqual(['Running one']);
  });

  it('keeps the workflows of any status in a comma list', async () => {
    const account = await anAccount();
    const [, running, archived] = await account.createAll(['Draft one', 'Running one', 'Archived one']);
    if (running === undefined || archived === undefined) throw new Error('nothing created');
    await account.act(running, 'activate');
    await account.act(archived, 'archive');

    const page = await account.list('?status=draft,archived');

    expect(names(page.data)).toEqual(['Archived one', 'Draft one']);
  });

  it('keeps the workflows of the listed trigger types', async () => {
    const account = await anAccount();
    await account.create('Hook', { trigger_type: 'webhook', trigger_config: {} });
    await account.create('Tick');
    await account.create('Button', { trigger_type: 'manual', trigger_config: {} });

    const page = await account.list('?trigger_type=webhook,manual');

    expect(names(page.data)).toEqual(['Button', 'Hook']);
  });

  it('keeps the workflows without a trigger with trigger_type=none', async () => {
    const account = await anAccount();
    await account.create('Hook', { trigger_type: 'webhook', trigger_config: {} });
    await account.create('Bare', { trigger_type: null, trigger_config: {} });
    await account.create('Tick');

    const page = await account.list('?trigger_type=none');

    expect(page.data).toEqual([expect.objectContaining({ name: 'Bare', trigger_type: null })]);
  });

  it('finds a name by a substring in another case', async () => {
    const account = await anAccount();
    await account.createAll(['Daily digest', 'Weekly report', 'Monthly DIGEST']);

    const page = await account.list('?q=Digest');

    expect(names(page.data)).toEqual(['Monthly DIGEST', 'Daily digest']);
  });

  it('finds “Straße digest” by “STRASSE” (full case folding)', async () => {
    const account = await anAccount();
    await account.createAll(['Straße digest', 'Street digest']);

    const page = await account.list(`?q=${encodeURIComponent('STRASSE')}`);

    expect(names(page.data)).toEqual(['Straße digest']);
  });

  it('combines filters', async () => {
    const account = await anAccount();
    const [, active, report] = await account.createAll(['Digest draft', 'Digest live', 'Report live']);
    if (active === undefined || report === undefined) throw new Error('nothing created');
    await account.act(active, 'activate');
    await account.act(report, 'activate');

    const page = await account.list('?status=active&q=digest');

    expect(names(page.data)).toEqual(['Digest live']);
  });
});

describe('GET /api/v1/workflows — pages', () => {
  it('returns at most limit rows, with a cursor and a Link to the next page', async () => {
    const account = await anAccount();
    await account.createAll(['A', 'B', 'C']);

    const response = await account.get('/api/v1/workflows?limit=2');

    const page = response.json<Page>();
    expect(names(page.data)).toEqual(['C', 'B']);
    expect(page.next_cursor).toEqual(expect.any(String));
    expect(nextLink(response)).toBe(`/api/v1/workflows?limit=2&cursor=${encodeURIComponent(page.next_cursor ?? '')}`);
  });

  it('returns 20 rows a page when no limit is given', async () => {
    const account = await anAccount();
    await account.createAll(Array.from({ length: 21 }, (_, index) => `Workflow ${String(index).padStart(2, '0')}`));

    const page = await account.list();

    expect(page.data).toHaveLength(20);
    expect(page.data[0]?.name).toBe('Workflow 20');
    expect(page.next_cursor).toEqual(expect.any(String));
  });

  it('pages through every row in order with next_cursor, ending with next_cursor null', async () => {
    const account = await anAccount();
    await account.createAll(['A', 'B', 'C', 'D', 'E']);

    const first = await account.list('?limit=2');
    const second = await account.list(`?limit=2&cursor=${encodeURIComponent(first.next_cursor ?? '')}`);
    const third = await account.list(`?limit=2&cursor=${encodeURIComponent(second.next_cursor ?? '')}`);

    expect([names(first.data), names(second.data), names(third.data)]).toEqual([['E', 'D'], ['C', 'B'], ['A']]);
    expect(third.next_cursor).toBeNull();
  });

  it('ends with next_cursor null when the rows fill the last page exactly', async () => {
    const account = await anAccount();
    await account.createAll(['A', 'B', 'C', 'D']);
    const first = await account.list('?limit=2');

    const response = await account.get(`/api/v1/workflows?limit=2&cursor=${encodeURIComponent(first.next_cursor ?? '')}`);

    expect(names(response.json<Page>().data)).toEqual(['B', 'A']);
    expect(response.json<Page>().next_cursor).toBeNull();
    expect(response.headers.link).toBeUndefined();
  });

  it('pages through every row by following the Link header, which keeps the query', async () => {
    const account = await anAccount();
    await account.createAll(['e', 'B', 'd', 'A', 'c']);
    const links: string[] = [];

    let response = await account.get('/api/v1/workflows?sort=name&limit=2');
    const rows = [...response.json<Page>().data];
    for (let link = nextLink(response); link !== undefined; link = nextLink(response)) {
      links.push(link);
      response = await account.get(link);
      rows.push(...response.json<Page>().data);
    }

    expect(names(rows)).toEqual(['A', 'B', 'c', 'd', 'e']);
    expect(links).toHaveLength(2);
    for (const link of links) expect(link).toMatch(/^\/api\/v1\/workflows\?sort=name&limit=2&cursor=[^&]+$/);
    expect(response.json<Page>().next_cursor).toBeNull();
  });

  it('accepts the cursor with another limit', async () => {
    const account = await anAccount();
    await account.createAll(['A', 'B', 'C', 'D', 'E']);
    const first = await account.list('?limit=1');

    const page = await account.list(`?limit=3&cursor=${encodeURIComponent(first.next_cursor ?? '')}`);

    expect(names(page.data)).toEqual(['D', 'C', 'B']);
  });

  it('pages through a filtered list', async () => {
    const account = await anAccount();
    await account.createAll(['Digest 1', 'Report 1', 'Digest 2', 'Report 2', 'Digest 3']);

    const rows = await account.pageThrough('?q=digest&sort=name&limit=1');

    expect(names(rows)).toEqual(['Digest 1', 'Digest 2', 'Digest 3']);
  });
});

describe('GET /api/v1/workflows — the trash', () => {
  it('lists deleted workflows, most recently deleted first, and no live one', async () => {
    const account = await anAccount();
    const [first, , third] = await account.createAll(['First', 'Live', 'Third']);
    if (first === undefined || third === undefined) throw new Error('nothing created');
    await account.remove(first);
    await account.remove(third);

    const page = await account.list('?deleted=true');

    expect(names(page.data)).toEqual(['Third', 'First']);
    expect(page.data.every((row) => row.deleted_at !== null)).toBe(true);
  });

  it('leaves deleted workflows out of the live list', async () => {
    const account = await anAccount();
    const [gone] = await account.createAll(['Gone', 'Live']);
    if (gone === undefined) throw new Error('nothing created');
    await account.remove(gone);

    const page = await account.list('?deleted=false');

    expect(names(page.data)).toEqual(['Live']);
  });

  it('leaves out workflows deleted longer ago than the restore window', async () => {
    const account = await anAccount({ restoreWindowDays: 1 });
    const [old, recent] = await account.createAll(['Old', 'Recent']);
    if (old === undefined || recent === undefined) throw new Error('nothing created');
    await account.remove(old);
    account.clock.advance(2 * DAY_MS);
    await account.remove(recent);

    const page = await account.list('?deleted=true');

    expect(names(page.data)).toEqual(['Recent']);
  });

  it('pages through the trash', async () => {
    const account = await anAccount();
    const created = await account.createAll(['A', 'B', 'C']);
    for (const workflow of created.toReversed()) await account.remove(workflow);

    const rows = await account.pageThrough('?deleted=true&limit=1');

    expect(names(rows)).toEqual(['A', 'B', 'C']);
  });
});

describe('GET /api/v1/workflows — rows that change while a client pages', () => {
  it.each([
    ['-created_at', 'Newcomer'],
    ['created_at', 'Newcomer'],
    ['name', '0 comes first'],
    ['name', 'zz comes last'],
  ])('with sort=%s, a row created between pages (%s) is never seen twice and skips none', async (sort, newcomer) => {
    const account = await anAccount();
    const original = await account.createAll(['a', 'b', 'c', 'd', 'e']);
    const first = await account.list(`?sort=${sort}&limit=2`);
    await account.create(newcomer);

    const rest = await account.pageThrough(`?sort=${sort}&limit=2`, first.next_cursor);

    const seen = ids([...first.data, ...rest]);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(ids(original)));
  });

  it('with sort=name, rows renamed across the cursor between pages are seen once each', async () => {
    const account = await anAccount();
    const original = await account.createAll(['a', 'b', 'c', 'd', 'e']);
    const [seenRow, , , unseenRow] = original;
    if (seenRow === undefined || unseenRow === undefined) throw new Error('nothing created');
    const first = await account.list('?sort=name&limit=2');
    await account.patch(seenRow, { name: 'zz moved past the cursor' });
    await account.patch(unseenRow, { name: '0 moved before the cursor' });

    const rest = await account.pageThrough('?sort=name&limit=2', first.next_cursor);

    expect(ids([...first.data, ...rest]).toSorted()).toEqual(ids(original).toSorted());
  });

  it('with sort=name, a row renamed at the very instant the first page was read is seen once', async () => {
    // A write stamped no later than the first page's read but committed after it (the same
    // millisecond, or a transaction that took its time) must still keep its earlier position.
    const account = await anAccount();
    const original = await account.createAll(['a', 'b', 'c', 'd', 'e']);
    const [seenRow] = original;
    if (seenRow === undefined) throw new Error('nothing created');
    account.clock.advance(1000);
    const first = await account.list('?sort=name&limit=2');
    account.clock.advance(-1000);
    await account.patch(seenRow, { name: 'zz renamed at the same instant' });

    const rest = await account.pageThrough('?sort=name&limit=2', first.next_cursor);

    expect(ids([...first.data, ...rest]).toSorted()).toEqual(ids(original).toSorted());
  });

  it('with sort=-name, rows renamed across the cursor between pages are seen once each', async () => {
    const account = await anAccount();
    const original = await account.createAll(['a', 'b', 'c', 'd', 'e']);
    const [unseenRow, , , , seenRow] = original;
    if (seenRow === undefined || unseenRow === undefined) throw new Error('nothing created');
    const first = await account.list('?sort=-name&limit=2');
    await account.patch(seenRow, { name: '0 moved past the cursor' });
    await account.patch(unseenRow, { name: 'zz moved before the cursor' });

    const rest = await account.pageThrough('?sort=-name&limit=2', first.next_cursor);

    expect(ids([...first.data, ...rest]).toSorted()).toEqual(ids(original).toSorted());
  });

  it.each(['-updated_at', 'updated_at'])('with sort=%s, rows changed between pages are seen once each', async (sort) => {
    const account = await anAccount();
    const original = await account.createAll(['a', 'b', 'c', 'd', 'e']);
    const first = await account.list(`?sort=${sort}&limit=2`);
    const [seenRow] = first.data;
    const unseenRow = original.find((row) => !ids(first.data).includes(row.id));
    if (seenRow === undefined || unseenRow === undefined) throw new Error('nothing created');
    await account.patch(seenRow, { description: 'Changed after the first page' });
    await account.patch(unseenRow, { description: 'Changed after the first page' });

    const rest = await account.pageThrough(`?sort=${sort}&limit=2`, first.next_cursor);

    expect(ids([...first.data, ...rest]).toSorted()).toEqual(ids(original).toSorted());
  });

  it('with sort=name, a row renamed between pages and then renamed again is seen once', async () => {
    const account = await anAccount();
    const original = await account.createAll(['a', 'b', 'c', 'd', 'e']);
    const first = await account.list('?sort=name&limit=2');
    const second = await account.list(`?sort=name&limit=2&cursor=${encodeURIComponent(first.next_cursor ?? '')}`);
    const [moving] = second.data;
    if (moving === undefined) throw new Error('nothing listed');
    await account.patch(moving, { name: '0 first rename' });
    await account.patch(moving, { name: 'zz second rename' });

    const rest = await account.pageThrough('?sort=name&limit=2', second.next_cursor);

    expect(ids([...first.data, ...second.data, ...rest]).toSorted()).toEqual(ids(original).toSorted());
  });

  it('with sort=-updated_at, a row deleted between pages is not listed and skips no other', async () => {
    const account = await anAccount();
    const original = await account.createAll(['a', 'b', 'c', 'd', 'e']);
    const first = await account.list('?sort=-updated_at&limit=2');
    const unseen = original.filter((row) => !ids(first.data).includes(row.id));
    const [gone, ...kept] = unseen;
    if (gone === undefined) throw new Error('nothing created');
    await account.remove(gone);

    const rest = await account.pageThrough('?sort=-updated_at&limit=2', first.next_cursor);

    expect(ids(rest).toSorted()).toEqual(ids(kept).toSorted());
  });
});

describe('GET /api/v1/workflows — names whose comparison key is long', () => {
  it('pages by name past a name that NFKC expands eighteenfold', async () => {
    const { request } = await aTestApp();
    const token = await aToken();
    // U+FDFA and U+FDFB are one character each and 18 and 8 characters in NFKC.
    const expanding = ['\uFDFA'.repeat(100), '\uFDFB'.repeat(100), 'plain name'];
    for (const name of expanding) await request({ method: 'POST', url: '/api/v1/workflows', token, payload: { name } });

    const seen: string[] = [];
    let url: string | undefined = '/api/v1/workflows?sort=name&limit=1';
    while (url !== undefined) {
      const page: LightMyRequestResponse = await request({ method: 'GET', url, token });
      expect(page.statusCode).toBe(200);
      const body = page.json<{ data: { name: string }[]; next_cursor: string | null }>();
      seen.push(...body.data.map((row) => row.name));
      url = body.next_cursor === null ? undefined : `/api/v1/workflows?sort=name&limit=1&cursor=${body.next_cursor}`;
    }

    expect(seen.toSorted()).toEqual(expanding.toSorted());
  });
});
