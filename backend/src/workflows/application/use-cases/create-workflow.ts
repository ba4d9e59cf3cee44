import type { Clock } from '../../../shared/clock.js';
import type { IdGenerator } from '../../../shared/ids.js';
import { createWorkflow, type Workflow } from '../../domain/entities.js';
import type { CreateWorkflowCommand } from '../dtos.js';
import type { UnitOfWork } from '../ports.js';

export type CreateWorkflow = (command: CreateWorkflowCommand) => Promise<Workflow>;

export interface CreateWorkflowDependencies {
  readonly unitOfWork: UnitOfWork;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export function makeCreateWorkflow({ unitOfWork, clock, ids }: CreateWorkflowDependencies): CreateWorkflow {
  return async (command) => {
    const now = clock.now();
    const workflow = createWorkflow(
      {
        accountId: command.actor.accountId,
        actorId: command.actor.userId,
        name: command.name,
        description: command.description,
        triggerType: command.triggerType,
        triggerConfig: command.triggerConfig,
      },
      { id: ids.next(), now },
    );
    await unitOfWork.run(async ({ workflows, auditLog }) => {
      await workflows.insert(workflow);
      await auditLog.append({
        id: ids.next(),
        accountId: workflow.accountId,
        actorId: command.actor.userId,
        actorRef: command.actor.userRef,
        action: 'workflow.created',
        entityType: 'workflow',
        entityId: workflow.id,
        origin: command.origin,
        changes: { after: workflow },
        occurredAt: now,
      });
    });
    return workflow;
  };
}
