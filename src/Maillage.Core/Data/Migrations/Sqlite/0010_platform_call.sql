-- 0010: the expertise platforms' call for projects (note DGOS/MMR/2020/221 du 7 décembre 2020): a platform project's scope (establishments, centres),
-- its budget's recruits, its funding and follow-up (credit delegation, 6-month checkpoint, year-2 renewal), and its yearly
-- indicators reports. Written from `maillage db script --provider sqlite`; SchemaScriptsTests checks it.

CREATE TABLE "platform_projects" (
    "DossierId" TEXT NOT NULL CONSTRAINT "PK_platform_projects" PRIMARY KEY,
    "PlatformName" TEXT NOT NULL,
    "HostFiness" TEXT NOT NULL,
    "PlatformId" TEXT NULL,
    "FundedCentreCount" INTEGER NULL,
    "FundingTranche" INTEGER NULL,
    "FundingPerYear" TEXT NULL,
    "FundingYear1" TEXT NULL,
    "FundingYear2" TEXT NULL,
    "CreditsDelegatedOn" TEXT NULL,
    "CreditsReference" TEXT NULL,
    "CheckpointOn" TEXT NULL,
    "CheckpointReport" TEXT NULL,
    "CheckpointBy" TEXT NULL,
    "Renewed" INTEGER NULL,
    "RenewalReasons" TEXT NULL,
    "RenewalDecidedAt" TEXT NULL,
    "RenewalDecidedBy" TEXT NULL,
    CONSTRAINT "FK_platform_projects_dossiers_DossierId" FOREIGN KEY ("DossierId") REFERENCES "dossiers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_platform_projects_establishments_HostFiness" FOREIGN KEY ("HostFiness") REFERENCES "establishments" ("Finess") ON DELETE RESTRICT,
    CONSTRAINT "FK_platform_projects_platforms_PlatformId" FOREIGN KEY ("PlatformId") REFERENCES "platforms" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "platform_project_establishments" (
    "DossierId" TEXT NOT NULL,
    "Finess" TEXT NOT NULL,
    CONSTRAINT "PK_platform_project_establishments" PRIMARY KEY ("DossierId", "Finess"),
    CONSTRAINT "FK_platform_project_establishments_establishments_Finess" FOREIGN KEY ("Finess") REFERENCES "establishments" ("Finess") ON DELETE RESTRICT,
    CONSTRAINT "FK_platform_project_establishments_platform_projects_DossierId" FOREIGN KEY ("DossierId") REFERENCES "platform_projects" ("DossierId") ON DELETE CASCADE
);

CREATE TABLE "platform_project_centres" (
    "DossierId" TEXT NOT NULL,
    "CentreId" TEXT NOT NULL,
    CONSTRAINT "PK_platform_project_centres" PRIMARY KEY ("DossierId", "CentreId"),
    CONSTRAINT "FK_platform_project_centres_centres_CentreId" FOREIGN KEY ("CentreId") REFERENCES "centres" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_platform_project_centres_platform_projects_DossierId" FOREIGN KEY ("DossierId") REFERENCES "platform_projects" ("DossierId") ON DELETE CASCADE
);

CREATE TABLE "platform_project_recruits" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_platform_project_recruits" PRIMARY KEY AUTOINCREMENT,
    "DossierId" TEXT NOT NULL,
    "Position" INTEGER NOT NULL,
    "Function" TEXT NOT NULL,
    "JobTitle" TEXT NULL,
    "Fte" TEXT NOT NULL,
    "YearlyCost" TEXT NOT NULL,
    CONSTRAINT "FK_platform_project_recruits_platform_projects_DossierId" FOREIGN KEY ("DossierId") REFERENCES "platform_projects" ("DossierId") ON DELETE CASCADE
);

CREATE TABLE "platform_indicator_reports" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_platform_indicator_reports" PRIMARY KEY AUTOINCREMENT,
    "DossierId" TEXT NOT NULL,
    "OperatingYear" INTEGER NOT NULL,
    "SubmittedOn" TEXT NOT NULL,
    "SubmittedBy" TEXT NOT NULL,
    CONSTRAINT "FK_platform_indicator_reports_dossiers_DossierId" FOREIGN KEY ("DossierId") REFERENCES "dossiers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "platform_indicator_entries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_platform_indicator_entries" PRIMARY KEY AUTOINCREMENT,
    "ReportId" INTEGER NOT NULL,
    "DossierId" TEXT NOT NULL,
    "Key" TEXT NOT NULL,
    "Label" TEXT NULL,
    "CountValue" INTEGER NULL,
    "TextValue" TEXT NULL,
    CONSTRAINT "FK_platform_indicator_entries_platform_indicator_reports_ReportId" FOREIGN KEY ("ReportId") REFERENCES "platform_indicator_reports" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_platform_indicator_entries_ReportId_Key" ON "platform_indicator_entries" ("ReportId", "Key");

CREATE UNIQUE INDEX "IX_platform_indicator_reports_DossierId_OperatingYear" ON "platform_indicator_reports" ("DossierId", "OperatingYear");

CREATE INDEX "IX_platform_project_centres_CentreId" ON "platform_project_centres" ("CentreId");

CREATE INDEX "IX_platform_project_establishments_Finess" ON "platform_project_establishments" ("Finess");

CREATE INDEX "IX_platform_project_recruits_DossierId" ON "platform_project_recruits" ("DossierId");

CREATE INDEX "IX_platform_projects_HostFiness" ON "platform_projects" ("HostFiness");

CREATE INDEX "IX_platform_projects_PlatformId" ON "platform_projects" ("PlatformId");
