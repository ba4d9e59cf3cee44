import { exportJWK } from 'jose';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from '../../../src/shared/errors.js';
import { createTokenVerifier, UnauthorizedError } from '../../../src/auth/index.js';
import { caught } from '../../support/caught.js';
import { aClosedServerUrl, answerStatus, hang, serveJwks, startServer, type TestServer } from '../support/jwks-server.js';
import { aKeyPair, fixedNow, signToken, v2Claims, type TestKeyPair } from '../support/token-factory.js';

let keys: TestKeyPair;
let servers: TestServer[] = [];

beforeAll(async () => {
  keys = await aKeyPair();
});

afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

async function aJwksServer(listener: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const server = await startServer(listener);
  servers.push(server);
  return server;
}

async function jwksOf(kid: string): Promise<{ keys: Record<string, unknown>[] }> {
  return { keys: [{ ...(await exportJWK(keys.publicKey)), kid, alg: 'RS256', use: 'sig' }] };
}

function aVerifier(url: string, timeoutMs = 500) {
  return createTokenVerifier({ key: { kind: 'jwks', url, timeoutMs }, now: fixedNow });
}

describe('verification against a JWKS endpoint', () => {
  it('verifies a token signed by a key of the set', async () => {
    const server = await aJwksServer(serveJwks(await jwksOf('key-1')));
    const token = await signToken(keys.privateKey, v2Claims(), { alg: 'RS256', kid: 'key-1' });

    const principal = await aVerifier(server.url).verify(token);

    expect(principal).toMatchObject({ userRef: 'user_alice', organization: { organizationRef: 'org_acme' } });
  });

  it('fetches the set once for many tokens', async () => {
    const server = await aJwksServer(serveJwks(await jwksOf('key-1')));
    const verifier = aVerifier(server.url);
    const token = await signToken(keys.privateKey, v2Claims(), { alg: 'RS256', kid: 'key-1' });

    await Promise.all([verifier.verify(token), verifier.verify(token), verifier.verify(token)]);
    await verifier.verify(token);

    expect(server.requestCount()).toBe(1);
  });

  it('refuses a token whose kid is not in the set with a 401', async () => {
    const server = await aJwksServer(serveJwks(await jwksOf('key-1')));
    const token = await signToken(keys.privateKey, v2Claims(), { alg: 'RS256', kid: 'key-unknown' });

    const error = await caught(() => aVerifier(server.url).verify(token));

    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ reason: 'KEY_NOT_FOUND' });
  });

  it('refuses HS256 without asking the key server', async () => {
    const server = await aJwksServer(serveJwks(await jwksOf('key-1')));
    const token = await signToken(new TextEncoder().encode(keys.publicKeyPem), v2Claims(), { alg: 'HS256', kid: 'key-1' });

    const error = await caught(() => aVerifier(server.url).verify(token));

    expect(error).toMatchObject({ reason: 'ALGORITHM_NOT_ALLOWED' });
    expect(server.requestCount()).toBe(0);
  });

  it('reports the identity provider unavailable when the key server is down', async () => {
    const url = await aClosedServerUrl();
    const token = await signToken(keys.privateKey, v2Claims(), { alg: 'RS256', kid: 'key-1' });

    const error = await caught(() => aVerifier(url).verify(token));

    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', dependency: 'identity provider' });
  });

  it('reports the identity provider unavailable when the key server hangs beyond the timeout', async () => {
    const server = await aJwksServer(hang);
    const token = await signToken(keys.privateKey, v2Claims(), { alg: 'RS256', kid: 'key-1' });
    const startedAt = Date.now();

    const error = await caught(() => aVerifier(server.url, 200).verify(token));

    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });

  it('reports the identity provider unavailable when the key server answers an error status', async () => {
    const server = await aJwksServer(answerStatus(503));
    const token = await signToken(keys.privateKey, v2Claims(), { alg: 'RS256', kid: 'key-1' });

    const error = await caught(() => aVerifier(server.url).verify(token));

    expect(error).toBeInstanceOf(DependencyUnavailableError);
  });

  it('reports the identity provider unavailable when the key server answers something other than a key set', async () => {
    const server = await aJwksServer((_request, response) => response.writeHead(200).end('{"keys": "none"}'));
    const token = await signToken(keys.privateKey, v2Claims(), { alg: 'RS256', kid: 'key-1' });

    const error = await caught(() => aVerifier(server.url).verify(token));

    expect(error).toBeInstanceOf(DependencyUnavailableError);
  });

  it('refuses a non-positive timeout at creation', () => {
    expect(() => aVerifier('http://127.0.0.1:1/jwks', 0)).toThrow(/timeout/);
  });
});
