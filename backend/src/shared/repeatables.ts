import type { ScriptSession } from './database.js';

/**
 * A database function's definition, kept in its module's sql/ folder (`<module>/sql/<name>.sql`, the
 * ledger's name for it): a script that can run any number of times (CREATE OR REPLACE), applied after
 * the versioned migrations whenever its text differs from the one the database last applied.
 */
export interface Repeatable {
  readonly name: string;
  readonly script: string;
  readonly checksum: string;
}

/** Every text each definition ever had on this database, and the one it has now. */
export interface AppliedRepeatables {
  readonly current: ReadonlyMap<string, string>;
  readonly known: ReadonlySet<string>;
}

// One row per text a definition has had: a later release's text supersedes an earlier one, and an
// instance of that earlier release, still running during a rolling deploy, can tell the database is
// ahead of it rather than behind. clock_timestamp(), not now(): a migrator that waited for the
// advisory lock began its transaction before the one it waited for committed.
const LEDGER = `CREATE TABLE IF NOT EXISTS schema_repeatables (
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (name, checksum)
)`;

const RECORD = `INSERT INTO schema_repeatables (name, checksum) VALUES ($1, $2)
  ON CONFLICT (name, checksum) DO UPDATE SET applied_at = clock_timestamp()`;

const knownKey = (name: string, checksum: string) => `${name}\n${checksum}`;

/** The ledger as it is; empty when there is none yet. */
export async function appliedRepeatables(session: ScriptSession): Promise<AppliedRepeatables> {
  const [ledger] = await session.query<{ present: boolean }>("SELECT to_regclass('schema_repeatables') IS NOT NULL AS present");
  const rows =
    ledger?.present === true
      ? await session.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_repeatables ORDER BY applied_at')
      : [];
  return {
    current: new Map(rows.map((row) => [row.name, row.checksum])),
    known: new Set(rows.map((row) => knownKey(row.name, row.checksum))),
  };
}

/**
 * The definitions whose text this database has never applied. One it applied before and has since
 * replaced is not stale: a later release replaced it, and the earlier code still runs against it.
 */
export function staleRepeatables(repeatables: readonly Repeatable[], applied: AppliedRepeatables): string[] {
  return repeatables.filter((repeatable) => !applied.known.has(knownKey(repeatable.name, repeatable.checksum))).map((repeatable) => repeatable.name);
}

/** Runs every definition whose text is not the database's current one; returns their names. */
export async function applyRepeatables(session: ScriptSession, repeatables: readonly Repeatable[]): Promise<string[]> {
  await session.exec(LEDGER);
  const { current } = await appliedRepeatables(session);
  const changed = repeatables.filter((repeatable) => current.get(repeatable.name) !== repeatable.checksum);
  for (const repeatable of changed) {
    await session.exec(repeatable.script);
    await session.query(RECORD, [repeatable.name, repeatable.checksum]);
  }
  return changed.map((repeatable) => repeatable.name);
}
