-- Workflows: one row per workflow definition, scoped by account.
CREATE TABLE workflows (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  status text NOT NULL,
  trigger_type text NULL,
  trigger_config jsonb NOT NULL DEFAULT '{}'::jsonb,
  version integer NOT NULL DEFAULT 1,
  created_by uuid,
  updated_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz NULL,
  CONSTRAINT workflows_status_check CHECK (status IN ('draft', 'active', 'paused', 'archived')),
  CONSTRAINT workflows_trigger_type_check CHECK (trigger_type IS NULL OR trigger_type IN ('manual', 'webhook', 'schedule', 'event')),
  CONSTRAINT workflows_trigger_config_object CHECK (jsonb_typeof(trigger_config) = 'object'),
  CONSTRAINT workflows_version_positive CHECK (version >= 1)
);

-- Names are unique per account among live rows, compared case-insensitively after Unicode
-- compatibility normalisation. The index decides uniqueness; the application never checks first.
CREATE UNIQUE INDEX workflows_account_name_unique
  ON workflows (account_id, lower(normalize(name, NFKC)))
  WHERE deleted_at IS NULL;

-- Listing an account's workflows, newest first.
CREATE INDEX workflows_account_created_idx
  ON workflows (account_id, created_at DESC, id DESC)
  WHERE deleted_at IS NULL;

-- Audit log: append-only record of every change, written in the change's own transaction.
CREATE TABLE audit_logs (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL,
  actor_id uuid NOT NULL,
  actor_ref text NOT NULL,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id uuid NOT NULL,
  request_id text NULL,
  ip text NULL,
  user_agent text NULL,
  changes jsonb NOT NULL DEFAULT '{}'::jsonb,
  occurred_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX audit_logs_account_occurred_idx ON audit_logs (account_id, occurred_at DESC, id DESC);
CREATE INDEX audit_logs_entity_idx ON audit_logs (account_id, entity_type, entity_id);

CREATE FUNCTION audit_logs_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_logs is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_logs_append_only
  BEFORE UPDATE OR DELETE ON audit_logs
  FOR EACH ROW EXECUTE FUNCTION audit_logs_reject_change();

CREATE TRIGGER audit_logs_no_truncate
  BEFORE TRUNCATE ON audit_logs
  FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_reject_change();
