-- Database functions are defined in their module's sql/ folder from now on, and re-applied when their
-- text changes; versioned migrations keep tables, indexes and data. workflow_create (migrations 0003
-- and 0004) has had no caller since workflow_insert replaced it, a release ago.
--
-- workflow_insert and workflow_save with positional arguments (migration 0004) stay: instances of the
-- previous release call them until every instance runs this one. A migration of the next release
-- drops them.
DROP FUNCTION IF EXISTS workflow_create(uuid, uuid, text, text, text, text, text, jsonb, integer, uuid, timestamptz,
                                        uuid, text, text, text, text, text, jsonb);
