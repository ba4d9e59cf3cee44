import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { aTestApp, type TestApp } from '../support/app.js';
import { closeSharedDatabases } from '../support/database.js';
import { listening, parseResponse, rawExchange, type ParsedResponse } from '../support/socket.js';

afterAll(closeSharedDatabases);

let current: TestApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});

function parsed(response: LightMyRequestResponse): ParsedResponse {
  return { status: response.statusCode, headers: response.headers as Record<string, string>, body: response.body };
}

function expectProblemAnswer({ status: actual, headers, body }: ParsedResponse, status: number, code: string, mustNotEcho: string): void {
  expect(actual).toBe(status);
  expect(headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(headers['x-request-id']).toMatch(/^[A-Za-z0-9._:-]{1,64}$/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['cache-control']).toBe('no-store');
  expect(JSON.parse(body)).toMatchObject({ status, code, request_id: headers['x-request-id'] });
  expect(body).not.toContain(mustNotEcho);
}

async function rawAnswer(request: string | Buffer): Promise<ParsedResponse> {
  current = await aTestApp();
  const port = await listening(current.app);
  const exchange = await rawExchange(port, request);
  await exchange.closed(3_000);
  return parseResponse(exchange.received());
}

describe('answers given before a route runs', () => {
  it('answers a path that is not valid percent-encoding with a 400 problem that does not echo it', async () => {
    const { request } = await aTestApp();

    const response = await request({ method: 'GET', url: '/api/v1/workflows/%ZZ<script>' });

    expectProblemAnswer(parsed(response), 400, 'BAD_REQUEST', '<script>');
  });

  it('answers an over-long path segment with a 414 problem that does not echo it', async () => {
    const { request } = await aTestApp();
    const segment = `${'x'.repeat(5_000)}SECRET`;

    const response = await request({ method: 'GET', url: `/api/v1/workflows/${segment}` });

    expectProblemAnswer(parsed(response), 414, 'URI_TOO_LONG', 'SECRET');
  });

  it.each([
    ['an obs-fold continuation line', 'X-Folded: first\r\n  SECRET-continued\r\n'],
    ['a NUL byte in a header value', 'X-Nul: a\u0000SECRET\r\n'],
    ['a bare CR in a header value', 'X-Cr: a\rSECRET\r\n'],
  ])('answers %s with a 400 problem and closes', async (_case, header) => {
    const response = await rawAnswer(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n${header}\r\n`);

    expectProblemAnswer(response, 400, 'BAD_REQUEST', 'SECRET');
    expect(response.headers.connection).toBe('close');
  });

  it('answers oversized headers with a 431 problem', async () => {
    const response = await rawAnswer(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: SECRET${'a'.repeat(20_000)}\r\n\r\n`);

    expectProblemAnswer(response, 431, 'HEADERS_TOO_LARGE', 'SECRET');
  });

  it('answers a 100 KB cursor with a 414 problem naming the cursor, not a 431', async () => {
    const response = await rawAnswer(`GET /api/v1/workflows?limit=1&cursor=SECRET${'a'.repeat(100_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);

    expectProblemAnswer(response, 414, 'URI_TOO_LONG', 'SECRET');
    expect(JSON.parse(response.body)).toMatchObject({ errors: [{ path: 'cursor', code: 'TOO_LONG' }] });
  });

  it('answers an over-long path with a 414 problem that names no parameter', async () => {
    const response = await rawAnswer(`GET /api/v1/${'a'.repeat(30_000)}SECRET HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);

    expectProblemAnswer(response, 414, 'URI_TOO_LONG', 'SECRET');
    expect(JSON.parse(response.body)).not.toHaveProperty('errors');
  });

  it('does not name back a query parameter the API could not have', async () => {
    const response = await rawAnswer(`GET /api/v1/workflows?<SECRET>=${'a'.repeat(30_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);

    expectProblemAnswer(response, 414, 'URI_TOO_LONG', 'SECRET');
    expect(JSON.parse(response.body)).not.toHaveProperty('errors');
  });

  it('answers a request arriving while the service shuts down with a 503 problem and Retry-After', async () => {
    current = await aTestApp();
    let release: () => void = () => undefined;
    current.app.get('/slow', async () => {
      await new Promise<void>((resolve) => { release = resolve; });
      return { done: true };
    });
    const port = await listening(current.app);
    const busy = await rawExchange(port, 'GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    // Begun before the shutdown, so the connection is not idle and stays open through it.
    const late = await rawExchange(port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));

    const closing = current.app.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    late.socket.write('\r\n');
    await late.answered(3_000);
    release();
    await busy.answered(3_000);
    busy.socket.destroy();
    await closing;
    current = undefined;

    const response = parseResponse(late.received());
    expectProblemAnswer(response, 503, 'SERVICE_UNAVAILABLE', 'healthz');
    expect(response.headers['retry-after']).toBe('1');
    expect(parseResponse(busy.received()).status).toBe(200);
  });
});
