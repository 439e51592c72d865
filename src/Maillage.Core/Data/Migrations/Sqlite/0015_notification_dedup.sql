-- 0015: a notification raised by a scheduled check (the heads reaching the age limit of 68 during their mandate,
-- Features/Registry/HeadAgeAlerts.cs) carries a key unique in the table, so that it is raised once even when two
-- nodes look at the same time. Dossier notifications leave it NULL (a unique index allows several NULLs).
-- SchemaScriptsTests checks it against the model.

ALTER TABLE "notifications" ADD COLUMN "DedupKey" TEXT NULL;

CREATE UNIQUE INDEX "IX_notifications_DedupKey" ON "notifications" ("DedupKey");
