import type { WorkflowVersion } from '../../api/index.js';
import { describeTrigger } from '../../components/trigger-text.js';

/** What a version and a workflow have in common, to tell what changed between two of them. */
type Comparable = Pick<WorkflowVersion, 'name' | 'description' | 'trigger_type' | 'trigger_config' | 'status'>;

/** What differs between a version and the one before it, one "field: before → after" line each. */
export function changesBetween(before: Comparable, after: Comparable): string[] {
  // The trigger in words; its raw configuration when the words are the same but the settings are not.
  const inWords = describeTrigger(before) !== describeTrigger(after);
  const trigger = (version: Comparable) => (inWords ? describeTrigger(version) : `${version.trigger_type ?? 'none'} ${JSON.stringify(version.trigger_config)}`);
  const pairs: [string, string, string][] = [
    ['name', before.name, after.name],
    ['description', before.description === '' ? '—' : before.description, after.description === '' ? '—' : after.description],
    ['trigger', trigger(before), trigger(after)],
    ['status', before.status, after.status],
  ];
  return pairs.filter(([, from, to]) => from !== to).map(([field, from, to]) => `${field}: ${from} → ${to}`);
}
