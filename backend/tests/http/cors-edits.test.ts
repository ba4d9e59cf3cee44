import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken, aWorkflowBody } from '../support/app.js';
import { closeSharedDatabases } from '../support/database.js';

afterAll(closeSharedDatabases);

const ORIGIN = 'https://console.example.com';
const OTHER_ORIGIN = 'https://evil.example.com';

const listOf = (header: string | string[] | number | undefined) =>
  String(header)
    .split(',')
    .map((item) => item.trim().toLowerCase());

describe('CORS for the edit endpoints', () => {
  it('allows a preflight of PATCH with If-Match, Idempotency-Key and If-None-Match', async () => {
    const { request } = await aTestApp({ corsOrigins: [ORIGIN] });

    const response = await request({
      method: 'OPTIONS',
      url: '/api/v1/workflows/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      headers: { origin: ORIGIN, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization, content-type, if-match, idempotency-key, if-none-match' },
    });

    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(listOf(response.headers['access-control-allow-methods'])).toContain('patch');
    expect(listOf(response.headers['access-control-allow-headers'])).toEqual(expect.arrayContaining(['authorization', 'content-type', 'if-match', 'idempotency-key', 'if-none-match']));
  });

  it.each(['PUT', 'DELETE'])('allows a preflight of %s', async (method) => {
    const { request } = await aTestApp({ corsOrigins: [ORIGIN] });

    const response = await request({
      method: 'OPTIONS',
      url: '/api/v1/workflows/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      headers: { origin: ORIGIN, 'access-control-request-method': method, 'access-control-request-headers': 'if-match' },
    });

    expect(listOf(response.headers['access-control-allow-methods'])).toContain(method.toLowerCase());
  });

  it('allows nothing to a preflight of PATCH from another origin', async () => {
    const { request } = await aTestApp({ corsOrigins: [ORIGIN] });

    const response = await request({
      method: 'OPTIONS',
      url: '/api/v1/workflows/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      headers: { origin: OTHER_ORIGIN, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'if-match' },
    });

    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-allow-methods']).toBeUndefined();
    expect(response.headers['access-control-allow-headers']).toBeUndefined();
  });

  it('exposes ETag, Link and Idempotent-Replayed to the allowed origin', async () => {
    const { request } = await aTestApp({ corsOrigins: [ORIGIN] });

    const response = await request({ method: 'POST', url: '/api/v1/workflows', token: await aToken(), headers: { origin: ORIGIN }, payload: aWorkflowBody() });

    expect(response.statusCode).toBe(201);
    expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(listOf(response.headers['access-control-expose-headers'])).toEqual(expect.arrayContaining(['etag', 'link', 'idempotent-replayed']));
  });

  it('exposes the headers on a PATCH answer, whose ETag a browser client then reads', async () => {
    const { create, request } = await aTestApp({ corsOrigins: [ORIGIN] });
    const token = await aToken();
    const created = await create(aWorkflowBody(), token);

    const response = await request({
      method: 'PATCH',
      url: created.headers.location as string,
      token,
      headers: { origin: ORIGIN, 'if-match': '"1"' },
      payload: { description: 'From the console' },
    });

    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"2"');
    expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(listOf(response.headers['access-control-expose-headers'])).toContain('etag');
  });

  it('exposes the headers on a refused edit too, so a client can read the current ETag of a 412', async () => {
    const { create, request } = await aTestApp({ corsOrigins: [ORIGIN] });
    const token = await aToken();
    const created = await create(aWorkflowBody(), token);

    const response = await request({ method: 'PATCH', url: created.headers.location as string, token, headers: { origin: ORIGIN, 'if-match': '"7"' }, payload: { description: 'Stale' } });

    expect(response.statusCode).toBe(412);
    expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(listOf(response.headers['access-control-expose-headers'])).toContain('etag');
  });
});
