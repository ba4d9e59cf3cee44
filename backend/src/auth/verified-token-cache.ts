import { createHash } from 'node:crypto';
import type { Principal } from './principal.js';

interface Entry {
  readonly principal: Principal;
  /** When the token stops being accepted, in epoch milliseconds. */
  readonly expiresAtMs: number;
}

/**
 * Principals of tokens already verified, so a client sending the same session token again costs a
 * hash instead of an RS256 verification (5 % of a create's CPU). Keyed by a hash of the token, never
 * the token itself; bounded, oldest first out; an entry is dropped once its token expires.
 */
export interface VerifiedTokenCache {
  get(token: string, nowMs: number): Principal | undefined;
  set(token: string, principal: Principal, expiresAtMs: number): void;
}

export function verifiedTokenCache(maxEntries = 10_000): VerifiedTokenCache {
  const entries = new Map<string, Entry>();
  const keyOf = (token: string) => createHash('sha256').update(token).digest('base64url');
  return {
    get(token, nowMs) {
      const key = keyOf(token);
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (nowMs < entry.expiresAtMs) return entry.principal;
      entries.delete(key);
      return undefined;
    },
    set(token, principal, expiresAtMs) {
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
      entries.set(keyOf(token), { principal, expiresAtMs });
    },
  };
}
