import { randomUUID } from 'node:crypto';
import type { BackendInfo } from './backend.js';

export interface TokenClaims {
  readonly org: string;
  readonly user: string;
  readonly permissions: readonly string[];
}

export const WRITER = ['org:workflows:create', 'org:workflows:read'] as const;

/** A fresh user in a fresh organization, so no test shares rows or rate-limit counters with another. */
export function aUser(permissions: readonly string[] = WRITER): TokenClaims {
  const suffix = randomUUID().slice(0, 8);
  return { org: `org-${suffix}`, user: `user-${suffix}`, permissions };
}

async function mintOverHttp(backend: Pick<BackendInfo, 'url'>, claims: TokenClaims): Promise<string> {
  const response = await fetch(`${backend.url}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(claims),
  });
  if (!response.ok) throw new Error(`POST /dev/token answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { token: string };
  return body.token;
}

/** Mints a dev token as the console does, through `POST /dev/token` (the backends run in dev issuer mode). */
export function mintToken(backend: Pick<BackendInfo, 'url'>, claims: TokenClaims = aUser()): Promise<string> {
  return mintOverHttp(backend, claims);
}

const base64Url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A token shaped like a session token (a JWT with an organization and an expiry) but signed by no
 * one: the console can read it, and any backend refuses it with 401.
 */
export function anUnsignedToken({ org = 'org-unsigned', expiresInSeconds = 3600 }: { readonly org?: string; readonly expiresInSeconds?: number } = {}): string {
  const now = Math.floor(Date.now() / 1000);
  return `${base64Url({ alg: 'RS256', typ: 'JWT' })}.${base64Url({ sub: 'user-unsigned', o: { id: org }, iat: now, exp: now + expiresInSeconds })}.c2lnbmF0dXJl`;
}
