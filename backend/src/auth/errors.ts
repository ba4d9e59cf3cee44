import { AppError, UnauthenticatedError } from '../shared/errors.js';

/** Why a request carries no usable identity. Stable: clients and logs may branch on it. */
export type UnauthorizedReason =
  | 'TOKEN_MISSING'
  | 'TOKEN_MALFORMED'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'ISSUED_IN_FUTURE'
  | 'SIGNATURE_INVALID'
  | 'ALGORITHM_NOT_ALLOWED'
  | 'KEY_NOT_FOUND'
  | 'ISSUER_MISMATCH'
  | 'AUTHORIZED_PARTY_MISMATCH'
  | 'CLAIM_INVALID'
  | 'SUBJECT_MISSING'
  | 'SESSION_MISSING'
  | 'SESSION_PENDING';

/**
 * Fixed texts, safe to show a client: they never echo the token, its claims or the library's
 * wording (which may quote claim values).
 */
const UNAUTHORIZED_MESSAGES: Readonly<Record<UnauthorizedReason, string>> = {
  TOKEN_MISSING: 'A bearer token is required',
  TOKEN_MALFORMED: 'The bearer token is malformed',
  TOKEN_EXPIRED: 'The bearer token has expired',
  TOKEN_NOT_YET_VALID: 'The bearer token is not valid yet',
  ISSUED_IN_FUTURE: 'The bearer token was issued in the future',
  SIGNATURE_INVALID: 'The bearer token signature is invalid',
  ALGORITHM_NOT_ALLOWED: 'The bearer token is signed with an algorithm that is not allowed',
  KEY_NOT_FOUND: 'The bearer token is signed with an unknown key',
  ISSUER_MISMATCH: 'The bearer token was issued by an unexpected issuer',
  AUTHORIZED_PARTY_MISMATCH: 'The bearer token was issued for an unexpected party',
  CLAIM_INVALID: 'The bearer token has a missing or invalid claim',
  SUBJECT_MISSING: 'The bearer token names no user',
  SESSION_MISSING: 'The bearer token names no session',
  SESSION_PENDING: 'The session behind the bearer token is pending',
};

const BEARER_CHALLENGE = 'Bearer realm="workflow-service"';

/**
 * No valid identity (401). A request that sent no credentials gets a bare challenge; one whose
 * token failed learns why, without an error code when none came (RFC 6750 §3.1).
 */
export class UnauthorizedError extends UnauthenticatedError {
  readonly challenge: string;

  constructor(readonly reason: UnauthorizedReason) {
    super(UNAUTHORIZED_MESSAGES[reason]);
    this.challenge = reason === 'TOKEN_MISSING' ? BEARER_CHALLENGE : `${BEARER_CHALLENGE}, error="invalid_token"`;
  }
}

export type ForbiddenReason = 'NO_ACTIVE_ORGANIZATION' | 'MISSING_PERMISSION' | 'LOOPBACK_HOST_REQUIRED';

const FORBIDDEN_MESSAGES: Readonly<Record<ForbiddenReason, (permission: string) => string>> = {
  NO_ACTIVE_ORGANIZATION: () => 'The session has no active organization; select one and retry',
  MISSING_PERMISSION: (permission) => `The permission ${permission} is required`,
  LOOPBACK_HOST_REQUIRED: () => 'Dev tokens are minted only for requests addressed to localhost, 127.0.0.1 or [::1]',
};

/** A valid identity that may not do this (403). */
export class ForbiddenError extends AppError {
  readonly code = 'FORBIDDEN';

  constructor(
    readonly reason: ForbiddenReason,
    readonly permission?: string,
  ) {
    super(FORBIDDEN_MESSAGES[reason](permission ?? ''));
  }
}
