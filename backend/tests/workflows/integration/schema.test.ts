import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { selectRows } from '../../../src/shared/database.js';
import { afterAll, describe, expect, it } from 'vitest';
import { auditLogs } from '../../../src/audit/index.js';
import { loadSchema, migrate, MigrationChangedError, pendingMigrations } from '../../../src/shared/migrate.js';
import { workflows } from '../../../src/workflows/infrastructure/workflows-table.js';
import { closeSharedDatabases, databaseKinds, sharedDatabase } from '../../support/database.js';

afterAll(closeSharedDatabases);

describe.each(databaseKinds())('schema on %s', (kind) => {
  it('applies nothing when migrations and function definitions run a second time', async () => {
    const database = await sharedDatabase(kind);

    const applied = await migrate(database, await loadSchema());

    expect(applied).toEqual([]);
    expect(await pendingMigrations(database, await loadSchema())).toEqual([]);
  });

  it('refuses a migration edited after it was applied', async () => {
    const database = await sharedDatabase(kind);
    const [first] = (await loadSchema()).migrations;
    if (first === undefined) throw new Error('no migrations found');

    const attempt = migrate(database, { migrations: [{ ...first, checksum: 'edited' }], repeatables: [] });

    await expect(attempt).rejects.toThrow(MigrationChangedError);
  });

  it.each([workflows, auditLogs])('matches the Drizzle table %#', async (table) => {
    const database = await sharedDatabase(kind);
    const config = getTableConfig(table);

    const result = await selectRows<{ column_name: string; is_nullable: string }>(database.db, 
      sql`select column_name, is_nullable from information_schema.columns where table_name = ${config.name} order by column_name`,
    );

    const expected = config.columns.map((column) => ({ column_name: column.name, is_nullable: column.notNull ? 'NO' : 'YES' }));
    expect(result).toEqual(expected.sort((a, b) => a.column_name.localeCompare(b.column_name)));
  });

  it.each([
    ['update', 'update audit_logs set action = action where id = $1'],
    ['delete', 'delete from audit_logs where id = $1'],
  ])('refuses to %s an audit row', async (_operation, statement) => {
    const database = await sharedDatabase(kind);
    const id = randomUUID();
    await database.db.execute(sql`insert into audit_logs (id, account_id, actor_id, actor_ref, action, entity_type, entity_id)
      values (${id}, ${randomUUID()}, ${randomUUID()}, 'user_x', 'workflow.created', 'workflow', ${randomUUID()})`);

    const attempt = database.inScriptTransaction((session) => session.query(statement, [id]));

    await expect(attempt).rejects.toThrow(/append-only/);
  });

  it.each([
    ['update', 'update workflow_versions set action = action where workflow_id = $1'],
    ['delete', 'delete from workflow_versions where workflow_id = $1'],
    ['truncate', 'truncate workflow_versions'],
  ])('refuses to %s a workflow version', async (operation, statement) => {
    const database = await sharedDatabase(kind);
    const id = randomUUID();
    await database.db.execute(sql`insert into workflow_versions (workflow_id, version, account_id, action, name, name_key, description, status, trigger_config, changed_at)
      values (${id}, 1, ${randomUUID()}, 'workflow.created', 'x', 'x', '', 'draft', '{}', now())`);

    const attempt = database.inScriptTransaction((session) => session.query(statement, operation === 'truncate' ? [] : [id]));

    await expect(attempt).rejects.toThrow(/workflow_versions is append-only/);
  });

  it('refuses to truncate the audit log', async () => {
    const database = await sharedDatabase(kind);

    const attempt = database.inScriptTransaction((session) => session.exec('truncate audit_logs'));

    await expect(attempt).rejects.toThrow(/append-only/);
  });
});
