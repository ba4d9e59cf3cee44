import { nextVersion, type ChangeContext, type Workflow } from './entities.js';
import { InvalidStatusTransitionError, WorkflowNotFoundError } from './exceptions.js';
import type { WorkflowStatus } from './value-objects.js';

export const LIFECYCLE_ACTIONS = ['activate', 'pause', 'archive', 'unarchive'] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

const TARGET: Readonly<Record<LifecycleAction, WorkflowStatus>> = { activate: 'active', pause: 'paused', archive: 'archived', unarchive: 'draft' };

const FROM: Readonly<Record<LifecycleAction, readonly WorkflowStatus[]>> = {
  activate: ['draft', 'paused'],
  pause: ['active'],
  archive: ['draft', 'active', 'paused'],
  unarchive: ['archived'],
};

/** The actions that would change `workflow`'s status now; activating needs a trigger. */
export function allowedActions(workflow: Workflow): LifecycleAction[] {
  return LIFECYCLE_ACTIONS.filter((action) => FROM[action].includes(workflow.status) && (action !== 'activate' || workflow.trigger.type !== null));
}

/**
 * `workflow` after `action`: the same object when it is already in the action's status (a repeated
 * action writes nothing), else its next version.
 */
export function changeStatus(workflow: Workflow, action: LifecycleAction, context: ChangeContext): Workflow {
  const target = TARGET[action];
  if (workflow.status === target) return workflow;
  const allowed = allowedActions(workflow);
  if (!allowed.includes(action)) {
    const reason = action === 'activate' && FROM.activate.includes(workflow.status) ? 'without a trigger' : undefined;
    throw new InvalidStatusTransitionError(workflow.status, action, allowed, reason);
  }
  return nextVersion(workflow, { status: target }, context);
}

/** To the trash: the name is free for others at once; the workflow stays restorable for a while. */
export function trashWorkflow(workflow: Workflow, context: ChangeContext): Workflow {
  return nextVersion(workflow, { deletedAt: context.now }, context);
}

/**
 * Back from the trash within `windowMs` of its deletion, in the status it had, except that an active
 * workflow comes back paused: nothing starts running again without someone deciding it.
 */
export function restoreWorkflow(workflow: Workflow, context: ChangeContext, windowMs: number): Workflow {
  if (workflow.deletedAt === null) return workflow;
  if (context.now.getTime() - workflow.deletedAt.getTime() > windowMs) throw new WorkflowNotFoundError(workflow.id);
  return nextVersion(workflow, { deletedAt: null, status: workflow.status === 'active' ? 'paused' : workflow.status }, context);
}
