import { afterAll, describe, expect, it } from 'vitest';
import { postgresErrorOf } from '../../../src/shared/database-errors.js';
import { caught } from '../../support/caught.js';
import { makeCreateWorkflow } from '../../../src/workflows/application/use-cases/create-workflow.js';
import { WorkflowInvalidError, WorkflowNameTakenError } from '../../../src/workflows/domain/exceptions.js';
import { createWorkflow as createWorkflowEntity } from '../../../src/workflows/domain/entities.js';
import { PostgresWorkflowRepository } from '../../../src/workflows/infrastructure/postgres-workflow-repository.js';
import { aCreateCommand, anActor, anAuditEntry, FIXED_NOW, fixedClock, randomIds } from '../../support/builders.js';
import { closeSharedDatabases, databaseKinds, sharedDatabase } from '../../support/database.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(closeSharedDatabases);

describe.each(databaseKinds())('create workflow on %s', (kind) => {
  const setup = async () => {
    const database = await sharedDatabase(kind);
    const createWorkflow = makeCreateWorkflow({ workflows: new PostgresWorkflowRepository(database), clock: fixedClock, ids: randomIds, idempotencyTtlMs: 86_400_000 });
    const count = async (table: 'workflows' | 'audit_logs', accountId: string) => {
      const result = await database.query<{ n: number }>(`select count(*)::int as n from ${table} where account_id = $1`, [accountId]);
      return result[0]?.n;
    };
    return { database, createWorkflow, count };
  };

  it('stores the workflow as a draft and records who created it', async () => {
    const { database, createWorkflow } = await setup();
    const command = aCreateCommand();

    const workflow = (await createWorkflow(command)).workflow;

    const rows = await queryRows(database, sql`select * from workflows where id = ${workflow.id}`);
    expect(rows[0]).toMatchObject({
      account_id: command.actor.accountId,
      name: command.name,
      status: 'draft',
      trigger_type: 'schedule',
      trigger_config: { cron: '0 9 * * MON-FRI', timezone: 'Europe/Paris' },
      version: 1,
      created_by: command.actor.userId,
      updated_by: command.actor.userId,
      deleted_at: null,
    });
    expect(new Date(rows[0]?.created_at as string).toISOString()).toBe(FIXED_NOW.toISOString());
  });

  it('writes one workflow.created audit row with the request origin and the state after', async () => {
    const { database, createWorkflow } = await setup();
    const command = aCreateCommand();

    const workflow = (await createWorkflow(command)).workflow;

    const audit = await queryRows(database, sql`select * from audit_logs where entity_id = ${workflow.id}`);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      account_id: command.actor.accountId,
      actor_id: command.actor.userId,
      actor_ref: command.actor.userRef,
      action: 'workflow.created',
      entity_type: 'workflow',
      request_id: command.origin.requestId,
      ip: '127.0.0.1',
      user_agent: 'vitest',
      changes: { after: { id: workflow.id, name: command.name, status: 'draft' } },
    });
  });

  it('stores the name normalised', async () => {
    const { createWorkflow } = await setup();

    const workflow = (await createWorkflow(aCreateCommand({ name: '  Cafe\u0301\u00a0\u00a0digest ' }))).workflow;

    expect(workflow.name).toBe('Café digest');
  });

  it('refuses a name already used in the account, whatever its case, naming the existing workflow', async () => {
    const { createWorkflow, count } = await setup();
    const actor = anActor();
    const first = (await createWorkflow(aCreateCommand({ actor, name: 'Café Digest' }))).workflow;

    const attempt = createWorkflow(aCreateCommand({ actor, name: 'CAFÉ DIGEST' }));

    await expect(attempt).rejects.toThrow(WorkflowNameTakenError);
    await expect(attempt).rejects.toMatchObject({ existingWorkflowId: first.id });
    expect(await count('workflows', actor.accountId)).toBe(1);
    expect(await count('audit_logs', actor.accountId)).toBe(1);
  });

  it('treats compatibility forms of a name as the same name', async () => {
    const { createWorkflow } = await setup();
    const actor = anActor();
    await createWorkflow(aCreateCommand({ actor, name: 'ABC report' }));

    const attempt = createWorkflow(aCreateCommand({ actor, name: 'ＡＢＣ report' }));

    await expect(attempt).rejects.toThrow(WorkflowNameTakenError);
  });

  it('lets another account use the same name', async () => {
    const { createWorkflow } = await setup();
    await createWorkflow(aCreateCommand({ name: 'Shared name' }));

    const workflow = (await createWorkflow(aCreateCommand({ name: 'Shared name' }))).workflow;

    expect(workflow.name).toBe('Shared name');
  });

  it('lets a name be reused once the workflow holding it is deleted', async () => {
    const { database, createWorkflow } = await setup();
    const actor = anActor();
    const first = (await createWorkflow(aCreateCommand({ actor, name: 'Recycled' }))).workflow;
    await queryRows(database, sql`update workflows set deleted_at = now() where id = ${first.id}`);

    const second = (await createWorkflow(aCreateCommand({ actor, name: 'recycled' }))).workflow;

    expect(second.id).not.toBe(first.id);
  });

  it('writes nothing for an invalid workflow', async () => {
    const { createWorkflow, count } = await setup();
    const actor = anActor();

    const attempt = createWorkflow(aCreateCommand({ actor, name: ' ', triggerType: 'schedule', triggerConfig: { cron: 'nope' } }));

    await expect(attempt).rejects.toThrow(WorkflowInvalidError);
    expect(await count('workflows', actor.accountId)).toBe(0);
    expect(await count('audit_logs', actor.accountId)).toBe(0);
  });

  it('leaves no workflow behind when its audit row cannot be written', async () => {
    const { database, createWorkflow, count } = await setup();
    const actor = anActor();
    const failingRequest = `fail-audit-${actor.accountId}`;
    await database.query(`
      CREATE OR REPLACE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.request_id LIKE 'fail-audit-%' THEN RAISE EXCEPTION 'audit store refused the row'; END IF;
        RETURN NEW;
      END $$;
      `);
    await database.query('CREATE OR REPLACE TRIGGER test_refuse_audit BEFORE INSERT ON audit_logs FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()');

    try {
      const attempt = createWorkflow(aCreateCommand({ actor, origin: { requestId: failingRequest, ip: null, userAgent: null } }));

      await expect(attempt).rejects.toThrow(/audit store refused the row/);
      expect(await count('workflows', actor.accountId)).toBe(0);
      expect(await count('audit_logs', actor.accountId)).toBe(0);
    } finally {
      await database.query('DROP TRIGGER IF EXISTS test_refuse_audit ON audit_logs');
    }
  });

  it('does not mistake an id collision for a name conflict', async () => {
    const { database } = await setup();
    const repository = new PostgresWorkflowRepository(database);
    const command = aCreateCommand();
    const workflow = createWorkflowEntity(
      { accountId: command.actor.accountId, actorId: command.actor.userId, name: 'First' },
      { id: randomIds.next(), now: FIXED_NOW },
    );
    await repository.create(workflow, anAuditEntry(workflow));

    const attempt = repository.create({ ...workflow, name: 'Second' as typeof workflow.name }, anAuditEntry(workflow));

    const error = await caught(() => attempt);
    expect(error).not.toBeInstanceOf(WorkflowNameTakenError);
    expect(postgresErrorOf(error)).toMatchObject({ code: '23505', constraint: 'workflows_pkey' });
  });
});
