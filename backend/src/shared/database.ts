import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';

/** A Drizzle handle: the root database or a transaction (both run the same queries). */
export type Executor = PgDatabase<PgQueryResultHKT>;

/** Runs a multi-statement script and parameterised queries on one raw connection. */
export interface ScriptSession {
  exec(script: string): Promise<void>;
  query<R>(text: string, params?: unknown[]): Promise<R[]>;
}

export interface Database {
  readonly db: Executor;
  readonly dialect: 'pglite' | 'postgres';
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

export function connectPostgres(options: PostgresOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax,
    connectionTimeoutMillis: options.acquireTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    lock_timeout: options.lockTimeoutMs,
    idle_in_transaction_session_timeout: options.statementTimeoutMs * 2,
    // A query whose connection dies silently must still end.
    query_timeout: options.statementTimeoutMs + 1_000,
    keepAlive: true,
  });
  // An idle client that loses its server (restart, failover) emits here; without a listener
  // the process would crash. The pool drops the client and opens a new one on demand.
  pool.on('error', (error) => options.onPoolError?.(error));
  const db = drizzlePostgres({ client: pool }) as unknown as Executor;
  return {
    db,
    dialect: 'postgres',
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
