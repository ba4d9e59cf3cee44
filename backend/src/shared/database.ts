import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

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
   * One parameterised read, straight through the driver (no query builder, no named prepared
   * statement), outside any transaction: bounded by the client-side query timeout.
   */
  query<R>(text: string, values?: readonly unknown[]): Promise<R[]>;
  /**
   * One parameterised write in a transaction of its own, under the server-side statement and lock
   * timeouts: a write that outlives them is cancelled and rolled back, never committed behind a 503.
   */
  write<R>(text: string, values?: readonly unknown[]): Promise<R[]>;
  /** Runs `work` in one transaction: it commits when `work` resolves and rolls back when it throws. */
  readonly transaction: TransactionRunner;
  /** Runs `work` inside one transaction on a raw connection (migrations need multi-statement scripts). */
  inScriptTransaction<T>(work: (session: ScriptSession) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Rows of a raw SQL query; both drivers answer with `{ rows }`. */
export async function selectRows<R>(db: Executor, query: SQL): Promise<R[]> {
  const result = (await db.execute(query)) as { rows: R[] };
  return result.rows;
}
