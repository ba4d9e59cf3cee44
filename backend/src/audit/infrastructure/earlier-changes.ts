/**
 * Workflow entries written by an instance still running code older than wire-format snapshots
 * (during a rolling deploy, after migration 0005 rewrote the rows before it) kept the service's own
 * object: `{ "after": { "accountId", "trigger": { "type", "config" }, … } }`. They are read in the
 * format the API returns, as 0005 rewrote the others, so a client never sees two formats.
 */
type Snapshot = Readonly<Record<string, unknown>>;

function isEarlierWorkflow(value: unknown): value is Snapshot & { readonly trigger?: Snapshot } {
  return typeof value === 'object' && value !== null && 'accountId' in value;
}

function wireWorkflow(entity: Snapshot & { readonly trigger?: Snapshot }): Snapshot {
  return {
    id: entity.id,
    account_id: entity.accountId,
    name: entity.name,
    description: entity.description,
    status: entity.status,
    trigger_type: entity.trigger?.type ?? null,
    trigger_config: entity.trigger?.config ?? {},
    version: entity.version,
    created_by: entity.createdBy,
    updated_by: entity.updatedBy,
    created_at: entity.createdAt,
    updated_at: entity.updatedAt,
    deleted_at: null,
  };
}

export function wireChanges(entityType: string, changes: Snapshot): Snapshot {
  if (entityType !== 'workflow' || !isEarlierWorkflow(changes.after)) return changes;
  return { before: null, after: wireWorkflow(changes.after) };
}
