import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Guard } from '../shared/http/module.js';
import { extractBearerToken } from './bearer.js';
import { authorize, type Actor, type Permission } from './principal.js';
import type { TokenVerifier } from './token-verifier.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who sent the request, once a permission guard has let it through; null before. */
    actor: Actor | null;
  }
}

/** Gives every request an `actor` slot (null until a permission guard fills it). */
export function decorateActor(app: FastifyInstance): void {
  app.decorateRequest('actor', null);
}

/**
 * Authenticates and authorises before the body is read, so an anonymous caller cannot make the
 * server parse a large body, and a refused request consumes nothing downstream.
 */
export function requirePermission(verifier: TokenVerifier, permission: Permission): Guard {
  return {
    onRequest: async (request) => {
      const principal = await verifier.verify(extractBearerToken(request.headers.authorization));
      request.actor = authorize(principal, permission);
    },
    problems: ['UNAUTHORIZED', 'FORBIDDEN'],
  };
}

export function actorOf(request: FastifyRequest): Actor {
  // Only reachable if a route forgot its permission guard: a programming error, not a 401.
  if (request.actor === null) throw new Error(`route ${request.routeOptions.url ?? request.url} has no permission guard`);
  return request.actor;
}
