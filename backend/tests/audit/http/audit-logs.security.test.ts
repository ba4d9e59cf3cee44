import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { userIdFromClerkUser } from '../../../src/shared/ids.js';
import { aTestApp, aToken, signClaims, type TestApp, aWorkflow } from '../../support/app.js';
import { closeSharedDatabases } from '../../support/database.js';
import { expectProblem } from '../../support/problems.js';

afterAll(closeSharedDatabases);

const AUDIT_LOGS = '/api/v1/audit-logs';

interface Page {
  readonly data: { readonly id: string; readonly entity_id: string; readonly actor_id: string; readonly changes: { readonly after: { readonly account_id: string } | null } }[];
  readonly next_cursor: string | null;
}

const audit = (app: TestApp, token: string | undefined, query = '') => app.request({ method: 'GET', url: `${AUDIT_LOGS}${query}`, ...(token === undefined ? {} : { token }) });

/** The id of a new workflow in the account of `token`. */
const aWorkflowIn = async (app: TestApp, token: string): Promise<string> => (await aWorkflow(app, token)).id;

async function aDeletedWorkflowIn(app: TestApp, token: string): Promise<string> {
  const id = await aWorkflowIn(app, token);
  const response = await app.request({ method: 'DELETE', url: `/api/v1/workflows/${id}`, token });
  if (response.statusCode !== 204) throw new Error(`delete answered ${String(response.statusCode)}: ${response.body}`);
  return id;
}

const entityIds = (page: Page) => page.data.map((entry) => entry.entity_id);

describe('GET /api/v1/audit-logs — authentication and permission', () => {
  it('refuses a request without a token, with WWW-Authenticate', async () => {
    const app = await aTestApp();

    const response = await audit(app, undefined);

    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
  });

  it('refuses a token that is not one', async () => {
    const app = await aTestApp();

    const response = await audit(app, 'not-a-token');

    expect(response.statusCode).toBe(401);
  });

  it('refuses an expired token that had org:audit:read', async () => {
    const app = await aTestApp();
    const now = Math.floor(Date.now() / 1000);
    const organization = { v: 1, org_id: `org_${randomUUID()}`, org_permissions: ['org:audit:read'] };
    const valid = await audit(app, await signClaims(organization));

    const response = await audit(app, await signClaims({ ...organization, iat: now - 120, nbf: now - 120, exp: now - 60 }));

    expect(valid.statusCode).toBe(200);
    expect(response.statusCode).toBe(401);
  });

  it('checks the token before the query: a bad query without a token is still 401', async () => {
    const app = await aTestApp();

    const response = await audit(app, undefined, '?limit=0&colour=red');

    expect(response.statusCode).toBe(401);
  });

  it('refuses a member with only org:workflows:read', async () => {
    const app = await aTestApp();

    const response = await audit(app, await aToken({ permissions: ['org:workflows:read'] }));

    expectProblem(response, 403, 'FORBIDDEN');
  });

  it('refuses a member with every workflows permission but not org:audit:read', async () => {
    const app = await aTestApp();
    const token = await aToken({ permissions: ['org:workflows:create', 'org:workflows:read', 'org:workflows:update', 'org:workflows:delete'] });
    await aWorkflowIn(app, token);

    const response = await audit(app, token);

    expect(response.statusCode).toBe(403);
    expect(response.body).not.toContain('workflow.created');
  });

  it('refuses a member without the permission even with filters that match nothing', async () => {
    const app = await aTestApp();

    const response = await audit(app, await aToken({ permissions: ['org:workflows:read'] }), `?entity_id=${randomUUID()}`);

    expect(response.statusCode).toBe(403);
  });

  it('refuses a token without an active organization', async () => {
    const app = await aTestApp();

    const response = await audit(app, await signClaims({ v: 2 }));

    expect(response.statusCode).toBe(403);
  });

  it('answers a member with org:audit:read only', async () => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const id = await aWorkflowIn(app, await aToken({ org, user: 'alice' }));

    const response = await audit(app, await aToken({ org, user: 'auditor', permissions: ['org:audit:read'] }));

    expect(response.statusCode).toBe(200);
    expect(entityIds(response.json<Page>())).toEqual([id]);
  });
});

