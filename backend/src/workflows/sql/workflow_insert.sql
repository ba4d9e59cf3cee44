-- A create as one statement: the workflow, its first version, its audit row and, when the request
-- carried one, its Idempotency-Key, all or nothing. The argument is one record built by
-- workflowInsert() (infrastructure/workflow-writes.ts), the rows to write under their column names:
-- {"workflow", "audit_log"} and, with an Idempotency-Key, {"idempotency_key", "idempotency_live_since"}
-- (keys recorded before that moment are expired). Every value comes from the service; this function
-- decides only whether they are written. Outcomes: 'created'; 'name_taken' (nothing written;
-- existing_id names the holder when it is still there); 'replayed' (the key was used with the same
-- request: replay_id is the workflow it created); 'key_reused' (another request); 'key_in_use' (a
-- request with the key is still running: it holds the key's transaction-scoped advisory lock).
--
-- A member the record lacks reads as null and one it has beyond these is ignored: a later release
-- that adds a member gives it a default here, so the release before it keeps working during its deploy.
CREATE OR REPLACE FUNCTION workflow_insert(input jsonb, OUT outcome text, OUT existing_id uuid, OUT replay_id uuid)
LANGUAGE plpgsql AS $$
DECLARE
  w workflows := jsonb_populate_record(NULL::workflows, input->'workflow');
  a audit_logs := jsonb_populate_record(NULL::audit_logs, input->'audit_log');
  k idempotency_keys := jsonb_populate_record(NULL::idempotency_keys, input->'idempotency_key');
  held idempotency_keys;
BEGIN
  IF k.key IS NOT NULL THEN
    -- The same lock key as every earlier definition of this function, so creates sent by two
    -- releases running side by side exclude each other too.
    IF NOT pg_try_advisory_xact_lock(hashtextextended(k.account_id::text || '/' || k.user_id::text || '/' || k.key, 7302114952)) THEN
      outcome := 'key_in_use';
      RETURN;
    END IF;
    SELECT * INTO held
      FROM idempotency_keys
     WHERE account_id = k.account_id AND user_id = k.user_id AND key = k.key
       AND created_at > (input->>'idempotency_live_since')::timestamptz;
    IF FOUND THEN
      IF held.fingerprint = k.fingerprint THEN
        outcome := 'replayed';
        replay_id := held.workflow_id;
      ELSE
        outcome := 'key_reused';
      END IF;
      RETURN;
    END IF;
  END IF;
  INSERT INTO workflows (id, account_id, name, name_key, description, status, trigger_type, trigger_config, version,
                         created_by, updated_by, created_at, updated_at, deleted_at)
  VALUES (w.id, w.account_id, w.name, w.name_key, w.description, w.status, w.trigger_type, w.trigger_config, w.version,
          w.created_by, w.updated_by, w.created_at, w.updated_at, w.deleted_at)
  ON CONFLICT (account_id, name_key) WHERE deleted_at IS NULL DO NOTHING;
  IF NOT FOUND THEN
    outcome := 'name_taken';
    SELECT id INTO existing_id FROM workflows WHERE account_id = w.account_id AND name_key = w.name_key AND deleted_at IS NULL;
    RETURN;
  END IF;
  PERFORM workflow_record_change(w, a);
  IF k.key IS NOT NULL THEN
    -- An expired row of the same key is replaced; a live one cannot exist (checked above, under the lock).
    INSERT INTO idempotency_keys (account_id, user_id, key, fingerprint, workflow_id, created_at)
    VALUES (k.account_id, k.user_id, k.key, k.fingerprint, k.workflow_id, k.created_at)
    ON CONFLICT (account_id, user_id, key) DO UPDATE
      SET fingerprint = EXCLUDED.fingerprint, workflow_id = EXCLUDED.workflow_id, created_at = EXCLUDED.created_at;
  END IF;
  outcome := 'created';
END;
$$;
