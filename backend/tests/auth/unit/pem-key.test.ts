import { exportSPKI, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier, UnauthorizedError } from '../../../src/auth/index.js';
import { aKeyPair, fixedNow, signToken, v2Claims, type TestKeyPair } from '../support/token-factory.js';

let keys: TestKeyPair;

beforeAll(async () => {
  keys = await aKeyPair();
});

describe('verification with a PEM public key', () => {
  it('verifies a token signed by the matching private key', async () => {
    const verifier = createTokenVerifier({ key: { kind: 'pem', pem: keys.publicKeyPem }, now: fixedNow });
    const token = await signToken(keys.privateKey, v2Claims());

    const principal = await verifier.verify(token);

    expect(principal).toMatchObject({ userRef: 'user_alice', sessionId: 'sess_123' });
  });

  it('accepts a PEM whose line breaks were written as \\n in a one-line variable', async () => {
    const pem = keys.publicKeyPem.trim().replaceAll('\n', '\\n');
    const verifier = createTokenVerifier({ key: { kind: 'pem', pem }, now: fixedNow });
    const token = await signToken(keys.privateKey, v2Claims());

    const principal = await verifier.verify(token);

    expect(principal).toMatchObject({ userRef: 'user_alice' });
  });

  it('refuses a token from another key', async () => {
    const other = await aKeyPair();
    const verifier = createTokenVerifier({ key: { kind: 'pem', pem: keys.publicKeyPem }, now: fixedNow });
    const token = await signToken(other.privateKey, v2Claims());

    const verification = verifier.verify(token);

    await expect(verification).rejects.toThrow(UnauthorizedError);
  });

  it('refuses text that is not a PEM key at creation', () => {
    expect(() => createTokenVerifier({ key: { kind: 'pem', pem: 'not a key' } })).toThrow(/not a PEM public key/);
  });

  it('refuses a non-RSA key at creation', async () => {
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    const pem = await exportSPKI(publicKey);

    expect(() => createTokenVerifier({ key: { kind: 'pem', pem } })).toThrow(/must be an RSA key/);
  });
});
