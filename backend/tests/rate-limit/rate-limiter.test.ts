import { describe, expect, it } from 'vitest';
import { closestToLimit, createRateLimiter, memoryStore, policyHeader, type RateLimitPolicy } from '../../src/rate-limit/index.js';

const user = (limit: number): RateLimitPolicy => ({ name: 'user', limit, windowSeconds: 60 });
const account = (limit: number): RateLimitPolicy => ({ name: 'account', limit, windowSeconds: 60 });
const alice = { accountId: 'acct-1', userId: 'alice' };

describe('rate limiter', () => {
  it('advertises every policy in the IETF draft syntax', () => {
    expect(policyHeader([user(30), account(300)])).toBe('"user";q=30;w=60, "account";q=300;w=60');
  });

  it('reports the remaining quota of the policy closest to its limit', async () => {
    const limiter = createRateLimiter([user(3), account(300)], memoryStore());

    const decision = await limiter.check(alice);

    expect(decision.exceeded).toBeUndefined();
    expect(decision.headers).toEqual({ 'ratelimit-policy': '"user";q=3;w=60, "account";q=300;w=60', ratelimit: '"user";r=2;t=60' });
  });

  it('refuses the request after the limit and names the policy', async () => {
    const limiter = createRateLimiter([user(2)], memoryStore());
    await limiter.check(alice);
    await limiter.check(alice);

    const decision = await limiter.check(alice);

    expect(decision.exceeded).toMatchObject({ policy: { name: 'user' }, remaining: 0 });
    expect(decision.exceeded?.resetSeconds).toBeGreaterThan(0);
    expect(decision.headers.ratelimit).toMatch(/^"user";r=0;t=\d+$/);
  });

  it('lets exactly the limit through when requests arrive at once', async () => {
    const limiter = createRateLimiter([user(10)], memoryStore());

    const decisions = await Promise.all(Array.from({ length: 50 }, () => limiter.check(alice)));

    expect(decisions.filter((decision) => decision.exceeded === undefined)).toHaveLength(10);
  });

  it('counts users separately but both against their account', async () => {
    const limiter = createRateLimiter([user(2), account(3)], memoryStore());
    await limiter.check(alice);
    await limiter.check(alice);

    const bob = await limiter.check({ accountId: 'acct-1', userId: 'bob' });
    const bobAgain = await limiter.check({ accountId: 'acct-1', userId: 'bob' });

    expect(bob.exceeded).toBeUndefined();
    expect(bob.headers.ratelimit).toBe('"account";r=0;t=60');
    expect(bobAgain.exceeded).toMatchObject({ policy: { name: 'account' } });
  });

  it('does not spend the account quota on a user already over their own limit', async () => {
    const limiter = createRateLimiter([user(1), account(3)], memoryStore());
    await limiter.check(alice);
    await limiter.check(alice);
    await limiter.check(alice);

    const bob = await limiter.check({ accountId: 'acct-1', userId: 'bob' });

    expect(bob.headers.ratelimit).toBe('"user";r=0;t=60');
    expect(bob.exceeded).toBeUndefined();
  });

  it('keeps accounts apart', async () => {
    const limiter = createRateLimiter([account(1)], memoryStore());
    await limiter.check(alice);

    const other = await limiter.check({ accountId: 'acct-2', userId: 'alice' });

    expect(other.exceeded).toBeUndefined();
  });

  it('prefers an exceeded state over one with less quota left', () => {
    const exceeded = { policy: account(300), remaining: 0, resetSeconds: 5, exceeded: true };
    const tight = { policy: user(30), remaining: 0, resetSeconds: 9, exceeded: false };

    expect(closestToLimit([tight, exceeded])).toBe(exceeded);
    expect(closestToLimit([exceeded, tight])).toBe(exceeded);
  });
});
