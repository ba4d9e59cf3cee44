import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { workflowService } from '../../support/workflow-service.js';
import type { AuditLogRow } from '../../../src/audit/index.js';
import type { Database } from '../../../src/shared/database.js';
import type { Actor, VersionCondition, WorkflowVersion } from '../../../src/workflows/application/dtos.js';
import type { WorkflowPatch } from '../../../src/workflows/domain/editing.js';
import type { Workflow } from '../../../src/workflows/domain/entities.js';
import {
  VersionMismatchError,
  WorkflowArchivedError,
  WorkflowInvalidError,
  WorkflowNameTakenError,
  WorkflowNotFoundError,
  WorkflowVersionNotFoundError,
} from '../../../src/workflows/domain/exceptions.js';
import { aClock, aColleague, aCreateCommand, anActor, anOrigin, randomIds } from '../../support/builders.js';
import { caught } from '../../support/caught.js';
import { unusedVerifier, wire } from '../../support/wire.js';
import { closeSharedDatabases, databaseKinds, sharedDatabase } from '../../support/database.js';

afterAll(closeSharedDatabases);

const MINUTE_MS = 60_000;


/** The version a use case returns for `workflow` as it is now. */
function versionOf(workflow: Workflow, action: string): WorkflowVersion {
  return {
    workflowId: workflow.id,
    version: workflow.version,
    action,
    name: workflow.name,
    description: workflow.description,
    status: workflow.status,
    trigger: workflow.trigger,
    changedBy: workflow.updatedBy,
    changedAt: workflow.updatedAt,
  };
}

type AuditRow = Pick<AuditLogRow, 'account_id' | 'actor_id' | 'actor_ref' | 'action' | 'entity_type' | 'entity_id' | 'request_id' | 'changes' | 'occurred_at'>;

interface VersionRow {
  readonly version: number;
  readonly account_id: string;
  readonly action: string;
  readonly name: string;
  readonly status: string;
  readonly trigger_type: string | null;
  readonly deleted_at: Date | null;
  readonly changed_by: string | null;
  readonly changed_at: Date;
}

/** Everything stored about workflow `id`: its row, its audit rows and its version rows. */
async function stored(database: Database, id: string) {
  const [workflow] = await database.query<{ name: string; version: number; status: string; deleted_at: Date | null }>('SELECT name, version, status, deleted_at FROM workflows WHERE id = $1', [id]);
  const audits = await database.query<AuditRow>(
    'SELECT account_id, actor_id, actor_ref, action, entity_type, entity_id, request_id, changes, occurred_at FROM audit_logs WHERE entity_id = $1 ORDER BY occurred_at, id',
    [id],
  );
  const versions = await database.query<VersionRow>(
    'SELECT version, account_id, action, name, status, trigger_type, deleted_at, changed_by, changed_at FROM workflow_versions WHERE workflow_id = $1 ORDER BY version',
    [id],
  );
  return { workflow, audits, versions };
}

/** The account's workflows, live or not, and its audit rows. */
async function accountContents(database: Database, accountId: string) {
  const [counts] = await database.query<{ workflows: number; audits: number; versions: number }>(
    `SELECT (SELECT count(*)::int FROM workflows WHERE account_id = $1) AS workflows,
       (SELECT count(*)::int FROM audit_logs WHERE account_id = $1) AS audits,
       (SELECT count(*)::int FROM workflow_versions WHERE account_id = $1) AS versions`,
    [accountId],
  );
  return counts;
}

