import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { accountIdFromOrganization } from '../../../src/shared/ids.js';
import type { Database } from '../../../src/shared/database.js';
import { connectPostgres } from '../../../src/shared/postgres-database.js';
import { aTestApp, aToken, aWorkflowBody, type TestApp } from '../../support/app.js';
import { closeSharedDatabases, databaseKinds, sharedDatabase } from '../../support/database.js';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.js';
import { queryRows, sql } from '../../support/sql.js';

const ACQUIRE_TIMEOUT_MS = 800;
const STATEMENT_TIMEOUT_MS = 1_000;
// A refused request must be answered within the acquire and statement bounds, plus scheduling slack.
const ANSWER_BOUND_MS = ACQUIRE_TIMEOUT_MS + STATEMENT_TIMEOUT_MS + 1_500;

const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const each of opened.reverse()) await each.close().catch(() => undefined);
  await closeSharedDatabases();
});

const url = process.env.DATABASE_URL ?? '';

async function appThrough(proxy: TcpProxy | undefined, poolMax = 5): Promise<{ app: TestApp; database: Database }> {
  const target = new URL(url);
  if (proxy !== undefined) {
    target.hostname = '127.0.0.1';
    target.port = String(proxy.port);
  }
  const database = connectPostgres({ url: target.toString(), poolMax, acquireTimeoutMs: ACQUIRE_TIMEOUT_MS, statementTimeoutMs: STATEMENT_TIMEOUT_MS, lockTimeoutMs: STATEMENT_TIMEOUT_MS });
  opened.push(database);
  return { app: await aTestApp({ database }), database };
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const startedAt = performance.now();
  const result = await work();
  return { result, ms: performance.now() - startedAt };
}

/** No workflow without its audit row, no audit row without its workflow. */
async function auditInvariant(accountId: string) {
  const direct = await sharedDatabase('postgres');
  return queryRows<{ orphans: number; unaudited: number }>(direct, sql`select
    (select count(*)::int from audit_logs a where a.account_id = ${accountId} and not exists (select 1 from workflows w where w.id = a.entity_id)) as orphans,
    (select count(*)::int from workflows w where w.account_id = ${accountId} and (select count(*) from audit_logs a where a.entity_id = w.id) <> 1) as unaudited`);
}

describe.runIf(databaseKinds().includes('postgres'))('PostgreSQL failures', () => {
  it('answers 503 quickly while PostgreSQL is cut mid-traffic, recovers by itself, and keeps every workflow with its audit row', async () => {
    const target = new URL(url);
    const proxy = await startTcpProxy(Number(target.port || 5432), target.hostname);
    opened.push(proxy);
    const { app, database } = await appThrough(proxy);
    const org = `org_${randomUUID()}`;
    const token = await aToken({ org });
    const answers: { status: number; ms: number; phase: string }[] = [];
    let phase = 'before';
    let running = true;
    const worker = async () => {
      while (running) {
        const { result, ms } = await timed(() => app.create(aWorkflowBody(), token));
        answers.push({ status: result.statusCode, ms, phase });
      }
    };

    const workers = Promise.all(Array.from({ length: 4 }, worker));
    await new Promise((resolve) => setTimeout(resolve, 400));
    phase = 'cut';
    await proxy.refuse();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const ready = await app.request({ method: 'GET', url: '/readyz' });
    phase = 'restored';
    await proxy.restore();
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !answers.some((answer) => answer.phase === 'restored' && answer.status === 201)) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    running = false;
    await workers;

    expect(ready.statusCode).toBe(503);
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([201, 503]));
    const refused = answers.filter((answer) => answer.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(Math.max(...refused.map((answer) => answer.ms))).toBeLessThan(ANSWER_BOUND_MS);
    expect(answers.some((answer) => answer.phase === 'restored' && answer.status === 201)).toBe(true);
    expect((await app.request({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    expect(await auditInvariant(accountIdFromOrganization(org))).toEqual([{ orphans: 0, unaudited: 0 }]);
    // A connection leaked by a transaction whose BEGIN failed would keep the pool from ever closing.
    const closing = Promise.race([database.close().then(() => 'closed'), new Promise((resolve) => setTimeout(resolve, 3_000, 'leaked'))]);
    await expect(closing).resolves.toBe('closed');
  });

  it('answers requests caught in a transaction when PostgreSQL goes silent within the statement timeout plus a margin', async () => {
    const target = new URL(url);
    const proxy = await startTcpProxy(Number(target.port || 5432), target.hostname);
    opened.push(proxy);
    const { app } = await appThrough(proxy);
    const token = await aToken();
    const refused: number[] = [];
    let running = true;
    const worker = async () => {
      while (running) {
        const { result, ms } = await timed(() => app.create(aWorkflowBody(), token));
        if (result.statusCode === 503) refused.push(ms);
      }
    };

    const workers = Promise.all(Array.from({ length: 4 }, worker));
    await new Promise((resolve) => setTimeout(resolve, 300));
    proxy.blackhole();
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    running = false;
    await workers;

    expect(refused.length).toBeGreaterThanOrEqual(4);
    // The client-side bound is the statement timeout + 1 s; a rollback must not wait on the dead socket again.
    expect(Math.max(...refused)).toBeLessThan(STATEMENT_TIMEOUT_MS + 1_000 + 1_000);
  });

  it('bounds every transaction by the statement and lock timeouts, set per transaction for poolers', async () => {
    const { database } = await appThrough(undefined);

    const settings = await database.write<{ statement: string; lock: string }>("select current_setting('statement_timeout') as statement, current_setting('lock_timeout') as lock");
    const outside = await queryRows<{ statement: string }>(database, sql`select current_setting('statement_timeout') as statement`);

    expect(settings).toEqual([{ statement: '1s', lock: '1s' }]);
    expect(outside).toEqual([{ statement: '0' }]);
  });

  it('answers 503 when a lock holds the statement past the lock timeout, and writes nothing', async () => {
    const { app } = await appThrough(undefined);
    const org = `org_${randomUUID()}`;
    const accountId = accountIdFromOrganization(org);
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query("insert into workflows (id, account_id, name, name_key, status) values ($1, $2, 'Contended', 'contended', 'draft')", [randomUUID(), accountId]);

    try {
      const { result, ms } = await timed(async () => app.create(aWorkflowBody({ name: 'Contended' }), await aToken({ org })));

      expect(result.statusCode).toBe(503);
      expect(result.headers['retry-after']).toBe('5');
      expect(ms).toBeLessThan(ANSWER_BOUND_MS);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    expect(await auditInvariant(accountId)).toEqual([{ orphans: 0, unaudited: 0 }]);
  });

  it('answers 503 within the acquire timeout when the pool is exhausted', async () => {
    const { app, database } = await appThrough(undefined, 1);
    let release: () => void = () => undefined;
    const held = database.inScriptTransaction(() => new Promise<void>((resolve) => { release = resolve; }));

    try {
      const { result, ms } = await timed(async () => app.create(aWorkflowBody(), await aToken()));

      expect(result.statusCode).toBe(503);
      expect(ms).toBeGreaterThanOrEqual(ACQUIRE_TIMEOUT_MS - 50);
      expect(ms).toBeLessThan(ANSWER_BOUND_MS);
    } finally {
      release();
      await held;
    }
    expect((await app.create(aWorkflowBody(), await aToken())).statusCode).toBe(201);
  });
});
