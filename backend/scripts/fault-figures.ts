/**
 * Prints what dependency failures cost a request: the latency a Redis outage adds to a
 * rate-limited request in `open` mode, how long a request takes to get its 503 when PostgreSQL
 * is gone, and how long the service takes to serve again once PostgreSQL is back.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379 npm run figures:faults
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { createDevTokenVerifier, loadOrCreateDevKeyPair, mintDevToken } from '../src/auth/index.js';
import { createRateLimiter, memoryStore, redisStore, resilientStore } from '../src/rate-limit/index.js';
import { createRedisClient } from '../src/rate-limit/redis-client.js';
import { connectPostgres } from '../src/shared/postgres-database.js';
import { loadSchema, migrate } from '../src/shared/migrate.js';
import { buildWorkflowsModule } from '../src/workflows/index.js';
import { startTcpProxy } from '../tests/support/tcp-proxy.js';

const SAMPLES = 300;
const databaseUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const redisUrl = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const summary = (values: number[]) => `p50 ${percentile(values, 50).toFixed(2)} ms, p99 ${percentile(values, 99).toFixed(2)} ms, max ${Math.max(...values).toFixed(2)} ms`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timeEach(count: number, work: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const startedAt = performance.now();
    await work();
    times.push(performance.now() - startedAt);
  }
  return times;
}

async function redisFigures(): Promise<void> {
  const proxy = await startTcpProxy(Number(redisUrl.port || 6379), redisUrl.hostname);
  const redis = createRedisClient(`redis://127.0.0.1:${proxy.port}`);
  await new Promise((resolve) => redis.once('ready', resolve));
  const store = resilientStore(redisStore(redis), memoryStore(), { mode: 'open' }, { degraded: () => undefined, recovered: () => undefined });
  const limiter = createRateLimiter([{ name: 'user', limit: 1_000_000, windowSeconds: 60 }, { name: 'account', limit: 1_000_000, windowSeconds: 60 }], store);
  const subject = { accountId: randomUUID(), userId: randomUUID() };
  const healthy = await timeEach(SAMPLES, () => limiter.check(subject));
  await proxy.refuse();
  const refused = await timeEach(SAMPLES, () => limiter.check(subject));
  await proxy.restore();
  await new Promise((resolve) => redis.once('ready', resolve));
  await sleep(1_100);
  await limiter.check(subject);
  proxy.blackhole();
  const hung = await timeEach(SAMPLES, () => limiter.check(subject));
  console.log('Rate-limit check (user + account policies), open mode:');
  console.log(`  Redis healthy:                     ${summary(healthy)}`);
  console.log(`  Redis refusing connections:        ${summary(refused)}`);
  console.log(`  Redis hung (command timeout 250 ms, probed once a second): ${summary(hung)}`);
  console.log(`  added by a refused Redis (p50):    ${(percentile(refused, 50) - percentile(healthy, 50)).toFixed(2)} ms`);
  redis.disconnect();
  await proxy.close();
}

async function postgresFigures(): Promise<void> {
  const direct = connectPostgres({ url: databaseUrl.toString(), poolMax: 2, acquireTimeoutMs: 2_000, statementTimeoutMs: 5_000, lockTimeoutMs: 5_000 });
  await migrate(direct, await loadSchema());
  await direct.close();
  const proxy = await startTcpProxy(Number(databaseUrl.port || 5432), databaseUrl.hostname);
  const viaProxy = new URL(databaseUrl);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  const database = connectPostgres({ url: viaProxy.toString(), poolMax: 10, acquireTimeoutMs: 2_000, statementTimeoutMs: 5_000, lockTimeoutMs: 5_000 });
  const dataDir = mkdtempSync(join(tmpdir(), 'fault-figures-'));
  const keys = await loadOrCreateDevKeyPair(dataDir);
  const app = await buildApp({ logger: false, readiness: { database: () => database.ping() }, modules: [await buildWorkflowsModule({ database, verifier: await createDevTokenVerifier(dataDir) })] });
  const token = await mintDevToken(keys.privateKey, keys.keyId, { org: `org_${randomUUID()}`, user: 'figures', permissions: ['org:workflows:create'] });
  const create = async () =>
    (await app.inject({ method: 'POST', url: '/api/v1/workflows', headers: { authorization: `Bearer ${token}` }, payload: { name: randomUUID() } })).statusCode;

  const healthy = await timeEach(50, create);
  await proxy.refuse();
  const statuses: number[] = [];
  const refused = await timeEach(20, async () => statuses.push(await create()));
  await proxy.restore();
  const restoredAt = performance.now();
  let recoveredMs = Number.NaN;
  while (performance.now() - restoredAt < 30_000) {
    if ((await create()) === 201) {
      recoveredMs = performance.now() - restoredAt;
      break;
    }
    await sleep(10);
  }
  await create();
  proxy.blackhole();
  const blackholed: number[] = [];
  const hung = await timeEach(5, async () => blackholed.push(await create()));
  console.log('Create workflow on PostgreSQL (pool 10, acquire timeout 2 s, statement timeout 5 s):');
  console.log(`  PostgreSQL healthy:                        ${summary(healthy)}`);
  console.log(`  PostgreSQL refusing connections -> ${[...new Set(statuses)].join('/')}:  ${summary(refused)}`);
  console.log(`  PostgreSQL silent (packets dropped) -> ${[...new Set(blackholed)].join('/')}: ${summary(hung)}`);
  console.log(`  first 201 after PostgreSQL came back:      ${recoveredMs.toFixed(1)} ms`);
  await app.close();
  await proxy.close();
  await database.close().catch(() => undefined);
}

await redisFigures();
await postgresFigures();
process.exit(0);
