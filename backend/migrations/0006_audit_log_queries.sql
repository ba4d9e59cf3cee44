-- Reading the audit log through the API: an account's entries newest first (audit_logs_account_occurred_idx),
-- and the same narrowed to one entity or one actor, each on an index that returns rows in page order.
CREATE INDEX audit_logs_account_entity_occurred_idx ON audit_logs (account_id, entity_id, occurred_at DESC, id DESC);
CREATE INDEX audit_logs_account_actor_occurred_idx ON audit_logs (account_id, actor_id, occurred_at DESC, id DESC);
