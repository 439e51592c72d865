-- 0013: the mail outbox is the notifications table. A new notification with an address is due at once
-- (EmailNextAttemptAt); a worker on any node claims it with a lease (EmailClaimedBy, EmailLeaseUntil), sends it,
-- records EmailSentAt, or retries with back-off (EmailAttempts) and finally gives up with EmailError.
-- Existing rows are not enqueued (EmailNextAttemptAt stays null): an upgrade does not e-mail old notifications.
-- SchemaScriptsTests checks it against the model.

ALTER TABLE "notifications" ADD COLUMN "EmailNextAttemptAt" TEXT NULL;

ALTER TABLE "notifications" ADD COLUMN "EmailAttempts" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "notifications" ADD COLUMN "EmailClaimedBy" TEXT NULL;

ALTER TABLE "notifications" ADD COLUMN "EmailLeaseUntil" TEXT NULL;

CREATE INDEX "IX_notifications_EmailNextAttemptAt" ON "notifications" ("EmailNextAttemptAt");
