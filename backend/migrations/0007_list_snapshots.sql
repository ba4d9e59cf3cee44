-- Keyset paging on a column that changes (updated_at, name) places a row changed while a client pages
-- where it was when the first page was read. "Changed since" is decided by the first page's database
-- snapshot, not by timestamps: a change stamped before that read may commit after it. Each workflow row
-- and version row records the transaction that wrote it; rows written before this migration have none,
-- which every later snapshot sees.
ALTER TABLE workflows ADD COLUMN recorded_in xid8;
ALTER TABLE workflows ALTER COLUMN recorded_in SET DEFAULT pg_current_xact_id();
ALTER TABLE workflow_versions ADD COLUMN recorded_in xid8;
ALTER TABLE workflow_versions ALTER COLUMN recorded_in SET DEFAULT pg_current_xact_id();

CREATE FUNCTION workflows_record_transaction() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.recorded_in := pg_current_xact_id();
  RETURN NEW;
END;
$$;

-- Every update, whoever sends it; inserts take the column default.
CREATE TRIGGER workflows_recorded_in
  BEFORE UPDATE ON workflows
  FOR EACH ROW EXECUTE FUNCTION workflows_record_transaction();
