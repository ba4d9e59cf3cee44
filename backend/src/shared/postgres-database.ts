import pg from 'pg';
import { connectionLost, databaseUnavailable } from './database-errors.js';
import type { Database } from './database.js';

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

function createPool(options: PostgresOptions): pg.Pool {
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
  return pool;
}

/**
 * Set per transaction, not as connection parameters: a transaction pooler (PgBouncer, Supavisor)
 * refuses or drops startup parameters, and SET LOCAL ends with the transaction either way. Sent
 * with BEGIN in one simple query (the values are the service's own numbers): one round trip.
 */
function beginStatement(options: PostgresOptions): string {
  return `BEGIN; SELECT set_config('statement_timeout', '${options.statementTimeoutMs}', true),
    set_config('lock_timeout', '${options.lockTimeoutMs}', true),
    set_config('idle_in_transaction_session_timeout', '${options.statementTimeoutMs * 2}', true)`;
}

type OnClient = <T>(use: (client: pg.PoolClient) => Promise<T>) => Promise<T>;

/**
 * The service owns every checkout: pg-pool's query() drops the connection on any error at all, and a
 * transaction must release its connection even when BEGIN itself fails (a dropped server). A
 * connection that failed at the network level is released as broken, so the pool replaces it.
 */
function checkouts(pool: pg.Pool, begin: string): { onClient: OnClient; inTransaction: OnClient } {
  const onClient: OnClient = async (use) => {
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
  const inTransaction: OnClient = (use) =>
    onClient(async (client) => {
      try {
        await client.query(begin);
        const result = await use(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A lost connection has nothing to roll back: the server ends the transaction with it.
        if (!connectionLost(error)) await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  return { onClient, inTransaction };
}

/** A migration's transaction: scripts and queries on one connection, without the request timeouts. */
function scriptTransaction(pool: pg.Pool): Database['inScriptTransaction'] {
  return async (work) => {
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
  };
}

export function connectPostgres(options: PostgresOptions): Database {
  const pool = createPool(options);
  const { onClient, inTransaction } = checkouts(pool, beginStatement(options));
  const query = <R>(text: string, values: readonly unknown[] = []) => onClient(async (client) => (await client.query(text, [...values])).rows as R[]);
  return {
    dialect: 'postgres',
    query,
    write: <R>(text: string, values: readonly unknown[] = []) => inTransaction(async (client) => (await client.query(text, [...values])).rows as R[]),
    inScriptTransaction: scriptTransaction(pool),
    // Through the same checkout as every request, so a broken connection found here is replaced too.
    ping: async () => {
      await query('select 1');
    },
    close: () => pool.end(),
  };
}
