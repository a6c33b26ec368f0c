-- The numeric password phones and video systems join with, and the access code dial-in callers enter
-- (Webex's phoneAndVideoSystemPassword and telephony.accessCode): both belong to the event's location.
ALTER TABLE dbo.webex_meetings ADD
    phone_video_password  nvarchar(200) NULL,
    telephony_access_code nvarchar(50)  NULL;
