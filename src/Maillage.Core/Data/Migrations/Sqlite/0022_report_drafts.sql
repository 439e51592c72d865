-- 0022: a report's draft keeps its invalid values as typed (a malformed DOI, a figure « douze »), by field path, with a
-- warning per field, instead of refusing the whole save (docs/reports.md, « Brouillons »). A JSON object; NULL when none.
-- The publications' stored format (a JSON array of {title, journal, year, doi, pmid}) is unchanged.

ALTER TABLE "annual_reports" ADD COLUMN "DraftRawJson" TEXT NULL;
