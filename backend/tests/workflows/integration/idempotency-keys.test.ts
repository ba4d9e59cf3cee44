import { afterAll, describe, expect, it } from 'vitest';
import { purgeExpiredKeys } from '../../../src/workflows/index.js';
import { workflowService } from '../../support/workflow-service.js';
import type { Database } from '../../../src/shared/database.js';
import type { Actor, CreateWorkflowCommand } from '../../../src/workflows/application/dtos.js';
import { IdempotencyKeyReusedError } from '../../../src/workflows/application/errors.js';
import { WorkflowNameTakenError } from '../../../src/workflows/domain/exceptions.js';
import { aClock, aColleague, aCreateCommand, anActor, anOrigin, randomIds } from '../../support/builders.js';
import { caught } from '../../support/caught.js';
import { closeSharedDatabases, databaseKinds, sharedDatabase } from '../../support/database.js';

afterAll(closeSharedDatabases);

const HOUR_MS = 3_600_000;
const TTL_HOURS = 24;
const TTL_MS = TTL_HOURS * HOUR_MS;
// Purging deletes every expired key of the database, so these tests keep theirs in a year no other test uses.
const LONG_AGO = new Date('2001-02-03T04:05:06.000Z');
const unusedVerifier = { verify: () => Promise.reject(new Error('use-case tests verify no token')) };

