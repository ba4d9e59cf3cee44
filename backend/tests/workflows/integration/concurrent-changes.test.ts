import { afterAll, describe, expect, it } from 'vitest';
import { workflowService } from '../../support/workflow-service.js';
import type { Database } from '../../../src/shared/database.js';
import { DependencyUnavailableError } from '../../../src/shared/errors.js';
import { IdempotencyKeyInUseError } from '../../../src/workflows/application/errors.js';
import { VersionMismatchError, WorkflowNameTakenError, WorkflowNotFoundError } from '../../../src/workflows/domain/exceptions.js';
import { aClock, aColleague, aCreateCommand, anActor, anOrigin, randomIds } from '../../support/builders.js';
import { closeSharedDatabases, databaseKinds, sharedDatabase } from '../../support/database.js';

afterAll(closeSharedDatabases);

const CONCURRENCY = 10;
const unusedVerifier = { verify: () => Promise.reject(new Error('use-case tests verify no token')) };

function rejectionsOf(results: readonly PromiseSettledResult<unknown>[]): unknown[] {
  return results.flatMap((result): unknown[] => (result.status === 'rejected' ? [result.reason as unknown] : []));
}

function valuesOf<T>(results: readonly PromiseSettledResult<T>[]): T[] {
  return results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
}

async function countOf(database: Database, text: string, values: unknown[]): Promise<number> {
  const [row] = await database.query<{ n: number }>(text, values);
  return row?.n ?? -1;
}

describe.each(databaseKinds())('concurrent changes on %s', (kind) => {
  const setup = async () => {
    const database = await sharedDatabase(kind);
    const clock = aClock();
    const service = workflowService({ database, verifier: unusedVerifier, clock, ids: randomIds, restoreWindowDays: 30, idempotencyTtlHours: 24 });
    const actor = anActor();
    const history = async (id: string) => ({
      version: await countOf(database, 'SELECT version AS n FROM workflows WHERE id = $1', [id]),
      audits: await countOf(database, 'SELECT count(*)::int AS n FROM audit_logs WHERE entity_id = $1', [id]),
      versions: await countOf(database, 'SELECT count(*)::int AS n FROM workflow_versions WHERE workflow_id = $1', [id]),
    });
    return { database, service, actor, history };
  };

  it('lets exactly one of ten edits naming version 1 through; the others fail their precondition', async () => {
    const { service, actor, history } = await setup();
    const { workflow } = await service.createWorkflow(aCreateCommand({ actor }));
    const edits = Array.from({ length: CONCURRENCY }, (_, index) =>
      service.editWorkflow({ actor: aColleague(actor), origin: anOrigin(), id: workflow.id, condition: [1], kind: 'patch', patch: { description: `Edit ${index}` } }),
    );

    const results = await Promise.allSettled(edits);

    const rejections = rejectionsOf(results);
    expect(valuesOf(results).map((edited) => edited.version)).toEqual([2]);
    expect(rejections).toHaveLength(CONCURRENCY - 1);
    expect(rejections.every((error) => error instanceof VersionMismatchError && error.currentVersion === 2)).toBe(true);
    expect(await history(workflow.id)).toEqual({ version: 2, audits: 2, versions: 2 });
  });

  const tenUnconditionalEdits = async () => {
    const context = await setup();
    const { workflow } = await context.service.createWorkflow(aCreateCommand({ actor: context.actor }));
    const edits = Array.from({ length: CONCURRENCY }, (_, index) =>
      context.service.editWorkflow({ actor: aColleague(context.actor), origin: anOrigin(), id: workflow.id, kind: 'patch', patch: { description: `Edit ${index}` } }),
    );
    const results = await Promise.allSettled(edits);
    return { results, applied: valuesOf(results), rejections: rejectionsOf(results), history: await context.history(workflow.id) };
  };

  it('keeps one version, audit row and version row per edit applied when ten edits name no version, and refuses the others as unavailable only', async () => {
    const { applied, rejections, history } = await tenUnconditionalEdits();

    expect(rejections.filter((error) => !(error instanceof DependencyUnavailableError))).toEqual([]);
    expect(applied.map((edited) => edited.version).sort((a, b) => a - b)).toEqual(Array.from({ length: applied.length }, (_, index) => index + 2));
    expect(history).toEqual({ version: applied.length + 1, audits: applied.length + 1, versions: applied.length + 1 });
  });

  it('applies all ten edits naming no version, one after the other', async () => {
    const { rejections, history } = await tenUnconditionalEdits();

    expect(rejections).toEqual([]);
    expect(history).toEqual({ version: CONCURRENCY + 1, audits: CONCURRENCY + 1, versions: CONCURRENCY + 1 });
  });

  it('lets exactly one of ten workflows take a free name at once; the others are told which one holds it', async () => {
    const { service, actor } = await setup();
    const workflows = await Promise.all(Array.from({ length: CONCURRENCY }, (_, index) => service.createWorkflow(aCreateCommand({ actor, name: `Candidate ${index}` }))));

    const results = await Promise.allSettled(
      workflows.map(({ workflow }) => service.editWorkflow({ actor, origin: anOrigin(), id: workflow.id, kind: 'patch', patch: { name: 'The one name' } })),
    );

    const [winner, ...others] = valuesOf(results);
    const rejections = rejectionsOf(results);
    expect(others).toEqual([]);
    expect(winner?.name).toBe('The one name');
    expect(rejections).toHaveLength(CONCURRENCY - 1);
    expect(rejections.every((error) => error instanceof WorkflowNameTakenError && error.existingWorkflowId === winner?.id)).toBe(true);
  });

  it('deletes a workflow once when ten deletions race; the others no longer find it', async () => {
    const { service, actor, history } = await setup();
    const { workflow } = await service.createWorkflow(aCreateCommand({ actor }));

    const results = await Promise.allSettled(Array.from({ length: CONCURRENCY }, () => service.deleteWorkflow({ actor, origin: anOrigin(), id: workflow.id })));

    const rejections = rejectionsOf(results);
    expect(valuesOf(results)).toHaveLength(1);
    expect(rejections.every((error) => error instanceof WorkflowNotFoundError)).toBe(true);
    expect(await history(workflow.id)).toEqual({ version: 2, audits: 2, versions: 2 });
  });

  it('creates one workflow for ten concurrent creates with one Idempotency-Key; the others replay it or find the key in use', async () => {
    const { database, service, actor } = await setup();
    const command = aCreateCommand({ actor, idempotency: { key: 'one-key', fingerprint: 'same-body' } });

    const results = await Promise.allSettled(Array.from({ length: CONCURRENCY }, () => service.createWorkflow({ ...command, origin: anOrigin() })));

    const created = valuesOf(results);
    const rejections = rejectionsOf(results);
    expect(created.filter((result) => !result.replayed)).toHaveLength(1);
    expect(new Set(created.map((result) => result.workflow.id)).size).toBe(1);
    expect(rejections.every((error) => error instanceof IdempotencyKeyInUseError)).toBe(true);
    expect(created.length + rejections.length).toBe(CONCURRENCY);
    expect(await countOf(database, 'SELECT count(*)::int AS n FROM workflows WHERE account_id = $1', [actor.accountId])).toBe(1);
    expect(await countOf(database, 'SELECT count(*)::int AS n FROM audit_logs WHERE account_id = $1', [actor.accountId])).toBe(1);
    expect(await countOf(database, 'SELECT count(*)::int AS n FROM idempotency_keys WHERE account_id = $1', [actor.accountId])).toBe(1);
  });
});
