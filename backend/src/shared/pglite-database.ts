import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Database } from './database.js';

/** Embedded PostgreSQL: `dataDir` on disk, or in memory when undefined. */
export async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  // A laptop's database: PostgreSQL's default 128 MB of shared buffers would take RSS to ~320 MB; 16 MB
  // halves it and starts sooner.
  const client = await PGlite.create(dataDir, { postgresqlconf: ['shared_buffers=16MB'] });
  return {
    dialect: 'pglite',
    query: async <R>(text: string, values: readonly unknown[] = []) => (await client.query<R>(text, [...values])).rows,
    // One statement is a transaction of its own; an embedded database has no network to time out on.
    write: async <R>(text: string, values: readonly unknown[] = []) => (await client.query<R>(text, [...values])).rows,
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

