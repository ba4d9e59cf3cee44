import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/shared/logger.js';
import { aTestApp, aToken } from '../support/app.js';
import { closeSharedDatabases } from '../support/database.js';
import { listening, rawExchange } from '../support/socket.js';

afterAll(closeSharedDatabases);

function capturedLogLines() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>));
      done();
    },
  });
  return { logger: createLogger('info', destination), lines };
}

describe('logging', () => {
  it('logs a client that hangs up mid-body as what it is, at info, not as a failing dependency', async () => {
    const { logger, lines } = capturedLogLines();
    const { app } = await aTestApp({ logger });
    const port = await listening(app);
    const exchange = await rawExchange(port, `POST /api/v1/workflows HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${await aToken()}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":`);
    await new Promise((resolve) => setTimeout(resolve, 200));

    exchange.socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await app.close();

    const messages = lines.map((line) => line.msg);
    expect(messages).toContain('client closed the connection before the answer');
    expect(messages).not.toContain('dependency unavailable');
    expect(lines.find((line) => line.msg === 'client closed the connection before the answer')?.level).toBe(30);
  });

  it('writes one line per request, when it is answered, with its status and duration', async () => {
    const { logger, lines } = capturedLogLines();
    const { request } = await aTestApp({ logger });

    await request({ method: 'GET', url: '/healthz' });

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'request completed', req: { method: 'GET', url: '/healthz' }, res: { statusCode: 200 } });
    expect(typeof lines[0]?.responseTime).toBe('number');
  });
});
