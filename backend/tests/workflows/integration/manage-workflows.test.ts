import { afterAll, describe, expect, it } from 'vitest';
import type { AuditLogRow } from '../../../src/audit/index.js';
import type { Database } from '../../../src/shared/database.js';
import { workflowService } from '../../support/workflow-service.js';
import type { Actor, VersionCondition } from '../../../src/workflows/application/dtos.js';
import type { Workflow } from '../../../src/workflows/domain/entities.js';
import {
  InvalidStatusTransitionError,
  VersionMismatchError,
  WorkflowArchivedError,
  WorkflowInvalidError,
  WorkflowNameTakenError,
  WorkflowNotFoundError,
} from '../../../src/workflows/domain/exceptions.js';
import { workflowNameKey } from '../../../src/workflows/domain/value-objects.js';
import { aClock, aColleague, aCreateCommand, anActor, anOrigin, FIXED_NOW, randomIds } from '../../support/builders.js';
import { caught } from '../../support/caught.js';
import { unusedVerifier, wire } from '../../support/wire.js';
import { closeSharedDatabases, databaseKinds, sharedDatabase } from '../../support/database.js';

afterAll(closeSharedDatabases);

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;


function workflowRow(workflow: Workflow): Record<string, unknown> {
  return {
    id: workflow.id,
    account_id: workflow.accountId,
    name: workflow.name,
    name_key: workflowNameKey(workflow.name),
    description: workflow.description,
    status: workflow.status,
    trigger_type: workflow.trigger.type,
    trigger_config: workflow.trigger.config,
    version: workflow.version,
    created_by: workflow.createdBy,
    updated_by: workflow.updatedBy,
    created_at: workflow.createdAt,
    updated_at: workflow.updatedAt,
    deleted_at: workflow.deletedAt,
  };
}

function versionRow(workflow: Workflow, action: string): Record<string, unknown> {
  return {
    workflow_id: workflow.id,
    version: workflow.version,
    account_id: workflow.accountId,
    action,
    name: workflow.name,
    name_key: workflowNameKey(workflow.name),
    description: workflow.description,
    status: workflow.status,
    trigger_type: workflow.trigger.type,
    trigger_config: workflow.trigger.config,
    deleted_at: workflow.deletedAt,
    changed_by: workflow.updatedBy,
    changed_at: workflow.updatedAt,
  };
}

// The columns of DESIGN §4 (and the name key of migration 0002): columns added later for other purposes are not compared.
const WORKFLOW_COLUMNS = 'id, account_id, name, name_key, description, status, trigger_type, trigger_config, version, created_by, updated_by, created_at, updated_at, deleted_at';
const AUDIT_COLUMNS = 'id, account_id, actor_id, actor_ref, action, entity_type, entity_id, request_id, ip, user_agent, changes, occurred_at';
const VERSION_COLUMNS = 'workflow_id, version, account_id, action, name, name_key, description, status, trigger_type, trigger_config, deleted_at, changed_by, changed_at';

/** Everything a change of workflow `id` writes: its row, its audit rows and its version rows. */
async function stored(database: Database, id: string) {
  const [workflow] = await database.query<Record<string, unknown>>(`SELECT ${WORKFLOW_COLUMNS} FROM workflows WHERE id = $1`, [id]);
  const audits = await database.query<AuditLogRow>(`SELECT ${AUDIT_COLUMNS} FROM audit_logs WHERE entity_id = $1 ORDER BY occurred_at, id`, [id]);
  const versions = await database.query<Record<string, unknown>>(`SELECT ${VERSION_COLUMNS} FROM workflow_versions WHERE workflow_id = $1 ORDER BY version`, [id]);
  return { workflow, audits, versions };
}

