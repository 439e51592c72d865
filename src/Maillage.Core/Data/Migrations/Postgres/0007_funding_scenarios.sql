-- 0007: saved scenarios of the MIG what-if simulator.
-- Written from `maillage db script --provider postgres`; SchemaScriptsTests checks it against the model.

CREATE TABLE funding_scenarios (
    "Id" character varying(24) NOT NULL,
    "Name" character varying(200) NOT NULL,
    "Note" character varying(4000),
    "Year" integer NOT NULL,
    "Campaign" character varying(20) NOT NULL,
    "BaseEnvelope" numeric(14,2) NOT NULL,
    "Envelope" numeric(14,2) NOT NULL,
    "WeightsJson" character varying(4000) NOT NULL,
    "CreatedBy" character varying(256) NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_funding_scenarios" PRIMARY KEY ("Id")
);
