import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { aTestApp, aToken, type TestApp, type TestAppOptions } from '../support/app.js';
import { closeSharedDatabases } from '../support/database.js';
import { listening, parseResponse, rawExchange } from '../support/socket.js';

afterAll(closeSharedDatabases);

let current: TestApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});

// How late past its limit a slow client may get its 408: the server sweeps connections twice a second
// (before, every 30 s); the rest is slack for a loaded machine.
const MARGIN_MS = 1_500;
const SHORT = { headersMs: 1_000, requestMs: 2_000, keepAliveMs: 5_000 };

/** An authorised create whose 100-byte body has yet to come. */
async function postHead(): Promise<string> {
  return `POST /api/v1/workflows HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${await aToken()}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`;
}

async function slowExchange(first: string, options: TestAppOptions = { httpTimeouts: SHORT }) {
  current = await aTestApp(options);
  const port = await listening(current.app);
  const exchange = await rawExchange(port, first);
  const answeredAfterMs = await exchange.answered(40_000);
  const closed = await exchange.closed(1_000);
  return { answeredAfterMs, closed: closed.closed, response: parseResponse(exchange.received()), exchange };
}

describe('slow clients', () => {
  it('answers unfinished headers with a 408 problem when the header timeout passes, and closes', async () => {
    const { answeredAfterMs, closed, response } = await slowExchange('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');

    expect(response.status).toBe(408);
    expect(answeredAfterMs).toBeGreaterThanOrEqual(SHORT.headersMs);
    expect(answeredAfterMs).toBeLessThan(SHORT.headersMs + MARGIN_MS);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(response.body)).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
    expect(closed).toBe(true);
  });

  it('answers a body shorter than its Content-Length with a 408 when the request timeout passes', async () => {
    const { answeredAfterMs, response } = await slowExchange(`${await postHead()}{"name":`);

    expect(response.status).toBe(408);
    expect(answeredAfterMs).toBeGreaterThanOrEqual(SHORT.requestMs);
    expect(answeredAfterMs).toBeLessThan(SHORT.requestMs + MARGIN_MS);
  });

  it('answers a body sent a byte at a time with a 408 when the request timeout passes', async () => {
    current = await aTestApp({ httpTimeouts: SHORT });
    const port = await listening(current.app);
    const exchange = await rawExchange(port, await postHead());
    const drip = setInterval(() => exchange.socket.write(' '), 100);

    const answeredAfterMs = await exchange.answered(10_000);
    clearInterval(drip);

    expect(parseResponse(exchange.received()).status).toBe(408);
    expect(answeredAfterMs).toBeLessThan(SHORT.requestMs + MARGIN_MS);
  });

  it('closes a kept-alive connection that stays idle past the keep-alive timeout', async () => {
    const keepAliveMs = 1_000;
    current = await aTestApp({ httpTimeouts: { ...SHORT, keepAliveMs } });
    const port = await listening(current.app);
    const exchange = await rawExchange(port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');

    const answeredAfterMs = (await exchange.answered(5_000)) ?? Number.NaN;
    const { closed, afterMs } = await exchange.closed(10_000);

    expect(parseResponse(exchange.received()).status).toBe(200);
    expect(closed).toBe(true);
    expect(afterMs - answeredAfterMs).toBeGreaterThanOrEqual(keepAliveMs - 100);
    // Node holds the socket a keepAliveTimeoutBuffer (1 s) past the advertised timeout.
    expect(afterMs - answeredAfterMs).toBeLessThan(keepAliveMs + 1_000 + MARGIN_MS);
  });

  it('holds the documented limits by default: headers 10 s, request 30 s, idle keep-alive 5 s', async () => {
    // The short limits above prove how a limit is enforced; the defaults are read from the server
    // instead of being waited out.
    current = await aTestApp();
    await listening(current.app);

    expect(current.app.server.headersTimeout).toBe(10_000);
    expect(current.app.server.requestTimeout).toBe(30_000);
    expect(current.app.server.keepAliveTimeout).toBe(5_000);
  });
});
