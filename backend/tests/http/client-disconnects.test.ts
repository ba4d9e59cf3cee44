import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken } from '../support/app.js';
import { closeSharedDatabases } from '../support/database.js';
import { capturingLogger } from '../support/log-capture.js';
import { listening, rawExchange } from '../support/socket.js';

afterAll(closeSharedDatabases);

async function until(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('logging', () => {
  it('logs a client that hangs up mid-body as what it is, at info, not as a failing dependency', async () => {
    const captured = capturingLogger();
    const { logger } = captured;
    const { app } = await aTestApp({ logger });
    const port = await listening(app);
    const exchange = await rawExchange(port, `POST /api/v1/workflows HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${await aToken()}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":`);
    // Authorised and waiting for the rest of its body when the client hangs up.
    await new Promise((resolve) => setTimeout(resolve, 200));

    exchange.socket.destroy();
    await until(() => captured.lines.some((line) => line.msg === 'client closed the connection before the answer'), 5_000);
    await app.close();

    const messages = captured.lines.map((line) => line.msg);
    expect(messages).toContain('client closed the connection before the answer');
    expect(messages).not.toContain('dependency unavailable');
    expect(captured.lines.find((line) => line.msg === 'client closed the connection before the answer')?.level).toBe(30);
  });

  it('writes one line per request, when it is answered, with its status and duration', async () => {
    const captured = capturingLogger();
    const { logger } = captured;
    const { request } = await aTestApp({ logger });

    await request({ method: 'GET', url: '/healthz' });

    expect(captured.lines).toHaveLength(1);
    expect(captured.lines[0]).toMatchObject({ msg: 'request completed', req: { method: 'GET', url: '/healthz' }, res: { statusCode: 200 } });
    expect(typeof captured.lines[0]?.responseTime).toBe('number');
  });
});
