import { exportPKCS8, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWTHeaderParameters, type JWTPayload } from 'jose';

/** Fixed clock of every verifier and token in these tests. */
export const NOW = new Date('2030-01-02T03:04:05Z');
export const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);
export const fixedNow = (): Date => NOW;

export interface TestKeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicKeyPem: string;
  privateKeyPem: string;
}

export async function aKeyPair(): Promise<TestKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { privateKey, publicKey, publicKeyPem: await exportSPKI(publicKey), privateKeyPem: await exportPKCS8(privateKey) };
}

/** Claims of a valid Clerk session token v2 for user_alice in org_acme, allowed to create and read workflows. */
export function v2Claims(overrides: JWTPayload = {}): JWTPayload {
  return {
    v: 2,
    iss: 'https://clerk.example.test',
    sub: 'user_alice',
    sid: 'sess_123',
    sts: 'active',
    azp: 'https://app.example.test',
    iat: NOW_SECONDS - 10,
    nbf: NOW_SECONDS - 10,
    exp: NOW_SECONDS + 50,
    fea: 'o:workflows,u:billing',
    o: { id: 'org_acme', rol: 'admin', slg: 'acme', per: 'create,read', fpm: '3' },
    ...overrides,
  };
}

/** Signs claims as given: no claim is added, so tests control exactly what the token holds. */
export async function signToken(
  privateKey: CryptoKey | Uint8Array,
  claims: JWTPayload,
  header: JWTHeaderParameters = { alg: 'RS256', kid: 'test-key' },
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(header).sign(privateKey);
}

export function withoutClaim(claims: JWTPayload, name: string): JWTPayload {
  return Object.fromEntries(Object.entries(claims).filter(([key]) => key !== name));
}

export function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
