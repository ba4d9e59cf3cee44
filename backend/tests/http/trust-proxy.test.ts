import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken, aWorkflowBody, type TestAppOptions } from '../support/app.js';
import { closeSharedDatabases } from '../support/database.js';
import { queryRows, sql } from '../support/sql.js';

afterAll(closeSharedDatabases);

/** Creates a workflow through a proxy that sent `forwardedFor`; the client address its audit entry records. */
async function auditedIp(trustProxy: NonNullable<TestAppOptions['trustProxy']>, forwardedFor: string): Promise<string | undefined> {
  const { request, database } = await aTestApp({ trustProxy });
  const response = await request({ method: 'POST', url: '/api/v1/workflows', token: await aToken(), headers: { 'x-forwarded-for': forwardedFor }, payload: aWorkflowBody() });
  expect(response.statusCode).toBe(201);
  const rows = await queryRows<{ ip: string }>(database, sql`select ip from audit_logs where entity_id = ${response.json<{ id: string }>().id}`);
  return rows[0]?.ip;
}

describe('TRUST_PROXY', () => {
  it('ignores X-Forwarded-For when off', async () => {
    const ip = await auditedIp(false, '203.0.113.7');

    expect(ip).toBe('127.0.0.1');
  });

  it('takes the client from the trusted hop when set to a hop count', async () => {
    const ip = await auditedIp(1, '198.51.100.1, 203.0.113.7');

    expect(ip).toBe('203.0.113.7');
  });

  it('trusts a listed proxy address', async () => {
    const ip = await auditedIp(['127.0.0.1/32'], '203.0.113.9');

    expect(ip).toBe('203.0.113.9');
  });

  it('does not trust a proxy outside the list', async () => {
    const ip = await auditedIp(['10.0.0.0/8'], '203.0.113.9');

    expect(ip).toBe('127.0.0.1');
  });
});
