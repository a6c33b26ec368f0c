-- Ids are TEXT (lower-case Guid "D" form) and instants are TEXT in UTC "yyyy-MM-ddTHH:mm:ss.fffffffZ":
-- fixed width and always UTC, so comparing the strings orders them as instants and the expiry indexes work.
-- STRICT makes SQLite reject a value of the wrong type instead of silently storing it.

CREATE TABLE webex_connections (
    id                 TEXT    NOT NULL PRIMARY KEY,
    zeeg_user_id       TEXT    NOT NULL,
    webex_person_id    TEXT    NOT NULL,
    email              TEXT    NOT NULL,
    display_name       TEXT    NOT NULL,
    org_id             TEXT    NULL,
    status             INTEGER NOT NULL,
    status_reason      TEXT    NULL,
    scopes             TEXT    NOT NULL,
    access_token       BLOB    NULL,
    access_expires_at  TEXT    NULL,
    refresh_token      BLOB    NULL,
    refresh_expires_at TEXT    NULL,
    token_key_id       TEXT    NULL,
    version            INTEGER NOT NULL,
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    CONSTRAINT uq_webex_connections_zeeg_user UNIQUE (zeeg_user_id)
) STRICT;

-- The refresh sweep looks connections up by either expiry; one index each so both halves of its UNION seek.
CREATE INDEX ix_webex_connections_access_expires_at ON webex_connections (access_expires_at);
CREATE INDEX ix_webex_connections_refresh_expires_at ON webex_connections (refresh_expires_at);
-- The re-encryption job finds tokens sealed with a retired key.
CREATE INDEX ix_webex_connections_token_key_id ON webex_connections (token_key_id);

CREATE TABLE oauth_authorizations (
    id            TEXT NOT NULL PRIMARY KEY,
    state_hash    TEXT NOT NULL,
    zeeg_user_id  TEXT NOT NULL,
    code_verifier BLOB NOT NULL,
    return_url    TEXT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    consumed_at   TEXT NULL,
    CONSTRAINT uq_oauth_authorizations_state_hash UNIQUE (state_hash)
) STRICT;

CREATE TABLE connection_events (
    id           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    zeeg_user_id TEXT    NOT NULL,
    kind         INTEGER NOT NULL,
    detail       TEXT    NULL,
    at           TEXT    NOT NULL
) STRICT;

CREATE INDEX ix_connection_events_zeeg_user_id ON connection_events (zeeg_user_id);

CREATE TABLE webex_meetings (
    id               TEXT    NOT NULL PRIMARY KEY,
    zeeg_event_id    TEXT    NOT NULL,
    zeeg_user_id     TEXT    NOT NULL,
    status           INTEGER NOT NULL,
    sync_pending     INTEGER NOT NULL,
    title            TEXT    NOT NULL,
    agenda           TEXT    NULL,
    start_at         TEXT    NOT NULL,
    end_at           TEXT    NOT NULL,
    time_zone        TEXT    NOT NULL,
    invitees         TEXT    NOT NULL,
    attempts         INTEGER NOT NULL,
    next_attempt_at  TEXT    NULL,
    last_error       TEXT    NULL,
    webex_meeting_id TEXT    NULL,
    meeting_number   TEXT    NULL,
    web_link         TEXT    NULL,
    password         TEXT    NULL,
    sip_address      TEXT    NULL,
    host_key         TEXT    NULL,
    dial_in          TEXT    NULL,
    version          INTEGER NOT NULL,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    CONSTRAINT uq_webex_meetings_zeeg_event UNIQUE (zeeg_event_id)
) STRICT;

-- The outbox sweep: rows with work outstanding, oldest due first.
CREATE INDEX ix_webex_meetings_due ON webex_meetings (sync_pending, next_attempt_at);
-- The dashboard lists a user's meetings by start time.
CREATE INDEX ix_webex_meetings_user_start ON webex_meetings (zeeg_user_id, start_at);
