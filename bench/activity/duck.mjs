// DuckDB side of the activity benchmark: the same indicators as `maillage activity import` from the same CSV.
// usage: node duck.mjs extract.csv centres.csv departements.csv out.csv
// Validation here is lighter than Maillage's (patient id pattern, date, context, centre + FINESS join); the generated
// files are valid, so both sides see the same rows.
import { DuckDBInstance } from '@duckdb/node-api';

const [extract, centres, departements, out] = process.argv.slice(2);
const q = (s) => `'${s.replaceAll("'", "''")}'`;
const instance = await DuckDBInstance.create(':memory:', { threads: process.env.DUCKDB_THREADS ?? '2' });
const conn = await instance.connect();
await conn.run(`CREATE TEMP TABLE centres AS SELECT * FROM read_csv(${q(centres)}, delim=';', header=true, all_varchar=true)`);
await conn.run(`CREATE TEMP TABLE deps AS SELECT * FROM read_csv(${q(departements)}, delim=';', header=true, all_varchar=true)`);
await conn.run(`
COPY (
WITH raw AS (
  SELECT * FROM read_csv(${q(extract)}, delim=';', header=true, quote='', escape='', all_varchar=true)
),
acts AS (
  SELECT r.patient_id, r.centre_id, year(CAST(r.activity_date AS DATE)) AS y, r.activity_date AS d,
         r.activity_context AS ctx, r.stay_id, r.orpha_code, r.diagnosis_status,
         coalesce(r.residence, '') AS res, r.out_of_scope = '1' AS oos
  FROM raw r JOIN centres c ON c.centre_id = r.centre_id AND c.site_finess = r.site_finess
  WHERE regexp_full_match(r.patient_id, '[0-9a-f]{16,64}')
    AND try_cast(r.activity_date AS DATE) IS NOT NULL
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
  SELECT centre_id, y, patient_id,
    bool_or(ctx IN ('CS','CS_MULTI','TLC','HDJ')) AS active,
    bool_or(diagnosis_status = 'confirme') AS confirmed,
    bool_or(orpha_code IS NOT NULL) AS coded,
    arg_max(res, d || res) AS last_res
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
  FROM pat p JOIN centres c ON c.centre_id = p.centre_id LEFT JOIN deps dr ON dr.code = p.last_res
  GROUP BY p.centre_id, p.y
)
SELECT k.centre_id, k.y AS year,
  coalesce(active_patients, 0) AS active_patients, consultations, day_hospital_stays, full_hospital_stays,
  bedside_opinions, file_opinions, rcp_organised, rcp_national, coalesce(patients, 0) AS patients,
  coalesce(confirmed_patients, 0) AS confirmed_patients, coalesce(orpha_coded_patients, 0) AS orpha_coded_patients,
  coalesce(resident_same_departement, 0) AS resident_same_departement, coalesce(resident_same_region, 0) AS resident_same_region,
  coalesce(resident_other_region, 0) AS resident_other_region, coalesce(resident_abroad, 0) AS resident_abroad,
  coalesce(resident_unknown, 0) AS resident_unknown, out_of_scope_acts
FROM counts k LEFT JOIN pats p ON p.centre_id = k.centre_id AND p.y = k.y
ORDER BY k.centre_id, k.y
) TO ${q(out)} (HEADER, DELIMITER ';')`);
conn.closeSync?.();
