import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { toAuditLogRow } from '../../../src/audit/index.js';
import { loadSchema, migrate, MigrationChangedError, pendingMigrations } from '../../../src/shared/migrate.js';
import { toRow } from '../../../src/workflows/infrastructure/workflow-rows.js';
import { anAuditEntry, aWorkflow } from '../../support/builders.js';
import { closeSharedDatabases, databaseKinds, sharedDatabase } from '../../support/database.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(closeSharedDatabases);

// The columns the service reads and writes, and whether each may be null ('YES') or not ('NO').
const COLUMNS = {
  workflows: {
    id: 'NO', account_id: 'NO', name: 'NO', name_key: 'NO', description: 'NO', status: 'NO', trigger_type: 'YES', trigger_config: 'NO', version: 'NO',
    created_by: 'YES', updated_by: 'YES', created_at: 'NO', updated_at: 'NO', deleted_at: 'YES', recorded_in: 'YES',
  },
  audit_logs: {
    id: 'NO', account_id: 'NO', actor_id: 'NO', actor_ref: 'NO', action: 'NO', entity_type: 'NO', entity_id: 'NO', request_id: 'YES', ip: 'YES',
    user_agent: 'YES', changes: 'NO', occurred_at: 'NO',
  },
};

describe('rows the service writes', () => {
  it('name every column of their table, but the transaction that recorded a workflow, which the database sets', () => {
    const workflow = aWorkflow();

    const written = { workflows: Object.keys(toRow(workflow)), audit_logs: Object.keys(toAuditLogRow(anAuditEntry(workflow))) };

    expect(written.workflows.sort()).toEqual(Object.keys(COLUMNS.workflows).filter((column) => column !== 'recorded_in').sort());
    expect(written.audit_logs.sort()).toEqual(Object.keys(COLUMNS.audit_logs).sort());
  });
});

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

  it.each(Object.entries(COLUMNS))('has the columns the service reads and writes in %s', async (table, columns) => {
    const database = await sharedDatabase(kind);

    const rows = await queryRows<{ column_name: string; is_nullable: string }>(
      database,
      sql`select column_name, is_nullable from information_schema.columns where table_name = ${table} and table_schema = current_schema()`,
    );

    expect(Object.fromEntries(rows.map((row) => [row.column_name, row.is_nullable]))).toEqual(columns);
  });

  it.each([
    ['update', 'update audit_logs set action = action where id = $1'],
    ['delete', 'delete from audit_logs where id = $1'],
  ])('refuses to %s an audit row', async (_operation, statement) => {
    const database = await sharedDatabase(kind);
    const id = randomUUID();
    await queryRows(database, sql`insert into audit_logs (id, account_id, actor_id, actor_ref, action, entity_type, entity_id)
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
    await queryRows(database, sql`insert into workflow_versions (workflow_id, version, account_id, action, name, name_key, description, status, trigger_config, changed_at)
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
