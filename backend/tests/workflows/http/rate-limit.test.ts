import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRateLimiter, memoryStore, redisStore, resilientStore, type RateLimitPolicy, type RateLimitStore } from '../../../src/rate-limit/index.js';
import { createRedisClient } from '../../../src/rate-limit/redis-client.js';
import { aTestApp, aToken, aWorkflowBody } from '../../support/app.js';
import { closeSharedDatabases } from '../../support/database.js';
import { redisUrl, targetOf } from '../../support/redis.js';
import { startTcpProxy } from '../../support/tcp-proxy.js';

const clients: Redis[] = [];
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await closeSharedDatabases();
});

const policies = (userLimit: number, accountLimit: number): RateLimitPolicy[] => [
  { name: 'user', limit: userLimit, windowSeconds: 60 },
  { name: 'account', limit: accountLimit, windowSeconds: 60 },
];
const limitedApp = (userLimit: number, accountLimit: number, store: RateLimitStore = memoryStore()) =>
  aTestApp({ rateLimiter: createRateLimiter(policies(userLimit, accountLimit), store) });
const readyClient = async (url: string) => {
  const client = createRedisClient(url);
  clients.push(client);
  if (client.status !== 'ready') await new Promise<void>((resolve) => client.once('ready', () => { resolve(); }));
  return client;
};

describe('rate limits on create', () => {
  it('answers the request after the limit with 429, Retry-After and the violated policy', async () => {
    const { create } = await limitedApp(2, 100);
    const token = await aToken();
    await create(aWorkflowBody(), token);
    await create(aWorkflowBody(), token);

    const response = await create(aWorkflowBody(), token);

    expect(response.statusCode).toBe(429);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'RATE_LIMITED', policy: 'user' });
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(response.headers['ratelimit-policy']).toBe('"user";q=2;w=60, "account";q=100;w=60');
    expect(response.headers.ratelimit).toMatch(/^"user";r=0;t=\d+$/);
  });

  it('sends the limit headers on allowed requests too', async () => {
    const { create } = await limitedApp(5, 100);

    const response = await create(aWorkflowBody(), await aToken());

    expect(response.statusCode).toBe(201);
    expect(response.headers.ratelimit).toBe('"user";r=4;t=60');
  });

  it('lets exactly ten of fifty simultaneous creates through a limit of ten', async () => {
    const { create } = await limitedApp(10, 100);
    const token = await aToken();

    const responses = await Promise.all(Array.from({ length: 50 }, () => create(aWorkflowBody(), token)));

    expect(responses.filter((response) => response.statusCode !== 429)).toHaveLength(10);
  });

  it('does not limit a second user by the first user’s limit, but counts both against the account', async () => {
    const { create } = await limitedApp(2, 3);
    const org = `org_${randomUUID()}`;
    const alice = await aToken({ org, user: 'alice' });
    const bob = await aToken({ org, user: 'bob' });
    await create(aWorkflowBody(), alice);
    await create(aWorkflowBody(), alice);

    const bobFirst = await create(aWorkflowBody(), bob);
    const bobSecond = await create(aWorkflowBody(), bob);

    expect(bobFirst.statusCode).toBe(201);
    expect(bobSecond.statusCode).toBe(429);
    expect(bobSecond.json()).toMatchObject({ policy: 'account' });
  });

  it('spends no quota on requests refused for authentication or permission', async () => {
    const { create } = await limitedApp(1, 1);
    const org = `org_${randomUUID()}`;
    await create(aWorkflowBody(), 'not-a-token');
    await create(aWorkflowBody(), await aToken({ org, permissions: ['org:workflows:read'] }));

    const response = await create(aWorkflowBody(), await aToken({ org }));

    expect(response.statusCode).toBe(201);
  });

  it('sends no limit headers when the limits are off', async () => {
    const { create } = await aTestApp();

    const response = await create(aWorkflowBody(), await aToken());

    expect(response.statusCode).toBe(201);
    expect(response.headers['ratelimit-policy']).toBeUndefined();
    expect(response.headers.ratelimit).toBeUndefined();
  });
});

const url = redisUrl();

describe.runIf(url !== undefined)('rate limits on Redis', () => {
  const target = url ?? '';

  it('shares one limit between two service instances', async () => {
    const first = await limitedApp(3, 100, redisStore(await readyClient(target)));
    const second = await limitedApp(3, 100, redisStore(await readyClient(target)));
    const token = await aToken();

    const statuses = [];
    for (const app of [first, second, first, second, first]) statuses.push((await app.create(aWorkflowBody(), token)).statusCode);

    expect(statuses).toEqual([201, 201, 201, 429, 429]);
  });

  it.each([
    ['open', 201],
    ['closed', 503],
  ] as const)('with Redis down in %s mode answers %i', async (mode, status) => {
    const { host, port } = targetOf(target);
    const proxy = await startTcpProxy(port, host);
    const redis = await readyClient(`redis://127.0.0.1:${proxy.port}`);
    const store = resilientStore(redisStore(redis), memoryStore(), { mode, probeIntervalMs: 0 }, { degraded: () => undefined, recovered: () => undefined });
    const { create } = await limitedApp(10, 100, store);
    await proxy.refuse();

    const response = await create(aWorkflowBody(), await aToken());

    expect(response.statusCode).toBe(status);
    if (status === 503) {
      expect(response.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(response.headers['retry-after']).toBe('5');
    }
    await proxy.close();
  });
});
