-- 0007: saved scenarios of the MIG what-if simulator.
-- Written from `maillage db script --provider sqlite`; SchemaScriptsTests checks it against the model.

CREATE TABLE "funding_scenarios" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_funding_scenarios" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "Note" TEXT NULL,
    "Year" INTEGER NOT NULL,
    "Campaign" TEXT NOT NULL,
    "BaseEnvelope" TEXT NOT NULL,
    "Envelope" TEXT NOT NULL,
    "WeightsJson" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL
);
