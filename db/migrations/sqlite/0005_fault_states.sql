-- Readiness proves the database takes writes, not only reads: /health/ready stores a heartbeat in this one-row table
-- (a read-only file, a held lock or a full disk then shows as not ready instead of as failing writes).
CREATE TABLE health_heartbeat (
    id      INTEGER NOT NULL PRIMARY KEY,
    beat_at TEXT    NOT NULL
) STRICT;

INSERT INTO health_heartbeat (id, beat_at) VALUES (1, '1970-01-01T00:00:00.0000000Z');

-- A cancellation or change that could not reach Webex (the host's connection is gone) waits in its own status until
-- the host reconnects; the sweeper looks those few rows up by status.
CREATE INDEX ix_webex_meetings_status ON webex_meetings (status);
