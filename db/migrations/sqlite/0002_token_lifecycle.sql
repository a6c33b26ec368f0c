-- Token lifecycle on Webex's real model, and the refresh lease that keeps two service processes from both spending
-- one refresh token.
--   tokens_refreshed_at     when Webex last handed us tokens; the scheduled refresh waits a day between refreshes
--                           because a sooner one answers the same values. NULL (rows from before) counts as long ago.
--   reconnect_notice_at     when Zeeg was told the refresh token ends soon without being extended, so it is told once.
--   refresh_lease_owner/_until   the single-flight lease, claimed with one conditional UPDATE; expires on its own when
--                           its holder dies.
ALTER TABLE webex_connections ADD COLUMN tokens_refreshed_at TEXT NULL;
ALTER TABLE webex_connections ADD COLUMN reconnect_notice_at TEXT NULL;
ALTER TABLE webex_connections ADD COLUMN refresh_lease_owner TEXT NULL;
ALTER TABLE webex_connections ADD COLUMN refresh_lease_until TEXT NULL;
