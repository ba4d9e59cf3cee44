import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { connectionLost, databaseUnavailable } from './database-errors.js';

/** A Drizzle handle: the root database or a transaction (both run the same queries). */
export type Executor = PgDatabase<PgQueryResultHKT>;

/** Runs a multi-statement script and parameterised queries on one raw connection. */
export interface ScriptSession {
  exec(script: string): Promise<void>;
  query<R>(text: string, params?: unknown[]): Promise<R[]>;
}

export type TransactionRunner = <T>(work: (tx: Executor) => Promise<T>) => Promise<T>;

export interface Database {
  readonly db: Executor;
  readonly dialect: 'pglite' | 'postgres';
  /**
   * One parameterised statement, atomic on its own, straight through the driver (no query builder,
   * no named prepared statement): one round trip. Bounded by the client-side query timeout.
   */
  query<R>(text: string, values?: readonly unknown[]): Promise<R[]>;
  /** The lock timeout a write should set for itself inside its statement; 0 where there is none. */
  readonly lockTimeoutMs: number;
  /** Runs `work` in one transaction: it commits when `work` resolves and rolls back when it throws. */
  readonly transaction: TransactionRunner;
  /** Runs `work` inside one transaction on a raw connection (migrations need multi-statement scripts). */
  inScriptTransaction<T>(work: (session: ScriptSession) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface PostgresOptions {
  readonly url: string;
  readonly poolMax: number;
  readonly acquireTimeoutMs: number;
  readonly statementTimeoutMs: number;
  readonly lockTimeoutMs: number;
  readonly onPoolError?: (error: Error) => void;
}

type Query = (...args: unknown[]) => unknown;

/**
 * Once a statement on `client` times out or its connection fails, the connection is destroyed and
 * every later statement fails at once: otherwise the ROLLBACK TO SAVEPOINT and ROLLBACK that follow
 * would each wait the whole query timeout again on a silent server.
 */
function failFast(client: pg.PoolClient): void {
  const query = client.query.bind(client) as Query;
  let lost: unknown;
  const failing: Query = (...args) => {
    if (lost !== undefined) return Promise.reject(lost instanceof Error ? lost : new Error('connection lost'));
    const result = query(...args);
    if (!(result instanceof Promise)) return result;
    return result.catch((error: unknown) => {
      if (connectionLost(error)) {
        lost = error;
        (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
      }
      throw error;
    });
  };
  Object.assign(client, { query: failing });
}

export function connectPostgres(options: PostgresOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax,
    connectionTimeoutMillis: options.acquireTimeoutMs,
    // A query whose connection dies silently, or that runs outside a transaction, still ends here.
    query_timeout: options.statementTimeoutMs + 1_000,
    keepAlive: true,
  });
  // An idle client that loses its server (restart, failover) emits here; without a listener
  // the process would crash. The pool drops the client and opens a new one on demand.
  pool.on('error', (error) => options.onPoolError?.(error));
  // The pool listens only to idle clients; a checked-out client whose server goes away mid-query
  // would emit an unhandled 'error' and end the process. The query itself fails and is answered 503.
  pool.on('connect', (client) => {
    client.on('error', (error) => options.onPoolError?.(error));
    failFast(client);
  });
  const db = drizzlePostgres({ client: pool }) as unknown as Executor;
  // Set per transaction, not as connection parameters: a transaction pooler (PgBouncer, Supavisor)
  // refuses or drops startup parameters, and SET LOCAL ends with the transaction either way. Sent
  // with BEGIN in one simple query (the values are the service's own numbers): one round trip.
  const begin = `BEGIN; SELECT set_config('statement_timeout', '${options.statementTimeoutMs}', true),
    set_config('lock_timeout', '${options.lockTimeoutMs}', true),
    set_config('idle_in_transaction_session_timeout', '${options.statementTimeoutMs * 2}', true)`;
  const onClient = async <T>(use: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      return await use(client);
    } catch (error) {
      broken = databaseUnavailable(error);
      throw error;
    } finally {
      client.release(broken);
    }
  };
  return {
    db,
    dialect: 'postgres',
    query: <R>(text: string, values: readonly unknown[] = []) => onClient(async (client) => (await client.query(text, [...values])).rows as R[]),
    lockTimeoutMs: options.lockTimeoutMs,
    // Drizzle's pool transaction leaks its connection when BEGIN itself fails (a dropped server),
    // and hands a broken connection back to the pool; this one owns the checkout and releases a
    // connection that failed at the network level as broken, so the pool replaces it. The work gets
    // a plain handle on the connection: it must not open transactions of its own.
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query(begin);
        const result = await work(drizzlePostgres({ client }));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        broken = databaseUnavailable(error);
        // A lost connection has nothing to roll back: the server ends the transaction with it.
        if (!connectionLost(error)) await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async inScriptTransaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          exec: async (script) => {
            await client.query(script);
          },
          query: async <R>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as R[],
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  };
}

/** Embedded PostgreSQL: `dataDir` on disk, or in memory when undefined. */
export async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir);
  const db = drizzlePglite({ client }) as unknown as Executor;
  return {
    db,
    dialect: 'pglite',
    query: async <R>(text: string, values: readonly unknown[] = []) => (await client.query<R>(text, [...values])).rows,
    // One process, no network, no other writer to wait for long.
    lockTimeoutMs: 0,
    transaction: (work) => db.transaction(work),
    inScriptTransaction: (work) =>
      client.transaction((tx) =>
        work({
          exec: async (script) => {
            await tx.exec(script);
          },
          query: async <R>(text: string, params: unknown[] = []) => (await tx.query<R>(text, params)).rows,
        }),
      ),
    ping: async () => {
      await client.query('select 1');
    },
    close: () => client.close(),
  };
}

/** Rows of a raw SQL query; both drivers answer with `{ rows }`. */
export async function selectRows<R>(db: Executor, query: SQL): Promise<R[]> {
  const result = (await db.execute(query)) as { rows: R[] };
  return result.rows;
}
