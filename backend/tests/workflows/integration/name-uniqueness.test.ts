import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/shared/database.js';
import { loadSchema, migrate } from '../../../src/shared/migrate.js';
import { makeCreateWorkflow } from '../../../src/workflows/application/use-cases/create-workflow.js';
import { caseFoldingPairs } from '../../../src/workflows/domain/case-folding.js';
import { WorkflowNameTakenError } from '../../../src/workflows/domain/exceptions.js';
import { workflowNameKey, type WorkflowName } from '../../../src/workflows/domain/value-objects.js';
import { PostgresWorkflowRepository } from '../../../src/workflows/infrastructure/postgres-workflow-repository.js';
import { aCreateCommand, anActor, fixedClock, randomIds } from '../../support/builders.js';
import { caught } from '../../support/caught.js';
import { closeEmptyDatabases, closeSharedDatabases, databaseKinds, emptyDatabase, schemaUpTo, sharedDatabase } from '../../support/database.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(async () => {
  await closeEmptyDatabases();
  await closeSharedDatabases();
});

const creator = (database: Database) => makeCreateWorkflow({ workflows: new PostgresWorkflowRepository(database), clock: fixedClock, ids: randomIds, idempotencyTtlMs: 86_400_000 });


describe.each(databaseKinds())('one notion of "same name" on %s', (kind) => {
  it.each([
    ['straße', 'STRASSE'],
    ['ΟΔΟΣ', 'οδος'],
    ['Ünïcödé x', 'üNÏCÖDÉ x'],
    ['ＡＢＣ', 'abc'],
    ['ﬁle', 'FILE'],
  ])('refuses "%s" once "%s" exists in the account', async (second, first) => {
    const createWorkflow = creator(await sharedDatabase(kind));
    const actor = anActor();
    const existing = (await createWorkflow(aCreateCommand({ actor, name: `${first} 1` }))).workflow;

    const error = await caught(() => createWorkflow(aCreateCommand({ actor, name: `${second} 1` })));

    expect(error).toBeInstanceOf(WorkflowNameTakenError);
    expect(error).toMatchObject({ existingWorkflowId: existing.id });
  });

  it.each(['Plain ASCII Name', 'Straße ΟΔΟΣ ﬁle'])('keys a row written by SQL without its key, "%s", as the domain does, and rekeys it on a rename', async (name) => {
    const database = await sharedDatabase(kind);
    const accountId = anActor().accountId;

    const [row] = await queryRows<{ id: string; name_key: string }>(
      database,
      sql`insert into workflows (id, account_id, name, status) values (gen_random_uuid(), ${accountId}, ${name}, 'draft') returning id, name_key`,
    );
    const [renamed] = await queryRows<{ name_key: string }>(database, sql`update workflows set name = ${`${name} 2`} where id = ${row?.id} returning name_key`);

    expect(row?.name_key).toBe(workflowNameKey(name as WorkflowName));
    expect(renamed?.name_key).toBe(workflowNameKey(`${name} 2` as WorkflowName));
  });

  it('keeps a dotless ı apart from i', async () => {
    const createWorkflow = creator(await sharedDatabase(kind));
    const actor = anActor();
    await createWorkflow(aCreateCommand({ actor, name: 'Sık' }));

    const other = (await createWorkflow(aCreateCommand({ actor, name: 'Sik' }))).workflow;

    expect(other.name).toBe('Sik');
  });
});

describe.each(databaseKinds())('the name key migration on %s', (kind) => {
  const insertOld = (database: Database, name: string, accountId: string, createdAt: string) =>
    queryRows<{ id: string }>(
      database,
      sql`insert into workflows (id, account_id, name, status, created_at) values (gen_random_uuid(), ${accountId}, ${name}, 'draft', ${createdAt}) returning id`,
    );

  it('refuses "üNÏCÖDÉ x" after "Ünïcödé x" on a database whose lower() folds ASCII only (LC_CTYPE=C)', async () => {
    const database = await emptyDatabase(kind);
    await migrate(database, await loadSchema());
    const actor = anActor();
    const { workflow: existing } = await creator(database)(aCreateCommand({ actor, name: 'Ünïcödé x' }));

    const error = await caught(() => creator(database)(aCreateCommand({ actor, name: 'üNÏCÖDÉ x' })));

    expect(error).toMatchObject({ existingWorkflowId: existing.id });
  });

  it('computes the same key as the domain for every character that case folding changes', async () => {
    const database = await emptyDatabase(kind);
    await migrate(database, await schemaUpTo('0001_workflows_and_audit_logs'));
    const accountId = anActor().accountId;
    const froms = caseFoldingPairs().map(([from]) => from);
    // Index rows are bounded in size: 40 characters a row.
    const names = Array.from({ length: Math.ceil(froms.length / 40) }, (_, index) => froms.slice(index * 40, index * 40 + 40).join(''));
    for (const name of names) await insertOld(database, name, accountId, '2026-01-01T00:00:00Z');

    await migrate(database, await schemaUpTo('0002_workflow_name_key'));

    const stored = await queryRows<{ name: string; name_key: string }>(database, sql`select name, name_key from workflows where account_id = ${accountId}`);
    const mismatches = stored.filter((row) => row.name_key !== workflowNameKey(row.name as WorkflowName));
    expect(stored).toHaveLength(names.length);
    expect(mismatches).toEqual([]);
  });

  it('keeps rows that now share a key; the oldest holds the name and a new one conflicts with it', async () => {
    const database = await emptyDatabase(kind);
    await migrate(database, await schemaUpTo('0001_workflows_and_audit_logs'));
    const actor = anActor();
    const [older] = await insertOld(database, 'straße', actor.accountId, '2026-01-01T00:00:00Z');
    const [newer] = await insertOld(database, 'STRASSE', actor.accountId, '2026-02-01T00:00:00Z');

    await migrate(database, await loadSchema());
    const error = await caught(() => creator(database)(aCreateCommand({ actor, name: 'Strasse' })));

    const rows = await queryRows<{ id: string; name: string; name_key: string }>(database, sql`select id, name, name_key from workflows where account_id = ${actor.accountId} order by created_at`);
    expect(rows).toEqual([
      { id: older?.id, name: 'straße', name_key: 'strasse' },
      { id: newer?.id, name: 'STRASSE', name_key: `strasse\u0001${newer?.id ?? ''}` },
    ]);
    expect(error).toMatchObject({ existingWorkflowId: older?.id });
  });
});
