-- 0016: the MIG budget chain (issue 12 §4): years and envelopes, circulars C1–C3 and delegations per EJ and line,
-- establishments' declarations and the ARS check. Written from `maillage db script --provider sqlite`; SchemaScriptsTests checks it against the model.

CREATE TABLE "budget_circulars" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_budget_circulars" PRIMARY KEY,
    "Version" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "Circular" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "PublishedBy" TEXT NULL,
    "PublishedAt" TEXT NULL,
    "Fictitious" INTEGER NOT NULL
);

CREATE TABLE "budget_declarations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_budget_declarations" PRIMARY KEY,
    "Version" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "LegalEntityFiness" TEXT NOT NULL,
    "Line" TEXT NOT NULL,
    "CentreId" TEXT NOT NULL,
    "Amount" TEXT NOT NULL,
    "Comment" TEXT NULL,
    "Status" TEXT NOT NULL,
    "DeclaredBy" TEXT NOT NULL,
    "DeclaredAt" TEXT NOT NULL,
    "ReviewedBy" TEXT NULL,
    "ReviewedAt" TEXT NULL,
    "ReviewComment" TEXT NULL,
    "Fictitious" INTEGER NOT NULL
);

CREATE TABLE "budget_years" (
    "Year" INTEGER NOT NULL CONSTRAINT "PK_budget_years" PRIMARY KEY,
    "Version" INTEGER NOT NULL,
    "PlatformLine" TEXT NOT NULL,
    "AdoptedScenarioId" TEXT NULL,
    "Note" TEXT NULL,
    "Fictitious" INTEGER NOT NULL
);

CREATE TABLE "budget_delegations" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_budget_delegations" PRIMARY KEY AUTOINCREMENT,
    "CircularId" TEXT NOT NULL,
    "LegalEntityFiness" TEXT NOT NULL,
    "Line" TEXT NOT NULL,
    "Amount" TEXT NOT NULL,
    "Basis" TEXT NOT NULL,
    "Note" TEXT NULL,
    CONSTRAINT "FK_budget_delegations_budget_circulars_CircularId" FOREIGN KEY ("CircularId") REFERENCES "budget_circulars" ("Id") ON DELETE CASCADE
);

CREATE TABLE "budget_envelopes" (
    "Year" INTEGER NOT NULL,
    "Code" TEXT NOT NULL,
    "Amount" TEXT NOT NULL,
    CONSTRAINT "PK_budget_envelopes" PRIMARY KEY ("Year", "Code"),
    CONSTRAINT "FK_budget_envelopes_budget_years_Year" FOREIGN KEY ("Year") REFERENCES "budget_years" ("Year") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_budget_circulars_Year_Circular" ON "budget_circulars" ("Year", "Circular");

CREATE INDEX "IX_budget_declarations_Year_LegalEntityFiness" ON "budget_declarations" ("Year", "LegalEntityFiness");

CREATE UNIQUE INDEX "IX_budget_delegations_CircularId_LegalEntityFiness_Line" ON "budget_delegations" ("CircularId", "LegalEntityFiness", "Line");
