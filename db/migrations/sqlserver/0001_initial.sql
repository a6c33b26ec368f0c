-- Primary keys are nonclustered: the ids are random Guids, and clustering on them would split pages on
-- every insert. The tables are small enough that heaps with these indexes serve every query we run.

CREATE TABLE dbo.webex_connections (
    id                 uniqueidentifier  NOT NULL,
    zeeg_user_id       nvarchar(200)     NOT NULL,
    webex_person_id    nvarchar(400)     NOT NULL,
    email              nvarchar(320)     NOT NULL,
    display_name       nvarchar(400)     NOT NULL,
    org_id             nvarchar(400)     NULL,
    status             int               NOT NULL,
    status_reason      nvarchar(1000)    NULL,
    scopes             nvarchar(1000)    NOT NULL,
    access_token       varbinary(max)    NULL,
    access_expires_at  datetimeoffset(7) NULL,
    refresh_token      varbinary(max)    NULL,
    refresh_expires_at datetimeoffset(7) NULL,
    token_key_id       nvarchar(255)     NULL,
    version            int               NOT NULL,
    created_at         datetimeoffset(7) NOT NULL,
    updated_at         datetimeoffset(7) NOT NULL,
    CONSTRAINT pk_webex_connections PRIMARY KEY NONCLUSTERED (id),
    CONSTRAINT uq_webex_connections_zeeg_user UNIQUE (zeeg_user_id)
);

-- The refresh sweep looks connections up by either expiry; one index each so both halves of its UNION seek.
CREATE INDEX ix_webex_connections_access_expires_at ON dbo.webex_connections (access_expires_at) INCLUDE (status);
CREATE INDEX ix_webex_connections_refresh_expires_at ON dbo.webex_connections (refresh_expires_at) INCLUDE (status);
-- The re-encryption job finds tokens sealed with a retired key.
CREATE INDEX ix_webex_connections_token_key_id ON dbo.webex_connections (token_key_id) INCLUDE (status);

CREATE TABLE dbo.oauth_authorizations (
    id            uniqueidentifier  NOT NULL,
    state_hash    nvarchar(128)     NOT NULL,
    zeeg_user_id  nvarchar(200)     NOT NULL,
    code_verifier varbinary(max)    NOT NULL,
    return_url    nvarchar(2000)    NULL,
    created_at    datetimeoffset(7) NOT NULL,
    expires_at    datetimeoffset(7) NOT NULL,
    consumed_at   datetimeoffset(7) NULL,
    CONSTRAINT pk_oauth_authorizations PRIMARY KEY NONCLUSTERED (id),
    CONSTRAINT uq_oauth_authorizations_state_hash UNIQUE (state_hash)
);

CREATE TABLE dbo.connection_events (
    id           bigint IDENTITY(1, 1) NOT NULL,
    zeeg_user_id nvarchar(200)     NOT NULL,
    kind         int               NOT NULL,
    detail       nvarchar(2000)    NULL,
    at           datetimeoffset(7) NOT NULL,
    CONSTRAINT pk_connection_events PRIMARY KEY CLUSTERED (id)
);

CREATE INDEX ix_connection_events_zeeg_user_id ON dbo.connection_events (zeeg_user_id);

CREATE TABLE dbo.webex_meetings (
    id               uniqueidentifier  NOT NULL,
    zeeg_event_id    nvarchar(200)     NOT NULL,
    zeeg_user_id     nvarchar(200)     NOT NULL,
    status           int               NOT NULL,
    sync_pending     bit               NOT NULL,
    title            nvarchar(400)     NOT NULL,
    agenda           nvarchar(max)     NULL,
    start_at         datetimeoffset(7) NOT NULL,
    end_at           datetimeoffset(7) NOT NULL,
    time_zone        nvarchar(100)     NOT NULL,
    invitees         nvarchar(max)     NOT NULL,
    attempts         int               NOT NULL,
    next_attempt_at  datetimeoffset(7) NULL,
    last_error       nvarchar(2000)    NULL,
    webex_meeting_id nvarchar(200)     NULL,
    meeting_number   nvarchar(50)      NULL,
    web_link         nvarchar(2000)    NULL,
    password         nvarchar(200)     NULL,
    sip_address      nvarchar(400)     NULL,
    host_key         nvarchar(50)      NULL,
    dial_in          nvarchar(max)     NULL,
    version          int               NOT NULL,
    created_at       datetimeoffset(7) NOT NULL,
    updated_at       datetimeoffset(7) NOT NULL,
    CONSTRAINT pk_webex_meetings PRIMARY KEY NONCLUSTERED (id),
    CONSTRAINT uq_webex_meetings_zeeg_event UNIQUE (zeeg_event_id)
);

-- The outbox sweep: rows with work outstanding, oldest due first.
CREATE INDEX ix_webex_meetings_due ON dbo.webex_meetings (sync_pending, next_attempt_at);
-- The dashboard lists a user's meetings by start time.
CREATE INDEX ix_webex_meetings_user_start ON dbo.webex_meetings (zeeg_user_id, start_at);
