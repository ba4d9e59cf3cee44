import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRateLimiter, memoryStore, redisStore, resilientStore, type RateLimitPolicy } from '../../src/rate-limit/index.js';
import { createRedisClient } from '../../src/rate-limit/redis-client.js';
import { DependencyUnavailableError } from '../../src/shared/errors.js';
import { redisUrl, startOwnRedis, targetOf } from '../support/redis.js';
import { startTcpProxy } from '../support/tcp-proxy.js';

const url = redisUrl();
const clients: Redis[] = [];
const client = (target: string, options: Parameters<typeof createRedisClient>[1] = {}) => {
  const created = createRedisClient(target, options);
  clients.push(created);
  return created;
};
const user = (limit: number): RateLimitPolicy => ({ name: 'user', limit, windowSeconds: 60 });
const aSubject = () => ({ accountId: randomUUID(), userId: randomUUID() });
const ready = (redis: Redis) => (redis.status === 'ready' ? Promise.resolve() : new Promise<void>((resolve) => redis.once('ready', () => { resolve(); })));
const timed = async <T>(work: () => Promise<T>) => {
  const startedAt = performance.now();
  const result = await work();
  return { result, ms: performance.now() - startedAt };
};
/** A ready client that reaches the shared Redis through a loopback proxy the test can cut. */
const throughProxy = async () => {
  const { host, port } = targetOf(url ?? '');
  const proxy = await startTcpProxy(port, host);
  const redis = client(`redis://127.0.0.1:${proxy.port}`);
  await ready(redis);
  return { proxy, redis };
};
const noEvents = { degraded: () => undefined, recovered: () => undefined };

afterAll(() => {
  for (const each of clients) each.disconnect();
});

