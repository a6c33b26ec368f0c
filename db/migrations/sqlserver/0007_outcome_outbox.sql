-- Outcome webhooks to the Zeeg main app go through an outbox: each notice is written in the transaction of the change
-- it announces and delivered at least once, whatever happens to the process or its in-memory job storage.
--   id               the delivery id: the same on every attempt (header X-Zeeg-Webex-Delivery and deliveryId in the body)
--   zeeg_user_id     the user the notice is about (erasing their data deletes their notices)
--   body             the JSON exactly as it is signed and sent, sealed by the token key ring (it holds the meeting's
--                    join details); NULL once delivered
--   next_attempt_at  when it is due; while an attempt runs, the end of that attempt's lease (so a process that dies
--                    mid-attempt leaves it due again); NULL once delivered or given up
--   lease_owner      the attempt holding the claim; only it may record the outcome
CREATE TABLE dbo.outcome_notices (
    id              uniqueidentifier  NOT NULL,
    kind            nvarchar(100)     NOT NULL,
    zeeg_user_id    nvarchar(200)     NULL,
    body            varbinary(max)    NULL,
    created_at      datetimeoffset(7) NOT NULL,
    attempts        int               NOT NULL,
    next_attempt_at datetimeoffset(7) NULL,
    lease_owner     uniqueidentifier  NULL,
    delivered_at    datetimeoffset(7) NULL,
    last_error      nvarchar(2000)    NULL,
    CONSTRAINT pk_outcome_notices PRIMARY KEY NONCLUSTERED (id)
);

-- The dispatcher: undelivered notices, most overdue first.
CREATE INDEX ix_outcome_notices_due ON dbo.outcome_notices (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
-- Erasing a user's data.
CREATE INDEX ix_outcome_notices_user ON dbo.outcome_notices (zeeg_user_id) WHERE zeeg_user_id IS NOT NULL;
-- The purge of delivered notices past their retention.
CREATE INDEX ix_outcome_notices_delivered ON dbo.outcome_notices (delivered_at) WHERE delivered_at IS NOT NULL;

-- Back-pressure in O(1): one row counting the sync-pending meetings, changed in the same transaction as every meeting
-- write that changes sync_pending. A new event is admitted by one conditional increment (outstanding < limit), which
-- the engine serialises on the row lock, so the limit holds exactly across concurrent requests and processes.
CREATE TABLE dbo.meeting_backlog (
    id          int NOT NULL,
    outstanding int NOT NULL,
    CONSTRAINT pk_meeting_backlog PRIMARY KEY (id),
    CONSTRAINT ck_meeting_backlog_single_row CHECK (id = 1),
    CONSTRAINT ck_meeting_backlog_outstanding CHECK (outstanding >= 0)
);

INSERT INTO dbo.meeting_backlog (id, outstanding) SELECT 1, COUNT(*) FROM dbo.webex_meetings WHERE sync_pending = 1;
