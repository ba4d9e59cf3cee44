-- Managing workflows after create: every change writes a version row and an audit row in the same
-- transaction, creates can be made idempotent, and lists page by keyset on every sort they offer.

-- One row per version of every workflow, as it was at that version; append-only like the audit log.
CREATE TABLE workflow_versions (
  workflow_id uuid NOT NULL,
  version integer NOT NULL,
  account_id uuid NOT NULL,
  action text NOT NULL,
  name text NOT NULL,
  name_key text NOT NULL,
  description text NOT NULL,
  status text NOT NULL,
  trigger_type text NULL,
  trigger_config jsonb NOT NULL,
  deleted_at timestamptz NULL,
  changed_by uuid NULL,
  changed_at timestamptz NOT NULL,
  PRIMARY KEY (workflow_id, version)
);

CREATE FUNCTION reject_change_of_history() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER workflow_versions_append_only
  BEFORE UPDATE OR DELETE ON workflow_versions
  FOR EACH ROW EXECUTE FUNCTION reject_change_of_history();

CREATE TRIGGER workflow_versions_no_truncate
  BEFORE TRUNCATE ON workflow_versions
  FOR EACH STATEMENT EXECUTE FUNCTION reject_change_of_history();

-- Workflows written before this migration get their current version as their history.
INSERT INTO workflow_versions (workflow_id, version, account_id, action, name, name_key, description, status,
                               trigger_type, trigger_config, deleted_at, changed_by, changed_at)
SELECT id, version, account_id, CASE WHEN version = 1 THEN 'workflow.created' ELSE 'workflow.updated' END, name, name_key,
       description, status, trigger_type, trigger_config, deleted_at, updated_by, updated_at
  FROM workflows;

-- Idempotency-Key of a create, per account and user; rows older than the TTL are ignored and purged.
CREATE TABLE idempotency_keys (
  account_id uuid NOT NULL,
  user_id uuid NOT NULL,
  key text NOT NULL,
  fingerprint text NOT NULL,
  workflow_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (account_id, user_id, key)
);

CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- Keyset paging on each sort of the list (created_at is served by workflows_account_created_idx),
-- and the trash, most recently deleted first.
CREATE INDEX workflows_account_updated_idx ON workflows (account_id, updated_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX workflows_account_name_key_idx ON workflows (account_id, name_key, id) WHERE deleted_at IS NULL;
CREATE INDEX workflows_account_deleted_idx ON workflows (account_id, deleted_at DESC, id DESC) WHERE deleted_at IS NOT NULL;

-- Instances still running the previous code call workflow_create while this one rolls out: it now
-- writes the first version row too.
CREATE OR REPLACE FUNCTION workflow_create(
  p_id uuid, p_account_id uuid, p_name text, p_name_key text, p_description text, p_status text,
  p_trigger_type text, p_trigger_config jsonb, p_version integer, p_actor_id uuid, p_at timestamptz,
  p_audit_id uuid, p_action text, p_actor_ref text, p_request_id text, p_ip text, p_user_agent text, p_changes jsonb,
  OUT created_id uuid, OUT existing_id uuid)
LANGUAGE plpgsql AS $$
BEGIN
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
  INSERT INTO workflow_versions (workflow_id, version, account_id, action, name, name_key, description, status,
                                 trigger_type, trigger_config, deleted_at, changed_by, changed_at)
  VALUES (p_id, p_version, p_account_id, p_action, p_name, p_name_key, p_description, p_status,
          p_trigger_type, p_trigger_config, NULL, p_actor_id, p_at);
  INSERT INTO audit_logs (id, account_id, actor_id, actor_ref, action, entity_type, entity_id, request_id, ip, user_agent, changes, occurred_at)
  VALUES (p_audit_id, p_account_id, p_actor_id, p_actor_ref, p_action, 'workflow', created_id, p_request_id, p_ip, p_user_agent, p_changes, p_at);
END;
$$;

-- A create as one statement: the workflow, its first version, its audit row and, when the request
-- carried one, its Idempotency-Key, all or nothing. Outcomes: 'created'; 'name_taken' (nothing
-- written; existing_id names the holder when it is still there); 'replayed' (the key was used with the
-- same request: replay_id is the workflow it created); 'key_reused' (another request); 'key_in_use'
-- (a request with the key is still running: it holds the key's transaction-scoped advisory lock).
CREATE FUNCTION workflow_insert(
  p_id uuid, p_account_id uuid, p_name text, p_name_key text, p_description text,
  p_trigger_type text, p_trigger_config jsonb, p_actor_id uuid, p_at timestamptz,
  p_audit_id uuid, p_actor_ref text, p_request_id text, p_ip text, p_user_agent text, p_changes jsonb,
  p_key text, p_fingerprint text, p_key_since timestamptz,
  OUT outcome text, OUT existing_id uuid, OUT replay_id uuid)
LANGUAGE plpgsql AS $$
DECLARE
  v_fingerprint text;
  v_workflow_id uuid;
  v_created_id uuid;
BEGIN
  IF p_key IS NOT NULL THEN
    IF NOT pg_try_advisory_xact_lock(hashtextextended(p_account_id::text || '/' || p_actor_id::text || '/' || p_key, 7302114952)) THEN
      outcome := 'key_in_use';
      RETURN;
    END IF;
    SELECT fingerprint, workflow_id INTO v_fingerprint, v_workflow_id
      FROM idempotency_keys
     WHERE account_id = p_account_id AND user_id = p_actor_id AND key = p_key AND created_at > p_key_since;
    IF FOUND THEN
      IF v_fingerprint = p_fingerprint THEN
        outcome := 'replayed';
        replay_id := v_workflow_id;
      ELSE
        outcome := 'key_reused';
      END IF;
      RETURN;
    END IF;
  END IF;
  INSERT INTO workflows (id, account_id, name, name_key, description, status, trigger_type, trigger_config, version,
                         created_by, updated_by, created_at, updated_at)
  VALUES (p_id, p_account_id, p_name, p_name_key, p_description, 'draft', p_trigger_type, p_trigger_config, 1,
          p_actor_id, p_actor_id, p_at, p_at)
  ON CONFLICT (account_id, name_key) WHERE deleted_at IS NULL DO NOTHING
  RETURNING id INTO v_created_id;
  IF v_created_id IS NULL THEN
    outcome := 'name_taken';
    SELECT id INTO existing_id FROM workflows WHERE account_id = p_account_id AND name_key = p_name_key AND deleted_at IS NULL;
    RETURN;
  END IF;
  INSERT INTO workflow_versions (workflow_id, version, account_id, action, name, name_key, description, status,
                                 trigger_type, trigger_config, deleted_at, changed_by, changed_at)
  VALUES (p_id, 1, p_account_id, 'workflow.created', p_name, p_name_key, p_description, 'draft',
          p_trigger_type, p_trigger_config, NULL, p_actor_id, p_at);
  INSERT INTO audit_logs (id, account_id, actor_id, actor_ref, action, entity_type, entity_id, request_id, ip, user_agent, changes, occurred_at)
  VALUES (p_audit_id, p_account_id, p_actor_id, p_actor_ref, 'workflow.created', 'workflow', p_id, p_request_id, p_ip, p_user_agent, p_changes, p_at);
  IF p_key IS NOT NULL THEN
    -- An expired row of the same key is replaced; a live one cannot exist (checked above, under the lock).
    INSERT INTO idempotency_keys (account_id, user_id, key, fingerprint, workflow_id, created_at)
    VALUES (p_account_id, p_actor_id, p_key, p_fingerprint, p_id, p_at)
    ON CONFLICT (account_id, user_id, key) DO UPDATE
      SET fingerprint = EXCLUDED.fingerprint, workflow_id = EXCLUDED.workflow_id, created_at = EXCLUDED.created_at;
  END IF;
  outcome := 'created';
END;
$$;

-- Any change of a workflow as one statement: the row is written only if it is still at the expected
-- version (saved = false otherwise, nothing written), with its version row and audit row. A rename
-- into a taken name fails on the name index (SQLSTATE 23505), and the transaction with it. The name
-- key is recomputed only when the name changes or the workflow leaves the trash, so a row keyed apart
-- by migration 0002 keeps its key through other changes.
CREATE FUNCTION workflow_save(
  p_account_id uuid, p_id uuid, p_expected_version integer, p_version integer, p_name text, p_name_key text,
  p_description text, p_status text, p_trigger_type text, p_trigger_config jsonb, p_deleted_at timestamptz,
  p_actor_id uuid, p_at timestamptz,
  p_audit_id uuid, p_action text, p_actor_ref text, p_request_id text, p_ip text, p_user_agent text, p_changes jsonb,
  OUT saved boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_name_key text;
BEGIN
  UPDATE workflows
     SET name = p_name,
         name_key = CASE WHEN name = p_name AND deleted_at IS NULL THEN name_key ELSE p_name_key END,
         description = p_description, status = p_status, trigger_type = p_trigger_type, trigger_config = p_trigger_config,
         version = p_version, updated_by = p_actor_id, updated_at = p_at, deleted_at = p_deleted_at
   WHERE account_id = p_account_id AND id = p_id AND version = p_expected_version
  RETURNING name_key INTO v_name_key;
  saved := FOUND;
  IF NOT saved THEN
    RETURN;
  END IF;
  INSERT INTO workflow_versions (workflow_id, version, account_id, action, name, name_key, description, status,
                                 trigger_type, trigger_config, deleted_at, changed_by, changed_at)
  VALUES (p_id, p_version, p_account_id, p_action, p_name, v_name_key, p_description, p_status,
          p_trigger_type, p_trigger_config, p_deleted_at, p_actor_id, p_at);
  INSERT INTO audit_logs (id, account_id, actor_id, actor_ref, action, entity_type, entity_id, request_id, ip, user_agent, changes, occurred_at)
  VALUES (p_audit_id, p_account_id, p_actor_id, p_actor_ref, p_action, 'workflow', p_id, p_request_id, p_ip, p_user_agent, p_changes, p_at);
END;
$$;
