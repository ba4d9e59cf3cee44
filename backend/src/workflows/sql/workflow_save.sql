-- Any change of a workflow as one statement: the row is written only if it is still at the expected
-- version (saved = false otherwise, nothing written), with its version row and audit row. The
-- argument is one record built by workflowSave() (infrastructure/workflow-writes.ts): the rows to
-- write under their column names, {"workflow", "audit_log", "expected_version"}. A rename into a
-- taken name fails on the name index (SQLSTATE 23505), and the transaction with it.
--
-- A member the record lacks reads as null and one it has beyond these is ignored: a later release
-- that adds a member gives it a default here, so the release before it keeps working during its deploy.
CREATE OR REPLACE FUNCTION workflow_save(input jsonb, OUT saved boolean)
LANGUAGE plpgsql AS $$
DECLARE
  w workflows := jsonb_populate_record(NULL::workflows, input->'workflow');
  a audit_logs := jsonb_populate_record(NULL::audit_logs, input->'audit_log');
BEGIN
  -- The name key is recomputed only when the name changes or the workflow leaves the trash, so a row
  -- keyed apart by migration 0002 keeps its key through other changes.
  UPDATE workflows
     SET name = w.name,
         name_key = CASE WHEN name = w.name AND deleted_at IS NULL THEN name_key ELSE w.name_key END,
         description = w.description, status = w.status, trigger_type = w.trigger_type, trigger_config = w.trigger_config,
         version = w.version, updated_by = w.updated_by, updated_at = w.updated_at, deleted_at = w.deleted_at
   WHERE account_id = w.account_id AND id = w.id AND version = (input->>'expected_version')::integer
  RETURNING name_key INTO w.name_key;
  saved := FOUND;
  IF NOT saved THEN
    RETURN;
  END IF;
  PERFORM workflow_record_change(w, a);
END;
$$;
