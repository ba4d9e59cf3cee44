export { extractBearerToken, MAX_TOKEN_LENGTH } from './bearer.js';
export { DEFAULT_DEV_TOKEN_TTL_SECONDS, DEV_ISSUER, createDevTokenVerifier, mintDevToken, type DevTokenOptions } from './dev-issuer.js';
export { DEV_PRIVATE_KEY_FILE, DEV_PUBLIC_KEY_FILE, loadOrCreateDevKeyPair, type DevKeyPair } from './dev-key-pair.js';
export { ForbiddenError, UnauthorizedError, type ForbiddenReason, type UnauthorizedReason } from './errors.js';
export { PERMISSIONS, authorize, type Actor, type Permission, type Principal, type PrincipalOrganization } from './principal.js';
export { TOKEN_USAGE, parseTokenArgs } from './token-args.js';
export { createTokenVerifier, type TokenVerifier, type TokenVerifierOptions } from './token-verifier.js';
export { DEFAULT_JWKS_TIMEOUT_MS, type VerificationKey } from './verification-key.js';
export { registerDevTokenRoute } from './dev-token-route.js';
