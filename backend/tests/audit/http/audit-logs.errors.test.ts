import type { LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken, aWorkflowBody, type TestApp } from '../../support/app.js';
import { closeSharedDatabases } from '../../support/database.js';
import { documentedApp, expectConforms } from '../../support/openapi.js';

afterAll(closeSharedDatabases);

const AUDIT_LOGS = '/api/v1/audit-logs';
const ENTITY = '0190f3a2-6b1c-7d2e-8f3a-4b5c6d7e8f90';

interface Page {
  readonly data: { readonly id: string }[];
  readonly next_cursor: string | null;
}

async function anAccount() {
  const app: TestApp = await aTestApp();
  const token = await aToken();
  const audit = (query: string) => app.request({ method: 'GET', url: `${AUDIT_LOGS}${query}`, token });
  return { app, token, audit };
}

/** An account with three workflows, one deleted and one activated, and the cursor of the first page of `query`. */
async function aCursor(query: string) {
  const account = await anAccount();
  const ids: string[] = [];
  for (let index = 0; index < 3; index += 1) {
    const created = await account.app.create(aWorkflowBody(), account.token);
    if (created.statusCode !== 201) throw new Error(`create answered ${String(created.statusCode)}: ${created.body}`);
    ids.push(created.json<{ id: string }>().id);
  }
  await account.app.request({ method: 'DELETE', url: `/api/v1/workflows/${ids[0] ?? ''}`, token: account.token });
  await account.app.request({ method: 'POST', url: `/api/v1/workflows/${ids[1] ?? ''}/activate`, token: account.token });
  const cursor = (await account.audit(query)).json<Page>().next_cursor;
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

const withCursor = (query: string, cursor: string) => `${query}&cursor=${encodeURIComponent(cursor)}`;

describe('GET /api/v1/audit-logs — bad query parameters', () => {
  it('refuses an unknown parameter and names it', async () => {
    const { audit } = await anAccount();

    const response = await audit('?entity=workflow');

    expectBadRequest(response);
    expect(response.json()).toMatchObject({ errors: [{ path: 'entity', code: 'UNKNOWN_FIELD' }] });
  });

  it('refuses an unknown parameter beside valid ones', async () => {
    const { audit } = await anAccount();

    const response = await audit('?limit=5&sort=occurred_at');

    expectBadRequest(response);
    expect(response.json()).toMatchObject({ errors: [{ path: 'sort', code: 'UNKNOWN_FIELD' }] });
  });

  it.each(['0', '101', 'abc', '-1', '1.5', '05', ''])('refuses limit=%j', async (limit) => {
    const { audit } = await anAccount();

    const response = await audit(`?limit=${limit}`);

    expectBadRequest(response, 'limit');
  });

  it.each(['1', '100'])('accepts limit=%s', async (limit) => {
    const { audit } = await anAccount();

    const response = await audit(`?limit=${limit}`);

    expect(response.statusCode).toBe(200);
  });

  it('refuses a parameter given twice', async () => {
    const { audit } = await anAccount();

    const response = await audit(`?entity_id=${ENTITY}&entity_id=${ENTITY}`);

    expectBadRequest(response, 'entity_id');
  });

  it.each(['entity_id', 'actor_id'])('refuses %s that is not a UUID', async (parameter) => {
    const { audit } = await anAccount();

    const responses = await Promise.all(['42', 'workflow', `${ENTITY}0`, ENTITY.replaceAll('-', ''), `'${ENTITY}'`, ''].map((value) => audit(`?${parameter}=${encodeURIComponent(value)}`)));

    for (const response of responses) expectBadRequest(response, parameter);
  });

  it.each(['workflow', 'created', 'workflow.', '.created', 'Workflow.Created', 'workflow.created,', ',workflow.created', 'workflow.created,,workflow.updated', 'workflow.created workflow.updated', "workflow.created';--", ''])(
    'refuses action=%j',
    async (action) => {
      const { audit } = await anAccount();

      const response = await audit(`?action=${encodeURIComponent(action)}`);

      expectBadRequest(response, 'action');
    },
  );

  it('refuses an action list of more than 500 characters', async () => {
    const { audit } = await anAccount();

    const response = await audit(`?action=${Array.from({ length: 40 }, () => 'workflow.created').join(',')}`);

    expectBadRequest(response, 'action');
  });

  it.each([
    '2026-11-25',
    '2026-11-25T12:00:00',
    '2026-11-25T12:00',
    '2026-11-25 12:00:00Z',
    '2026-11-25T12:00:00 +01:00',
    '2026-13-01T00:00:00Z',
    '2026-11-25T25:00:00Z',
    '1764072000',
    'yesterday',
    'Wed, 25 Nov 2026 12:00:00 GMT',
    '',
  ])('refuses %j as occurred_after and as occurred_before', async (moment) => {
    const { audit } = await anAccount();

    const responses = await Promise.all(['occurred_after', 'occurred_before'].map((parameter) => audit(`?${parameter}=${encodeURIComponent(moment)}`)));

    expectBadRequest(responses[0] as LightMyRequestResponse, 'occurred_after');
    expectBadRequest(responses[1] as LightMyRequestResponse, 'occurred_before');
  });

  it.each(['2026-11-25T12:00:00Z', '2026-11-25T12:00:00.123Z', '2026-11-25T13:00:00+01:00', '2026-11-25T07:00:00-05:00'])('accepts occurred_after=%s', async (moment) => {
    const { audit } = await anAccount();

    const response = await audit(`?occurred_after=${encodeURIComponent(moment)}`);

    expect(response.statusCode).toBe(200);
  });
});

describe('GET /api/v1/audit-logs — bad cursors', () => {
  it.each([
    ['its first character', 0],
    ['a character of its checksum', -5],
  ])('refuses a cursor with %s changed', async (_what, position) => {
    const { audit, cursor } = await aCursor('?limit=1');
    const index = position < 0 ? cursor.length + position : position;

    const response = await audit(withCursor('?limit=1', edited(cursor, index)));

    expectBadRequest(response);
  });

  it.each(['abc', 'abc.def', 'a.b.c', '.', 'eyJ9.'])('refuses the made-up cursor %j', async (cursor) => {
    const { audit } = await anAccount();

    const response = await audit(`?cursor=${encodeURIComponent(cursor)}`);

    expectBadRequest(response);
  });

  it('refuses an empty cursor', async () => {
    const { audit } = await anAccount();

    const response = await audit('?cursor=');

    expectBadRequest(response, 'cursor');
  });

  it('refuses a cursor of more than 4096 characters', async () => {
    const { audit } = await anAccount();

    const response = await audit(`?cursor=${'a'.repeat(4097)}`);

    expectBadRequest(response, 'cursor');
  });

  it.each([
    ['an entity_id filter', `?limit=1&entity_id=${ENTITY}`],
    ['an action filter', '?limit=1&action=workflow.created'],
    ['an actor_id filter', `?limit=1&actor_id=${ENTITY}`],
    ['an occurred_after filter', '?limit=1&occurred_after=2020-01-01T00:00:00Z'],
    ['an occurred_before filter', '?limit=1&occurred_before=2099-01-01T00:00:00Z'],
  ])('refuses a cursor reused with %s', async (_what, query) => {
    const { audit, cursor } = await aCursor('?limit=1');

    const response = await audit(withCursor(query, cursor));

    expectBadRequest(response);
  });

  it.each([
    ['without the filter', '?limit=1'],
    ['with another action', '?limit=1&action=workflow.deleted'],
    ['with one more action', '?limit=1&action=workflow.created,workflow.activated,workflow.deleted'],
  ])('refuses a cursor of a filtered list reused %s', async (_what, query) => {
    const { audit, cursor } = await aCursor('?limit=1&action=workflow.created,workflow.activated');

    const response = await audit(withCursor(query, cursor));

    expectBadRequest(response);
  });

  it('refuses a cursor of a time window reused with another window', async () => {
    const { audit, cursor } = await aCursor('?limit=1&occurred_after=2020-01-01T00:00:00Z');

    const response = await audit(withCursor('?limit=1&occurred_after=2020-01-01T00:00:01Z', cursor));

    expectBadRequest(response);
  });

  it('refuses a cursor of the workflow list', async () => {
    const account = await aCursor('?limit=1');
    const workflows = (await account.app.request({ method: 'GET', url: '/api/v1/workflows?limit=1', token: account.token })).json<Page>();

    const response = await account.audit(`?limit=1&cursor=${encodeURIComponent(workflows.next_cursor ?? '')}`);

    expectBadRequest(response);
  });
});

describe('GET /api/v1/audit-logs — OpenAPI', () => {
  it('answers 400 as the document describes', async () => {
    const context = await documentedApp();
    const token = await aToken();
    const cases = ['?colour=red', '?limit=0', '?entity_id=42', '?action=created', '?actor_id=x', '?occurred_after=2026-11-25', '?occurred_before=now', '?cursor=abc.def'];

    const responses = await Promise.all(cases.map((query) => context.app.request({ method: 'GET', url: `${AUDIT_LOGS}${query}`, token })));

    expect(responses.map((response) => response.statusCode)).toEqual(cases.map(() => 400));
    for (const response of responses) expectConforms(context, AUDIT_LOGS, 'get', response);
  });
});
