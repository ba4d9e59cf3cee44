import { errors, jwtVerify, type JWTPayload } from 'jose';
import { AppError } from '../shared/errors.js';
import { MAX_TOKEN_LENGTH } from './bearer.js';
import { principalFromClaims, type SessionClaims } from './claims.js';
import { UnauthorizedError, type UnauthorizedReason } from './errors.js';
import type { Principal } from './principal.js';
import { keyResolver, type KeyResolver, type VerificationKey } from './verification-key.js';
import type { VerifiedTokenCache } from './verified-token-cache.js';

export interface TokenVerifierOptions {
  key: VerificationKey;
  /** Expected `iss`; checked when given. */
  issuer?: string | undefined;
  /** Allowed `azp` values; checked when non-empty, and a token without `azp` then fails. */
  authorizedParties?: readonly string[] | undefined;
  clockSkewSeconds?: number;
  now?: () => Date;
  /** Remembers verified tokens until they expire; off when undefined. */
  cache?: VerifiedTokenCache | undefined;
}

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

interface Policy {
  resolveKey: KeyResolver;
  issuer: string | undefined;
  authorizedParties: readonly string[];
  skewSeconds: number;
  now: () => Date;
}

const DEFAULT_CLOCK_SKEW_SECONDS = 5;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

const REASON_BY_JOSE_CODE: Readonly<Record<string, UnauthorizedReason>> = {
  [errors.JWTExpired.code]: 'TOKEN_EXPIRED',
  [errors.JOSEAlgNotAllowed.code]: 'ALGORITHM_NOT_ALLOWED',
  [errors.JWSSignatureVerificationFailed.code]: 'SIGNATURE_INVALID',
  [errors.JWKSNoMatchingKey.code]: 'KEY_NOT_FOUND',
  [errors.JWKSMultipleMatchingKeys.code]: 'KEY_NOT_FOUND',
};

const REASON_BY_FAILED_CLAIM: Readonly<Record<string, UnauthorizedReason>> = {
  nbf: 'TOKEN_NOT_YET_VALID',
  iss: 'ISSUER_MISMATCH',
};

/** jose's messages may quote claim values; only a reason leaves this module. */
function toAuthError(error: unknown): unknown {
  if (error instanceof AppError || !(error instanceof errors.JOSEError)) {
    return error;
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new UnauthorizedError(REASON_BY_FAILED_CLAIM[error.claim] ?? 'CLAIM_INVALID');
  }
  return new UnauthorizedError(REASON_BY_JOSE_CODE[error.code] ?? 'TOKEN_MALFORMED');
}

function checkShape(token: string): void {
  if (token === '') {
    throw new UnauthorizedError('TOKEN_MISSING');
  }
  if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) {
    throw new UnauthorizedError('TOKEN_MALFORMED');
  }
}

async function verifySignedClaims(token: string, policy: Policy, currentDate: Date): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, policy.resolveKey, {
      algorithms: ['RS256'],
      clockTolerance: policy.skewSeconds,
      currentDate,
      requiredClaims: ['exp'],
      ...(policy.issuer === undefined ? {} : { issuer: policy.issuer }),
    });
    return payload;
  } catch (error) {
    throw toAuthError(error);
  }
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** jose checks `iat` only against a maximum age; a token from the future means a broken issuer clock or a forgery. */
function checkIssuedAt(claims: JWTPayload, policy: Policy, currentDate: Date): void {
  const nowSeconds = Math.floor(currentDate.getTime() / 1000);
  if (claims.iat !== undefined && claims.iat > nowSeconds + policy.skewSeconds) {
    throw new UnauthorizedError('ISSUED_IN_FUTURE');
  }
}

function checkAuthorizedParty(claims: JWTPayload, policy: Policy): void {
  const { azp } = claims;
  const allowed = typeof azp === 'string' && policy.authorizedParties.includes(azp);
  if (policy.authorizedParties.length > 0 && !allowed) {
    throw new UnauthorizedError('AUTHORIZED_PARTY_MISMATCH');
  }
}

function checkSession(claims: JWTPayload, policy: Policy, currentDate: Date): SessionClaims {
  checkIssuedAt(claims, policy, currentDate);
  checkAuthorizedParty(claims, policy);
  const { sub, sid, sts } = claims;
  if (!isNonEmptyString(sub)) {
    throw new UnauthorizedError('SUBJECT_MISSING');
  }
  if (!isNonEmptyString(sid)) {
    throw new UnauthorizedError('SESSION_MISSING');
  }
  // A pending session has yet to complete a step (choose an organization, accept terms): not signed in.
  if (sts === 'pending') {
    throw new UnauthorizedError('SESSION_PENDING');
  }
  return { ...claims, sub, sid };
}

/** Verifies Clerk session tokens (and the dev issuer's, which have the same shape) into a Principal. */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const policy: Policy = {
    resolveKey: keyResolver(options.key),
    issuer: options.issuer,
    authorizedParties: options.authorizedParties ?? [],
    skewSeconds: options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS,
    now: options.now ?? (() => new Date()),
  };
  const { cache } = options;
  return {
    async verify(token) {
      const currentDate = policy.now();
      const cached = cache?.get(token, currentDate.getTime());
      if (cached !== undefined) return cached;
      checkShape(token);
      const claims = await verifySignedClaims(token, policy, currentDate);
      const principal = principalFromClaims(checkSession(claims, policy, currentDate));
      // `exp` is required, so it is a number here; the token is accepted until then, not past it.
      cache?.set(token, principal, (claims.exp ?? 0) * 1000);
      return principal;
    },
  };
}
