-- 0006: procedures (dossiers, their sections, documents, opinions and history) and notifications.
-- Written from `maillage db script --provider sqlite`; SchemaScriptsTests checks it against the model.

CREATE TABLE "dossiers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_dossiers" PRIMARY KEY,
    "Kind" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "CentreId" TEXT NULL,
    "FiliereAcronym" TEXT NULL,
    "SeatFiness" TEXT NOT NULL,
    "OtherFiness" TEXT NULL,
    "OutgoingPersonId" TEXT NULL,
    "SuccessorPersonId" TEXT NULL,
    "SuccessorTitle" TEXT NULL,
    "SuccessorFirstName" TEXT NULL,
    "SuccessorLastName" TEXT NULL,
    "SuccessorRpps" TEXT NULL,
    "SuccessorEmail" TEXT NULL,
    "SuccessorStatus" TEXT NULL,
    "SuccessorBirthDate" TEXT NULL,
    "SuccessorClinicalActivity" INTEGER NULL,
    "EffectiveDate" TEXT NULL,
    "Deadline" TEXT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "SubmittedAt" TEXT NULL,
    "CommitteeOpinion" TEXT NULL,
    "CommitteeReasons" TEXT NULL,
    "DecidedAt" TEXT NULL,
    "DecisionText" TEXT NULL,
    "ReturnReason" TEXT NULL,
    "MandateFrom" TEXT NULL,
    "MandateTo" TEXT NULL,
    "ListYear" INTEGER NULL,
    "OrphanetSentAt" TEXT NULL
);

CREATE TABLE "notifications" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_notifications" PRIMARY KEY AUTOINCREMENT,
    "DossierId" TEXT NULL,
    "Reason" TEXT NOT NULL,
    "AudienceRole" TEXT NULL,
    "AudienceScopeId" TEXT NULL,
    "PersonId" TEXT NULL,
    "Email" TEXT NULL,
    "RecipientLabel" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "EmailSentAt" TEXT NULL,
    "EmailError" TEXT NULL
);

CREATE TABLE "dossier_documents" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_dossier_documents" PRIMARY KEY AUTOINCREMENT,
    "DossierId" TEXT NOT NULL,
    "ItemId" TEXT NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "Sha256" TEXT NOT NULL,
    "PageCount" INTEGER NULL,
    "Content" BLOB NOT NULL,
    "UploadedBy" TEXT NOT NULL,
    "UploadedAt" TEXT NOT NULL,
    CONSTRAINT "FK_dossier_documents_dossiers_DossierId" FOREIGN KEY ("DossierId") REFERENCES "dossiers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "dossier_events" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_dossier_events" PRIMARY KEY AUTOINCREMENT,
    "DossierId" TEXT NOT NULL,
    "At" TEXT NOT NULL,
    "UserName" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "FromState" TEXT NULL,
    "ToState" TEXT NULL,
    "Note" TEXT NULL,
    CONSTRAINT "FK_dossier_events_dossiers_DossierId" FOREIGN KEY ("DossierId") REFERENCES "dossiers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "dossier_opinions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_dossier_opinions" PRIMARY KEY AUTOINCREMENT,
    "DossierId" TEXT NOT NULL,
    "ItemId" TEXT NOT NULL,
    "Party" TEXT NOT NULL,
    "Value" TEXT NOT NULL,
    "Reasons" TEXT NULL,
    "AlternativeCandidate" TEXT NULL,
    "GivenBy" TEXT NOT NULL,
    "GivenAt" TEXT NOT NULL,
    CONSTRAINT "FK_dossier_opinions_dossiers_DossierId" FOREIGN KEY ("DossierId") REFERENCES "dossiers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "dossier_sections" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_dossier_sections" PRIMARY KEY AUTOINCREMENT,
    "DossierId" TEXT NOT NULL,
    "Key" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    CONSTRAINT "FK_dossier_sections_dossiers_DossierId" FOREIGN KEY ("DossierId") REFERENCES "dossiers" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_dossier_documents_DossierId_ItemId" ON "dossier_documents" ("DossierId", "ItemId");

CREATE INDEX "IX_dossier_events_DossierId" ON "dossier_events" ("DossierId");

CREATE UNIQUE INDEX "IX_dossier_opinions_DossierId_ItemId" ON "dossier_opinions" ("DossierId", "ItemId");

CREATE UNIQUE INDEX "IX_dossier_sections_DossierId_Key" ON "dossier_sections" ("DossierId", "Key");

CREATE INDEX "IX_dossiers_CentreId" ON "dossiers" ("CentreId");

CREATE INDEX "IX_dossiers_State" ON "dossiers" ("State");

CREATE INDEX "IX_notifications_AudienceRole_AudienceScopeId" ON "notifications" ("AudienceRole", "AudienceScopeId");

CREATE INDEX "IX_notifications_DossierId" ON "notifications" ("DossierId");
