import { afterAll, describe, expect, it } from 'vitest';
import { makeCreateWorkflow } from '../../../src/workflows/application/use-cases/create-workflow.js';
import { makeGetWorkflow } from '../../../src/workflows/application/use-cases/get-workflow.js';
import { WorkflowNotFoundError } from '../../../src/workflows/domain/exceptions.js';
import { PostgresWorkflowRepository } from '../../../src/workflows/infrastructure/postgres-workflow-repository.js';
import { aCreateCommand, anActor, fixedClock, randomIds } from '../../support/builders.js';
import { closeSharedDatabases, databaseKinds, sharedDatabase } from '../../support/database.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(closeSharedDatabases);

describe.each(databaseKinds())('get workflow on %s', (kind) => {
  const setup = async () => {
    const database = await sharedDatabase(kind);
    return {
      database,
      createWorkflow: makeCreateWorkflow({ workflows: new PostgresWorkflowRepository(database), clock: fixedClock, ids: randomIds, idempotencyTtlMs: 86_400_000 }),
      getWorkflow: makeGetWorkflow({ workflows: new PostgresWorkflowRepository(database) }),
    };
  };

  it('returns the workflow exactly as it was created', async () => {
    const { createWorkflow, getWorkflow } = await setup();
    const command = aCreateCommand({ triggerType: 'webhook', triggerConfig: {} });
    const created = (await createWorkflow(command)).workflow;

    const found = await getWorkflow({ actor: command.actor, id: created.id });

    expect(found).toEqual(created);
  });

  it('does not reveal another account’s workflow', async () => {
    const { createWorkflow, getWorkflow } = await setup();
    const created = (await createWorkflow(aCreateCommand())).workflow;

    const attempt = getWorkflow({ actor: anActor(), id: created.id });

    await expect(attempt).rejects.toThrow(WorkflowNotFoundError);
  });

  it('reports an unknown id as not found', async () => {
    const { getWorkflow } = await setup();

    const attempt = getWorkflow({ actor: anActor(), id: randomIds.next() });

    await expect(attempt).rejects.toThrow(WorkflowNotFoundError);
  });

  it('does not return a deleted workflow', async () => {
    const { database, createWorkflow, getWorkflow } = await setup();
    const command = aCreateCommand();
    const created = (await createWorkflow(command)).workflow;
    await queryRows(database, sql`update workflows set deleted_at = now() where id = ${created.id}`);

    const attempt = getWorkflow({ actor: command.actor, id: created.id });

    await expect(attempt).rejects.toThrow(WorkflowNotFoundError);
  });
});
