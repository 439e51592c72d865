-- 0020: Mon espace. A notification may be addressed to one account (RecipientUserName: a jury member named to a jury
-- or assigned a dossier) rather than to an audience (a role and a scope); each account marks the notifications it has
-- read (notification_reads: one row per notification and account, written once, so marking is idempotent).
-- SchemaScriptsTests checks it against the model.

ALTER TABLE notifications ADD "RecipientUserName" character varying(256);

CREATE INDEX "IX_notifications_RecipientUserName" ON notifications ("RecipientUserName");

CREATE TABLE notification_reads (
    "NotificationId" integer NOT NULL,
    "UserName" character varying(256) NOT NULL,
    "ReadAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_notification_reads" PRIMARY KEY ("NotificationId", "UserName")
);
