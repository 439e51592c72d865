-- 0019_filiere_activity: a filière's (FSMR) annual activity report (same workflow as the centres' reports), its 5-year
-- action plan (actions with milestones and yearly reviews as JSON), its training and information census, its laboratories,
-- and the registries and cohorts of its networks (docs/filieres-reports.md). SchemaScriptsTests checks it against the model.

CREATE TABLE filiere_actions (
    "Id" character varying(48) NOT NULL,
    "Version" integer NOT NULL,
    "FiliereAcronym" character varying(32) NOT NULL,
    "PlanStart" integer NOT NULL,
    "PlanEnd" integer NOT NULL,
    "Title" character varying(300) NOT NULL,
    "Mission" character varying(32) NOT NULL,
    "Owner" character varying(200) NOT NULL,
    "Status" character varying(16) NOT NULL,
    "MilestonesJson" character varying(20000) NOT NULL,
    "ReviewsJson" character varying(20000) NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    "UpdatedBy" character varying(256) NOT NULL,
    "Fictitious" boolean NOT NULL,
    CONSTRAINT "PK_filiere_actions" PRIMARY KEY ("Id")
);

CREATE TABLE filiere_laboratories (
    "Id" character varying(48) NOT NULL,
    "Version" integer NOT NULL,
    "FiliereAcronym" character varying(32) NOT NULL,
    "Kind" character varying(16) NOT NULL,
    "Name" character varying(300) NOT NULL,
    "Establishment" character varying(300) NOT NULL,
    "EstablishmentFiness" character varying(9),
    "UpdatedAt" timestamp with time zone NOT NULL,
    "UpdatedBy" character varying(256) NOT NULL,
    "Fictitious" boolean NOT NULL,
    CONSTRAINT "PK_filiere_laboratories" PRIMARY KEY ("Id")
);

CREATE TABLE filiere_reports (
    "FiliereAcronym" character varying(32) NOT NULL,
    "Year" integer NOT NULL,
    "Version" integer NOT NULL,
    "Status" character varying(16) NOT NULL,
    "Campaign" character varying(16) NOT NULL,
    "Coordination" character varying(4000),
    "CarePathways" character varying(4000),
    "Diagnosis" character varying(4000),
    "Research" character varying(4000),
    "Training" character varying(4000),
    "Information" character varying(4000),
    "Ern" character varying(4000),
    "Data" character varying(4000),
    "UpdatedAt" timestamp with time zone NOT NULL,
    "UpdatedBy" character varying(256) NOT NULL,
    "SubmittedBy" character varying(256),
    "SubmittedAt" timestamp with time zone,
    "ReceivedBy" character varying(256),
    "ReceivedAt" timestamp with time zone,
    "ReopenedBy" character varying(256),
    "ReopenedAt" timestamp with time zone,
    "LastReason" character varying(4000),
    "Fictitious" boolean NOT NULL,
    CONSTRAINT "PK_filiere_reports" PRIMARY KEY ("FiliereAcronym", "Year")
);

CREATE TABLE filiere_trainings (
    "Id" character varying(48) NOT NULL,
    "Version" integer NOT NULL,
    "FiliereAcronym" character varying(32) NOT NULL,
    "Kind" character varying(16) NOT NULL,
    "Title" character varying(300) NOT NULL,
    "Year" integer NOT NULL,
    "Link" character varying(500),
    "UpdatedAt" timestamp with time zone NOT NULL,
    "UpdatedBy" character varying(256) NOT NULL,
    "Fictitious" boolean NOT NULL,
    CONSTRAINT "PK_filiere_trainings" PRIMARY KEY ("Id")
);

CREATE TABLE network_registries (
    "Id" character varying(48) NOT NULL,
    "Version" integer NOT NULL,
    "NetworkId" character varying(40) NOT NULL,
    "Kind" character varying(16) NOT NULL,
    "Name" character varying(300) NOT NULL,
    "StartYear" integer,
    "Link" character varying(500),
    "UpdatedAt" timestamp with time zone NOT NULL,
    "UpdatedBy" character varying(256) NOT NULL,
    "Fictitious" boolean NOT NULL,
    CONSTRAINT "PK_network_registries" PRIMARY KEY ("Id")
);

CREATE INDEX "IX_filiere_actions_FiliereAcronym_PlanStart" ON filiere_actions ("FiliereAcronym", "PlanStart");

CREATE INDEX "IX_filiere_laboratories_FiliereAcronym" ON filiere_laboratories ("FiliereAcronym");

CREATE INDEX "IX_filiere_reports_Year_Status" ON filiere_reports ("Year", "Status");

CREATE INDEX "IX_filiere_trainings_FiliereAcronym" ON filiere_trainings ("FiliereAcronym");

CREATE INDEX "IX_network_registries_NetworkId" ON network_registries ("NetworkId");
