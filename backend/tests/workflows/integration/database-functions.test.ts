import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/shared/database.js';
import { uuidV7 } from '../../../src/shared/ids.js';
import type { Workflow } from '../../../src/workflows/domain/entities.js';
import { workflowNameKey } from '../../../src/workflows/domain/value-objects.js';
import { PostgresWorkflowRepository } from '../../../src/workflows/infrastructure/postgres-workflow-repository.js';
import { workflowInsert } from '../../../src/workflows/infrastructure/workflow-writes.js';
import { anAuditEntry, aWorkflow } from '../../support/builders.js';
import { closeSharedDatabases, databaseKinds, sharedDatabase } from '../../support/database.js';

afterAll(closeSharedDatabases);

// The previous release's calls, as its repository sends them (the signatures of migration 0004).
// Its instances keep running while this release is rolled out, on the database this release migrated.
const PREVIOUS_INSERT = 'SELECT outcome, existing_id, replay_id FROM workflow_insert($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)';
const PREVIOUS_SAVE = 'SELECT saved FROM workflow_save($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)';

function previousInsert(workflow: Workflow, key: { key: string; fingerprint: string } | null): unknown[] {
  const audit = anAuditEntry(workflow);
  return [
    workflow.id, workflow.accountId, workflow.name, workflowNameKey(workflow.name), workflow.description, workflow.trigger.type,
    JSON.stringify(workflow.trigger.config), workflow.createdBy, workflow.createdAt.toISOString(), audit.id, audit.actorRef,
    audit.origin.requestId, audit.origin.ip, audit.origin.userAgent, JSON.stringify(audit.changes),
    key?.key ?? null, key?.fingerprint ?? null, key === null ? null : new Date(0).toISOString(),
  ];
}

function previousSave(workflow: Workflow, description: string): unknown[] {
  const audit = anAuditEntry(workflow, { action: 'workflow.updated' });
  return [
    workflow.accountId, workflow.id, workflow.version, workflow.version + 1, workflow.name, workflowNameKey(workflow.name), description,
    workflow.status, workflow.trigger.type, JSON.stringify(workflow.trigger.config), null, workflow.createdBy, new Date().toISOString(),
    audit.id, audit.action, audit.actorRef, audit.origin.requestId, audit.origin.ip, audit.origin.userAgent, JSON.stringify(audit.changes),
  ];
}

async function historyOf(database: Database, id: string): Promise<unknown[]> {
  return database.query('SELECT version, action FROM workflow_versions WHERE workflow_id = $1 ORDER BY version', [id]);
}

describe.each(databaseKinds())('database functions on %s', (kind) => {
  it("still answers the previous release's create and change while its instances run", async () => {
    const database = await sharedDatabase(kind);
    const workflow = aWorkflow();

    const [created] = await database.write<{ outcome: string }>(PREVIOUS_INSERT, previousInsert(workflow, null));
    const [saved] = await database.write<{ saved: boolean }>(PREVIOUS_SAVE, previousSave(workflow, 'Changed by the previous release'));

    expect([created?.outcome, saved?.saved]).toEqual(['created', true]);
    const stored = await new PostgresWorkflowRepository(database).findById(workflow.accountId, workflow.id);
    expect(stored).toMatchObject({ version: 2, description: 'Changed by the previous release' });
    expect(await historyOf(database, workflow.id)).toEqual([{ version: 1, action: 'workflow.created' }, { version: 2, action: 'workflow.updated' }]);
  });

  it("replays, in this release, a create the previous release recorded under an Idempotency-Key", async () => {
    const database = await sharedDatabase(kind);
    const workflow = aWorkflow();
    const key = { key: `key-${uuidV7()}`, fingerprint: 'same request' };
    await database.write(PREVIOUS_INSERT, previousInsert(workflow, key));

    const outcome = await new PostgresWorkflowRepository(database).create(
      { ...workflow, id: uuidV7() },
      anAuditEntry(workflow),
      { userId: workflow.createdBy, ...key, since: new Date(0) },
    );

    expect(outcome).toEqual({ kind: 'replayed', workflowId: workflow.id });
  });

  it('writes the values its record holds and decides none of its own', async () => {
    const database = await sharedDatabase(kind);
    const workflow = aWorkflow({ status: 'paused', version: 7 });
    const record = workflowInsert(workflow, anAuditEntry(workflow, { action: 'workflow.imported', entityType: 'imported_workflow' }), undefined);

    await database.write('SELECT workflow_insert($1::jsonb)', [JSON.stringify(record)]);

    const [row] = await database.query('SELECT status, version FROM workflows WHERE id = $1', [workflow.id]);
    const [audit] = await database.query('SELECT action, entity_type FROM audit_logs WHERE entity_id = $1', [workflow.id]);
    expect([row, audit]).toEqual([{ status: 'paused', version: 7 }, { action: 'workflow.imported', entity_type: 'imported_workflow' }]);
    expect(await historyOf(database, workflow.id)).toEqual([{ version: 7, action: 'workflow.imported' }]);
  });

  it('ignores the members of its record it does not know', async () => {
    const database = await sharedDatabase(kind);
    const workflow = aWorkflow();
    const record = workflowInsert(workflow, anAuditEntry(workflow), undefined);

    const [result] = await database.write<{ outcome: string }>('SELECT outcome FROM workflow_insert($1::jsonb)', [
      JSON.stringify({ ...record, workflow: { ...record.workflow, colour: 'blue' }, sent_by: 'a later release' }),
    ]);

    expect(result?.outcome).toBe('created');
  });

  it('no longer defines workflow_create, which no running release calls', async () => {
    const database = await sharedDatabase(kind);

    const rows = await database.query("SELECT proname FROM pg_proc WHERE proname = 'workflow_create'");

    expect(rows).toEqual([]);
  });
});
