-- 0021_report_reminders: the e-mail reminders the ministry or a regional agency sends to the centres whose annual report
-- is not yet submitted (campaign tracking, docs/campaign-tracking.md): who sent it, when, to which addresses. At most one
-- per centre, year and day (unique index: two senders or two nodes cannot both send it). SchemaScriptsTests checks it
-- against the model.

CREATE TABLE "report_reminders" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_report_reminders" PRIMARY KEY AUTOINCREMENT,
    "Year" INTEGER NOT NULL,
    "CentreId" TEXT NOT NULL,
    "Day" TEXT NOT NULL,
    "SentAt" TEXT NOT NULL,
    "SentBy" TEXT NOT NULL,
    "SentByRole" TEXT NOT NULL,
    "SentByScope" TEXT NULL,
    "Recipients" TEXT NOT NULL,
    "RecipientCount" INTEGER NOT NULL,
    "Fictitious" INTEGER NOT NULL
);

CREATE UNIQUE INDEX "IX_report_reminders_Year_CentreId_Day" ON "report_reminders" ("Year", "CentreId", "Day");
