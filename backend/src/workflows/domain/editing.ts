import { mergePatch } from './merge-patch.js';
import type { Workflow, WorkflowDefinition } from './entities.js';

/**
 * A JSON Merge Patch (RFC 7396) of the definition: an absent member keeps its value, null resets
 * it (no trigger, an empty description or configuration). The name cannot be null.
 */
export interface WorkflowPatch {
  readonly name?: string | undefined;
  readonly description?: string | null | undefined;
  readonly triggerType?: string | null | undefined;
  readonly triggerConfig?: Readonly<Record<string, unknown>> | null | undefined;
}

function asConfig(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/**
 * The definition `patch` leads to. A patch that changes the trigger type takes the configuration
 * from the patch alone (a schedule's cron means nothing to a webhook); one that keeps the type
 * merges the configuration into the current one.
 */
export function patchedDefinition(workflow: Workflow, patch: WorkflowPatch): WorkflowDefinition {
  const triggerType = patch.triggerType === undefined ? workflow.trigger.type : patch.triggerType;
  const keepsType = triggerType === workflow.trigger.type;
  const base = keepsType ? workflow.trigger.config : {};
  const triggerConfig = patch.triggerConfig === undefined ? base : asConfig(mergePatch(base, patch.triggerConfig));
  return {
    name: patch.name ?? workflow.name,
    description: patch.description === undefined ? workflow.description : (patch.description ?? ''),
    triggerType,
    triggerConfig,
  };
}
