#!/usr/bin/env bash
# Regenerates data/geo/*.csv from @etalab/decoupage-administratif (npm). Populations of regions and
# départements are the sums of their current communes (zones metro + drom).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund @etalab/decoupage-administratif@6.0.0 >/dev/null
OUT="$root/data/geo" node -e '
const deps=require("@etalab/decoupage-administratif/data/departements.json");
const regs=require("@etalab/decoupage-administratif/data/regions.json");
const coms=require("@etalab/decoupage-administratif/data/communes.json").filter(c=>c.type==="commune-actuelle" && (c.zone==="metro"||c.zone==="drom"));
const fs=require("fs"), out=process.env.OUT;
const popDep={},popReg={};
for(const c of coms){popDep[c.departement]=(popDep[c.departement]||0)+(c.population||0);popReg[c.region]=(popReg[c.region]||0)+(c.population||0);}
let s="code;name;ars_name;population;overseas\n";
for(const r of regs.filter(r=>r.zone==="metro"||r.zone==="drom")) s+=`${r.code};${r.nom};ARS ${r.nom};${popReg[r.code]||0};${r.zone==="drom"?1:0}\n`;
fs.writeFileSync(out+"/regions.csv",s);
s="code;name;region_code;population\n";
for(const d of deps.filter(d=>d.zone==="metro"||d.zone==="drom")) s+=`${d.code};${d.nom};${d.region};${popDep[d.code]||0}\n`;
fs.writeFileSync(out+"/departements.csv",s);
s="code;name;departement_code;region_code;postal_codes;population\n";
for(const c of coms) s+=`${c.code};${c.nom};${c.departement};${c.region};${(c.codesPostaux||[]).join(" ")};${c.population||0}\n`;
fs.writeFileSync(out+"/communes.csv",s);
'
echo "data/geo refreshed"
