import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { DependencyUnavailableError } from '../shared/errors.js';
import type { RateLimitPolicy } from './policies.js';

/** A request counted under a key: how many the window holds now and when it resets. */
export interface Consumption {
  readonly consumed: number;
  readonly resetMs: number;
}

/** Counts requests per key and policy; every count carries the policy window as its expiry. */
export interface RateLimitStore {
  consume(policy: RateLimitPolicy, key: string): Promise<Consumption>;
}

function limiterStore(create: (policy: RateLimitPolicy) => RateLimiterAbstract): RateLimitStore {
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiterFor = (policy: RateLimitPolicy) => {
    let limiter = limiters.get(policy.name);
    if (limiter === undefined) {
      limiter = create(policy);
      limiters.set(policy.name, limiter);
    }
    return limiter;
  };
  return {
    async consume(policy, key) {
      try {
        const result = await limiterFor(policy).consume(key);
        return { consumed: result.consumedPoints, resetMs: result.msBeforeNext };
      } catch (outcome) {
        // The library rejects with its result when the key is over the limit; anything else is a store failure.
        if (!(outcome instanceof RateLimiterRes)) throw outcome;
        return { consumed: outcome.consumedPoints, resetMs: outcome.msBeforeNext };
      }
    },
  };
}

export function memoryStore(): RateLimitStore {
  return limiterStore((policy) => new RateLimiterMemory({ keyPrefix: policy.name, points: policy.limit, duration: policy.windowSeconds }));
}

/** One atomic script call per count (INCR and EXPIRE together; a key found without expiry gets one). */
export function redisStore(client: Redis): RateLimitStore {
  return limiterStore(
    (policy) =>
      new RateLimiterRedis({
        storeClient: client,
        keyPrefix: `wf:rl:${policy.name}`,
        points: policy.limit,
        duration: policy.windowSeconds,
        rejectIfRedisNotReady: true,
      }),
  );
}

export interface FallbackEvents {
  readonly degraded: (error: unknown, fallbacks: number) => void;
  readonly recovered: (fallbacks: number) => void;
}

export interface ResilienceOptions {
  readonly mode: 'open' | 'closed';
  /** After a failure, how long requests skip the shared store before one probes it again. */
  readonly probeIntervalMs?: number;
  readonly now?: () => number;
}

/**
 * The shared store, and what happens when it fails: `open` counts in this process instead (limits
 * then hold per instance), `closed` refuses the request with a 503. After a failure the store is
 * left alone for a probe interval, so a hung Redis costs one command timeout, not one per request.
 */
export function resilientStore(
  primary: RateLimitStore,
  fallback: RateLimitStore,
  options: ResilienceOptions,
  events: FallbackEvents,
): RateLimitStore & { readonly fallbacks: () => number } {
  const { mode, probeIntervalMs = 1_000, now = Date.now } = options;
  let fallbacks = 0;
  let healthy = true;
  let skipUntil = 0;
  let probing = false;
  const degrade = (policy: RateLimitPolicy, key: string, error: unknown) => {
    fallbacks += 1;
    if (mode === 'closed') throw new DependencyUnavailableError('rate limit store', { cause: error });
    return fallback.consume(policy, key);
  };
  const attempt = async (policy: RateLimitPolicy, key: string) => {
    try {
      const consumption = await primary.consume(policy, key);
      if (!healthy) events.recovered(fallbacks);
      healthy = true;
      return consumption;
    } catch (error) {
      if (healthy) events.degraded(error, fallbacks + 1);
      healthy = false;
      skipUntil = now() + probeIntervalMs;
      return degrade(policy, key, error);
    }
  };
  return {
    fallbacks: () => fallbacks,
    async consume(policy, key) {
      if (healthy) return attempt(policy, key);
      // One request at a time probes a failed store; the others meanwhile count in the fallback.
      if (probing || now() < skipUntil) return degrade(policy, key, new Error('rate limit store is in its probe interval'));
      probing = true;
      try {
        return await attempt(policy, key);
      } finally {
        probing = false;
      }
    },
  };
}
