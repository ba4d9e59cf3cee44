import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DependencyUnavailableError } from '../shared/errors.js';
import type { RateLimitPolicy } from './policies.js';

/** A request counted under a key: how many the window holds now and when it resets. */
export interface Consumption {
  readonly consumed: number;
  readonly resetMs: number;
}

/** One count to make: the key, under the policy that bounds it. */
export interface Count {
  readonly policy: RateLimitPolicy;
  readonly key: string;
}

/**
 * Counts a request under each key in order and stops after the first one that goes over its limit
 * (so a user over their own limit does not spend the account's quota). Every count carries its
 * policy's window as its expiry.
 */
export interface RateLimitStore {
  consume(counts: readonly Count[]): Promise<Consumption[]>;
}

function overLimit(count: Count, consumption: Consumption): boolean {
  return consumption.consumed > count.policy.limit;
}

export function memoryStore(): RateLimitStore {
  const limiters = new Map<string, RateLimiterMemory>();
  const limiterFor = ({ name, limit, windowSeconds }: RateLimitPolicy) => {
    let limiter = limiters.get(name);
    if (limiter === undefined) {
      limiter = new RateLimiterMemory({ keyPrefix: name, points: limit, duration: windowSeconds });
      limiters.set(name, limiter);
    }
    return limiter;
  };
  const consumeOne = async (count: Count): Promise<Consumption> => {
    try {
      const result = await limiterFor(count.policy).consume(count.key);
      return { consumed: result.consumedPoints, resetMs: result.msBeforeNext };
    } catch (outcome) {
      // The library rejects with its result when the key is over the limit.
      if (!(outcome instanceof RateLimiterRes)) throw outcome;
      return { consumed: outcome.consumedPoints, resetMs: outcome.msBeforeNext };
    }
  };
  return {
    async consume(counts) {
      const consumptions: Consumption[] = [];
      for (const count of counts) {
        const consumption = await consumeOne(count);
        consumptions.push(consumption);
        if (overLimit(count, consumption)) break;
      }
      return consumptions;
    },
  };
}

// Every count of a request in one atomic script call, one round trip: INCR, and an expiry for a key
// that has none (a new key, or one left without expiry), stopping at the first key over its limit.
const CONSUME_SCRIPT = `
local results = {}
for index, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[index * 2 - 1])
  local windowMs = tonumber(ARGV[index * 2]) * 1000
  local consumed = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, windowMs)
    ttl = windowMs
  end
  results[#results + 1] = consumed
  results[#results + 1] = ttl
  if consumed > limit then break end
end
return results`;

type ConsumeCommand = (...keysAndArgs: (string | number)[]) => Promise<number[]>;

/** Counts in Redis, shared by every instance; ioredis sends the script by its hash and reloads it when Redis lost it. */
export function redisStore(client: Redis): RateLimitStore {
  if (!('wfRateLimitConsume' in client)) client.defineCommand('wfRateLimitConsume', { lua: CONSUME_SCRIPT });
  const run = (client as unknown as { wfRateLimitConsume: ConsumeCommand }).wfRateLimitConsume.bind(client);
  return {
    async consume(counts) {
      if (client.status !== 'ready') throw new Error(`redis is ${client.status}`);
      const keys = counts.map((count) => `wf:rl:${count.policy.name}:${count.key}`);
      const args = counts.flatMap((count) => [count.policy.limit, count.policy.windowSeconds]);
      const results = await run(keys.length, ...keys, ...args);
      const consumptions: Consumption[] = [];
      for (let index = 0; index + 1 < results.length; index += 2) {
        consumptions.push({ consumed: Number(results[index]), resetMs: Number(results[index + 1]) });
      }
      return consumptions;
    },
  };
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

class ResilientStore implements RateLimitStore {
  private fallbackCount = 0;
  private healthy = true;
  private skipUntil = 0;
  private probing = false;

  constructor(
    private readonly primary: RateLimitStore,
    private readonly fallback: RateLimitStore,
    private readonly options: Required<ResilienceOptions>,
    private readonly events: FallbackEvents,
  ) {}

  fallbacks(): number {
    return this.fallbackCount;
  }

  async consume(counts: readonly Count[]): Promise<Consumption[]> {
    if (this.healthy) return this.attempt(counts);
    // One request at a time probes a failed store; the others meanwhile count in the fallback.
    if (this.probing || this.options.now() < this.skipUntil) return this.degrade(counts, new Error('rate limit store is in its probe interval'));
    this.probing = true;
    try {
      return await this.attempt(counts);
    } finally {
      this.probing = false;
    }
  }

  private async attempt(counts: readonly Count[]): Promise<Consumption[]> {
    try {
      const consumption = await this.primary.consume(counts);
      if (!this.healthy) this.events.recovered(this.fallbackCount);
      this.healthy = true;
      return consumption;
    } catch (error) {
      if (this.healthy) this.events.degraded(error, this.fallbackCount + 1);
      this.healthy = false;
      this.skipUntil = this.options.now() + this.options.probeIntervalMs;
      return this.degrade(counts, error);
    }
  }

  private degrade(counts: readonly Count[], error: unknown): Promise<Consumption[]> {
    this.fallbackCount += 1;
    if (this.options.mode === 'closed') throw new DependencyUnavailableError('rate limit store', { cause: error });
    return this.fallback.consume(counts);
  }
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
  const store = new ResilientStore(primary, fallback, { probeIntervalMs: 1_000, now: Date.now, ...options }, events);
  return { fallbacks: () => store.fallbacks(), consume: (counts) => store.consume(counts) };
}
