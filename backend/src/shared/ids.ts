import { createHash, randomBytes } from 'node:crypto';

declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type AccountId = Brand<string, 'AccountId'>;
export type UserId = Brand<string, 'UserId'>;

/** Generates identifiers; a port so tests can pin them. */
export interface IdGenerator {
  next(): string;
}

/**
 * Fixed namespace under which identity-provider ids become UUIDs (RFC 9562 §5.5).
 * Changing it would re-key every account: it is part of the data model.
 */
export const IDENTITY_NAMESPACE = '6f1c2e0a-4b7d-5e93-9a21-3c8f5d7e0b14';

function format(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** UUIDv5: the same name under the same namespace always gives the same id. */
export function uuidV5(name: string, namespace: string = IDENTITY_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return format(bytes);
}

/** UUIDv7: time-ordered, so new rows land at the right end of the primary-key index. */
export function uuidV7(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return format(bytes);
}

export const uuidV7Generator: IdGenerator = { next: () => uuidV7() };

export function accountIdFromOrganization(organizationId: string): AccountId {
  return uuidV5(`clerk:org:${organizationId}`) as AccountId;
}

export function userIdFromClerkUser(clerkUserId: string): UserId {
  return uuidV5(`clerk:user:${clerkUserId}`) as UserId;
}
