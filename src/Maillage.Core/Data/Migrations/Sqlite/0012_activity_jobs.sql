-- 0012: the activity import jobs as rows, with a lease and a heartbeat, run by the worker of any node; the uploads
-- and rejects files staged in 1 MiB chunks (unless a shared folder is configured). docs/operations.md, "Tâches d'import".
-- Written from `maillage db script --provider sqlite`; SchemaScriptsTests checks it against the model.

CREATE TABLE "activity_import_jobs" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_activity_import_jobs" PRIMARY KEY,
    "State" TEXT NOT NULL,
    "Stage" TEXT NOT NULL,
    "FileName" TEXT NOT NULL,
    "RequestedBy" TEXT NOT NULL,
    "RequestedRole" TEXT NOT NULL,
    "RequestedScope" TEXT NULL,
    "DryRun" INTEGER NOT NULL,
    "MaxRejectRate" REAL NOT NULL,
    "Years" TEXT NULL,
    "OwnerNode" TEXT NULL,
    "Attempt" INTEGER NOT NULL,
    "LeaseUntil" INTEGER NULL,
    "HeartbeatAt" INTEGER NULL,
    "CancelRequested" INTEGER NOT NULL,
    "Note" TEXT NULL,
    "Error" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "StartedAt" INTEGER NULL,
    "FinishedAt" INTEGER NULL,
    "BytesRead" INTEGER NOT NULL,
    "TotalBytes" INTEGER NULL,
    "Rows" INTEGER NOT NULL,
    "Rejected" INTEGER NOT NULL,
    "ResultJson" TEXT NULL,
    "HasRejects" INTEGER NOT NULL
);

CREATE TABLE "activity_staged_chunks" (
    "JobId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Seq" INTEGER NOT NULL,
    "Data" BLOB NOT NULL,
    CONSTRAINT "PK_activity_staged_chunks" PRIMARY KEY ("JobId", "Kind", "Seq")
);

CREATE INDEX "IX_activity_import_jobs_CreatedAt" ON "activity_import_jobs" ("CreatedAt");

CREATE INDEX "IX_activity_import_jobs_State_LeaseUntil" ON "activity_import_jobs" ("State", "LeaseUntil");
