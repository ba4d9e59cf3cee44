import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** Listens on an ephemeral loopback port; the app is closed by the caller. */
export async function listening(app: FastifyInstance): Promise<number> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the app is not listening');
  return address.port;
}

export interface RawExchange {
  readonly socket: Socket;
  /** Everything the server sent so far. */
  readonly received: () => string;
  /** Resolves when the server closes the connection (or after `ms`), with the time it took. */
  readonly closed: (ms: number) => Promise<{ closed: boolean; afterMs: number }>;
  /** Resolves once the server has sent a response head, with the time since the exchange began. */
  readonly answered: (ms: number) => Promise<number | undefined>;
}

/** A raw HTTP/1.1 exchange: the test writes bytes and reads exactly what the server answers. */
export async function rawExchange(port: number, first: string | Buffer = ''): Promise<RawExchange> {
  const startedAt = performance.now();
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => { resolve(); }));
  let text = '';
  let isClosed = false;
  const closeWaiters: (() => void)[] = [];
  const dataWaiters: (() => void)[] = [];
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
    for (const wake of dataWaiters.splice(0)) wake();
  });
  socket.on('close', () => {
    isClosed = true;
    for (const wake of [...closeWaiters.splice(0), ...dataWaiters.splice(0)]) wake();
  });
  if (first.length > 0) socket.write(first);
  const until = async (done: () => boolean, waiters: (() => void)[], ms: number) => {
    const deadline = performance.now() + ms;
    while (!done() && performance.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - performance.now()));
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
  return {
    socket,
    received: () => text,
    closed: async (ms) => {
      await until(() => isClosed, closeWaiters, ms);
      return { closed: isClosed, afterMs: performance.now() - startedAt };
    },
    answered: async (ms) => {
      await until(() => text.includes('\r\n\r\n') || isClosed, dataWaiters, ms);
      return text.includes('\r\n\r\n') ? performance.now() - startedAt : undefined;
    },
  };
}

export interface ParsedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export function parseResponse(raw: string): ParsedResponse {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => {
      const at = line.indexOf(':');
      return [line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim()];
    }),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') };
}

/** Writes `chunk` again and again, honouring back-pressure, until the socket closes or `ms` pass. */
export async function streamUntilClosed(socket: Socket, chunk: Buffer, ms: number): Promise<void> {
  const deadline = performance.now() + ms;
  while (!socket.destroyed && socket.writable && performance.now() < deadline) {
    if (!socket.write(chunk)) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - performance.now()));
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        socket.once('drain', done);
        socket.once('close', done);
      });
    }
  }
}
