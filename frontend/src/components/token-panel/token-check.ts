import { accountOfToken, NO_ACCOUNT, tokenClaims } from '../../api/index.js';

/**
 * What the console can tell of a token before sending it: nothing there, not a session token at
 * all, already expired, or worth sending (only the server can say whether it is valid).
 */
export type TokenCheck =
  | { readonly kind: 'missing' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'expired'; readonly expiredAt: Date }
  | { readonly kind: 'usable'; readonly organization: string | null; readonly expiresAt: Date | null };

/**
 * The token as pasted, made sendable: a leading "Bearer " (copied with the header) and any
 * whitespace (a token wrapped over lines) are removed; a JWT contains neither.
 */
export function normalizeToken(pasted: string): string {
  return pasted.replace(/^\s*bearer\s+/i, '').replace(/\s+/g, '');
}

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** When the token says it expires (`exp`), read without the clock; null when it is no JWT or says nothing. */
export function expiryOf(token: string): Date | null {
  const claims = JWT.test(token) ? tokenClaims(token) : null;
  return typeof claims?.exp === 'number' ? new Date(claims.exp * 1000) : null;
}

export function checkToken(token: string, now: number): TokenCheck {
  if (token === '') return { kind: 'missing' };
  const claims = JWT.test(token) ? tokenClaims(token) : null;
  if (claims === null) return { kind: 'malformed' };
  const expiresAt = typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null;
  if (expiresAt !== null && expiresAt.getTime() <= now) return { kind: 'expired', expiredAt: expiresAt };
  const organization = accountOfToken(token);
  return { kind: 'usable', organization: organization === NO_ACCOUNT ? null : organization, expiresAt };
}

const timeOf = (date: Date): string => date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/** The message shown under the token field: an error for a token not worth sending, else a hint. */
export function tokenMessage(check: TokenCheck, devTokens: boolean): { readonly error?: string; readonly hint?: string } {
  const getOne = devTokens ? 'Paste a new one, or get a dev token below.' : 'Paste a new one (with this backend, `npm run token` prints one).';
  switch (check.kind) {
    case 'missing':
      return { hint: devTokens ? 'Paste a session token, or get a dev token below.' : 'Paste a session token (with this backend, `npm run token` prints one).' };
    case 'malformed':
      return { error: `This is not a session token: a token is three parts separated by dots, starting with “eyJ”. ${getOne}` };
    case 'expired':
      return { error: `This token expired at ${timeOf(check.expiredAt)}. ${getOne}` };
    case 'usable': {
      const organization = check.organization === null ? 'No organization in this token; the service will refuse it.' : `Organization ${check.organization}.`;
      return { hint: check.expiresAt === null ? organization : `${organization} Expires at ${timeOf(check.expiresAt)}.` };
    }
  }
}