describe.each(databaseKinds())('managing workflows on %s', (kind) => {
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
    const state = (id: string) => stored(database, id);
    return { database, clock, service, actor, create, command, state };
  };

  describe('create', () => {
    it('writes a draft at version 1 with one workflow.created audit row and its first version row', async () => {
      const { service, actor, state } = await setup();
      const origin = anOrigin();

      const { workflow, replayed } = await service.createWorkflow(aCreateCommand({ actor, origin, name: 'Morning digest', triggerType: 'webhook', triggerConfig: {} }));

      const { workflow: row, audits, versions } = await state(workflow.id);
      expect(replayed).toBe(false);
      expect(workflow).toMatchObject({ name: 'Morning digest', status: 'draft', version: 1, trigger: { type: 'webhook', config: { method: 'POST' } }, createdAt: FIXED_NOW, deletedAt: null });
      expect(row).toEqual(workflowRow(workflow));
      expect(audits).toEqual([
        expect.objectContaining({
          account_id: actor.accountId,
          actor_id: actor.userId,
          actor_ref: actor.userRef,
          action: 'workflow.created',
          entity_type: 'workflow',
          request_id: origin.requestId,
          changes: { before: null, after: wire(workflow) },
          occurred_at: FIXED_NOW,
        }),
      ]);
      expect(versions).toEqual([versionRow(workflow, 'workflow.created')]);
    });
  });

  describe('get', () => {
    it('returns the workflow as stored', async () => {
      const { service, actor, create } = await setup();
      const created = await create();

      const found = await service.getWorkflow({ actor, id: created.id });

      expect(found).toEqual(created);
    });

    it('does not reveal another account’s workflow', async () => {
      const { service, create } = await setup();
      const created = await create();

      const error = await caught(() => service.getWorkflow({ actor: anActor(), id: created.id }), WorkflowNotFoundError);

      expect(error.workflowId).toBe(created.id);
    });
  });

  describe('list', () => {
    it('lists the account’s live workflows, newest first', async () => {
      const { service, actor, clock, create } = await setup();
      const first = await create({ name: 'First' });
      clock.advance(MINUTE_MS);
      const second = await create({ name: 'Second' });

      const page = await service.listWorkflows({ actor, filter: { deleted: false }, sort: '-created_at', limit: 10 });

      expect(page).toEqual({ workflows: [second, first], next: null });
    });

    it('shows another account none of them, live or in the trash', async () => {
      const { service, create, command } = await setup();
      await create();
      const deleted = await create();
      await service.deleteWorkflow(command(deleted.id));
      const stranger = anActor();

      const live = await service.listWorkflows({ actor: stranger, filter: { deleted: false }, sort: '-created_at', limit: 100 });
      const trash = await service.listWorkflows({ actor: stranger, filter: { deleted: true }, sort: '-created_at', limit: 100 });

      expect(live.workflows).toEqual([]);
      expect(trash.workflows).toEqual([]);
    });
  });

  describe('edit', () => {
    it('patches the workflow to its next version, with a workflow.updated audit row and a version row', async () => {
      const { service, actor, create, command, state } = await setup();
      const created = await create({ name: 'Digest', description: 'Old text' });
      const edit = command(created.id);

      const edited = await service.editWorkflow({ ...edit, kind: 'patch', patch: { name: 'Renamed digest', description: null, triggerConfig: { timezone: 'UTC' } } });

      const { workflow: row, audits, versions } = await state(created.id);
      expect(edited).toEqual({
        ...created,
        name: 'Renamed digest',
        description: '',
        trigger: { type: 'schedule', config: { cron: '0 9 * * MON-FRI', timezone: 'UTC' } },
        version: 2,
        updatedBy: actor.userId,
        updatedAt: new Date(FIXED_NOW.getTime() + MINUTE_MS),
      });
      expect(row).toEqual(workflowRow(edited));
      expect(audits.map((audit) => audit.action)).toEqual(['workflow.created', 'workflow.updated']);
      expect(audits[1]).toMatchObject({ actor_id: actor.userId, request_id: edit.origin.requestId, changes: { before: wire(created), after: wire(edited) } });
      expect(versions).toEqual([versionRow(created, 'workflow.created'), versionRow(edited, 'workflow.updated')]);
    });

    it('replaces the definition, omitted members taking their create defaults', async () => {
      const { service, create, command, state } = await setup();
      const created = await create({ name: 'Digest' });

      const replaced = await service.editWorkflow({ ...command(created.id), kind: 'replace', definition: { name: 'Digest' } });

      const { workflow: row, versions } = await state(created.id);
      expect(replaced).toMatchObject({ name: 'Digest', description: '', trigger: { type: null, config: {} }, version: 2 });
      expect(row).toEqual(workflowRow(replaced));
      expect(versions).toHaveLength(2);
    });

    it('records a colleague as the one who edited', async () => {
      const { service, actor, create, command, state } = await setup();
      const created = await create();
      const colleague = aColleague(actor);

      const edited = await service.editWorkflow({ ...command(created.id, colleague), kind: 'patch', patch: { description: 'By a colleague' } });

      const { audits } = await state(created.id);
      expect(edited).toMatchObject({ createdBy: actor.userId, updatedBy: colleague.userId });
      expect(audits[1]).toMatchObject({ actor_id: colleague.userId, actor_ref: colleague.userRef });
    });

    it('writes nothing for a patch that changes nothing', async () => {
      const { service, create, command, state } = await setup();
      const created = await create({ name: 'Digest' });
      const before = await state(created.id);

      const edited = await service.editWorkflow({ ...command(created.id), kind: 'patch', patch: { name: 'Digest', triggerConfig: { timezone: 'Europe/Paris' } } });

      expect(edited).toEqual(created);
      expect(await state(created.id)).toEqual(before);
    });

    it('reports another account’s workflow as not found and leaves it alone', async () => {
      const { service, create, command, state } = await setup();
      const created = await create();
      const before = await state(created.id);

      const error = await caught(() => service.editWorkflow({ ...command(created.id, anActor()), kind: 'patch', patch: { name: 'Hijacked' } }), WorkflowNotFoundError);

      expect(error.workflowId).toBe(created.id);
      expect(await state(created.id)).toEqual(before);
    });

    it('refuses a rename into a name the account uses, naming the live holder', async () => {
      const { service, create, command, state } = await setup();
      const holder = await create({ name: 'Taken name' });
      const renamed = await create({ name: 'Free name' });
      const before = await state(renamed.id);

      const error = await caught(() => service.editWorkflow({ ...command(renamed.id), kind: 'patch', patch: { name: 'TAKEN NAME' } }), WorkflowNameTakenError);

      expect(error.existingWorkflowId).toBe(holder.id);
      expect(await state(renamed.id)).toEqual(before);
    });

    it('lets a workflow take a name freed by a deletion', async () => {
      const { service, create, command } = await setup();
      const deleted = await create({ name: 'Recycled' });
      const renamed = await create({ name: 'Other' });
      await service.deleteWorkflow(command(deleted.id));

      const edited = await service.editWorkflow({ ...command(renamed.id), kind: 'patch', patch: { name: 'recycled' } });

      expect(edited).toMatchObject({ name: 'recycled', version: 2 });
    });

    it('lets a workflow change the case of its own name', async () => {
      const { service, create, command } = await setup();
      const created = await create({ name: 'quiet name' });

      const edited = await service.editWorkflow({ ...command(created.id), kind: 'patch', patch: { name: 'Quiet Name' } });

      expect(edited).toMatchObject({ name: 'Quiet Name', version: 2 });
    });

    it('refuses to edit an archived workflow and writes nothing', async () => {
      const { service, create, command, state } = await setup();
      const created = await create();
      await service.changeWorkflowStatus({ ...command(created.id), action: 'archive' });
      const before = await state(created.id);

      const error = await caught(() => service.editWorkflow({ ...command(created.id), kind: 'patch', patch: { description: 'Too late' } }), WorkflowArchivedError);

      expect(error.workflowId).toBe(created.id);
      expect(await state(created.id)).toEqual(before);
    });

    it('refuses to take the trigger of an active workflow and writes nothing', async () => {
      const { service, create, command, state } = await setup();
      const created = await create();
      await service.changeWorkflowStatus({ ...command(created.id), action: 'activate' });
      const before = await state(created.id);

      const error = await caught(() => service.editWorkflow({ ...command(created.id), kind: 'patch', patch: { triggerType: null } }), WorkflowInvalidError);

      expect(error.issues.map((issue) => issue.code)).toEqual(['WORKFLOW_TRIGGER_REQUIRED']);
      expect(await state(created.id)).toEqual(before);
    });
  });

  describe('change status', () => {
    it('activates a draft, with a workflow.activated audit row and a version row', async () => {
      const { service, create, command, state } = await setup();
      const created = await create();

      const activated = await service.changeWorkflowStatus({ ...command(created.id), action: 'activate' });

      const { workflow: row, audits, versions } = await state(created.id);
      expect(activated).toMatchObject({ status: 'active', version: 2 });
      expect(row).toEqual(workflowRow(activated));
      expect(audits[1]).toMatchObject({ action: 'workflow.activated', changes: { before: wire(created), after: wire(activated) } });
      expect(versions).toEqual([versionRow(created, 'workflow.created'), versionRow(activated, 'workflow.activated')]);
    });

    it('records each lifecycle action under its own audit action', async () => {
      const { service, create, command, state } = await setup();
      const created = await create();

      for (const action of ['activate', 'pause', 'activate', 'archive', 'unarchive'] as const) await service.changeWorkflowStatus({ ...command(created.id), action });

      const { workflow: row, audits, versions } = await state(created.id);
      expect(row).toMatchObject({ status: 'draft', version: 6 });
      expect(audits.map((audit) => audit.action)).toEqual(['workflow.created', 'workflow.activated', 'workflow.paused', 'workflow.activated', 'workflow.archived', 'workflow.unarchived']);
      expect(versions.map((version) => version.status)).toEqual(['draft', 'active', 'paused', 'active', 'archived', 'draft']);
    });

    it('writes nothing when the workflow is already in the status', async () => {
      const { service, create, command, state } = await setup();
      const created = await create();
      const active = await service.changeWorkflowStatus({ ...command(created.id), action: 'activate' });
      const before = await state(created.id);

      const again = await service.changeWorkflowStatus({ ...command(created.id), action: 'activate' });

      expect(again).toEqual(active);
      expect(await state(created.id)).toEqual(before);
    });

    it('refuses a transition the status does not allow and writes nothing', async () => {
      const { service, create, command, state } = await setup();
      const created = await create();
      const before = await state(created.id);

      const error = await caught(() => service.changeWorkflowStatus({ ...command(created.id), action: 'pause' }), InvalidStatusTransitionError);

      expect(error).toMatchObject({ status: 'draft', action: 'pause', allowedActions: ['activate', 'archive'] });
      expect(await state(created.id)).toEqual(before);
    });

    it('reports another account’s workflow as not found and leaves it alone', async () => {
      const { service, create, command, state } = await setup();
      const created = await create();
      const before = await state(created.id);

      const error = await caught(() => service.changeWorkflowStatus({ ...command(created.id, anActor()), action: 'activate' }), WorkflowNotFoundError);

      expect(error.workflowId).toBe(created.id);
      expect(await state(created.id)).toEqual(before);
    });
  });

  describe('delete', () => {
    it('moves the workflow to the trash with a workflow.deleted audit row and a version row', async () => {
      const { service, create, command, state } = await setup();
      const created = await create();
      const deletion = command(created.id);
      const deletedAt = new Date(FIXED_NOW.getTime() + MINUTE_MS);

      await service.deleteWorkflow(deletion);

      const { workflow: row, audits, versions } = await state(created.id);
      const trashed = { ...created, version: 2, deletedAt, updatedAt: deletedAt };
      expect(row).toEqual(workflowRow(trashed));
      expect(audits[1]).toMatchObject({ action: 'workflow.deleted', request_id: deletion.origin.requestId, changes: { before: wire(created), after: wire(trashed) } });
      expect(versions).toEqual([versionRow(created, 'workflow.created'), versionRow(trashed, 'workflow.deleted')]);
    });

    it('hides the workflow from get and list, shows it in the trash, and frees its name', async () => {
      const { service, actor, create, command } = await setup();
      const created = await create({ name: 'Gone soon' });

      await service.deleteWorkflow(command(created.id));

      const live = await service.listWorkflows({ actor, filter: { deleted: false }, sort: '-created_at', limit: 10 });
      const trash = await service.listWorkflows({ actor, filter: { deleted: true }, sort: '-created_at', limit: 10 });
      await expect(service.getWorkflow({ actor, id: created.id })).rejects.toThrow(WorkflowNotFoundError);
      expect(live.workflows).toEqual([]);
      expect(trash.workflows.map((workflow) => workflow.id)).toEqual([created.id]);
      expect((await create({ name: 'GONE SOON' })).id).not.toBe(created.id);
    });

    it('hides a workflow in the trash from edits and lifecycle actions', async () => {
      const { service, create, command, state } = await setup();
      const created = await create();
      await service.deleteWorkflow(command(created.id));
      const before = await state(created.id);

      const edit = await caught(() => service.editWorkflow({ ...command(created.id), kind: 'patch', patch: { description: 'In the trash' } }), WorkflowNotFoundError);
      const activation = await caught(() => service.changeWorkflowStatus({ ...command(created.id, undefined, 'any'), action: 'activate' }), WorkflowNotFoundError);

      expect([edit.workflowId, activation.workflowId]).toEqual([created.id, created.id]);
      expect(await state(created.id)).toEqual(before);
    });

    it('reports a workflow already in the trash as not found', async () => {
      const { service, create, command, state } = await setup();
      const created = await create();
      await service.deleteWorkflow(command(created.id));
      const before = await state(created.id);

      await expect(service.deleteWorkflow(command(created.id))).rejects.toThrow(WorkflowNotFoundError);
      expect(await state(created.id)).toEqual(before);
    });

    it('reports another account’s workflow as not found and leaves it alone', async () => {
      const { service, create, command, state } = await setup();
      const created = await create();
      const before = await state(created.id);

      const error = await caught(() => service.deleteWorkflow(command(created.id, anActor())), WorkflowNotFoundError);

      expect(error.workflowId).toBe(created.id);
      expect(await state(created.id)).toEqual(before);
    });
  });

  describe('restore', () => {
    it('brings an active workflow back paused, with a workflow.restored audit row and a version row', async () => {
      const { service, create, command, state } = await setup();
      const created = await create();
      await service.changeWorkflowStatus({ ...command(created.id), action: 'activate' });
      await service.deleteWorkflow(command(created.id));
      const trashed = await state(created.id);

      const restored = await service.restoreWorkflow(command(created.id));

      const { workflow: row, audits, versions } = await state(created.id);
      expect(restored).toMatchObject({ status: 'paused', deletedAt: null, version: 4 });
      expect(row).toEqual(workflowRow(restored));
      expect(audits.map((audit) => audit.action)).toEqual(['workflow.created', 'workflow.activated', 'workflow.deleted', 'workflow.restored']);
      expect(audits[3]?.changes).toEqual({ before: audits[2]?.changes.after, after: wire(restored) });
      expect(versions).toEqual([...trashed.versions, versionRow(restored, 'workflow.restored')]);
    });

    it('restores at the very end of the window', async () => {
      const { service, clock, create, command } = await setup();
      const created = await create();
      await service.deleteWorkflow(command(created.id));
      clock.advance(30 * DAY_MS - MINUTE_MS);

      const restored = await service.restoreWorkflow(command(created.id));

      expect(restored).toMatchObject({ status: 'draft', deletedAt: null, version: 3 });
    });

    it('reports a workflow deleted longer ago than the window as not found and writes nothing', async () => {
      const { service, clock, create, command, state } = await setup();
      const created = await create();
      await service.deleteWorkflow(command(created.id));
      clock.advance(30 * DAY_MS);
      const before = await state(created.id);

      const error = await caught(() => service.restoreWorkflow(command(created.id)), WorkflowNotFoundError);

      expect(error.workflowId).toBe(created.id);
      expect(await state(created.id)).toEqual(before);
    });

    it('writes nothing for a live workflow', async () => {
      const { service, create, command, state } = await setup();
      const created = await create();
      const before = await state(created.id);

      const restored = await service.restoreWorkflow(command(created.id));

      expect(restored).toEqual(created);
      expect(await state(created.id)).toEqual(before);
    });

    it('refuses to restore into a name a live workflow took meanwhile, naming it', async () => {
      const { service, create, command, state } = await setup();
      const deleted = await create({ name: 'Contested' });
      await service.deleteWorkflow(command(deleted.id));
      const holder = await create({ name: 'contested' });
      const before = await state(deleted.id);

      const error = await caught(() => service.restoreWorkflow(command(deleted.id)), WorkflowNameTakenError);

      expect(error.existingWorkflowId).toBe(holder.id);
      expect(await state(deleted.id)).toEqual(before);
    });

    it('reports another account’s deleted workflow as not found and leaves it in the trash', async () => {
      const { service, create, command, state } = await setup();
      const created = await create();
      await service.deleteWorkflow(command(created.id));
      const before = await state(created.id);

      const error = await caught(() => service.restoreWorkflow(command(created.id, anActor())), WorkflowNotFoundError);

      expect(error.workflowId).toBe(created.id);
      expect(await state(created.id)).toEqual(before);
    });
  });

  describe('preconditions', () => {
    const atVersion2 = async () => {
      const context = await setup();
      const created = await context.create();
      await context.service.editWorkflow({ ...context.command(created.id), kind: 'patch', patch: { description: 'Second version' } });
      return { ...context, created, before: await context.state(created.id) };
    };

    it('refuses an edit of version 1 when the workflow is at version 2, naming the current version', async () => {
      const { service, command, state, created, before } = await atVersion2();

      const error = await caught(() => service.editWorkflow({ ...command(created.id, undefined, [1]), kind: 'patch', patch: { description: 'Stale' } }), VersionMismatchError);

      expect(error.currentVersion).toBe(2);
      expect(await state(created.id)).toEqual(before);
    });

    it.each([
      ['a status change', 'activate'],
      ['a deletion', 'delete'],
      ['a restore', 'restore'],
    ] as const)('refuses %s naming a stale version', async (_name, change) => {
      const { service, command, state, created, before } = await atVersion2();
      const stale = command(created.id, undefined, [1]);
      const changes = {
        activate: () => service.changeWorkflowStatus({ ...stale, action: 'activate' }),
        delete: () => service.deleteWorkflow(stale),
        restore: () => service.restoreWorkflow(stale),
      };

      const error = await caught(changes[change], VersionMismatchError);

      expect(error.currentVersion).toBe(2);
      expect(await state(created.id)).toEqual(before);
    });

    it('refuses to restore a workflow in the trash on If-Match: *, which names live versions only', async () => {
      const { service, create, command, state } = await setup();
      const created = await create();
      await service.deleteWorkflow(command(created.id));
      const before = await state(created.id);

      const error = await caught(() => service.restoreWorkflow(command(created.id, undefined, 'any')), VersionMismatchError);

      expect(error.currentVersion).toBe(2);
      expect(await state(created.id)).toEqual(before);
    });

    it('restores a workflow in the trash naming its current version', async () => {
      const { service, create, command } = await setup();
      const created = await create();
      await service.deleteWorkflow(command(created.id));

      const restored = await service.restoreWorkflow(command(created.id, undefined, [2]));

      expect(restored).toMatchObject({ deletedAt: null, version: 3 });
    });

    it.each([
      ['any version', 'any'],
      ['the current version', [2]],
      ['a list holding the current version', [1, 2]],
    ] as const)('applies a change that accepts %s', async (_name, condition: VersionCondition) => {
      const { service, command, created } = await atVersion2();

      const edited = await service.editWorkflow({ ...command(created.id, undefined, condition), kind: 'patch', patch: { description: 'Third version' } });

      expect(edited).toMatchObject({ description: 'Third version', version: 3 });
    });
  });
});
