import { type Database } from '../../src/shared/database.js';
import { connectPostgres } from '../../src/shared/postgres-database.js';
import { openPglite } from '../../src/shared/pglite-database.js';
import { MIGRATIONS_DIRECTORY, loadMigrations, migrate } from '../../src/shared/migrate.js';

export type DatabaseKind = 'pglite' | 'postgres';

const opened = new Map<DatabaseKind, Promise<Database>>();

async function openMigrated(kind: DatabaseKind): Promise<Database> {
  const database =
    kind === 'pglite'
      ? await openPglite()
      : connectPostgres({ url: process.env.DATABASE_URL ?? '', poolMax: 25, acquireTimeoutMs: 5_000, statementTimeoutMs: 10_000, lockTimeoutMs: 10_000 });
  await migrate(database, await loadMigrations(MIGRATIONS_DIRECTORY));
  return database;
}

/**
 * One migrated database of each kind per test file: PGlite costs ~0.7 GB and seconds to start, so
 * tests share it and isolate themselves by using fresh account ids instead of truncating tables.
 */
export function sharedDatabase(kind: DatabaseKind): Promise<Database> {
  let database = opened.get(kind);
  if (database === undefined) {
    database = openMigrated(kind);
    opened.set(kind, database);
  }
  return database;
}

/** The databases the suites run on: PGlite always; PostgreSQL when DATABASE_URL is set, and always in CI. */
export function databaseKinds(): DatabaseKind[] {
  if (process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== '') return ['pglite', 'postgres'];
  if (process.env.CI === 'true') throw new Error('CI must run the PostgreSQL suites: set DATABASE_URL');
  return ['pglite'];
}

export async function closeSharedDatabases(): Promise<void> {
  const databases = await Promise.all(opened.values());
  opened.clear();
  await Promise.all(databases.map((database) => database.close()));
}
