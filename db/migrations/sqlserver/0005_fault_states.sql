-- Readiness proves the database takes writes, not only reads: /health/ready stores a heartbeat in this one-row table
-- (a read-only database, a held lock or a full log then shows as not ready instead of as failing writes).
CREATE TABLE dbo.health_heartbeat (
    id      int               NOT NULL CONSTRAINT pk_health_heartbeat PRIMARY KEY,
    beat_at datetimeoffset(7) NOT NULL
);

INSERT INTO dbo.health_heartbeat (id, beat_at) VALUES (1, '1970-01-01T00:00:00+00:00');

-- A cancellation or change that could not reach Webex (the host's connection is gone) waits in its own status until
-- the host reconnects; the sweeper looks those few rows up by status.
CREATE INDEX ix_webex_meetings_status ON dbo.webex_meetings (status);
