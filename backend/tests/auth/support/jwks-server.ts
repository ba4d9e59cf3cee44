import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONWebKeySet } from 'jose';

export interface TestServer {
  url: string;
  requestCount(): number;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 and a free port, closed by the test that started it. */
export async function startServer(listener: RequestListener): Promise<TestServer> {
  let requests = 0;
  const server = createServer((request, response) => {
    requests += 1;
    listener(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    requestCount: () => requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) {
            reject(error);
          } else {
            resolve();
          }
        });
      }),
  };
}

export function serveJwks(jwks: JSONWebKeySet): RequestListener {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
  };
}

export function answerStatus(status: number): RequestListener {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'text/plain' }).end('unavailable');
  };
}

/** Accepts the request and never answers: the verifier's timeout must end the wait. */
export const hang: RequestListener = () => undefined;

/** The URL of a port nothing listens on any more. */
export async function aClosedServerUrl(): Promise<string> {
  const server = await startServer(hang);
  await server.close();
  return server.url;
}
