import { auditEntry, type AuditAction } from '../../audit/index.js';
import type { Clock } from '../../shared/clock.js';
import { DependencyUnavailableError } from '../../shared/errors.js';
import type { IdGenerator } from '../../shared/ids.js';
import type { ChangeContext, Workflow } from '../domain/entities.js';
import { VersionMismatchError, WorkflowNotFoundError } from '../domain/exceptions.js';
import type { Caller, VersionCondition } from './dtos.js';
import type { WorkflowRepository } from './ports.js';
import { workflowSnapshot } from './snapshot.js';

export interface ChangeDependencies {
  readonly workflows: WorkflowRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export interface ChangeRequest extends Caller {
  readonly id: string;
  readonly condition?: VersionCondition | undefined;
  readonly action: AuditAction;
  /** Restore looks in the trash too; every other change sees live workflows only. */
  readonly includeDeleted?: boolean;
  /** More about the change, kept in its audit entry beside before and after. */
  readonly details?: Readonly<Record<string, unknown>>;
  /** The domain's change; returning `current` itself means there is nothing to do. */
  readonly apply: (current: Workflow, context: ChangeContext) => Workflow;
}

/** If-Match: `*` names any live version (a workflow in the trash has none), a list names versions. */
function matches(condition: VersionCondition | undefined, current: Workflow): boolean {
  if (condition === undefined) return true;
  return condition === 'any' ? current.deletedAt === null : condition.includes(current.version);
}

// Another change can land between the read and the conditional write; each retry re-reads, so
// a request naming a version fails its precondition, and one that names none applies to the new one.
// Concurrent writers of one workflow each need a round to land, so retries are many and spread out.
const ATTEMPTS = 25;
const BACKOFF_MS = 5;

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * BACKOFF_MS * Math.min(attempt, 8)));

/**
 * Every change of a workflow: read it in the caller's account, check the precondition, apply the
 * domain's change, and write it only if the row is still at the version read, with its audit entry
 * (before and after in the wire format) and version row in the same transaction. A no-op writes nothing.
 */
export async function changeWorkflow({ workflows, clock, ids }: ChangeDependencies, request: ChangeRequest): Promise<Workflow> {
  const { actor } = request;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const current = await workflows.findById(actor.accountId, request.id, { includeDeleted: request.includeDeleted === true });
    if (current === null) throw new WorkflowNotFoundError(request.id);
    if (!matches(request.condition, current)) throw new VersionMismatchError(current.version);
    const now = clock.now();
    const next = request.apply(current, { actorId: actor.userId, now });
    if (next === current) return current;
    const audit = auditEntry(
      { actor, origin: request.origin, action: request.action, entity: { type: 'workflow', id: current.id }, before: workflowSnapshot(current), after: workflowSnapshot(next), details: request.details },
      { id: ids.next(), at: now },
    );
    if (await workflows.save(next, current.version, audit)) return next;
    await pause(attempt);
  }
  throw new DependencyUnavailableError('database', { cause: new Error(`workflow ${request.id} kept changing during a ${request.action}`) });
}
