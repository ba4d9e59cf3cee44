import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresErrorOf } from '../../../src/shared/database-errors.js';
import type { Database } from '../../../src/shared/database.js';
import { connectPostgres, type PostgresOptions } from '../../../src/shared/postgres-database.js';
import { accountIdFromOrganization } from '../../../src/shared/ids.js';
import { aTestApp, aToken, aWorkflowBody } from '../../support/app.js';
import { caught } from '../../support/caught.js';
import { closeSharedDatabases, sharedDatabase } from '../../support/database.js';
import { queryRows, sql } from '../../support/sql.js';

const url = process.env.DATABASE_URL ?? '';
/** Where scripts/pgbouncer.sh runs PgBouncer in transaction mode; CI runs the PostgreSQL suites a second time through it. */
const PGBOUNCER_PORT = '6432';
const throughTransactionPooler = URL.canParse(url) && new URL(url).port === PGBOUNCER_PORT;

const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const each of opened.reverse()) await each.close().catch(() => undefined);
  await closeSharedDatabases();
});

function pooled(options: Partial<Omit<PostgresOptions, 'url'>> = {}): Database {
  const database = connectPostgres({ url, poolMax: 5, acquireTimeoutMs: 5_000, statementTimeoutMs: 5_000, lockTimeoutMs: 5_000, ...options });
  opened.push(database);
  return database;
}

interface Session {
  pid: number;
  statement_timeout: string;
  lock_timeout: string;
  idle_in_transaction_session_timeout: string;
}

// The session's current values, and the values it started with (server, database and role defaults).
const SESSION = `select pg_backend_pid() as pid,
  current_setting('statement_timeout') as statement_timeout,
  current_setting('lock_timeout') as lock_timeout,
  current_setting('idle_in_transaction_session_timeout') as idle_in_transaction_session_timeout`;
const DEFAULTS = `select name, reset_val from pg_settings where name in ('statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout') order by name`;

const settingsOf = (session: Session) => ({
  statement_timeout: session.statement_timeout,
  lock_timeout: session.lock_timeout,
  idle_in_transaction_session_timeout: session.idle_in_transaction_session_timeout,
});

describe.runIf(throughTransactionPooler)('through a transaction pooler (PgBouncer in transaction mode on port 6432)', () => {
  it('leaves no timeout behind on the server session that the next client of the pooler gets', async () => {
    await sharedDatabase('postgres');
    const database = pooled({ poolMax: 1, statementTimeoutMs: 700, lockTimeoutMs: 600 });
    const plain = new pg.Client({ connectionString: url });
    await plain.connect();
    opened.push({ close: () => plain.end() });

    const sightings: { inside: Session; after: Session; defaults: Record<string, string> }[] = [];
    for (let round = 0; round < 50; round++) {
      const [inside] = await database.write<Session>(SESSION);
      // Outside any transaction, on another client: the pooler hands it the server session it has just got back.
      const after = (await plain.query<Session>(SESSION)).rows[0];
      const defaults = (await plain.query<{ name: string; reset_val: string }>(DEFAULTS)).rows;
      if (inside === undefined || after === undefined) throw new Error('no row');
      sightings.push({ inside, after, defaults: Object.fromEntries(defaults.map((row) => [row.name, row.reset_val])) });
    }

    expect(new Set(sightings.map(({ inside }) => JSON.stringify(settingsOf(inside))))).toEqual(
      new Set([JSON.stringify({ statement_timeout: '700ms', lock_timeout: '600ms', idle_in_transaction_session_timeout: '1400ms' })]),
    );
    // The plain client did get server sessions the service's transactions had used: a leak would show.
    expect(sightings.filter(({ inside, after }) => inside.pid === after.pid).length).toBeGreaterThan(0);
    for (const { after, defaults } of sightings) {
      expect(settingsOf(after)).toEqual({
        statement_timeout: defaults.statement_timeout,
        lock_timeout: defaults.lock_timeout,
        idle_in_transaction_session_timeout: defaults.idle_in_transaction_session_timeout,
      });
    }
    expect(sightings[0]?.after.statement_timeout).toBe('0');
  });

  it('answers 201 to 200 concurrent creates over 20 connections: no prepared statement crosses server connections', async () => {
    await sharedDatabase('postgres');
    const { create, database } = await aTestApp({ database: pooled({ poolMax: 20, acquireTimeoutMs: 15_000 }) });
    const org = `org_${randomUUID()}`;
    const token = await aToken({ org });

    const responses = await Promise.all(Array.from({ length: 200 }, (_, index) => create(aWorkflowBody({ name: `Pooled ${String(index)}` }), token)));

    expect(responses.filter((response) => response.statusCode !== 201).map((response) => response.body)).toEqual([]);
    const accountId = accountIdFromOrganization(org);
    const counts = await queryRows<{ workflows: number; audits: number }>(database, sql`select
      (select count(*)::int from workflows where account_id = ${accountId}) as workflows,
      (select count(*)::int from audit_logs where account_id = ${accountId}) as audits`);
    expect(counts).toEqual([{ workflows: 200, audits: 200 }]);
  });

  it('still has the server cancel a statement past the statement timeout, and serves the next transaction', async () => {
    const database = pooled({ poolMax: 2, statementTimeoutMs: 500, lockTimeoutMs: 500 });

    const startedAt = performance.now();
    const error = await caught(() => database.write('select pg_sleep(3)'));
    const ms = performance.now() - startedAt;

    // 57014 query_canceled comes from the server's statement_timeout, not from the client's own read timeout (1.5 s).
    expect(postgresErrorOf(error)?.code).toBe('57014');
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(1_500);
    expect(await database.write<{ one: number }>('select 1 as one')).toEqual([{ one: 1 }]);
  });
});
