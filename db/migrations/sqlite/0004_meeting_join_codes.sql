-- The numeric password phones and video systems join with, and the access code dial-in callers enter
-- (Webex's phoneAndVideoSystemPassword and telephony.accessCode): both belong to the event's location.
ALTER TABLE webex_meetings ADD COLUMN phone_video_password TEXT NULL;
ALTER TABLE webex_meetings ADD COLUMN telephony_access_code TEXT NULL;
