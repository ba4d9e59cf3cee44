-- What every write of a workflow records beside the row, in the caller's transaction: its version
-- row (the row as written, under the change the audit row names) and its audit row. Called by
-- workflow_insert and workflow_save once their row is written.
CREATE OR REPLACE FUNCTION workflow_record_change(w workflows, a audit_logs) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO workflow_versions (workflow_id, version, account_id, action, name, name_key, description, status,
                                 trigger_type, trigger_config, deleted_at, changed_by, changed_at)
  VALUES (w.id, w.version, w.account_id, a.action, w.name, w.name_key, w.description, w.status,
          w.trigger_type, w.trigger_config, w.deleted_at, w.updated_by, w.updated_at);
  INSERT INTO audit_logs (id, account_id, actor_id, actor_ref, action, entity_type, entity_id, request_id, ip, user_agent, changes, occurred_at)
  VALUES (a.id, a.account_id, a.actor_id, a.actor_ref, a.action, a.entity_type, a.entity_id, a.request_id, a.ip, a.user_agent, a.changes, a.occurred_at);
END;
$$;