async function countOf(database: Database, table: 'workflows' | 'audit_logs' | 'idempotency_keys', accountId: string): Promise<number> {
  const [row] = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE account_id = $1`, [accountId]);
  return row?.n ?? -1;
}

describe.each(databaseKinds())('Idempotency-Key on %s', (kind) => {
  const setup = async (start?: Date) => {
    const database = await sharedDatabase(kind);
    const clock = aClock(start);
    const service = workflowService({ database, verifier: unusedVerifier, clock, ids: randomIds, restoreWindowDays: 30, idempotencyTtlHours: TTL_HOURS });
    const actor = anActor();
    /** A create with `key`, whose body is that of `body` (same name, same trigger). */
    const keyed = (key: string, body: Partial<CreateWorkflowCommand> = {}, who: Actor = actor): CreateWorkflowCommand => {
      const command = aCreateCommand({ actor: who, name: 'Keyed workflow', ...body });
      return { ...command, origin: anOrigin(), idempotency: { key, fingerprint: JSON.stringify([command.name, command.description, command.triggerType, command.triggerConfig]) } };
    };
    const counts = async (who: Actor = actor) => ({
      workflows: await countOf(database, 'workflows', who.accountId),
      audits: await countOf(database, 'audit_logs', who.accountId),
      keys: await countOf(database, 'idempotency_keys', who.accountId),
    });
    return { database, clock, service, actor, keyed, counts };
  };

  it('records the key with the workflow it created', async () => {
    const { database, service, actor, keyed } = await setup();

    const { workflow, replayed } = await service.createWorkflow(keyed('first-key'));

    const keys = await database.query('SELECT user_id, key, workflow_id FROM idempotency_keys WHERE account_id = $1', [actor.accountId]);
    expect(replayed).toBe(false);
    expect(keys).toEqual([{ user_id: actor.userId, key: 'first-key', workflow_id: workflow.id }]);
  });

  it('replays the first answer, version 1 as created, even after later edits, and writes nothing', async () => {
    const { clock, service, actor, keyed, counts } = await setup();
    const first = await service.createWorkflow(keyed('replayed-key'));
    clock.advance(HOUR_MS);
    await service.editWorkflow({ actor, origin: anOrigin(), id: first.workflow.id, kind: 'patch', patch: { name: 'Renamed since', description: null } });
    const before = await counts();

    const again = await service.createWorkflow(keyed('replayed-key'));

    expect(again).toEqual({ workflow: first.workflow, replayed: true });
    expect(await counts()).toEqual(before);
  });

  it('replays the first answer even once the workflow is in the trash', async () => {
    const { clock, service, actor, keyed } = await setup();
    const first = await service.createWorkflow(keyed('deleted-since'));
    clock.advance(HOUR_MS);
    await service.deleteWorkflow({ actor, origin: anOrigin(), id: first.workflow.id });

    const again = await service.createWorkflow(keyed('deleted-since'));

    expect(again).toEqual({ workflow: first.workflow, replayed: true });
  });

  it('replays until the key expires', async () => {
    const { clock, service, keyed } = await setup();
    const first = await service.createWorkflow(keyed('almost-expired'));
    clock.advance(TTL_MS - 1);

    const again = await service.createWorkflow(keyed('almost-expired'));

    expect(again).toMatchObject({ replayed: true, workflow: { id: first.workflow.id } });
  });

  it('refuses the key with another request body and writes nothing', async () => {
    const { service, keyed, counts } = await setup();
    await service.createWorkflow(keyed('reused-key'));
    const before = await counts();

    const error = await caught(() => service.createWorkflow(keyed('reused-key', { description: 'Another body' })), IdempotencyKeyReusedError);

    expect(error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await counts()).toEqual(before);
  });

  it('keeps keys apart per user and per account', async () => {
    const { service, actor, keyed } = await setup();
    const mine = await service.createWorkflow(keyed('shared-key', { name: 'Mine' }));

    const colleagues = await service.createWorkflow(keyed('shared-key', { name: 'A colleague’s' }, aColleague(actor)));
    const strangers = await service.createWorkflow(keyed('shared-key', { name: 'Mine' }, anActor()));

    expect([colleagues.replayed, strangers.replayed]).toEqual([false, false]);
    expect(new Set([mine.workflow.id, colleagues.workflow.id, strangers.workflow.id]).size).toBe(3);
  });

  it('lets an expired key create a new workflow, which later replays answer with', async () => {
    const { database, clock, service, actor, keyed } = await setup();
    const first = await service.createWorkflow(keyed('expiring-key', { name: 'First' }));
    clock.advance(TTL_MS);

    const second = await service.createWorkflow(keyed('expiring-key', { name: 'Second' }));
    const replay = await service.createWorkflow(keyed('expiring-key', { name: 'Second' }));

    const keys = await database.query<{ workflow_id: string }>('SELECT workflow_id FROM idempotency_keys WHERE account_id = $1', [actor.accountId]);
    expect(second).toMatchObject({ replayed: false, workflow: { name: 'Second' } });
    expect(second.workflow.id).not.toBe(first.workflow.id);
    expect(replay).toMatchObject({ replayed: true, workflow: { id: second.workflow.id } });
    expect(keys).toEqual([{ workflow_id: second.workflow.id }]);
  });

  it('records no key for a create refused for a taken name, so the key can be used again', async () => {
    const { service, actor, keyed } = await setup();
    const holder = (await service.createWorkflow(aCreateCommand({ actor, name: 'Taken' }))).workflow;

    const error = await caught(() => service.createWorkflow(keyed('refused-key', { name: 'TAKEN' })), WorkflowNameTakenError);
    const keysAfterRefusal = await countOf(await sharedDatabase(kind), 'idempotency_keys', actor.accountId);
    const retried = await service.createWorkflow(keyed('refused-key', { name: 'Not taken' }));

    expect(error.existingWorkflowId).toBe(holder.id);
    expect(keysAfterRefusal).toBe(0);
    expect(retried).toMatchObject({ replayed: false, workflow: { name: 'Not taken' } });
  });

  describe('purging', () => {
    /** Purges what an earlier, interrupted run may have left in that year, as of `at`. */
    const leftoversPurged = async (at: Date) => {
      await purgeExpiredKeys(await sharedDatabase(kind), TTL_HOURS, { now: () => at })();
    };

    it('deletes only the expired keys and tells how many', async () => {
      const { database, clock, service, actor, keyed } = await setup(LONG_AGO);
      const purge = purgeExpiredKeys(database, TTL_HOURS, clock);
      await leftoversPurged(new Date(LONG_AGO.getTime() + TTL_MS + HOUR_MS));
      await service.createWorkflow(keyed('old-1', { name: 'Old 1' }));
      await service.createWorkflow(keyed('old-2', { name: 'Old 2' }));
      clock.advance(2 * HOUR_MS);
      await service.createWorkflow(keyed('recent', { name: 'Recent' }));
      clock.advance(TTL_MS - HOUR_MS);

      const purged = await purge();

      const keys = await database.query<{ key: string }>('SELECT key FROM idempotency_keys WHERE account_id = $1', [actor.accountId]);
      expect(purged).toBe(2);
      expect(keys).toEqual([{ key: 'recent' }]);
      expect(await countOf(database, 'workflows', actor.accountId)).toBe(3);
    });

    it('purges in batches until none is left', async () => {
      const { database, clock, actor } = await setup(LONG_AGO);
      const purge = purgeExpiredKeys(database, TTL_HOURS, clock);
      await leftoversPurged(new Date(LONG_AGO.getTime() + TTL_MS + 1));
      await database.query(
        `INSERT INTO idempotency_keys (account_id, user_id, key, fingerprint, workflow_id, created_at)
         SELECT $1, $2, 'bulk-' || g, 'fingerprint', gen_random_uuid(), $3::timestamptz FROM generate_series(1, 1203) AS g`,
        [actor.accountId, actor.userId, LONG_AGO.toISOString()],
      );
      clock.advance(TTL_MS + 1);

      const purged = await purge();
      const again = await purge();

      expect(purged).toBe(1203);
      expect(again).toBe(0);
      expect(await countOf(database, 'idempotency_keys', actor.accountId)).toBe(0);
    });
  });
});
