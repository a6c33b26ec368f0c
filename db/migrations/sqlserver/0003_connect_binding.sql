-- A connect is bound to the browser that started it: the Zeeg main app hands that browser a single-use start link
-- (only its hash is kept), and opening it stores the hash of a random value that goes into a cookie. The callback
-- must bring the cookie back. The state that Webex returns is minted when the link is opened.
ALTER TABLE dbo.oauth_authorizations ADD
    start_hash       nvarchar(128)     NULL,
    start_expires_at datetimeoffset(7) NULL,
    binding_hash     nvarchar(128)     NULL,
    opened_at        datetimeoffset(7) NULL;
GO

-- Filtered: rows from before this migration have no start link, and a plain unique index allows one NULL only.
CREATE UNIQUE INDEX uq_oauth_authorizations_start_hash ON dbo.oauth_authorizations (start_hash) WHERE start_hash IS NOT NULL;
-- The purge deletes expired rows oldest first, in bounded batches.
CREATE INDEX ix_oauth_authorizations_expires_at ON dbo.oauth_authorizations (expires_at);
-- The connection view shows a user's latest connect attempt.
CREATE INDEX ix_oauth_authorizations_user_created ON dbo.oauth_authorizations (zeeg_user_id, created_at);
