-- 0009: calls (labelling campaign, platforms' call for projects), their juries, assignments and reviews, and the sites of a
-- labelling application with their decisions. Written from `maillage db script --provider sqlite`; SchemaScriptsTests checks it.

ALTER TABLE "dossiers" ADD COLUMN "CallId" TEXT NULL;

ALTER TABLE "dossiers" ADD COLUMN "NetworkId" TEXT NULL;

CREATE TABLE "calls" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_calls" PRIMARY KEY,
    "Kind" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Description" TEXT NULL,
    "OpensOn" TEXT NOT NULL,
    "Deadline" TEXT NOT NULL,
    "JurySessionOn" TEXT NULL,
    "ReferentialCampaign" TEXT NULL,
    "PeriodId" TEXT NULL,
    "PeriodStart" TEXT NULL,
    "PeriodEnd" TEXT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "PublishedAt" TEXT NULL,
    "PublishedBy" TEXT NULL
);

CREATE TABLE "jury_members" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_jury_members" PRIMARY KEY AUTOINCREMENT,
    "CallId" TEXT NOT NULL,
    "UserName" TEXT NOT NULL,
    "DisplayName" TEXT NOT NULL,
    "Seat" TEXT NOT NULL,
    "IsChair" INTEGER NOT NULL,
    "Finess" TEXT NULL,
    "FiliereAcronym" TEXT NULL,
    "Email" TEXT NULL,
    "InterestsDeclaration" TEXT NULL,
    "DeclaredAt" TEXT NULL,
    "CharterSignedAt" TEXT NULL,
    CONSTRAINT "FK_jury_members_calls_CallId" FOREIGN KEY ("CallId") REFERENCES "calls" ("Id") ON DELETE CASCADE
);

CREATE TABLE "dossier_sites" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_dossier_sites" PRIMARY KEY AUTOINCREMENT,
    "DossierId" TEXT NOT NULL,
    "CentreId" TEXT NOT NULL,
    "ProposedRole" TEXT NULL,
    "ProposedKind" TEXT NOT NULL,
    "Decision" TEXT NULL,
    "Reservations" TEXT NULL,
    "KeepsCompetenceLabel" INTEGER NOT NULL,
    CONSTRAINT "FK_dossier_sites_dossiers_DossierId" FOREIGN KEY ("DossierId") REFERENCES "dossiers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "dossier_reviews" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_dossier_reviews" PRIMARY KEY AUTOINCREMENT,
    "DossierId" TEXT NOT NULL,
    "MemberId" INTEGER NOT NULL,
    "Score" INTEGER NOT NULL,
    "Recommendation" TEXT NOT NULL,
    "Comments" TEXT NULL,
    "SubmittedAt" TEXT NOT NULL,
    CONSTRAINT "FK_dossier_reviews_dossiers_DossierId" FOREIGN KEY ("DossierId") REFERENCES "dossiers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_dossier_reviews_jury_members_MemberId" FOREIGN KEY ("MemberId") REFERENCES "jury_members" ("Id") ON DELETE CASCADE
);

CREATE TABLE "jury_assignments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_jury_assignments" PRIMARY KEY AUTOINCREMENT,
    "DossierId" TEXT NOT NULL,
    "MemberId" INTEGER NOT NULL,
    "AssignedBy" TEXT NOT NULL,
    "AssignedAt" TEXT NOT NULL,
    CONSTRAINT "FK_jury_assignments_dossiers_DossierId" FOREIGN KEY ("DossierId") REFERENCES "dossiers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_jury_assignments_jury_members_MemberId" FOREIGN KEY ("MemberId") REFERENCES "jury_members" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_dossier_reviews_DossierId_MemberId" ON "dossier_reviews" ("DossierId", "MemberId");

CREATE INDEX "IX_dossier_reviews_MemberId" ON "dossier_reviews" ("MemberId");

CREATE UNIQUE INDEX "IX_dossier_sites_DossierId_CentreId" ON "dossier_sites" ("DossierId", "CentreId");

CREATE INDEX "IX_dossiers_CallId" ON "dossiers" ("CallId");

CREATE UNIQUE INDEX "IX_jury_assignments_DossierId_MemberId" ON "jury_assignments" ("DossierId", "MemberId");

CREATE INDEX "IX_jury_assignments_MemberId" ON "jury_assignments" ("MemberId");

CREATE UNIQUE INDEX "IX_jury_members_CallId_UserName" ON "jury_members" ("CallId", "UserName");
