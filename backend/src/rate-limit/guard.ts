import { actorOf } from '../auth/index.js';
import { RateLimitedError } from '../shared/errors.js';
import type { Guard } from '../shared/http/module.js';
import type { RateLimiter } from './rate-limiter.js';

/**
 * Counts the request against the caller's limits; placed after the permission guard, so refused
 * callers spend nothing. No guard at all when every limit is off.
 */
export function rateLimitGuard(limiter: RateLimiter | undefined): Guard[] {
  if (limiter === undefined) return [];
  return [
    {
      onRequest: async (request, reply) => {
        const decision = await limiter.check(actorOf(request));
        reply.headers(decision.headers);
        if (decision.exceeded !== undefined) throw new RateLimitedError(decision.exceeded.policy.name, decision.exceeded.resetSeconds);
      },
      problems: ['RATE_LIMITED'],
      rateLimited: true,
    },
  ];
}
