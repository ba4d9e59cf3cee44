/** The scope of a request without a (readable) token: such requests never share another's entries. */
export const NO_ACCOUNT = '(no organization)';

function decodeBase64Url(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(segment.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

const isObject = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null;

/**
 * The organization a session token is for: `o.id` (Clerk session token v2) or `org_id` (v1).
 * The payload is decoded, not verified; it only keeps cached data apart (the server still decides).
 */
export function accountOfToken(token: string | null | undefined): string {
  if (token === null || token === undefined || token === '') return NO_ACCOUNT;
  const payload = token.split('.')[1];
  if (payload === undefined) return NO_ACCOUNT;
  try {
    const claims: unknown = JSON.parse(decodeBase64Url(payload));
    if (!isObject(claims)) return NO_ACCOUNT;
    if (isObject(claims.o) && typeof claims.o.id === 'string') return claims.o.id;
    if (typeof claims.org_id === 'string') return claims.org_id;
  } catch {
    // Not a JWT: requests with it get their own scope, and the server answers 401.
  }
  return NO_ACCOUNT;
}
