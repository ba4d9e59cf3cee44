import { type Database } from '../../src/shared/database.js';
import { connectPostgres } from '../../src/shared/postgres-database.js';
import { openPglite } from '../../src/shared/pglite-database.js';
import { loadSchema, migrate, type Schema } from '../../src/shared/migrate.js';
import { createThrowawayPostgres } from './throwaway-postgres.js';

export type DatabaseKind = 'pglite' | 'postgres';

// Kept on globalThis: the test files of one worker run one after another in the same process
// (isolate: false in vitest.config.ts), and each may evaluate this module afresh.
const shared = globalThis as typeof globalThis & { sharedTestDatabases?: Map<DatabaseKind, Promise<Database>> };
const opened = (shared.sharedTestDatabases ??= new Map<DatabaseKind, Promise<Database>>());

async function openMigrated(kind: DatabaseKind): Promise<Database> {
  const database =
    kind === 'pglite'
      ? await openPglite()
      : connectPostgres({ url: process.env.DATABASE_URL ?? '', poolMax: 25, acquireTimeoutMs: 5_000, statementTimeoutMs: 10_000, lockTimeoutMs: 10_000 });
  await migrate(database, await loadSchema());
  return database;
}

/**
 * One migrated database of each kind per test worker: PGlite costs ~0.7 GB and seconds to start, so
 * tests share it, across the files a worker runs, and isolate themselves by using fresh account ids
 * instead of truncating tables.
 */
export function sharedDatabase(kind: DatabaseKind): Promise<Database> {
  let database = opened.get(kind);
  if (database === undefined) {
    database = openMigrated(kind);
    opened.set(kind, database);
  }
  return database;
}

/**
 * The databases the suites run on: PGlite always; PostgreSQL when DATABASE_URL is set, and always in
 * CI. TEST_DATABASE_KINDS=postgres narrows a run to PostgreSQL (the pass through a transaction
 * pooler, which changes nothing for PGlite).
 */
export function databaseKinds(): DatabaseKind[] {
  const postgres = process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== '';
  if (!postgres && process.env.CI === 'true') throw new Error('CI must run the PostgreSQL suites: set DATABASE_URL');
  if (!postgres) return ['pglite'];
  return process.env.TEST_DATABASE_KINDS === 'postgres' ? ['postgres'] : ['pglite', 'postgres'];
}

/**
 * A file is done with the shared databases: they stay open for the worker's next file, and go with
 * the worker's process. Closing them here would make every file pay PGlite's start-up again.
 */
export async function closeSharedDatabases(): Promise<void> {
  await Promise.resolve();
}

/**
 * The schema as a release whose last migration was `version` left it: the migrations up to it, and
 * none of today's function definitions.
 */
export async function schemaUpTo(version: string): Promise<Schema> {
  const { migrations } = await loadSchema();
  return { migrations: migrations.filter((migration) => migration.version <= version), repeatables: [] };
}

const emptied: (() => Promise<void>)[] = [];

/**
 * A database with nothing in it yet, for migration tests: PGlite in memory, or a throwaway
 * PostgreSQL database created with LC_CTYPE=C. closeEmptyDatabases() closes and drops them.
 */
export async function emptyDatabase(kind: DatabaseKind): Promise<Database> {
  if (kind === 'pglite') {
    const database = await openPglite();
    emptied.push(() => database.close());
    return database;
  }
  const throwaway = await createThrowawayPostgres(process.env.DATABASE_URL ?? '', 'C');
  const database = connectPostgres({ url: throwaway.url, poolMax: 2, acquireTimeoutMs: 5_000, statementTimeoutMs: 10_000, lockTimeoutMs: 10_000 });
  emptied.push(async () => {
    await database.close();
    await throwaway.drop();
  });
  return database;
}

export async function closeEmptyDatabases(): Promise<void> {
  for (const close of emptied.splice(0).reverse()) await close();
}