describe('GET /api/v1/audit-logs — accounts', () => {
  it('never lists another account’s entries', async () => {
    const app = await aTestApp();
    const mine = await aToken();
    await aWorkflowIn(app, await aToken());
    const own = await aWorkflowIn(app, mine);

    const response = await audit(app, mine);

    expect(entityIds(response.json<Page>())).toEqual([own]);
  });

  it('shows nothing to an account whose only neighbour made changes', async () => {
    const app = await aTestApp();
    await aDeletedWorkflowIn(app, await aToken());

    const response = await audit(app, await aToken());

    expect(response.json()).toEqual({ data: [], next_cursor: null });
  });

  it('finds nothing of another account by its workflow’s id, even a deleted one', async () => {
    const app = await aTestApp();
    const theirs = await aToken();
    const live = await aWorkflowIn(app, theirs);
    const deleted = await aDeletedWorkflowIn(app, theirs);
    const mine = await aToken();

    const responses = await Promise.all([live, deleted].map((id) => audit(app, mine, `?entity_id=${id}`)));

    for (const response of responses) expect(response.json()).toEqual({ data: [], next_cursor: null });
  });

  it('shows a user who belongs to two organizations only the entries of the organization of the token', async () => {
    const app = await aTestApp();
    const inFirst = await aToken({ org: `org_${randomUUID()}`, user: 'carol' });
    const inSecond = await aToken({ org: `org_${randomUUID()}`, user: 'carol' });
    await aWorkflowIn(app, inFirst);
    const own = await aWorkflowIn(app, inSecond);

    const response = await audit(app, inSecond, `?actor_id=${userIdFromClerkUser('user_carol')}`);

    expect(entityIds(response.json<Page>())).toEqual([own]);
  });

  it('keeps accounts apart under every filter', async () => {
    const app = await aTestApp();
    const mine = await aToken();
    const theirs = await aToken();
    await aDeletedWorkflowIn(app, theirs);
    const own = await aWorkflowIn(app, mine);
    const queries = [
      '?action=workflow.created,workflow.deleted',
      `?actor_id=${userIdFromClerkUser('user_alice')}`,
      '?occurred_after=2000-01-01T00:00:00Z',
      '?occurred_before=2999-01-01T00:00:00Z',
      '?limit=100',
    ];

    const responses = await Promise.all(queries.map((query) => audit(app, mine, query)));

    for (const response of responses) expect(entityIds(response.json<Page>())).toEqual([own]);
  });

  it('never shows another account’s workflow inside an entry', async () => {
    const app = await aTestApp();
    const mine = await aToken();
    await aDeletedWorkflowIn(app, await aToken());
    await aDeletedWorkflowIn(app, mine);
    const own = (await audit(app, mine)).json<Page>();

    const accounts = new Set(own.data.map((entry) => entry.changes.after?.account_id));

    expect(accounts.size).toBe(1);
    expect(own.data).toHaveLength(2);
  });

  it('refuses a cursor from another account’s audit log', async () => {
    const app = await aTestApp();
    const theirs = await aToken();
    const mine = await aToken();
    for (let index = 0; index < 2; index += 1) {
      await aWorkflowIn(app, theirs);
      await aWorkflowIn(app, mine);
    }
    const cursor = (await audit(app, theirs, '?limit=1')).json<Page>().next_cursor ?? '';

    const response = await audit(app, mine, `?limit=1&cursor=${encodeURIComponent(cursor)}`);

    expectProblem(response, 400, 'BAD_REQUEST');
  });

  it('lets a colleague in the same organization continue the audit log', async () => {
    const app = await aTestApp();
    const org = `org_${randomUUID()}`;
    const alice = await aToken({ org, user: 'alice' });
    const ids = [await aWorkflowIn(app, alice), await aWorkflowIn(app, alice)];
    const first = (await audit(app, alice, '?limit=1')).json<Page>();

    const response = await audit(app, await aToken({ org, user: 'bob', permissions: ['org:audit:read'] }), `?limit=1&cursor=${encodeURIComponent(first.next_cursor ?? '')}`);

    expect(response.statusCode).toBe(200);
    expect([...entityIds(first), ...entityIds(response.json<Page>())].toSorted()).toEqual(ids.toSorted());
  });
});
