-- 0002_activity: activity extracts — stored indicators per centre and year, and the import log (aggregates only).

CREATE TABLE "activity_imports" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_activity_imports" PRIMARY KEY AUTOINCREMENT,
    "ImportedAt" TEXT NOT NULL,
    "ImportedBy" TEXT NOT NULL,
    "FileName" TEXT NOT NULL,
    "Sha256" TEXT NOT NULL,
    "SizeBytes" INTEGER NOT NULL,
    "Rows" INTEGER NOT NULL,
    "RejectedRows" INTEGER NOT NULL,
    "RejectsByReason" TEXT NOT NULL,
    "Years" TEXT NOT NULL,
    "IndicatorRows" INTEGER NOT NULL,
    "DurationMs" INTEGER NOT NULL
);

CREATE TABLE "activity_indicators" (
    "CentreId" TEXT NOT NULL,
    "Year" INTEGER NOT NULL,
    "ActivePatients" INTEGER NOT NULL,
    "Consultations" INTEGER NOT NULL,
    "DayHospitalStays" INTEGER NOT NULL,
    "FullHospitalStays" INTEGER NOT NULL,
    "BedsideOpinions" INTEGER NOT NULL,
    "FileOpinions" INTEGER NOT NULL,
    "RcpOrganised" INTEGER NOT NULL,
    "RcpNational" INTEGER NOT NULL,
    "Patients" INTEGER NOT NULL,
    "ConfirmedPatients" INTEGER NOT NULL,
    "OrphaCodedPatients" INTEGER NOT NULL,
    "ResidentSameDepartement" INTEGER NOT NULL,
    "ResidentSameRegion" INTEGER NOT NULL,
    "ResidentOtherRegion" INTEGER NOT NULL,
    "ResidentAbroad" INTEGER NOT NULL,
    "ResidentUnknown" INTEGER NOT NULL,
    "OutOfScopeActs" INTEGER NOT NULL,
    "ImportId" INTEGER NOT NULL,
    CONSTRAINT "PK_activity_indicators" PRIMARY KEY ("CentreId", "Year"),
    CONSTRAINT "FK_activity_indicators_activity_imports_ImportId" FOREIGN KEY ("ImportId") REFERENCES "activity_imports" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_activity_indicators_ImportId" ON "activity_indicators" ("ImportId");

CREATE INDEX "IX_activity_indicators_Year" ON "activity_indicators" ("Year");
