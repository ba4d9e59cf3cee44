import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken } from '../../support/app.js';
import { closeSharedDatabases } from '../../support/database.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(closeSharedDatabases);

describe('with FEATURE_WORKFLOWS_ENABLED=false', () => {
  it('answers the workflows routes exactly like an unknown route and writes nothing', async () => {
    const { request, database } = await aTestApp({ workflowsEnabled: false });
    const name = `disabled-${randomUUID()}`;

    const create = await request({ method: 'POST', url: '/api/v1/workflows', token: await aToken(), payload: { name } });
    const unknown = await request({ method: 'POST', url: '/api/v1/nothing', token: await aToken(), payload: { name } });

    expect(create.statusCode).toBe(404);
    expect(create.json()).toEqual({ ...unknown.json<Record<string, unknown>>(), request_id: create.headers['x-request-id'] });
    expect(await queryRows(database, sql`select id from workflows where name = ${name}`)).toEqual([]);
  });
});
