import { randomUUID } from 'node:crypto';
import { auditEntry, type AuditEntry, type RequestOrigin } from '../../src/audit/index.js';
import type { Clock } from '../../src/shared/clock.js';
import { accountIdFromOrganization, userIdFromClerkUser, uuidV7, type IdGenerator } from '../../src/shared/ids.js';
import type { Actor, CreateWorkflowCommand } from '../../src/workflows/application/dtos.js';
import { workflowSnapshot } from '../../src/workflows/application/snapshot.js';
import { createWorkflow, type Workflow } from '../../src/workflows/domain/entities.js';

export const FIXED_NOW = new Date('2026-11-25T12:00:00.000Z');

export const fixedClock: Clock = { now: () => new Date(FIXED_NOW) };

/** A clock tests move by hand. */
export function aClock(start: Date = FIXED_NOW): Clock & { advance(ms: number): void } {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
  };
}

export const randomIds: IdGenerator = { next: () => uuidV7() };

/** A member of a fresh organization: tests never see each other's rows. */
export function anActor(overrides: Partial<Actor> = {}): Actor {
  const organization = `org_${randomUUID()}`;
  const user = `user_${randomUUID()}`;
  return { accountId: accountIdFromOrganization(organization), userId: userIdFromClerkUser(user), userRef: user, ...overrides };
}

/** Another member of `actor`'s organization. */
export function aColleague(actor: Actor): Actor {
  const user = `user_${randomUUID()}`;
  return { accountId: actor.accountId, userId: userIdFromClerkUser(user), userRef: user };
}

export function anOrigin(overrides: Partial<RequestOrigin> = {}): RequestOrigin {
  return { requestId: `req-${randomUUID()}`, ip: '127.0.0.1', userAgent: 'vitest', ...overrides };
}

export function aCreateCommand(overrides: Partial<CreateWorkflowCommand> = {}): CreateWorkflowCommand {
  return {
    actor: anActor(),
    origin: anOrigin(),
    name: `Workflow ${randomUUID().slice(0, 8)}`,
    description: 'Sends a digest',
    triggerType: 'schedule',
    triggerConfig: { cron: '0 9 * * MON-FRI', timezone: 'Europe/Paris' },
    ...overrides,
  };
}

/** A valid draft workflow (a weekday schedule) of a fresh account, with any member overridden. */
export function aWorkflow(overrides: Partial<Workflow> = {}): Workflow {
  const actor = anActor();
  const workflow = createWorkflow(
    { accountId: actor.accountId, actorId: actor.userId, name: `Workflow ${randomUUID().slice(0, 8)}`, description: 'Sends a digest', triggerType: 'schedule', triggerConfig: { cron: '0 9 * * MON-FRI', timezone: 'Europe/Paris' } },
    { id: uuidV7(), now: FIXED_NOW },
  );
  return { ...workflow, ...overrides };
}

/** The audit entry a create of `workflow` writes. */
export function anAuditEntry(workflow: Workflow, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    ...auditEntry(
      {
        actor: { accountId: workflow.accountId, userId: workflow.createdBy, userRef: 'user_test' },
        origin: anOrigin(),
        action: 'workflow.created',
        entity: { type: 'workflow', id: workflow.id },
        before: null,
        after: workflowSnapshot(workflow),
      },
      { id: uuidV7(), at: workflow.createdAt },
    ),
    ...overrides,
  };
}
