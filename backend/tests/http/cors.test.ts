import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken, aWorkflowBody } from '../support/app.js';
import { closeSharedDatabases } from '../support/database.js';

afterAll(closeSharedDatabases);

const ORIGIN = 'https://console.example.com';
const OTHER_ORIGIN = 'https://evil.example.com';

describe('CORS', () => {
  it('echoes an allowed origin exactly, with Vary: Origin and the rate-limit headers exposed', async () => {
    const { request } = await aTestApp({ corsOrigins: [ORIGIN] });

    const response = await request({ method: 'POST', url: '/api/v1/workflows', token: await aToken(), headers: { origin: ORIGIN }, payload: aWorkflowBody() });

    expect(response.statusCode).toBe(201);
    expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(response.headers.vary).toContain('Origin');
    expect(response.headers['access-control-expose-headers']).toContain('RateLimit');
  });

  it('gives another origin no CORS headers', async () => {
    const { request } = await aTestApp({ corsOrigins: [ORIGIN] });

    const response = await request({ method: 'GET', url: '/healthz', headers: { origin: OTHER_ORIGIN } });

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

    const response = await request({ method: 'OPTIONS', url: '/api/v1/workflows', headers: { origin: OTHER_ORIGIN, 'access-control-request-method': 'POST' } });

    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('sends no CORS headers when no origin is configured', async () => {
    const { request } = await aTestApp();

    const response = await request({ method: 'GET', url: '/healthz', headers: { origin: ORIGIN } });

    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});