describe.each(databaseKinds())('workflow history on %s', (kind) => {
  const setup = async () => {
    const database = await sharedDatabase(kind);
    const clock = aClock();
    const service = workflowService({ database, verifier: unusedVerifier, clock, ids: randomIds, restoreWindowDays: 30, idempotencyTtlHours: 24 });
    const actor = anActor();
    const create = async (overrides: Partial<Parameters<typeof aCreateCommand>[0]> = {}) => (await service.createWorkflow(aCreateCommand({ actor, ...overrides }))).workflow;
    /** A command of `who` (the account's own actor by default) on workflow `id`, a minute after the last. */
    const command = (id: string, who: Actor = actor, condition?: VersionCondition) => {
      clock.advance(MINUTE_MS);
      return { actor: who, origin: anOrigin(), id, condition };
    };
    const edit = (id: string, patch: WorkflowPatch, who: Actor = actor) => service.editWorkflow({ ...command(id, who), kind: 'patch', patch });
    const activate = (id: string) => service.changeWorkflowStatus({ ...command(id), action: 'activate' });
    const remove = (id: string) => service.deleteWorkflow(command(id));
    const state = (id: string) => stored(database, id);
    return { database, clock, service, actor, create, command, edit, activate, remove, state };
  };

  /** A workflow at version 3: created "Alpha <suffix>" on a weekday schedule, renamed with a webhook trigger by a colleague, activated. */
  const aRevisedWorkflow = async (context: Awaited<ReturnType<typeof setup>>) => {
    const suffix = randomUUID().slice(0, 8);
    const v1 = await context.create({ name: `Alpha ${suffix}`, description: 'First take', triggerType: 'schedule', triggerConfig: { cron: '0 9 * * MON-FRI', timezone: 'Europe/Paris' } });
    const colleague = aColleague(context.actor);
    const v2 = await context.edit(v1.id, { name: `Beta ${suffix}`, description: 'Second take', triggerType: 'webhook', triggerConfig: {} }, colleague);
    const v3 = await context.activate(v1.id);
    return { v1, v2, v3, colleague, suffix };
  };

  describe('list versions', () => {
    it('lists every version newest first, with the action that made it, who and when', async () => {
      const context = await setup();
      const { v1, v2, v3 } = await aRevisedWorkflow(context);

      const page = await context.service.listVersions({ actor: context.actor, id: v1.id, limit: 10 });

      expect(page).toEqual({ versions: [versionOf(v3, 'workflow.activated'), versionOf(v2, 'workflow.updated'), versionOf(v1, 'workflow.created')], next: null });
    });

    it('pages through the versions with limit and before', async () => {
      const context = await setup();
      const { v1, v2, v3 } = await aRevisedWorkflow(context);

      const first = await context.service.listVersions({ actor: context.actor, id: v1.id, limit: 2 });
      const second = await context.service.listVersions({ actor: context.actor, id: v1.id, limit: 2, before: first.next ?? undefined });

      expect(first).toEqual({ versions: [versionOf(v3, 'workflow.activated'), versionOf(v2, 'workflow.updated')], next: 2 });
      expect(second).toEqual({ versions: [versionOf(v1, 'workflow.created')], next: null });
    });

    it('answers an empty page before the first version of a live workflow', async () => {
      const { service, actor, create } = await setup();
      const workflow = await create();

      const page = await service.listVersions({ actor, id: workflow.id, limit: 10, before: 1 });

      expect(page).toEqual({ versions: [], next: null });
    });

    it('reports an unknown workflow as not found', async () => {
      const { service, actor } = await setup();
      const id = randomIds.next();

      const error = await caught(() => service.listVersions({ actor, id, limit: 10 }), WorkflowNotFoundError);

      expect(error.workflowId).toBe(id);
    });

    it('does not reveal another account’s versions', async () => {
      const context = await setup();
      const { v1 } = await aRevisedWorkflow(context);
      const stranger = anActor();

      const errors = await Promise.all([
        caught(() => context.service.listVersions({ actor: stranger, id: v1.id, limit: 10 }), WorkflowNotFoundError),
        caught(() => context.service.listVersions({ actor: stranger, id: v1.id, limit: 10, before: 3 }), WorkflowNotFoundError),
      ]);

      expect(errors.map((error) => error.workflowId)).toEqual([v1.id, v1.id]);
    });
  });

  describe('get version', () => {
    it('returns one version as it was then', async () => {
      const context = await setup();
      const { v1, v2 } = await aRevisedWorkflow(context);

      const versions = await Promise.all([1, 2].map((version) => context.service.getVersion({ actor: context.actor, id: v1.id, version })));

      expect(versions).toEqual([versionOf(v1, 'workflow.created'), versionOf(v2, 'workflow.updated')]);
      expect(versions[1]?.changedBy).not.toBe(context.actor.userId);
    });

    it.each([0, 4, 2_147_483_647])('reports version %i of a workflow at version 3 as not found', async (version) => {
      const context = await setup();
      const { v1 } = await aRevisedWorkflow(context);

      const error = await caught(() => context.service.getVersion({ actor: context.actor, id: v1.id, version }), WorkflowVersionNotFoundError);

      expect(error).toMatchObject({ workflowId: v1.id, version });
    });

    it('does not reveal another account’s version', async () => {
      const context = await setup();
      const { v1 } = await aRevisedWorkflow(context);

      const error = await caught(() => context.service.getVersion({ actor: anActor(), id: v1.id, version: 1 }), WorkflowVersionNotFoundError);

      expect(error).toMatchObject({ workflowId: v1.id, version: 1 });
    });
  });

  describe('restore version', () => {
    it('makes the version’s name, description and trigger current again as a new version, keeping the status', async () => {
      const context = await setup();
      const { v1, v3 } = await aRevisedWorkflow(context);

      const restored = await context.service.restoreVersion({ ...context.command(v1.id, context.actor, [3]), version: 1 });

      expect(restored).toEqual({
        ...v3,
        name: v1.name,
        description: v1.description,
        trigger: v1.trigger,
        version: 4,
        status: 'active',
        updatedBy: context.actor.userId,
        updatedAt: context.clock.now(),
      });
      expect(await context.service.getWorkflow({ actor: context.actor, id: v1.id })).toEqual(restored);
    });

    it('writes a version row and an audit row with the restored version, the state before and after', async () => {
      const context = await setup();
      const { v1, v3 } = await aRevisedWorkflow(context);
      const command = { ...context.command(v1.id), version: 1 };

      const restored = await context.service.restoreVersion(command);

      const { versions, audits } = await context.state(v1.id);
      expect(versions.at(-1)).toEqual({
        version: 4,
        account_id: context.actor.accountId,
        action: 'workflow.version_restored',
        name: v1.name,
        status: 'active',
        trigger_type: 'schedule',
        deleted_at: null,
        changed_by: context.actor.userId,
        changed_at: context.clock.now(),
      });
      expect(audits.at(-1)).toEqual({
        account_id: context.actor.accountId,
        actor_id: context.actor.userId,
        actor_ref: context.actor.userRef,
        action: 'workflow.version_restored',
        entity_type: 'workflow',
        entity_id: v1.id,
        request_id: command.origin.requestId,
        changes: { before: wire(v3), after: wire(restored), restored_version: 1 },
        occurred_at: context.clock.now(),
      });
      expect(audits).toHaveLength(4);
    });

    it('restores a version made by another member, after another restore', async () => {
      const context = await setup();
      const { v1, v2 } = await aRevisedWorkflow(context);
      await context.service.restoreVersion({ ...context.command(v1.id), version: 1 });

      const restored = await context.service.restoreVersion({ ...context.command(v1.id), version: 2 });

      expect(restored).toMatchObject({ version: 5, name: v2.name, description: 'Second take', trigger: v2.trigger, status: 'active' });
      expect((await context.state(v1.id)).audits.at(-1)?.changes).toMatchObject({ restored_version: 2, before: { version: 4, name: v1.name }, after: { version: 5, name: v2.name } });
    });

    it('writes nothing when the version’s definition is already current', async () => {
      const context = await setup();
      const { v1, v3 } = await aRevisedWorkflow(context);
      const before = await context.state(v1.id);

      const restored = await context.service.restoreVersion({ ...context.command(v1.id), version: 3 });

      expect(restored).toEqual(v3);
      expect(await context.state(v1.id)).toEqual(before);
    });

    it('refuses a stale version condition and writes nothing', async () => {
      const context = await setup();
      const { v1 } = await aRevisedWorkflow(context);
      const before = await context.state(v1.id);

      const error = await caught(() => context.service.restoreVersion({ ...context.command(v1.id, context.actor, [2]), version: 1 }), VersionMismatchError);

      expect(error.currentVersion).toBe(3);
      expect(await context.state(v1.id)).toEqual(before);
    });

    it('refuses an archived workflow', async () => {
      const context = await setup();
      const { v1 } = await aRevisedWorkflow(context);
      await context.service.changeWorkflowStatus({ ...context.command(v1.id), action: 'archive' });

      const attempt = context.service.restoreVersion({ ...context.command(v1.id), version: 1 });

      await expect(attempt).rejects.toThrow(WorkflowArchivedError);
      expect((await context.state(v1.id)).workflow).toMatchObject({ version: 4, status: 'archived' });
    });

    it('refuses a version without a trigger on an active workflow', async () => {
      const { service, actor, create, edit, activate, command, state } = await setup();
      const workflow = await create({ triggerType: null, triggerConfig: {} });
      await edit(workflow.id, { triggerType: 'webhook', triggerConfig: {} });
      await activate(workflow.id);

      const attempt = service.restoreVersion({ ...command(workflow.id, actor), version: 1 });

      await expect(attempt).rejects.toThrow(WorkflowInvalidError);
      expect((await state(workflow.id)).versions).toHaveLength(3);
    });

    it('refuses a name another live workflow took meanwhile, naming it, and writes nothing', async () => {
      const context = await setup();
      const { v1, v2 } = await aRevisedWorkflow(context);
      const holder = await context.create({ name: v1.name.toUpperCase() });
      const before = await context.state(v1.id);

      const error = await caught(() => context.service.restoreVersion({ ...context.command(v1.id), version: 1 }), WorkflowNameTakenError);

      expect(error.existingWorkflowId).toBe(holder.id);
      expect(await context.state(v1.id)).toEqual(before);
      expect(before.workflow).toMatchObject({ name: v2.name, version: 3 });
    });

    it('takes back a name freed by a deletion', async () => {
      const context = await setup();
      const { v1 } = await aRevisedWorkflow(context);
      const holder = await context.create({ name: v1.name });
      await context.remove(holder.id);

      const restored = await context.service.restoreVersion({ ...context.command(v1.id), version: 1 });

      expect(restored).toMatchObject({ name: v1.name, version: 4 });
    });

    it('reports an unknown version as not found and writes nothing', async () => {
      const context = await setup();
      const { v1 } = await aRevisedWorkflow(context);
      const before = await context.state(v1.id);

      const error = await caught(() => context.service.restoreVersion({ ...context.command(v1.id), version: 7 }), WorkflowVersionNotFoundError);

      expect(error).toMatchObject({ workflowId: v1.id, version: 7 });
      expect(await context.state(v1.id)).toEqual(before);
    });

    it('does not let another account restore a version, and nothing changes', async () => {
      const context = await setup();
      const { v1 } = await aRevisedWorkflow(context);
      const stranger = anActor();
      const before = await context.state(v1.id);

      const error = await caught(() => context.service.restoreVersion({ ...context.command(v1.id, stranger), version: 1 }), WorkflowVersionNotFoundError);

      expect(error).toMatchObject({ workflowId: v1.id, version: 1 });
      expect(await context.state(v1.id)).toEqual(before);
      expect(await accountContents(context.database, stranger.accountId)).toEqual({ workflows: 0, audits: 0, versions: 0 });
    });
  });

  describe('a deleted workflow', () => {
    it('hides its versions until it is restored', async () => {
      const context = await setup();
      const { v1 } = await aRevisedWorkflow(context);
      await context.remove(v1.id);
      const { actor, service } = context;

      const hidden = await Promise.all([
        caught(() => service.listVersions({ actor, id: v1.id, limit: 10 }), WorkflowNotFoundError),
        caught(() => service.listVersions({ actor, id: v1.id, limit: 10, before: 3 }), WorkflowNotFoundError),
        caught(() => service.getVersion({ actor, id: v1.id, version: 1 }), WorkflowVersionNotFoundError),
        caught(() => service.getVersion({ actor, id: v1.id, version: 4 }), WorkflowVersionNotFoundError),
      ]);

      expect(hidden.map((error) => error.code)).toEqual(['WORKFLOW_NOT_FOUND', 'WORKFLOW_NOT_FOUND', 'WORKFLOW_VERSION_NOT_FOUND', 'WORKFLOW_VERSION_NOT_FOUND']);
    });

    it('cannot have a version restored while it is in the trash', async () => {
      const context = await setup();
      const { v1 } = await aRevisedWorkflow(context);
      await context.remove(v1.id);
      const before = await context.state(v1.id);

      const attempt = context.service.restoreVersion({ ...context.command(v1.id), version: 1 });

      await expect(attempt).rejects.toThrow(WorkflowVersionNotFoundError);
      expect(await context.state(v1.id)).toEqual(before);
    });

    it('shows its whole history again once restored, the deletion and the restore included', async () => {
      const context = await setup();
      const { v1 } = await aRevisedWorkflow(context);
      await context.remove(v1.id);
      await context.service.restoreWorkflow(context.command(v1.id));

      const page = await context.service.listVersions({ actor: context.actor, id: v1.id, limit: 10 });
      const deleted = await context.service.getVersion({ actor: context.actor, id: v1.id, version: 4 });

      expect(page.versions.map((version) => [version.version, version.action, version.status])).toEqual([
        [5, 'workflow.restored', 'paused'],
        [4, 'workflow.deleted', 'active'],
        [3, 'workflow.activated', 'active'],
        [2, 'workflow.updated', 'draft'],
        [1, 'workflow.created', 'draft'],
      ]);
      expect(deleted.action).toBe('workflow.deleted');
    });

    it('can have a version restored once it is back', async () => {
      const context = await setup();
      const { v1 } = await aRevisedWorkflow(context);
      await context.remove(v1.id);
      await context.service.restoreWorkflow(context.command(v1.id));

      const restored = await context.service.restoreVersion({ ...context.command(v1.id, context.actor, [5]), version: 1 });

      expect(restored).toMatchObject({ version: 6, name: v1.name, status: 'paused', deletedAt: null });
    });

    it('cannot be duplicated', async () => {
      const context = await setup();
      const workflow = await context.create();
      await context.remove(workflow.id);

      const attempt = context.service.duplicateWorkflow(context.command(workflow.id));

      await expect(attempt).rejects.toThrow(WorkflowNotFoundError);
      expect(await accountContents(context.database, context.actor.accountId)).toEqual({ workflows: 1, audits: 2, versions: 2 });
    });
  });

  describe('duplicate', () => {
    it('creates a draft named "<name> (copy)" with the source’s description and trigger', async () => {
      const context = await setup();
      const { v1, v3 } = await aRevisedWorkflow(context);
      const duplicator = aColleague(context.actor);

      const { workflow: copy, replayed } = await context.service.duplicateWorkflow(context.command(v1.id, duplicator));

      expect(replayed).toBe(false);
      expect(copy).toEqual({
        id: expect.not.stringMatching(v1.id) as unknown,
        accountId: context.actor.accountId,
        name: `${v3.name} (copy)`,
        description: v3.description,
        status: 'draft',
        trigger: v3.trigger,
        version: 1,
        createdBy: duplicator.userId,
        updatedBy: duplicator.userId,
        createdAt: context.clock.now(),
        updatedAt: context.clock.now(),
        deletedAt: null,
      });
      expect(await context.service.getWorkflow({ actor: context.actor, id: copy.id })).toEqual(copy);
    });

    it('writes the copy’s first version and a workflow.created audit row with duplicated_from, and leaves the source alone', async () => {
      const context = await setup();
      const { v1 } = await aRevisedWorkflow(context);
      const source = await context.state(v1.id);
      const command = context.command(v1.id);

      const { workflow: copy } = await context.service.duplicateWorkflow(command);

      const { versions, audits } = await context.state(copy.id);
      expect(versions).toEqual([
        { version: 1, account_id: context.actor.accountId, action: 'workflow.created', name: copy.name, status: 'draft', trigger_type: 'webhook', deleted_at: null, changed_by: context.actor.userId, changed_at: context.clock.now() },
      ]);
      expect(audits).toEqual([
        {
          account_id: context.actor.accountId,
          actor_id: context.actor.userId,
          actor_ref: context.actor.userRef,
          action: 'workflow.created',
          entity_type: 'workflow',
          entity_id: copy.id,
          request_id: command.origin.requestId,
          changes: { before: null, after: wire(copy), duplicated_from: v1.id },
          occurred_at: context.clock.now(),
        },
      ]);
      expect(await context.state(v1.id)).toEqual(source);
    });

    it('names further copies "(copy 2)", "(copy 3)", …', async () => {
      const { service, create, command } = await setup();
      const source = await create({ name: 'Weekly report' });

      const copies = [];
      for (let index = 0; index < 4; index += 1) copies.push((await service.duplicateWorkflow(command(source.id))).workflow.name);

      expect(copies).toEqual(['Weekly report (copy)', 'Weekly report (copy 2)', 'Weekly report (copy 3)', 'Weekly report (copy 4)']);
    });

    it('takes the first free copy name, whatever the case of the names taken', async () => {
      const { service, create, command } = await setup();
      const source = await create({ name: 'Weekly report' });
      await create({ name: 'WEEKLY REPORT (COPY)' });
      await create({ name: 'weekly report (copy 3)' });

      const names = [(await service.duplicateWorkflow(command(source.id))).workflow.name, (await service.duplicateWorkflow(command(source.id))).workflow.name];

      expect(names).toEqual(['Weekly report (copy 2)', 'Weekly report (copy 4)']);
    });

    it('reuses a copy name freed by a deletion', async () => {
      const { service, create, command, remove } = await setup();
      const source = await create({ name: 'Weekly report' });
      const first = (await service.duplicateWorkflow(command(source.id))).workflow;
      await service.duplicateWorkflow(command(source.id));
      await remove(first.id);

      const { workflow } = await service.duplicateWorkflow(command(source.id));

      expect(workflow.name).toBe('Weekly report (copy)');
    });

    it('names a copy of a copy after the copy', async () => {
      const { service, create, command } = await setup();
      const source = await create({ name: 'Weekly report' });
      const copy = (await service.duplicateWorkflow(command(source.id))).workflow;

      const { workflow } = await service.duplicateWorkflow(command(copy.id));

      expect(workflow.name).toBe('Weekly report (copy) (copy)');
    });

    it('cuts a long name so that the copy’s name fits 100 characters', async () => {
      const { service, create, command } = await setup();
      const source = await create({ name: `${'R'.repeat(95)}ésumé` });
      const first = (await service.duplicateWorkflow(command(source.id))).workflow;

      const second = (await service.duplicateWorkflow(command(source.id))).workflow;

      expect(first.name).toHaveLength(100);
      expect(first.name).toBe(`${'R'.repeat(93)} (copy)`);
      expect(second.name).toBe(`${'R'.repeat(91)} (copy 2)`);
    });

    it('uses the name it is given', async () => {
      const { service, create, command } = await setup();
      const source = await create({ name: 'Weekly report' });

      const { workflow } = await service.duplicateWorkflow({ ...command(source.id), name: 'Monthly report' });

      expect(workflow.name).toBe('Monthly report');
    });

    it('refuses a given name that is taken, naming its holder, and writes nothing', async () => {
      const { database, service, actor, create, command } = await setup();
      const source = await create({ name: 'Weekly report' });
      const holder = await create({ name: 'Monthly report' });

      const error = await caught(() => service.duplicateWorkflow({ ...command(source.id), name: 'monthly REPORT' }), WorkflowNameTakenError);

      expect(error.existingWorkflowId).toBe(holder.id);
      expect(await accountContents(database, actor.accountId)).toEqual({ workflows: 2, audits: 2, versions: 2 });
    });

    it('gives up, naming the last holder, when "(copy)" to "(copy 50)" are all taken', async () => {
      const { database, service, actor, create, command } = await setup();
      const source = await create({ name: 'Weekly report' });
      const holders = [];
      for (let index = 1; index <= 50; index += 1) holders.push(await create({ name: `Weekly report (copy${index === 1 ? '' : ` ${String(index)}`})` }));

      const error = await caught(() => service.duplicateWorkflow(command(source.id)), WorkflowNameTakenError);

      expect(error.existingWorkflowId).toBe(holders.at(-1)?.id);
      expect(await accountContents(database, actor.accountId)).toEqual({ workflows: 51, audits: 51, versions: 51 });
    });

    it('gives ten concurrent copies without a name ten different names', async () => {
      const { database, service, actor, create } = await setup();
      const source = await create({ name: 'Weekly report' });

      const copies = await Promise.all(Array.from({ length: 10 }, () => service.duplicateWorkflow({ actor, origin: anOrigin(), id: source.id })));

      const names = copies.map((copy) => copy.workflow.name);
      expect(names.toSorted()).toEqual(['Weekly report (copy)', ...Array.from({ length: 9 }, (_, index) => `Weekly report (copy ${String(index + 2)})`)].toSorted());
      expect(await accountContents(database, actor.accountId)).toEqual({ workflows: 11, audits: 11, versions: 11 });
      const sources = await database.query<{ from: string }>("SELECT changes->>'duplicated_from' AS from FROM audit_logs WHERE account_id = $1 AND changes ? 'duplicated_from'", [actor.accountId]);
      expect(sources).toEqual(Array.from({ length: 10 }, () => ({ from: source.id })));
    });

    it('answers a repeated Idempotency-Key with the first copy and makes no other', async () => {
      const { database, service, actor, create, command } = await setup();
      const source = await create({ name: 'Weekly report' });
      const idempotency = { key: randomUUID(), fingerprint: 'duplicate-weekly-report' };
      const first = await service.duplicateWorkflow({ ...command(source.id), idempotency });

      const again = await service.duplicateWorkflow({ ...command(source.id), idempotency });

      expect(again).toEqual({ workflow: first.workflow, replayed: true });
      expect(await accountContents(database, actor.accountId)).toEqual({ workflows: 2, audits: 2, versions: 2 });
    });

    it('reports an unknown workflow as not found', async () => {
      const { service, command } = await setup();
      const id = randomIds.next();

      const error = await caught(() => service.duplicateWorkflow(command(id)), WorkflowNotFoundError);

      expect(error.workflowId).toBe(id);
    });

    it('does not let another account duplicate a workflow, and nothing is written', async () => {
      const { database, service, actor, create, command } = await setup();
      const source = await create({ name: 'Weekly report' });
      const stranger = anActor();

      const error = await caught(() => service.duplicateWorkflow(command(source.id, stranger)), WorkflowNotFoundError);

      expect(error.workflowId).toBe(source.id);
      expect(await accountContents(database, stranger.accountId)).toEqual({ workflows: 0, audits: 0, versions: 0 });
      expect(await accountContents(database, actor.accountId)).toEqual({ workflows: 1, audits: 1, versions: 1 });
    });

    it('does not let another account copy under a name of its choosing either', async () => {
      const { database, service, create, command } = await setup();
      const source = await create({ name: 'Weekly report' });
      const stranger = anActor();

      const attempt = service.duplicateWorkflow({ ...command(source.id, stranger), name: 'Stolen report' });

      await expect(attempt).rejects.toThrow(WorkflowNotFoundError);
      expect(await accountContents(database, stranger.accountId)).toEqual({ workflows: 0, audits: 0, versions: 0 });
    });
  });
});
