import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { connectPostgres } from '../../src/shared/postgres-database.js';
import { loadSchema, migrate } from '../../src/shared/migrate.js';
import { referenceBaseline, sameSqlBaseline } from './baselines.js';
import { benchCallers } from './callers.js';
import { drive, type Endpoint } from './load.js';
import { printBaselines, printMode, type BaselineResult, type ModeResult, type PointResult } from './report.js';
import { startService } from './service-process.js';

/*
 * npm run bench [-- --quick] [--source] [--seconds 10] [--connections 1,8,32,64] [--workers 1,2] [--modes embedded,postgres] [--out file]
 * Starts the service itself in each mode, drives create, get-by-id, list (a page of 20) and PATCH
 * (a new description, If-Match: *) with autocannon, and runs the
 * database-only baselines in the same run. PostgreSQL mode needs DATABASE_URL (a server where it may
 * create the database workflow_bench) and REDIS_URL.
 */
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    source: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    connections: { type: 'string', default: '1,8,32,64' },
    workers: { type: 'string', default: '1,2' },
    modes: { type: 'string', default: 'embedded,postgres' },
    out: { type: 'string', default: 'bench-results.json' },
  },
});
const seconds = Number(values.seconds ?? (values.quick ? 2 : 10));
const connectionCounts = values.connections.split(',').map(Number);
const workerCounts = values.workers.split(',').map(Number);
const modes = values.modes.split(',');
const ENDPOINTS: readonly Endpoint[] = ['create', 'get', 'list', 'patch'];
const UNLIMITED = { FEATURE_WORKFLOW_RATE_LIMIT: '9999999/60s', WORKFLOW_RATE_LIMIT_ACCOUNT: '9999999/60s' };

async function measureMode(mode: string, workers: number, env: Record<string, string>): Promise<ModeResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'workflow-bench-'));
  const serviceEnv = { ...UNLIMITED, ...env, DATA_DIR: dataDir, WEB_CONCURRENCY: String(workers) };
  const first = await startService(serviceEnv, values.source);
  await first.stop();
  const service = await startService(serviceEnv, values.source);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const idleRss = service.rss();
  const callers = await benchCallers(dataDir, service.url);
  const points: PointResult[] = [];
  for (const endpoint of ENDPOINTS) {
    for (const connections of connectionCounts) {
      const watcher = service.watchPeakRss();
      const cpuBefore = service.cpuMs();
      const figures = await drive(service.url, endpoint, callers, connections, seconds);
      const cpuMsPerRequest = (service.cpuMs() - cpuBefore) / Math.max(1, figures.requests);
      points.push({ ...figures, endpoint, connections, peakRss: watcher.stop(), cpuMsPerRequest });
    }
  }
  await service.stop();
  return { mode, workers, firstStartMs: first.startupMs, laterStartMs: service.startupMs, idleRss, points };
}

/** A fresh database on the configured server, so every run starts from the same empty tables. */
async function benchDatabase(serverUrl: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS workflow_bench WITH (FORCE)');
  await admin.query('CREATE DATABASE workflow_bench');
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = '/workflow_bench';
  const database = connectPostgres({ url: url.toString(), poolMax: 2, acquireTimeoutMs: 5_000, statementTimeoutMs: 60_000, lockTimeoutMs: 60_000 });
  await migrate(database, await loadSchema());
  await database.close();
  return url.toString();
}

async function baselines(databaseUrl: string): Promise<BaselineResult[]> {
  const results: BaselineResult[] = [];
  for (const connections of connectionCounts) {
    const database = connectPostgres({ url: databaseUrl, poolMax: connections, acquireTimeoutMs: 5_000, statementTimeoutMs: 5_000, lockTimeoutMs: 5_000 });
    const sameSql = await sameSqlBaseline(database, connections, seconds);
    await database.close();
    results.push({ connections, sameSql, reference: await referenceBaseline(databaseUrl, connections, seconds) });
  }
  return results;
}

async function postgresMode(): Promise<{ modes: ModeResult[]; baselines: BaselineResult[] } | undefined> {
  const { DATABASE_URL: serverUrl, REDIS_URL: redisUrl } = process.env;
  if (serverUrl === undefined || redisUrl === undefined) {
    console.log('\n== PostgreSQL + Redis: skipped (set DATABASE_URL and REDIS_URL)');
    return undefined;
  }
  const databaseUrl = await benchDatabase(serverUrl);
  const results: ModeResult[] = [];
  for (const workers of workerCounts) {
    const result = await measureMode('PostgreSQL + Redis', workers, { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl });
    printMode(result);
    results.push(result);
  }
  const measured = await baselines(databaseUrl);
  for (const result of results) printBaselines(result, measured);
  return { modes: results, baselines: measured };
}

async function main(): Promise<void> {
  if (!values.source) execFileSync(process.execPath, ['scripts/build.js', '--if-stale'], { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: 'inherit' });
  console.log(`workflow service benchmark: ${seconds} s per point, connections ${connectionCounts.join(', ')}`);
  const embedded = modes.includes('embedded') ? await measureMode('embedded (PGlite, in-process limiter)', 1, { DATABASE_URL: '', REDIS_URL: '' }) : undefined;
  if (embedded !== undefined) printMode(embedded);
  const postgres = modes.includes('postgres') ? await postgresMode() : undefined;
  const report = { date: new Date().toISOString(), seconds, node: process.version, embedded, postgres };
  writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nfigures written to ${values.out}`);
}

await main();
