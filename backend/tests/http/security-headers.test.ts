import { afterAll, describe, expect, it } from 'vitest';
import { DOCS_CONTENT_SECURITY_POLICY } from '../../src/shared/http/openapi.js';
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

  it.each(['/docs', '/docs/static/swagger-ui.css', '/docs/static/swagger-initializer.js'])('give the documentation page (%s) its own policy, which loads nothing from elsewhere', async (url) => {
    const { request } = await aTestApp();

    const response = await request({ method: 'GET', url });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-security-policy']).toBe(DOCS_CONTENT_SECURITY_POLICY);
    expect(DOCS_CONTENT_SECURITY_POLICY).not.toMatch(/https:|unsafe-|\*/);
    expect(response.headers['x-frame-options']).toBe('DENY');
  });

  it('keep the API’s policy on a path under /docs that is not part of the page', async () => {
    const { request } = await aTestApp();

    const response = await request({ method: 'GET', url: '/docs-not/here' });

    expect(response.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});
