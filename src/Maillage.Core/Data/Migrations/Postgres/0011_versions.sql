-- 0011: an optimistic-concurrency version on every editable aggregate (annual reports, registry objects, dossiers):
-- 1 for existing rows, incremented by every save, checked by the UPDATE (docs/security.md, "No silent lost update").
-- SchemaScriptsTests checks it against the model.

ALTER TABLE establishments ADD "Version" integer NOT NULL DEFAULT 1;

ALTER TABLE filieres ADD "Version" integer NOT NULL DEFAULT 1;

ALTER TABLE networks ADD "Version" integer NOT NULL DEFAULT 1;

ALTER TABLE centres ADD "Version" integer NOT NULL DEFAULT 1;

ALTER TABLE platforms ADD "Version" integer NOT NULL DEFAULT 1;

ALTER TABLE people ADD "Version" integer NOT NULL DEFAULT 1;

ALTER TABLE associations ADD "Version" integer NOT NULL DEFAULT 1;

ALTER TABLE annual_reports ADD "Version" integer NOT NULL DEFAULT 1;

ALTER TABLE dossiers ADD "Version" integer NOT NULL DEFAULT 1;

