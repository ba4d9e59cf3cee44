import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, ScriptSession } from './database.js';

export interface Migration {
  readonly version: string;
  readonly script: string;
  readonly checksum: string;
}

export class MigrationChangedError extends Error {
  constructor(version: string) {
    super(`migration ${version} was changed after it was applied; migrations are additive only`);
  }
}

/** Every module's SQL, in one ordered folder (backend/migrations, beside src/ and dist/ alike). */
export const MIGRATIONS_DIRECTORY = fileURLToPath(new URL('../../migrations', import.meta.url));

// Serialises concurrent migrators (several instances starting at once) on one database.
const MIGRATION_LOCK_KEY = 7_302_114_951;

export async function loadMigrations(directory: string): Promise<Migration[]> {
  const files = (await readdir(directory)).filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file)).sort();
  return Promise.all(
    files.map(async (file) => {
      const script = await readFile(join(directory, file), 'utf8');
      return { version: file.replace(/\.sql$/, ''), script, checksum: createHash('sha256').update(script).digest('hex') };
    }),
  );
}

async function appliedChecksums(session: ScriptSession): Promise<Map<string, string>> {
  await session.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const rows = await session.query<{ version: string; checksum: string }>('SELECT version, checksum FROM schema_migrations');
  return new Map(rows.map((row) => [row.version, row.checksum]));
}

/** Applies the pending migrations in order, all in one transaction; returns the versions applied. */
export async function migrate(database: Database, migrations: readonly Migration[]): Promise<string[]> {
  return database.inScriptTransaction(async (session) => {
    await session.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await appliedChecksums(session);
    const pending: string[] = [];
    for (const migration of migrations) {
      const checksum = applied.get(migration.version);
      if (checksum === undefined) {
        await session.exec(migration.script);
        await session.query('INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)', [migration.version, migration.checksum]);
        pending.push(migration.version);
      } else if (checksum !== migration.checksum) {
        throw new MigrationChangedError(migration.version);
      }
    }
    return pending;
  });
}

/** The versions not yet applied; an unreadable or missing ledger means all of them. */
export async function pendingMigrations(database: Database, migrations: readonly Migration[]): Promise<string[]> {
  const applied = await database.inScriptTransaction(async (session) => {
    const ledger = await session.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
    if (ledger[0]?.present !== true) return new Set<string>();
    const rows = await session.query<{ version: string }>('SELECT version FROM schema_migrations');
    return new Set(rows.map((row) => row.version));
  });
  return migrations.filter((migration) => !applied.has(migration.version)).map((migration) => migration.version);
}
