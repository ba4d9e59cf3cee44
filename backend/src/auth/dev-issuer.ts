import { randomBytes } from 'node:crypto';
import { SignJWT, type CryptoKey } from 'jose';
import { loadOrCreateDevKeyPair } from './dev-key-pair.js';
import { encodeOrganizationPermissions } from './feature-permissions.js';
import { createTokenVerifier, type TokenVerifier } from './token-verifier.js';
import type { VerifiedTokenCache } from './verified-token-cache.js';

/** `iss` of dev tokens; a name no real identity provider can hold (`.local`). */
export const DEV_ISSUER = 'https://dev-issuer.workflow-service.local';

export const DEFAULT_DEV_TOKEN_TTL_SECONDS = 3600;

export interface DevTokenOptions {
  /** Organization: `acme` becomes `org_acme` (and slug `acme`); an `org_…` id is kept. */
  org: string;
  /** User: `alice` becomes `user_alice`; a `user_…` id is kept. */
  user: string;
  /** `org:<feature>:<permission>` names. */
  permissions: readonly string[];
  ttlSeconds?: number;
  now?: Date;
  /** Organization role, `admin` by default; an `org:` prefix is accepted. */
  role?: string;
}

export const IDENTIFIER = /^[A-Za-z0-9_.-]{1,100}$/;

function identifier(kind: string, value: string, prefix: string): string {
  if (!IDENTIFIER.test(value)) {
    throw new Error(`${kind} "${value}" must be 1-100 letters, digits, '_', '.' or '-'`);
  }
  return value.startsWith(prefix) ? value : `${prefix}${value}`;
}

function checkTtl(ttlSeconds: number): number {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new Error(`ttl must be a positive whole number of seconds, not ${String(ttlSeconds)}`);
  }
  return ttlSeconds;
}

function sessionId(): string {
  return `sess_${randomBytes(16).toString('hex')}`;
}

/** A token shaped like a Clerk session token v2, so it travels the production verification path. */
export async function mintDevToken(privateKey: CryptoKey, keyId: string, options: DevTokenOptions): Promise<string> {
  const organizationId = identifier('org', options.org, 'org_');
  const subject = identifier('user', options.user, 'user_');
  const role = identifier('role', (options.role ?? 'admin').replace(/^org:/, ''), '');
  const ttlSeconds = checkTtl(options.ttlSeconds ?? DEFAULT_DEV_TOKEN_TTL_SECONDS);
  const encoded = encodeOrganizationPermissions(options.permissions);
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const organization = { id: organizationId, slg: options.org, rol: role, ...(encoded && { per: encoded.per, fpm: encoded.fpm }) };
  return new SignJWT({ v: 2, sid: sessionId(), sts: 'active', o: organization, ...(encoded && { fea: encoded.fea }) })
    .setProtectedHeader({ alg: 'RS256', kid: keyId, typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setSubject(subject)
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(privateKey);
}

/** Dev tokens go through exactly the verifier Clerk tokens go through; only the key and issuer differ. */
export async function createDevTokenVerifier(dataDir: string, cache?: VerifiedTokenCache): Promise<TokenVerifier> {
  const { publicKey } = await loadOrCreateDevKeyPair(dataDir);
  return createTokenVerifier({ key: { kind: 'key', key: publicKey }, issuer: DEV_ISSUER, cache });
}
