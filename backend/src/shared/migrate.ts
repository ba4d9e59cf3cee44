import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, ScriptSession } from './database.js';
import { appliedRepeatables, applyRepeatables, staleRepeatables, type Repeatable } from './repeatables.js';

export type { Repeatable } from './repeatables.js';

export interface Migration {
  readonly version: string;
  readonly script: string;
  readonly checksum: string;
}

/**
 * What the code expects of the database: the versioned migrations (tables, indexes, data), applied
 * once each in order, then every module's database functions, applied again whenever their text changes.
 */
export interface Schema {
  readonly migrations: readonly Migration[];
  readonly repeatables: readonly Repeatable[];
}

export class MigrationChangedError extends Error {
  constructor(version: string) {
    super(`migration ${version} was changed after it was applied; migrations are additive only`);
  }
}

/** Every module's versioned SQL, in one ordered folder (backend/migrations, beside src/ and dist/ alike). */
const MIGRATIONS_DIRECTORY = fileURLToPath(new URL('../../migrations', import.meta.url));

/** The modules' folder (src/, or dist/ where the build copies each module's sql/ folder beside its code). */
const MODULES_DIRECTORY = fileURLToPath(new URL('..', import.meta.url));

// Serialises concurrent migrators (several instances starting at once) on one database.
const MIGRATION_LOCK_KEY = 7_302_114_951;

const checksumOf = (script: string) => createHash('sha256').update(script).digest('hex');

async function scriptsIn(directory: string, pattern: RegExp): Promise<{ file: string; script: string; checksum: string }[]> {
  const files = (await readdir(directory).catch((error: unknown) => {
    if ((error as { code?: unknown }).code === 'ENOENT') return [];
    throw error;
  })).filter((file) => pattern.test(file)).sort();
  return Promise.all(files.map(async (file) => {
    const script = await readFile(join(directory, file), 'utf8');
    return { file, script, checksum: checksumOf(script) };
  }));
}

/** `<module>/sql/<name>.sql` for every module: a function's definition, under the path it is read from. */
async function loadRepeatables(modulesDirectory: string): Promise<Repeatable[]> {
  const modules = (await readdir(modulesDirectory, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const perModule = await Promise.all(
    modules.map(async (module) =>
      (await scriptsIn(join(modulesDirectory, module, 'sql'), /^[a-z0-9_]+\.sql$/)).map(({ file, script, checksum }) => ({ name: `${module}/sql/${file}`, script, checksum })),
    ),
  );
  return perModule.flat();
}

export async function loadSchema(directories = { migrations: MIGRATIONS_DIRECTORY, modules: MODULES_DIRECTORY }): Promise<Schema> {
  const [migrations, repeatables] = await Promise.all([
    scriptsIn(directories.migrations, /^\d{4}_[a-z0-9_]+\.sql$/),
    loadRepeatables(directories.modules),
  ]);
  return { migrations: migrations.map(({ file, script, checksum }) => ({ version: file.replace(/\.sql$/, ''), script, checksum })), repeatables };
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

async function applyMigrations(session: ScriptSession, migrations: readonly Migration[]): Promise<string[]> {
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
}

/**
 * Applies the pending migrations in order, then every function definition whose text differs from
 * the one the database last applied, all in one transaction; returns what it applied.
 */
export async function migrate(database: Database, schema: Schema): Promise<string[]> {
  return database.inScriptTransaction(async (session) => {
    await session.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const versions = await applyMigrations(session, schema.migrations);
    return [...versions, ...(await applyRepeatables(session, schema.repeatables))];
  });
}

/**
 * What this code needs that the database lacks: migrations not applied, and function definitions
 * it has never applied. A missing or unreadable ledger means all of them.
 */
export async function pendingMigrations(database: Database, schema: Schema): Promise<string[]> {
  return database.inScriptTransaction(async (session) => {
    const ledger = await session.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
    const versions = ledger[0]?.present === true ? await session.query<{ version: string }>('SELECT version FROM schema_migrations') : [];
    const applied = new Set(versions.map((row) => row.version));
    const pending = schema.migrations.filter((migration) => !applied.has(migration.version)).map((migration) => migration.version);
    return [...pending, ...staleRepeatables(schema.repeatables, await appliedRepeatables(session))];
  });
}
