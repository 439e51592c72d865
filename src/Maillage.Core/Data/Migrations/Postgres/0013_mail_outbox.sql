-- 0013: the mail outbox is the notifications table. A new notification with an address is due at once
-- (EmailNextAttemptAt); a worker on any node claims it with a lease (EmailClaimedBy, EmailLeaseUntil), sends it,
-- records EmailSentAt, or retries with back-off (EmailAttempts) and finally gives up with EmailError.
-- Existing rows are not enqueued (EmailNextAttemptAt stays null): an upgrade does not e-mail old notifications.
-- SchemaScriptsTests checks it against the model.

ALTER TABLE notifications ADD "EmailNextAttemptAt" timestamp with time zone;

ALTER TABLE notifications ADD "EmailAttempts" integer NOT NULL DEFAULT 0;

ALTER TABLE notifications ADD "EmailClaimedBy" character varying(100);

ALTER TABLE notifications ADD "EmailLeaseUntil" timestamp with time zone;

CREATE INDEX "IX_notifications_EmailNextAttemptAt" ON notifications ("EmailNextAttemptAt");
