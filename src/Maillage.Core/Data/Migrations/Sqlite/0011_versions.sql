-- 0011: an optimistic-concurrency version on every editable aggregate (annual reports, registry objects, dossiers):
-- 1 for existing rows, incremented by every save, checked by the UPDATE (docs/security.md, "No silent lost update").
-- SchemaScriptsTests checks it against the model.

ALTER TABLE "establishments" ADD COLUMN "Version" INTEGER NOT NULL DEFAULT 1;

ALTER TABLE "filieres" ADD COLUMN "Version" INTEGER NOT NULL DEFAULT 1;

ALTER TABLE "networks" ADD COLUMN "Version" INTEGER NOT NULL DEFAULT 1;

ALTER TABLE "centres" ADD COLUMN "Version" INTEGER NOT NULL DEFAULT 1;

ALTER TABLE "platforms" ADD COLUMN "Version" INTEGER NOT NULL DEFAULT 1;

ALTER TABLE "people" ADD COLUMN "Version" INTEGER NOT NULL DEFAULT 1;

ALTER TABLE "associations" ADD COLUMN "Version" INTEGER NOT NULL DEFAULT 1;

ALTER TABLE "annual_reports" ADD COLUMN "Version" INTEGER NOT NULL DEFAULT 1;

ALTER TABLE "dossiers" ADD COLUMN "Version" INTEGER NOT NULL DEFAULT 1;

