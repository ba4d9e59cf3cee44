import type { Clock } from '../../../shared/clock.js';
import type { IdGenerator } from '../../../shared/ids.js';
import { createWorkflow, type Workflow } from '../../domain/entities.js';
import type { CreateWorkflowCommand } from '../dtos.js';
import type { WorkflowRepository } from '../ports.js';

export type CreateWorkflow = (command: CreateWorkflowCommand) => Promise<Workflow>;

export interface CreateWorkflowDependencies {
  readonly workflows: WorkflowRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export function makeCreateWorkflow({ workflows, clock, ids }: CreateWorkflowDependencies): CreateWorkflow {
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
    await workflows.create(workflow, {
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
    return workflow;
  };
}
