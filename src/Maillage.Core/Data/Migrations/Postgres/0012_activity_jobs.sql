-- 0012: the activity import jobs as rows, with a lease and a heartbeat, run by the worker of any node; the uploads
-- and rejects files staged in 1 MiB chunks (unless a shared folder is configured). docs/operations.md, "Tâches d'import".
-- Written from `maillage db script --provider postgres`; SchemaScriptsTests checks it against the model.

CREATE TABLE activity_import_jobs (
    "Id" character varying(64) NOT NULL,
    "State" character varying(16) NOT NULL,
    "Stage" character varying(40) NOT NULL,
    "FileName" character varying(260) NOT NULL,
    "RequestedBy" character varying(256) NOT NULL,
    "RequestedRole" character varying(32) NOT NULL,
    "RequestedScope" character varying(64),
    "DryRun" boolean NOT NULL,
    "MaxRejectRate" double precision NOT NULL,
    "Years" character varying(200),
    "OwnerNode" character varying(100),
    "Attempt" integer NOT NULL,
    "LeaseUntil" timestamp with time zone,
    "HeartbeatAt" timestamp with time zone,
    "CancelRequested" boolean NOT NULL,
    "Note" character varying(500),
    "Error" character varying(1000),
    "CreatedAt" timestamp with time zone NOT NULL,
    "StartedAt" timestamp with time zone,
    "FinishedAt" timestamp with time zone,
    "BytesRead" bigint NOT NULL,
    "TotalBytes" bigint,
    "Rows" bigint NOT NULL,
    "Rejected" bigint NOT NULL,
    "ResultJson" text,
    "HasRejects" boolean NOT NULL,
    CONSTRAINT "PK_activity_import_jobs" PRIMARY KEY ("Id")
);

CREATE TABLE activity_staged_chunks (
    "JobId" character varying(64) NOT NULL,
    "Kind" character varying(16) NOT NULL,
    "Seq" integer NOT NULL,
    "Data" bytea NOT NULL,
    CONSTRAINT "PK_activity_staged_chunks" PRIMARY KEY ("JobId", "Kind", "Seq")
);

CREATE INDEX "IX_activity_import_jobs_CreatedAt" ON activity_import_jobs ("CreatedAt");

CREATE INDEX "IX_activity_import_jobs_State_LeaseUntil" ON activity_import_jobs ("State", "LeaseUntil");
