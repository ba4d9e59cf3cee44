import { UnauthorizedError } from './errors.js';

/** Far above any real session token; bounds the work spent on junk before any parsing. */
export const MAX_TOKEN_LENGTH = 8 * 1024;

// RFC 6750 §2.1 credentials, narrowed to what a compact JWS can contain: base64url and dots.
const BEARER = /^bearer +([A-Za-z0-9_.-]+)$/i;
const SCHEME = /^bearer(?:\s|$)/i;

/** The token of an `Authorization: Bearer <token>` header. */
export function extractBearerToken(authorization: string | undefined): string {
  const header = authorization?.trim() ?? '';
  if (!SCHEME.test(header) || /^bearer$/i.test(header)) {
    throw new UnauthorizedError('TOKEN_MISSING');
  }
  if (header.length > MAX_TOKEN_LENGTH + 'Bearer '.length + 16) {
    throw new UnauthorizedError('TOKEN_MALFORMED');
  }
  const token = BEARER.exec(header)?.[1];
  if (token === undefined || token.length > MAX_TOKEN_LENGTH) {
    throw new UnauthorizedError('TOKEN_MALFORMED');
  }
  return token;
}
