-- The key list cursors are signed with (HMAC-SHA256): made once, here, by the database, and read by
-- every instance at start-up, so a cursor issued by one instance is accepted by all and cannot be
-- forged by a client. gen_random_uuid() draws from the server's strong random source.
CREATE TABLE service_keys (
  name text PRIMARY KEY,
  key text NOT NULL
);

INSERT INTO service_keys (name, key)
VALUES ('cursor', replace(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
