import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/shared/database.js';
import { loadSchema, migrate, pendingMigrations, type Repeatable } from '../../src/shared/migrate.js';
import { closeEmptyDatabases, databaseKinds, emptyDatabase } from '../support/database.js';

afterAll(closeEmptyDatabases);

/** A function definition answering `answer`, as a module's sql/ folder would hold it. */
function definition(name: string, answer: number): Repeatable {
  const script = `CREATE OR REPLACE FUNCTION ${name}() RETURNS integer LANGUAGE sql AS 'SELECT ${String(answer)}';`;
  return { name: `demo/sql/${name}.sql`, script, checksum: createHash('sha256').update(script).digest('hex') };
}

const only = (...repeatables: Repeatable[]) => ({ migrations: [], repeatables });

async function answerOf(database: Database, name: string): Promise<number | undefined> {
  const [row] = await database.query<{ answer: number }>(`SELECT ${name}() AS answer`);
  return row?.answer;
}

describe('loading the schema', () => {
  it("reads the versioned migrations and each module's function definitions from its sql folder", async () => {
    const root = mkdtempSync(join(tmpdir(), 'workflow-schema-'));
    mkdirSync(join(root, 'migrations'));
    mkdirSync(join(root, 'src', 'alpha', 'sql'), { recursive: true });
    mkdirSync(join(root, 'src', 'beta'), { recursive: true });
    writeFileSync(join(root, 'migrations', '0001_tables.sql'), 'CREATE TABLE t (id int);');
    writeFileSync(join(root, 'src', 'alpha', 'sql', 'alpha_answer.sql'), definition('alpha_answer', 1).script);
    writeFileSync(join(root, 'src', 'alpha', 'sql', 'notes.md'), 'not a definition');

    const schema = await loadSchema({ migrations: join(root, 'migrations'), modules: join(root, 'src') });

    expect(schema.migrations.map((migration) => migration.version)).toEqual(['0001_tables']);
    expect(schema.repeatables).toEqual([{ ...definition('alpha_answer', 1), name: 'alpha/sql/alpha_answer.sql' }]);
  });
});

describe.each(databaseKinds())('function definitions on %s', (kind) => {
  // One database for the file: each test names functions and tables of its own.
  let opened: Promise<Database> | undefined;
  const emptyOnce = () => (opened ??= emptyDatabase(kind));
  const fresh = () => `demo_${randomUUID().replaceAll('-', '').slice(0, 12)}`;

  it('applies a definition once, after the migrations, and again only when its text changes', async () => {
    const database = await emptyOnce();
    const name = fresh();

    const first = await migrate(database, only(definition(name, 1)));
    const again = await migrate(database, only(definition(name, 1)));
    const changed = await migrate(database, only(definition(name, 2)));

    expect([first, again, changed]).toEqual([[`demo/sql/${name}.sql`], [], [`demo/sql/${name}.sql`]]);
    expect(await answerOf(database, name)).toBe(2);
  });

  it('applies an earlier text again when the code goes back to it', async () => {
    const database = await emptyOnce();
    const name = fresh();
    await migrate(database, only(definition(name, 1)));
    await migrate(database, only(definition(name, 2)));

    const applied = await migrate(database, only(definition(name, 1)));

    expect(applied).toEqual([`demo/sql/${name}.sql`]);
    expect(await answerOf(database, name)).toBe(1);
  });

  it('counts a definition whose text the database never applied as pending', async () => {
    const database = await emptyOnce();
    const name = fresh();
    await migrate(database, only(definition(name, 1)));

    const pending = await pendingMigrations(database, only(definition(name, 2)));

    expect(pending).toEqual([`demo/sql/${name}.sql`]);
  });

  it('does not count as pending a definition that a later release has replaced, so the earlier release still starts', async () => {
    const database = await emptyOnce();
    const name = fresh();
    await migrate(database, only(definition(name, 1)));
    await migrate(database, only(definition(name, 2)));

    const pending = await pendingMigrations(database, only(definition(name, 1)));

    expect(pending).toEqual([]);
  });

  it('applies nothing when a definition fails: the migrations before it roll back with it', async () => {
    const database = await emptyOnce();
    const table = fresh();
    const migration = { version: '9001_demo_table', script: `CREATE TABLE ${table} (id int);`, checksum: 'demo' };
    const broken = { ...definition(fresh(), 1), script: 'CREATE OR REPLACE FUNCTION broken( RETURNS' };

    const attempt = migrate(database, { migrations: [migration], repeatables: [broken] });

    await expect(attempt).rejects.toThrow();
    expect(await pendingMigrations(database, { migrations: [migration], repeatables: [broken] })).toEqual(['9001_demo_table', broken.name]);
    expect(await database.query('SELECT to_regclass($1) AS present', [table])).toEqual([{ present: null }]);
  });
});
