-- 0019_filiere_activity: a filière's (FSMR) annual activity report (same workflow as the centres' reports), its 5-year
-- action plan (actions with milestones and yearly reviews as JSON), its training and information census, its laboratories,
-- and the registries and cohorts of its networks (docs/filieres-reports.md). SchemaScriptsTests checks it against the model.

CREATE TABLE "filiere_actions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_filiere_actions" PRIMARY KEY,
    "Version" INTEGER NOT NULL,
    "FiliereAcronym" TEXT NOT NULL,
    "PlanStart" INTEGER NOT NULL,
    "PlanEnd" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "Mission" TEXT NOT NULL,
    "Owner" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "MilestonesJson" TEXT NOT NULL,
    "ReviewsJson" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    "Fictitious" INTEGER NOT NULL
);

CREATE TABLE "filiere_laboratories" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_filiere_laboratories" PRIMARY KEY,
    "Version" INTEGER NOT NULL,
    "FiliereAcronym" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Establishment" TEXT NOT NULL,
    "EstablishmentFiness" TEXT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    "Fictitious" INTEGER NOT NULL
);

CREATE TABLE "filiere_reports" (
    "FiliereAcronym" TEXT NOT NULL,
    "Year" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "Campaign" TEXT NOT NULL,
    "Coordination" TEXT NULL,
    "CarePathways" TEXT NULL,
    "Diagnosis" TEXT NULL,
    "Research" TEXT NULL,
    "Training" TEXT NULL,
    "Information" TEXT NULL,
    "Ern" TEXT NULL,
    "Data" TEXT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    "SubmittedBy" TEXT NULL,
    "SubmittedAt" TEXT NULL,
    "ReceivedBy" TEXT NULL,
    "ReceivedAt" TEXT NULL,
    "ReopenedBy" TEXT NULL,
    "ReopenedAt" TEXT NULL,
    "LastReason" TEXT NULL,
    "Fictitious" INTEGER NOT NULL,
    CONSTRAINT "PK_filiere_reports" PRIMARY KEY ("FiliereAcronym", "Year")
);

CREATE TABLE "filiere_trainings" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_filiere_trainings" PRIMARY KEY,
    "Version" INTEGER NOT NULL,
    "FiliereAcronym" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Year" INTEGER NOT NULL,
    "Link" TEXT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    "Fictitious" INTEGER NOT NULL
);

CREATE TABLE "network_registries" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_network_registries" PRIMARY KEY,
    "Version" INTEGER NOT NULL,
    "NetworkId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "StartYear" INTEGER NULL,
    "Link" TEXT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    "Fictitious" INTEGER NOT NULL
);

CREATE INDEX "IX_filiere_actions_FiliereAcronym_PlanStart" ON "filiere_actions" ("FiliereAcronym", "PlanStart");

CREATE INDEX "IX_filiere_laboratories_FiliereAcronym" ON "filiere_laboratories" ("FiliereAcronym");

CREATE INDEX "IX_filiere_reports_Year_Status" ON "filiere_reports" ("Year", "Status");

CREATE INDEX "IX_filiere_trainings_FiliereAcronym" ON "filiere_trainings" ("FiliereAcronym");

CREATE INDEX "IX_network_registries_NetworkId" ON "network_registries" ("NetworkId");
