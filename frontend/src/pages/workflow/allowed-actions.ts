import type { LifecycleAction, Workflow } from '../../api/index.js';

/**
 * The lifecycle actions the service allows from a status (§5.6); activating needs a trigger.
 * A copy of the service's rule, kept here alone until the API answers each workflow's own
 * `allowed_actions`, which will replace it.
 */
export function allowedActions(workflow: Pick<Workflow, 'status' | 'trigger_type'>): readonly LifecycleAction[] {
  switch (workflow.status) {
    case 'draft':
      return workflow.trigger_type === null ? ['archive'] : ['activate', 'archive'];
    case 'active':
      return ['pause', 'archive'];
    case 'paused':
      return ['activate', 'archive'];
    case 'archived':
      return ['unarchive'];
  }
}
