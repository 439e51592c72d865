-- PostgreSQL side of the activity benchmark (optional third engine): COPY the same CSV into an unlogged table, then
-- compute the same indicators in SQL (the DuckDB query of duck.mjs, in PostgreSQL's dialect).
-- run.sh replaces @EXTRACT@, @CENTRES@, @DEPARTEMENTS@ and @OUT@ with absolute paths; \copy streams them through psql.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_raw, bench_centres, bench_deps, bench_result;
CREATE UNLOGGED TABLE bench_raw (patient_id text, site_finess text, centre_id text, activity_date text, activity_context text,
  stay_id text, orpha_code text, diagnosis_status text, birth_year text, sex text, residence text, out_of_scope text);
CREATE TEMP TABLE bench_centres (centre_id text, site_finess text, departement text, region text);
CREATE TEMP TABLE bench_deps (code text, region text);
\copy bench_raw FROM '@EXTRACT@' WITH (FORMAT csv, DELIMITER ';', HEADER true, QUOTE E'\x01')
\copy bench_centres FROM '@CENTRES@' WITH (FORMAT csv, DELIMITER ';', HEADER true)
\copy bench_deps FROM '@DEPARTEMENTS@' WITH (FORMAT csv, DELIMITER ';', HEADER true)
CREATE TEMP TABLE bench_result AS
WITH acts AS (
  SELECT r.patient_id, r.centre_id, extract(year FROM r.activity_date::date)::int AS y, r.activity_date AS d,
         r.activity_context AS ctx, r.stay_id, r.orpha_code, r.diagnosis_status,
         coalesce(r.residence, '') AS res, r.out_of_scope = '1' AS oos
  FROM bench_raw r JOIN bench_centres c ON c.centre_id = r.centre_id AND c.site_finess = r.site_finess
  WHERE r.patient_id ~ '^[0-9a-f]{16,64}$'
    AND r.activity_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
    AND r.activity_context IN ('CS','CS_MULTI','TLC','AVIS_CS','AVIS_SALLE','AVIS_DOSSIER','HDJ','HC','RCP_ORG','RCP_NAT')
),
counts AS (
  SELECT centre_id, y,
    count(*) FILTER (WHERE NOT oos AND ctx IN ('CS','CS_MULTI','TLC')) AS consultations,
    count(*) FILTER (WHERE NOT oos AND ctx = 'HDJ') AS day_hospital_stays,
    count(DISTINCT patient_id || '|' || stay_id) FILTER (WHERE NOT oos AND ctx = 'HC') AS full_hospital_stays,
    count(DISTINCT patient_id || '|' || stay_id) FILTER (WHERE NOT oos AND ctx = 'AVIS_SALLE') AS bedside_opinions,
    count(*) FILTER (WHERE NOT oos AND ctx IN ('AVIS_DOSSIER','AVIS_CS')) AS file_opinions,
    count(*) FILTER (WHERE NOT oos AND ctx = 'RCP_ORG') AS rcp_organised,
    count(*) FILTER (WHERE NOT oos AND ctx = 'RCP_NAT') AS rcp_national,
    count(*) FILTER (WHERE oos) AS out_of_scope_acts
  FROM acts GROUP BY centre_id, y
),
pat AS (
  -- The residence of the latest act (same day: the greatest code in text order), as arg_max(res, d || res) in DuckDB.
  SELECT centre_id, y, patient_id,
    bool_or(ctx IN ('CS','CS_MULTI','TLC','HDJ')) AS active,
    bool_or(diagnosis_status = 'confirme') AS confirmed,
    bool_or(orpha_code IS NOT NULL) AS coded,
    substr(max(d || res COLLATE "C"), 11) AS last_res
  FROM acts WHERE NOT oos GROUP BY centre_id, y, patient_id
),
pats AS (
  SELECT p.centre_id, p.y,
    count(*) FILTER (WHERE active) AS active_patients,
    count(*) AS patients,
    count(*) FILTER (WHERE confirmed) AS confirmed_patients,
    count(*) FILTER (WHERE coded) AS orpha_coded_patients,
    count(*) FILTER (WHERE active AND last_res = c.departement) AS resident_same_departement,
    count(*) FILTER (WHERE active AND last_res NOT IN ('', '99', c.departement) AND dr.region = c.region) AS resident_same_region,
    count(*) FILTER (WHERE active AND last_res NOT IN ('', '99', c.departement) AND dr.region IS DISTINCT FROM c.region) AS resident_other_region,
    count(*) FILTER (WHERE active AND last_res = '99') AS resident_abroad,
    count(*) FILTER (WHERE active AND last_res = '') AS resident_unknown
  FROM pat p JOIN bench_centres c ON c.centre_id = p.centre_id LEFT JOIN bench_deps dr ON dr.code = p.last_res
  GROUP BY p.centre_id, p.y
)
SELECT k.centre_id, k.y AS year,
  coalesce(active_patients, 0) AS active_patients, consultations, day_hospital_stays, full_hospital_stays,
  bedside_opinions, file_opinions, rcp_organised, rcp_national, coalesce(patients, 0) AS patients,
  coalesce(confirmed_patients, 0) AS confirmed_patients, coalesce(orpha_coded_patients, 0) AS orpha_coded_patients,
  coalesce(resident_same_departement, 0) AS resident_same_departement, coalesce(resident_same_region, 0) AS resident_same_region,
  coalesce(resident_other_region, 0) AS resident_other_region, coalesce(resident_abroad, 0) AS resident_abroad,
  coalesce(resident_unknown, 0) AS resident_unknown, out_of_scope_acts
FROM counts k LEFT JOIN pats p ON p.centre_id = k.centre_id AND p.y = k.y;
\copy (SELECT * FROM bench_result ORDER BY centre_id COLLATE "C", year) TO '@OUT@' WITH (FORMAT csv, DELIMITER ';', HEADER true)
DROP TABLE bench_raw;
