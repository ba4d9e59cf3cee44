import { createPublicKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors, importSPKI, type CryptoKey, type FlattenedJWSInput, type JWSHeaderParameters } from 'jose';
import { DependencyUnavailableError } from '../shared/errors.js';

/** Where the public key that signs session tokens comes from. */
export type VerificationKey =
  /** A PEM public key (Clerk's "JWT public key"): verification needs no network. */
  | { kind: 'pem'; pem: string }
  /** The identity provider's JWKS endpoint, fetched on demand and cached. */
  | { kind: 'jwks'; url: string; timeoutMs?: number | undefined }
  /** An already imported public key (the dev issuer's). */
  | { kind: 'key'; key: CryptoKey | KeyObject };

export type KeyResolver = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey | KeyObject>;

export const DEFAULT_JWKS_TIMEOUT_MS = 3_000;
// A token with an unknown kid may trigger a refetch at most this often (key rotation), not on every request.
const JWKS_COOLDOWN_MS = 30_000;
const JWKS_CACHE_MAX_AGE_MS = 10 * 60_000;

/**
 * Parsed now, so a wrong key stops the process at start-up instead of failing every request.
 * Literal `\n` sequences are accepted because a PEM often travels through a one-line variable.
 */
function spkiFromPem(pem: string): string {
  let key: KeyObject;
  try {
    key = createPublicKey(pem.replaceAll('\\n', '\n'));
  } catch (cause) {
    throw new Error('the token verification key is not a PEM public key', { cause });
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new Error(`the token verification key must be an RSA key, not ${key.asymmetricKeyType ?? 'unknown'}`);
  }
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

function pemResolver(pem: string): KeyResolver {
  const spki = spkiFromPem(pem);
  let imported: Promise<CryptoKey> | undefined;
  return () => (imported ??= importSPKI(spki, 'RS256'));
}

function isUnknownKey(error: unknown): boolean {
  return error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys;
}

/** A key server that cannot answer is the provider's outage (503), not the caller's fault (401). */
function jwksResolver(url: string, timeoutMs: number = DEFAULT_JWKS_TIMEOUT_MS): KeyResolver {
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new Error('the JWKS timeout must be a positive integer number of milliseconds');
  }
  const jwks = createRemoteJWKSet(new URL(url), {
    timeoutDuration: timeoutMs,
    cooldownDuration: JWKS_COOLDOWN_MS,
    cacheMaxAge: JWKS_CACHE_MAX_AGE_MS,
  });
  return async (header, token) => {
    try {
      return await jwks(header, token);
    } catch (error) {
      if (isUnknownKey(error)) {
        throw error;
      }
      throw new DependencyUnavailableError('identity provider', { cause: error });
    }
  };
}

export function keyResolver(key: VerificationKey): KeyResolver {
  switch (key.kind) {
    case 'pem':
      return pemResolver(key.pem);
    case 'jwks':
      return jwksResolver(key.url, key.timeoutMs);
    case 'key':
      return () => Promise.resolve(key.key);
  }
}
