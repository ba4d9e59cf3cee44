-- A create as one statement: the workflow and its audit row, both or neither. PL/pgSQL keeps the
-- plans of the statements inside it for the life of the server connection, which a transaction
-- pooler cannot undo the way it drops named prepared statements; planning the equivalent CTE on
-- every call cost half the database's time. The caller runs it in a transaction that sets the
-- statement and lock timeouts.
CREATE FUNCTION workflow_create(
  p_id uuid, p_account_id uuid, p_name text, p_name_key text, p_description text, p_status text,
  p_trigger_type text, p_trigger_config jsonb, p_version integer, p_actor_id uuid, p_at timestamptz,
  p_audit_id uuid, p_action text, p_actor_ref text, p_request_id text, p_ip text, p_user_agent text, p_changes jsonb,
  OUT created_id uuid, OUT existing_id uuid)
LANGUAGE plpgsql AS $$
BEGIN
  -- The name index decides; on a taken name nothing is written and the holder's id is returned.
  INSERT INTO workflows (id, account_id, name, name_key, description, status, trigger_type, trigger_config, version,
                         created_by, updated_by, created_at, updated_at)
  VALUES (p_id, p_account_id, p_name, p_name_key, p_description, p_status, p_trigger_type, p_trigger_config, p_version,
          p_actor_id, p_actor_id, p_at, p_at)
  ON CONFLICT (account_id, name_key) WHERE deleted_at IS NULL DO NOTHING
  RETURNING id INTO created_id;
  IF created_id IS NULL THEN
    SELECT id INTO existing_id FROM workflows WHERE account_id = p_account_id AND name_key = p_name_key AND deleted_at IS NULL;
    RETURN;
  END IF;
  INSERT INTO audit_logs (id, account_id, actor_id, actor_ref, action, entity_type, entity_id, request_id, ip, user_agent, changes, occurred_at)
  VALUES (p_audit_id, p_account_id, p_actor_id, p_actor_ref, p_action, 'workflow', created_id, p_request_id, p_ip, p_user_agent, p_changes, p_at);
END;
$$;
