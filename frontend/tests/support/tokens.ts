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

async function mintOverHttp(backend: BackendInfo, claims: TokenClaims): Promise<string> {
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
export function mintToken(backend: BackendInfo, claims: TokenClaims = aUser()): Promise<string> {
  return mintOverHttp(backend, claims);
}
