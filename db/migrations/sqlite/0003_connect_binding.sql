-- A connect is bound to the browser that started it: the Zeeg main app hands that browser a single-use start link
-- (only its hash is kept), and opening it stores the hash of a random value that goes into a cookie. The callback
-- must bring the cookie back. The state that Webex returns is minted when the link is opened.
ALTER TABLE oauth_authorizations ADD COLUMN start_hash TEXT NULL;
ALTER TABLE oauth_authorizations ADD COLUMN start_expires_at TEXT NULL;
ALTER TABLE oauth_authorizations ADD COLUMN binding_hash TEXT NULL;
ALTER TABLE oauth_authorizations ADD COLUMN opened_at TEXT NULL;

-- SQLite lets several NULLs share a unique index, so rows from before this migration need no start link.
CREATE UNIQUE INDEX uq_oauth_authorizations_start_hash ON oauth_authorizations (start_hash);
-- The purge deletes expired rows oldest first, in bounded batches.
CREATE INDEX ix_oauth_authorizations_expires_at ON oauth_authorizations (expires_at);
-- The connection view shows a user's latest connect attempt.
CREATE INDEX ix_oauth_authorizations_user_created ON oauth_authorizations (zeeg_user_id, created_at);
