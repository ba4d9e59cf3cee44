import { randomUUID } from 'node:crypto';
import type { AuditEntry, RequestOrigin } from '../../src/audit/index.js';
import type { Workflow } from '../../src/workflows/domain/entities.js';
import type { Clock } from '../../src/shared/clock.js';
import { accountIdFromOrganization, userIdFromClerkUser, uuidV7, type IdGenerator } from '../../src/shared/ids.js';
import type { Actor, CreateWorkflowCommand } from '../../src/workflows/application/dtos.js';

export const FIXED_NOW = new Date('2026-11-25T12:00:00.000Z');

export const fixedClock: Clock = { now: () => new Date(FIXED_NOW) };

export const randomIds: IdGenerator = { next: () => uuidV7() };

/** A member of a fresh organization: tests never see each other's rows. */
export function anActor(overrides: Partial<Actor> = {}): Actor {
  const organization = `org_${randomUUID()}`;
  const user = `user_${randomUUID()}`;
  return { accountId: accountIdFromOrganization(organization), userId: userIdFromClerkUser(user), userRef: user, ...overrides };
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

/** The audit entry a create of `workflow` writes. */
export function anAuditEntry(workflow: Workflow, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: uuidV7(),
    accountId: workflow.accountId,
    actorId: workflow.createdBy,
    actorRef: 'user_test',
    action: 'workflow.created',
    entityType: 'workflow',
    entityId: workflow.id,
    origin: anOrigin(),
    changes: { after: workflow },
    occurredAt: workflow.createdAt,
    ...overrides,
  };
}
