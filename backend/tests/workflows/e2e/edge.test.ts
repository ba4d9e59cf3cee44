import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { selectRows } from '../../../src/shared/database.js';
import { aTestApp, aToken, aWorkflowBody } from '../../support/app.js';
import { closeSharedDatabases } from '../../support/database.js';

afterAll(closeSharedDatabases);

const ORIGIN = 'https://console.example.com';

describe('feature flag FEATURE_WORKFLOWS_ENABLED=false', () => {
  it('answers the workflows routes exactly like an unknown route and writes nothing', async () => {
    const { request, database } = await aTestApp({ workflowsEnabled: false });
    const name = `disabled-${randomUUID()}`;

    const create = await request({ method: 'POST', url: '/api/v1/workflows', token: await aToken(), payload: { name } });
    const unknown = await request({ method: 'POST', url: '/api/v1/nothing', token: await aToken(), payload: { name } });

    expect(create.statusCode).toBe(404);
    expect(create.json()).toEqual({ ...unknown.json<Record<string, unknown>>(), request_id: create.headers['x-request-id'] });
    expect(await selectRows(database.db, sql`select id from workflows where name = ${name}`)).toEqual([]);
  });
});

describe('CORS', () => {
  it('echoes an allowed origin exactly, with Vary: Origin', async () => {
    const { request } = await aTestApp({ corsOrigins: [ORIGIN] });

    const withOrigin = await request({ method: 'POST', url: '/api/v1/workflows', token: await aToken(), headers: { origin: ORIGIN }, payload: aWorkflowBody() });

    expect(withOrigin.statusCode).toBe(201);
    expect(withOrigin.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(withOrigin.headers.vary).toContain('Origin');
    expect(withOrigin.headers['access-control-expose-headers']).toContain('RateLimit');
  });

  it('gives another origin no CORS headers', async () => {
    const { request } = await aTestApp({ corsOrigins: [ORIGIN] });

    const response = await request({ method: 'GET', url: '/healthz', headers: { origin: 'https://evil.example.com' } });

    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-expose-headers']).toBeUndefined();
  });

  it('answers a preflight for Authorization and Content-Type', async () => {
    const { request } = await aTestApp({ corsOrigins: [ORIGIN] });

    const response = await request({
      method: 'OPTIONS',
      url: '/api/v1/workflows',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });

    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(response.headers['access-control-allow-methods']).toContain('POST');
    expect(response.headers['access-control-allow-headers']).toMatch(/Authorization.*Content-Type/);
  });

  it('refuses a preflight from another origin', async () => {
    const { request } = await aTestApp({ corsOrigins: [ORIGIN] });

    const response = await request({ method: 'OPTIONS', url: '/api/v1/workflows', headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' } });

    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('sends no CORS headers when no origin is configured', async () => {
    const { request } = await aTestApp();

    const response = await request({ method: 'GET', url: '/healthz', headers: { origin: ORIGIN } });

    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('TRUST_PROXY', () => {
  const auditedIp = async (trustProxy: false | number | readonly string[], forwardedFor: string) => {
    const { request, database } = await aTestApp({ trustProxy });
    const response = await request({ method: 'POST', url: '/api/v1/workflows', token: await aToken(), headers: { 'x-forwarded-for': forwardedFor }, payload: aWorkflowBody() });
    const rows = await selectRows<{ ip: string }>(database.db, sql`select ip from audit_logs where entity_id = ${response.json<{ id: string }>().id}`);
    return rows[0]?.ip;
  };

  it('ignores X-Forwarded-For when off', async () => {
    expect(await auditedIp(false, '203.0.113.7')).toBe('127.0.0.1');
  });

  it('takes the client from the trusted hop when set to a hop count', async () => {
    expect(await auditedIp(1, '198.51.100.1, 203.0.113.7')).toBe('203.0.113.7');
  });

  it('trusts a listed proxy address', async () => {
    expect(await auditedIp(['127.0.0.1/32'], '203.0.113.9')).toBe('203.0.113.9');
  });

  it('does not trust a proxy outside the list', async () => {
    expect(await auditedIp(['10.0.0.0/8'], '203.0.113.9')).toBe('127.0.0.1');
  });
});

describe('hardening', () => {
  it('sends the security headers on errors too, and no X-Powered-By', async () => {
    const { request } = await aTestApp();

    const response = await request({ method: 'GET', url: '/nowhere' });

    expect(response.statusCode).toBe(404);
    expect(response.headers).toMatchObject({
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    });
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('bounds how long a client may take to send headers and a request', async () => {
    const { app } = await aTestApp();

    expect(app.server.headersTimeout).toBe(10_000);
    expect(app.server.requestTimeout).toBe(30_000);
    expect(app.server.keepAliveTimeout).toBe(5_000);
  });

  it('reports each dependency in readiness and fails when one is down', async () => {
    const { request } = await aTestApp({ readiness: { database: () => Promise.resolve(), redis: () => Promise.reject(new Error('down')) } });

    const response = await request({ method: 'GET', url: '/readyz' });

    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', checks: { database: 'ok', redis: 'unavailable' } });
  });
});
