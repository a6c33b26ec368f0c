-- Outcome webhooks to the Zeeg main app go through an outbox: each notice is written in the transaction of the change
-- it announces and delivered at least once, whatever happens to the process or its in-memory job storage.
--   id               the delivery id: the same on every attempt (header X-Zeeg-Webex-Delivery and deliveryId in the body)
--   zeeg_user_id     the user the notice is about (erasing their data deletes their notices)
--   body             the JSON exactly as it is signed and sent, sealed by the token key ring (it holds the meeting's
--                    join details); NULL once delivered
--   next_attempt_at  when it is due; while an attempt runs, the end of that attempt's lease (so a process that dies
--                    mid-attempt leaves it due again); NULL once delivered or given up
--   lease_owner      the attempt holding the claim; only it may record the outcome
CREATE TABLE outcome_notices (
    id              TEXT    NOT NULL PRIMARY KEY,
    kind            TEXT    NOT NULL,
    zeeg_user_id    TEXT    NULL,
    body            BLOB    NULL,
    created_at      TEXT    NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at TEXT    NULL,
    lease_owner     TEXT    NULL,
    delivered_at    TEXT    NULL,
    last_error      TEXT    NULL
) STRICT;

-- The dispatcher: undelivered notices, most overdue first.
CREATE INDEX ix_outcome_notices_due ON outcome_notices (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
-- Erasing a user's data.
CREATE INDEX ix_outcome_notices_user ON outcome_notices (zeeg_user_id) WHERE zeeg_user_id IS NOT NULL;
-- The purge of delivered notices past their retention.
CREATE INDEX ix_outcome_notices_delivered ON outcome_notices (delivered_at) WHERE delivered_at IS NOT NULL;

-- Back-pressure in O(1): one row counting the sync-pending meetings, changed in the same transaction as every meeting
-- write that changes sync_pending. A new event is admitted by one conditional increment (outstanding < limit), which
-- the engine serialises, so the limit holds exactly across concurrent requests and processes.
CREATE TABLE meeting_backlog (
    id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    outstanding INTEGER NOT NULL CHECK (outstanding >= 0)
) STRICT;

INSERT INTO meeting_backlog (id, outstanding) SELECT 1, COUNT(*) FROM webex_meetings WHERE sync_pending = 1;
