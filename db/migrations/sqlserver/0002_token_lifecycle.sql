-- Token lifecycle on Webex's real model, and the refresh lease that keeps two service processes from both spending
-- one refresh token.
--   tokens_refreshed_at     when Webex last handed us tokens; the scheduled refresh waits a day between refreshes
--                           because a sooner one answers the same values. NULL (rows from before) counts as long ago.
--   reconnect_notice_at     when Zeeg was told the refresh token ends soon without being extended, so it is told once.
--   refresh_lease_owner/_until   the single-flight lease, claimed with one conditional UPDATE; expires on its own when
--                           its holder dies.
ALTER TABLE dbo.webex_connections ADD
    tokens_refreshed_at datetimeoffset(7) NULL,
    reconnect_notice_at datetimeoffset(7) NULL,
    refresh_lease_owner uniqueidentifier  NULL,
    refresh_lease_until datetimeoffset(7) NULL;

-- The refresh sweep seeks on either expiry and filters on status and tokens_refreshed_at: carry both in the indexes
-- so the filter needs no lookup into the table.
DROP INDEX ix_webex_connections_access_expires_at ON dbo.webex_connections;
DROP INDEX ix_webex_connections_refresh_expires_at ON dbo.webex_connections;
CREATE INDEX ix_webex_connections_access_expires_at ON dbo.webex_connections (access_expires_at) INCLUDE (status, tokens_refreshed_at);
CREATE INDEX ix_webex_connections_refresh_expires_at ON dbo.webex_connections (refresh_expires_at) INCLUDE (status, tokens_refreshed_at);
