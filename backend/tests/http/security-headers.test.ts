import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp } from '../support/app.js';
import { closeSharedDatabases } from '../support/database.js';

afterAll(closeSharedDatabases);

describe('security headers', () => {
  it.each([
    ['a success', '/healthz', 200],
    ['an error', '/nowhere', 404],
  ])('are sent on %s, and X-Powered-By is not', async (_label, url, status) => {
    const { request } = await aTestApp();

    const response = await request({ method: 'GET', url });

    expect(response.statusCode).toBe(status);
    expect(response.headers).toMatchObject({
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    });
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});
