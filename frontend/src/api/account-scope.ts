/** The scope of a request without a (readable) token: such requests never share another's entries. */
export const NO_ACCOUNT = '(no organization)';

function decodeBase64Url(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(segment.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

const isObject = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null;

/**
 * The claims of a JWT's payload, decoded and not verified; null when the text is not a JWT with a
 * JSON object for its payload.
 */
export function tokenClaims(token: string): Readonly<Record<string, unknown>> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return null;
  try {
    const claims: unknown = JSON.parse(decodeBase64Url(parts[1]));
    return isObject(claims) && !Array.isArray(claims) ? claims : null;
  } catch {
    return null;
  }
}

/**
 * The organization a session token is for: `o.id` (Clerk session token v2) or `org_id` (v1).
 * The payload is decoded, not verified; it only keeps cached data apart (the server still decides).
 * A text that is not a JWT gets its own scope, and the server answers 401.
 */
export function accountOfToken(token: string | null | undefined): string {
  if (token === null || token === undefined || token === '') return NO_ACCOUNT;
  const claims = tokenClaims(token);
  if (claims === null) return NO_ACCOUNT;
  if (isObject(claims.o) && typeof claims.o.id === 'string') return claims.o.id;
  if (typeof claims.org_id === 'string') return claims.org_id;
  return NO_ACCOUNT;
}