describe.runIf(url !== undefined)('Redis rate-limit store', () => {
  const target = url ?? '';

  it('shares one limit between two instances', async () => {
    const [one, two] = [client(target), client(target)];
    await Promise.all([ready(one), ready(two)]);
    const first = createRateLimiter([user(4)], redisStore(one));
    const second = createRateLimiter([user(4)], redisStore(two));
    const subject = aSubject();

    const decisions = await Promise.all(Array.from({ length: 10 }, (_, index) => (index % 2 === 0 ? first : second).check(subject)));

    expect(decisions.filter((decision) => decision.exceeded === undefined)).toHaveLength(4);
  });

  it('counts every policy of a request in one script call', async () => {
    const redis = client(target);
    await ready(redis);
    const limiter = createRateLimiter([user(5), { name: 'account', limit: 50, windowSeconds: 60 }], redisStore(redis));
    const scriptCalls = async () => {
      const stats = await redis.info('commandstats');
      return [...stats.matchAll(/cmdstat_(?:evalsha|eval):calls=(\d+)/g)].reduce((total, match) => total + Number(match[1]), 0);
    };
    const before = await scriptCalls();

    for (let index = 0; index < 10; index += 1) await limiter.check(aSubject());

    // Other suites may share this Redis; this one made exactly its ten calls at least, and no second per request.
    expect((await scriptCalls()) - before).toBeGreaterThanOrEqual(10);
    expect((await scriptCalls()) - before).toBeLessThan(20);
  });

  it('gives every counter an expiry', async () => {
    const redis = client(target);
    await ready(redis);
    const subject = aSubject();

    await createRateLimiter([user(5)], redisStore(redis)).check(subject);

    const ttl = await redis.pttl(`wf:rl:user:${subject.accountId}:${subject.userId}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('repairs a counter left without expiry instead of locking the user out for ever', async () => {
    const redis = client(target);
    await ready(redis);
    const subject = aSubject();
    const key = `wf:rl:user:${subject.accountId}:${subject.userId}`;
    await redis.set(key, '1000');

    const decision = await createRateLimiter([user(5)], redisStore(redis)).check(subject);

    expect(decision.exceeded).toBeDefined();
    expect(await redis.pttl(key)).toBeGreaterThan(0);
  });

  it('keeps counting after Redis lost its scripts', async () => {
    const redis = client(target);
    await ready(redis);
    const limiter = createRateLimiter([user(5)], redisStore(redis));
    const subject = aSubject();
    await limiter.check(subject);
    await redis.script('FLUSH');

    const decision = await limiter.check(subject);

    expect(decision.headers.ratelimit).toBe('"user";r=3;t=60');
  });

  it('falls back to in-process limits at once when Redis is cut, and returns to Redis when it is back', async () => {
    const { proxy, redis } = await throughProxy();
    const events: string[] = [];
    const store = resilientStore(redisStore(redis), memoryStore(), { mode: 'open', probeIntervalMs: 0 }, { degraded: () => events.push('degraded'), recovered: () => events.push('recovered') });
    const limiter = createRateLimiter([user(100)], store);
    const subject = aSubject();
    await limiter.check(subject);

    await proxy.refuse();
    const startedAt = performance.now();
    const during = await limiter.check(subject);
    const elapsed = performance.now() - startedAt;
    await proxy.restore();
    await ready(redis);
    const after = await limiter.check(subject);

    expect(during.headers.ratelimit).toBe('"user";r=99;t=60');
    expect(elapsed).toBeLessThan(300);
    expect(after.headers.ratelimit).toBe('"user";r=98;t=60');
    expect(events).toEqual(['degraded', 'recovered']);
    expect(store.fallbacks()).toBe(1);
    await proxy.close();
  });

  it('bounds a Redis that accepts but never answers by the command timeout', async () => {
    const { proxy, redis } = await throughProxy();
    proxy.blackhole();
    const store = resilientStore(redisStore(redis), memoryStore(), { mode: 'open', probeIntervalMs: 0 }, noEvents);
    const startedAt = performance.now();

    const decision = await createRateLimiter([user(10)], store).check(aSubject());

    expect(decision.headers.ratelimit).toBe('"user";r=9;t=60');
    const elapsed = performance.now() - startedAt;
    expect(elapsed).toBeGreaterThanOrEqual(200);
    expect(elapsed).toBeLessThan(1_000);
    await proxy.close();
  });

  it('leaves a hung Redis alone for the probe interval after a timeout, then probes it again', async () => {
    const { proxy, redis } = await throughProxy();
    let clock = 0;
    const store = resilientStore(redisStore(redis), memoryStore(), { mode: 'open', probeIntervalMs: 1_000, now: () => clock }, noEvents);
    const limiter = createRateLimiter([user(10)], store);
    proxy.blackhole();

    const first = await timed(() => limiter.check(aSubject()));
    const second = await timed(() => limiter.check(aSubject()));
    clock = 1_001;
    const probe = await timed(() => limiter.check(aSubject()));

    expect(first.ms).toBeGreaterThanOrEqual(200);
    expect(second.ms).toBeLessThan(50);
    expect(probe.ms).toBeGreaterThanOrEqual(200);
    expect(store.fallbacks()).toBe(3);
    await proxy.close();
  });

  it('lets one request at a time probe a hung Redis; concurrent requests do not wait for it', async () => {
    const { proxy, redis } = await throughProxy();
    let clock = 0;
    const store = resilientStore(redisStore(redis), memoryStore(), { mode: 'open', probeIntervalMs: 1_000, now: () => clock }, noEvents);
    const limiter = createRateLimiter([user(10), { name: 'account', limit: 100, windowSeconds: 60 }], store);
    proxy.blackhole();
    await limiter.check(aSubject());
    clock = 1_001;

    const checks = await Promise.all(Array.from({ length: 10 }, () => timed(() => limiter.check(aSubject()))));

    const waited = checks.filter((check) => check.ms >= 200);
    expect(waited).toHaveLength(1);
    expect(Math.max(...checks.map((check) => check.ms))).toBeLessThan(450);
    await proxy.close();
  });

  it('refuses with a 503-able error in closed mode while Redis is down', async () => {
    const { proxy, redis } = await throughProxy();
    await proxy.refuse();
    const limiter = createRateLimiter([user(10)], resilientStore(redisStore(redis), memoryStore(), { mode: 'closed', probeIntervalMs: 0 }, noEvents));

    const attempt = limiter.check(aSubject());

    await expect(attempt).rejects.toThrow(DependencyUnavailableError);
    await proxy.close();
  });

  it('counts in Redis again after a Redis restart', async () => {
    const own = await startOwnRedis();
    const redis = client(own.url);
    await ready(redis);
    const store = resilientStore(redisStore(redis), memoryStore(), { mode: 'open', probeIntervalMs: 0 }, noEvents);
    const limiter = createRateLimiter([user(10)], store);
    const subject = aSubject();
    await limiter.check(subject);

    await own.stop();
    await limiter.check(subject);
    await own.start();
    await ready(redis);
    await limiter.check(subject);

    const inspector = new Redis(own.url);
    expect(await inspector.get(`wf:rl:user:${subject.accountId}:${subject.userId}`)).toBe('1');
    inspector.disconnect();
    await own.stop();
  });
});
