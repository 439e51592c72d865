-- 0008: the file active of each centre and year by département of residence (aggregates only).
-- Written from `maillage db script --provider postgres`; SchemaScriptsTests checks it against the model.

CREATE TABLE activity_residences (
    "CentreId" character varying(40) NOT NULL,
    "Year" integer NOT NULL,
    "Residence" character varying(3) NOT NULL,
    "ActivePatients" integer NOT NULL,
    "ImportId" bigint NOT NULL,
    CONSTRAINT "PK_activity_residences" PRIMARY KEY ("CentreId", "Year", "Residence"),
    CONSTRAINT "FK_activity_residences_activity_imports_ImportId" FOREIGN KEY ("ImportId") REFERENCES activity_imports ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_activity_residences_ImportId" ON activity_residences ("ImportId");

CREATE INDEX "IX_activity_residences_Year" ON activity_residences ("Year");
