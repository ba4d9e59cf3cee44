import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy the tests own, to make a dependency fail on demand:
 * `refuse()` drops every connection and refuses new ones, `blackhole()` keeps connections open but
 * stops forwarding (a hung server),
 * `restore()` forwards again on the same port.
 */
export interface TcpProxy {
  readonly port: number;
  refuse(): Promise<void>;
  blackhole(): void;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const pairs = new Set<readonly [Socket, Socket]>();
  let mode: 'forward' | 'blackhole' | 'stopped' = 'forward';
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const onConnection = (client: Socket) => {
    track(client);
    if (mode === 'stopped') {
      client.destroy();
      return;
    }
    if (mode === 'blackhole') return;
    const upstream = connect(targetPort, targetHost);
    track(upstream);
    client.pipe(upstream).pipe(client);
    const pair = [client, upstream] as const;
    pairs.add(pair);
    client.on('close', () => {
      pairs.delete(pair);
      upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
  };
  let server: Server = createServer(onConnection);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      });
    });
  const port = await listen(0);
  const dropAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      mode = 'stopped';
      dropAll();
      if (!server.listening) {
        resolve();
        return;
      }
      server.close(() => {
        resolve();
      });
    });
  return {
    port,
    refuse: stop,
    blackhole: () => {
      mode = 'blackhole';
      for (const [client, upstream] of pairs) client.unpipe(upstream);
    },
    restore: async () => {
      mode = 'forward';
      if (server.listening) return;
      server = createServer(onConnection);
      await listen(port);
    },
    close: stop,
  };
}
