-- 0020: Mon espace. A notification may be addressed to one account (RecipientUserName: a jury member named to a jury
-- or assigned a dossier) rather than to an audience (a role and a scope); each account marks the notifications it has
-- read (notification_reads: one row per notification and account, written once, so marking is idempotent).
-- SchemaScriptsTests checks it against the model.

ALTER TABLE "notifications" ADD COLUMN "RecipientUserName" TEXT NULL;

CREATE INDEX "IX_notifications_RecipientUserName" ON "notifications" ("RecipientUserName");

CREATE TABLE "notification_reads" (
    "NotificationId" INTEGER NOT NULL,
    "UserName" TEXT NOT NULL,
    "ReadAt" TEXT NOT NULL,
    CONSTRAINT "PK_notification_reads" PRIMARY KEY ("NotificationId", "UserName")
);
