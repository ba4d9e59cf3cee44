-- Audit entries keep workflows in the wire format (snake_case, as the API returns them), so an entry
-- reads the same whatever the code looks like later. Entries written before that kept the service's
-- own object ({"after": {"accountId": …, "trigger": {"type", "config"}, …}}); they are rewritten once,
-- here, into {"before": null, "after": <the workflow as the API returned it>}. The append-only trigger
-- is lifted for this one statement, inside the migration's transaction.
ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only;

UPDATE audit_logs
   SET changes = jsonb_build_object(
         'before', NULL,
         'after', jsonb_build_object(
           'id', changes->'after'->'id',
           'account_id', changes->'after'->'accountId',
           'name', changes->'after'->'name',
           'description', changes->'after'->'description',
           'status', changes->'after'->'status',
           'trigger_type', changes->'after'->'trigger'->'type',
           'trigger_config', coalesce(changes->'after'->'trigger'->'config', '{}'::jsonb),
           'version', changes->'after'->'version',
           'created_by', changes->'after'->'createdBy',
           'updated_by', changes->'after'->'updatedBy',
           'created_at', changes->'after'->'createdAt',
           'updated_at', changes->'after'->'updatedAt',
           'deleted_at', NULL))
 WHERE entity_type = 'workflow' AND changes->'after' ? 'accountId';

ALTER TABLE audit_logs ENABLE TRIGGER audit_logs_append_only;
