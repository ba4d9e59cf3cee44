import type { FastifyRequest, onRequestAsyncHookHandler, preValidationAsyncHookHandler } from 'fastify';
import { authorize, extractBearerToken, type Permission, type TokenVerifier } from '../../auth/index.js';
import type { RateLimiter } from '../../rate-limit/index.js';
import { RateLimitedError } from '../../shared/errors.js';
import { UnsupportedMediaTypeError } from '../../shared/http/request-body.js';
import type { Actor } from '../application/dtos.js';

const actors = new WeakMap<FastifyRequest, Actor>();

/**
 * Authenticates and authorises before the body is read, so an anonymous caller cannot make the
 * server parse a large body, and a refused request consumes nothing downstream.
 */
export function requirePermission(verifier: TokenVerifier, permission: Permission): onRequestAsyncHookHandler {
  return async (request) => {
    const principal = await verifier.verify(extractBearerToken(request.headers.authorization));
    actors.set(request, authorize(principal, permission));
  };
}

/** Counts the request against the caller's limits; runs after authentication, so refused callers spend nothing. */
export function rateLimited(limiter: RateLimiter): onRequestAsyncHookHandler {
  return async (request, reply) => {
    const decision = await limiter.check(actorOf(request));
    reply.headers(decision.headers);
    if (decision.exceeded !== undefined) throw new RateLimitedError(decision.exceeded.policy.name, decision.exceeded.resetSeconds);
  };
}

export function actorOf(request: FastifyRequest): Actor {
  const actor = actors.get(request);
  // Only reachable if a route forgot its requirePermission hook: a programming error, not a 401.
  if (actor === undefined) throw new Error(`route ${request.routeOptions.url ?? request.url} has no permission hook`);
  return actor;
}

/** A body without a Content-Type would otherwise reach validation as "missing"; it is the wrong media type. */
export const requireJsonBody: preValidationAsyncHookHandler = async (request) => {
  const mediaType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') throw new UnsupportedMediaTypeError('Send the request body as application/json.');
  return Promise.resolve();
};
