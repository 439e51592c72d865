-- 0017: a filière's governance committee (note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §2 « Gouvernance »):
-- the committee (its version covers its parts), its members by college, its meetings, its documents (the règlement
-- intérieur, the minutes of a meeting); the governance committee's opinion on a coordinator's succession names the
-- meeting that gave it (dossier_opinions.GovernanceMeetingId). SchemaScriptsTests checks it against the model.

CREATE TABLE "governance_committees" (
    "FiliereAcronym" TEXT NOT NULL CONSTRAINT "PK_governance_committees" PRIMARY KEY,
    "Version" INTEGER NOT NULL,
    "RulesAdoptedOn" TEXT NULL
);

CREATE TABLE "governance_members" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_governance_members" PRIMARY KEY AUTOINCREMENT,
    "FiliereAcronym" TEXT NOT NULL,
    "College" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Function" TEXT NULL,
    "Organisation" TEXT NULL,
    "CentreId" TEXT NULL,
    "AssociationId" TEXT NULL,
    "Email" TEXT NULL,
    "From" TEXT NULL,
    "To" TEXT NULL
);

CREATE TABLE "governance_meetings" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_governance_meetings" PRIMARY KEY AUTOINCREMENT,
    "FiliereAcronym" TEXT NOT NULL,
    "Date" TEXT NOT NULL,
    "Agenda" TEXT NOT NULL
);

CREATE TABLE "governance_documents" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_governance_documents" PRIMARY KEY AUTOINCREMENT,
    "FiliereAcronym" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "MeetingId" INTEGER NULL,
    "FileName" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "Sha256" TEXT NOT NULL,
    "PageCount" INTEGER NULL,
    "Content" BLOB NOT NULL,
    "UploadedBy" TEXT NOT NULL,
    "UploadedAt" TEXT NOT NULL
);

CREATE INDEX "IX_governance_members_FiliereAcronym" ON "governance_members" ("FiliereAcronym");

CREATE INDEX "IX_governance_members_AssociationId" ON "governance_members" ("AssociationId");

CREATE INDEX "IX_governance_meetings_FiliereAcronym" ON "governance_meetings" ("FiliereAcronym");

CREATE INDEX "IX_governance_documents_FiliereAcronym_Kind" ON "governance_documents" ("FiliereAcronym", "Kind");

ALTER TABLE "dossier_opinions" ADD COLUMN "GovernanceMeetingId" INTEGER NULL;
