import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/shared/database.js';
import { loadSchema, migrate } from '../../../src/shared/migrate.js';
import { closeEmptyDatabases, databaseKinds, emptyDatabase, schemaUpTo } from '../../support/database.js';

afterAll(closeEmptyDatabases);

/** A workflow and its audit entry as the service wrote them before versions and wire-format snapshots. */
async function insertEarlierCreate(database: Database): Promise<{ id: string; accountId: string; actorId: string }> {
  const id = randomUUID();
  const accountId = randomUUID();
  const actorId = randomUUID();
  const at = '2026-11-20T10:00:00.000Z';
  await database.query(
    `insert into workflows (id, account_id, name, name_key, description, status, trigger_type, trigger_config, version, created_by, updated_by, created_at, updated_at)
     values ($1, $2, 'Nightly digest', 'nightly digest', 'Posts a digest', 'draft', 'schedule', $4, 1, $3, $3, $5, $5)`,
    [id, accountId, actorId, JSON.stringify({ cron: '0 2 * * *', timezone: 'UTC' }), at],
  );
  const entity = {
    id,
    accountId,
    name: 'Nightly digest',
    description: 'Posts a digest',
    status: 'draft',
    trigger: { type: 'schedule', config: { cron: '0 2 * * *', timezone: 'UTC' } },
    version: 1,
    createdBy: actorId,
    updatedBy: actorId,
    createdAt: at,
    updatedAt: at,
  };
  await database.query(
    `insert into audit_logs (id, account_id, actor_id, actor_ref, action, entity_type, entity_id, changes, occurred_at)
     values ($1, $2, $3, 'user_alice', 'workflow.created', 'workflow', $4, $5, $6)`,
    [randomUUID(), accountId, actorId, id, JSON.stringify({ after: entity }), at],
  );
  return { id, accountId, actorId };
}

describe.each(databaseKinds())('history migrations on %s', (kind) => {
  it('gives a workflow written before version history its current state as its first version', async () => {
    const database = await emptyDatabase(kind);
    await migrate(database, await schemaUpTo('0003_workflow_create_function'));
    const { id, actorId } = await insertEarlierCreate(database);

    await migrate(database, await loadSchema());

    const versions = await database.query<Record<string, unknown>>('select version, action, name, status, trigger_type, changed_by from workflow_versions where workflow_id = $1', [id]);
    expect(versions).toEqual([{ version: 1, action: 'workflow.created', name: 'Nightly digest', status: 'draft', trigger_type: 'schedule', changed_by: actorId }]);
  });

  it('rewrites an audit entry written before wire-format snapshots into the format the API returns', async () => {
    const database = await emptyDatabase(kind);
    await migrate(database, await schemaUpTo('0004_workflow_changes'));
    const { id, accountId, actorId } = await insertEarlierCreate(database);

    await migrate(database, await loadSchema());

    const [entry] = await database.query<{ changes: unknown }>('select changes from audit_logs where entity_id = $1', [id]);
    expect(entry?.changes).toEqual({
      before: null,
      after: {
        id,
        account_id: accountId,
        name: 'Nightly digest',
        description: 'Posts a digest',
        status: 'draft',
        trigger_type: 'schedule',
        trigger_config: { cron: '0 2 * * *', timezone: 'UTC' },
        version: 1,
        created_by: actorId,
        updated_by: actorId,
        created_at: '2026-11-20T10:00:00.000Z',
        updated_at: '2026-11-20T10:00:00.000Z',
        deleted_at: null,
      },
    });
  });

  it('keeps the audit log append-only after rewriting it', async () => {
    const database = await emptyDatabase(kind);
    await migrate(database, await schemaUpTo('0004_workflow_changes'));
    await insertEarlierCreate(database);
    await migrate(database, await loadSchema());

    const attempt = database.query('update audit_logs set action = action');

    await expect(attempt).rejects.toThrow(/append-only/);
  });
});
