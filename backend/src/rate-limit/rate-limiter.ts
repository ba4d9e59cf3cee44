import { closestToLimit, policyHeader, stateHeader, type PolicyState, type RateLimitPolicy } from './policies.js';
import type { RateLimitStore } from './stores.js';

export interface RateLimitSubject {
  readonly accountId: string;
  readonly userId: string;
}

export interface RateLimitDecision {
  /** Set on every limited response, allowed or not. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exceeded state, when the request must be refused. */
  readonly exceeded: PolicyState | undefined;
}

export interface RateLimiter {
  check(subject: RateLimitSubject): Promise<RateLimitDecision>;
}

function stateOf(policy: RateLimitPolicy, consumed: number, resetMs: number): PolicyState {
  return {
    policy,
    remaining: Math.max(0, policy.limit - consumed),
    resetSeconds: Math.max(1, Math.ceil(resetMs / 1000)),
    exceeded: consumed > policy.limit,
  };
}

/**
 * Counts a request against the user's limit, then the account's. A user already over their own
 * limit is refused without spending the account's quota, so one user cannot starve the others.
 */
export function createRateLimiter(policies: readonly RateLimitPolicy[], store: RateLimitStore): RateLimiter {
  const policyValue = policyHeader(policies);
  const keyFor = (policy: RateLimitPolicy, subject: RateLimitSubject) =>
    policy.name === 'user' ? `${subject.accountId}:${subject.userId}` : subject.accountId;
  return {
    async check(subject) {
      const consumptions = await store.consume(policies.map((policy) => ({ policy, key: keyFor(policy, subject) })));
      const states = consumptions.flatMap((consumption, index) => {
        const policy = policies[index];
        return policy === undefined ? [] : [stateOf(policy, consumption.consumed, consumption.resetMs)];
      });
      const closest = closestToLimit(states);
      const headers = closest === undefined ? {} : { 'ratelimit-policy': policyValue, ratelimit: stateHeader(closest) };
      return { headers, exceeded: closest?.exceeded === true ? closest : undefined };
    },
  };
}
