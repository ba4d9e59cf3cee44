import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { aTestApp, aToken, type TestApp } from '../support/app.js';
import { closeSharedDatabases } from '../support/database.js';
import { listening, parseResponse, rawExchange, streamUntilClosed } from '../support/socket.js';

afterAll(closeSharedDatabases);

let current: TestApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});

const HUGE_BODY_HEADERS = 'Content-Type: application/json\r\nContent-Length: 100000000000\r\n';
const SPACES = Buffer.alloc(64 * 1024, 0x20);
// Loopback socket buffers can swallow a few MB before the server reads anything; a server that keeps
// reading discards gigabytes in the same time.
const MAX_ACCEPTED_BYTES = 32 * 1024 * 1024;

async function refusedWhileStreaming(extraHeaders: string) {
  current = await aTestApp();
  const port = await listening(current.app);
  const exchange = await rawExchange(port, `POST /api/v1/workflows HTTP/1.1\r\nHost: 127.0.0.1\r\n${HUGE_BODY_HEADERS}${extraHeaders}\r\n`);

  await streamUntilClosed(exchange.socket, SPACES, 3_000);
  const { closed } = await exchange.closed(1_000);
  exchange.socket.destroy();
  return { closed, accepted: exchange.socket.bytesWritten, response: parseResponse(exchange.received()) };
}

describe('a request refused before its body is read', () => {
  it('closes the connection after a 401 instead of reading an endless body', async () => {
    const { closed, accepted, response } = await refusedWhileStreaming('');

    expect(response.status).toBe(401);
    expect(response.headers.connection).toBe('close');
    expect(closed).toBe(true);
    expect(accepted).toBeLessThan(MAX_ACCEPTED_BYTES);
  });

  it('closes the connection after a 403', async () => {
    const token = await aToken({ permissions: ['org:workflows:read'] });

    const { closed, accepted, response } = await refusedWhileStreaming(`Authorization: Bearer ${token}\r\n`);

    expect(response.status).toBe(403);
    expect(closed).toBe(true);
    expect(accepted).toBeLessThan(MAX_ACCEPTED_BYTES);
  });

  it('closes the connection after a 415 for a content coding', async () => {
    const token = await aToken();

    const { closed, accepted, response } = await refusedWhileStreaming(`Authorization: Bearer ${token}\r\nContent-Encoding: gzip\r\n`);

    expect(response.status).toBe(415);
    expect(closed).toBe(true);
    expect(accepted).toBeLessThan(MAX_ACCEPTED_BYTES);
  });

  it('keeps a connection whose request was read in full open for the next request', async () => {
    current = await aTestApp();
    const port = await listening(current.app);
    const exchange = await rawExchange(port, 'POST /api/v1/workflows HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');

    await exchange.answered(2_000);
    const { closed } = await exchange.closed(300);
    exchange.socket.destroy();

    expect(parseResponse(exchange.received()).status).toBe(401);
    expect(closed).toBe(false);
  });
});
