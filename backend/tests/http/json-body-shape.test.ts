import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken, aWorkflowBody } from '../support/app.js';
import { closeSharedDatabases, databaseKinds } from '../support/database.js';
import { expectProblem } from '../support/problems.js';
import { queryRows, sql } from '../support/sql.js';

afterAll(closeSharedDatabases);

const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const uniqueName = () => `Shaped ${Math.random().toString(36).slice(2, 10)}`;

describe.each(databaseKinds())('JSON bodies keep a bounded depth and unique member names, on %s', (kind) => {
  const setUp = async () => {
    const app = await aTestApp({ kind });
    const token = await aToken();
    const countNamed = async (name: string) =>
      (await queryRows<{ count: number }>(app.database, sql`select count(*)::int as count from workflows where name = ${name}`))[0]?.count;
    return { ...app, token, countNamed };
  };

  it('answers a PATCH whose trigger_config nests 4,000 deep with a 400 naming it, and changes nothing', async () => {
    const { create, request, token } = await setUp();
    const workflow = (await create(aWorkflowBody(), token)).json<{ id: string }>();
    const payload = `{"trigger_config":${nested(4_000)}}`;

    const response = await request({ method: 'PATCH', url: `/api/v1/workflows/${workflow.id}`, token, headers: { 'content-type': 'application/merge-patch+json', 'if-match': '"1"' }, payload });
    const after = await request({ method: 'GET', url: `/api/v1/workflows/${workflow.id}`, token });

    expect(payload.length).toBeLessThan(64 * 1024);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'BAD_REQUEST', errors: [{ path: expect.stringMatching(/^trigger_config\.a\.a/) as unknown, code: 'TOO_DEEP' }] });
    expect(after.json()).toMatchObject({ version: 1 });
  });

  it('answers a create with an Idempotency-Key and a body nested 10,500 deep with a 400, and stores nothing', async () => {
    const { request, token, countNamed } = await setUp();
    const name = uniqueName();
    const payload = `{"name":"${name}","trigger_type":"manual","trigger_config":${nested(10_500)}}`;

    const response = await request({ method: 'POST', url: '/api/v1/workflows', token, headers: { 'content-type': 'application/json', 'idempotency-key': `deep-${name}` }, payload });

    expect(payload.length).toBeLessThan(64 * 1024);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'BAD_REQUEST', errors: [{ code: 'TOO_DEEP' }] });
    expect(await countNamed(name)).toBe(0);
  });

  it('lets a body nested exactly to the limit reach validation', async () => {
    const { request, token } = await setUp();
    const payload = `{"name":"${uniqueName()}","trigger_type":"manual","trigger_config":${nested(31)}}`;

    const response = await request({ method: 'POST', url: '/api/v1/workflows', token, headers: { 'content-type': 'application/json' }, payload });

    expectProblem(response, 422, 'VALIDATION_ERROR');
  });

  it('refuses a repeated member name with a 400 naming it, and stores nothing', async () => {
    const { request, token, countNamed } = await setUp();
    const [first, second] = [uniqueName(), uniqueName()];
    const payload = `{"name":"${first}","name":"${second}","trigger_type":"manual","trigger_config":{}}`;

    const response = await request({ method: 'POST', url: '/api/v1/workflows', token, headers: { 'content-type': 'application/json' }, payload });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'BAD_REQUEST', errors: [{ path: 'name', code: 'REPEATED_MEMBER' }] });
    expect([await countNamed(first), await countNamed(second)]).toEqual([0, 0]);
  });

  it('refuses a repeated member in a merge patch, however it is escaped', async () => {
    const { create, request, token } = await setUp();
    const workflow = (await create(aWorkflowBody(), token)).json<{ id: string; name: string }>();

    const response = await request({
      method: 'PATCH',
      url: `/api/v1/workflows/${workflow.id}`,
      token,
      headers: { 'content-type': 'application/merge-patch+json', 'if-match': '"1"' },
      payload: '{"description":"a","descr\\u0069ption":"b"}',
    });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ errors: [{ path: 'description', code: 'REPEATED_MEMBER' }] });
  });
});
