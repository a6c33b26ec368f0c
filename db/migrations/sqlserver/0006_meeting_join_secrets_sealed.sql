-- The meeting password, host key and phone/video-system password are sealed with the token key ring (AES-256-GCM)
-- into one blob; join_secrets_key_id names the key, so the re-encryption job finds rows under a retired key.
-- SQL cannot seal: rows from before keep their plaintext columns until the service rewrites them (any update of the
-- meeting, or the re-encryption job), which seals them and clears the plaintext. They are marked with the key id N''
-- (no configured key id is empty), so the re-encryption job finds them through the same index.
ALTER TABLE dbo.webex_meetings ADD
    join_secrets        varbinary(max) NULL,
    join_secrets_key_id nvarchar(255)  NULL;
GO

UPDATE dbo.webex_meetings SET join_secrets_key_id = N''
WHERE password IS NOT NULL OR host_key IS NOT NULL OR phone_video_password IS NOT NULL;

-- Filtered: only rows that hold secrets are ever looked up by their key.
CREATE INDEX ix_webex_meetings_join_secrets_key_id ON dbo.webex_meetings (join_secrets_key_id) WHERE join_secrets_key_id IS NOT NULL;
