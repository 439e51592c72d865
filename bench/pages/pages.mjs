// The pages benchmark's client (bench/pages/run.sh): signs in as each demo role, walks its main pages warm and prints
// p50/p95 per page per role. No dependency: Node's fetch, a small cookie jar, the sign-in form's antiforgery token.
// The app runs in Production (secure-only cookies) behind a pretend TLS proxy: X-Forwarded-Proto: https from loopback.
// Usage: node pages.mjs BASE_URL [--repeat 20] [--warmup 3] [--roles admin,responsable] [--only /rapports,/conformite]
//          [--log app.log] [--out results.md] [--budget 300]
// With --log (the app's log with EF's command logging on), each page is first requested once and the number of SQL
// commands it ran is counted in the log ("queries" column): N+1 queries show there.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { execSync } from 'node:child_process';

const args = process.argv.slice(2);
const base = args[0]?.replace(/\/$/, '');
if (!base) { console.error('usage: node pages.mjs BASE_URL [--repeat N] [--warmup N] [--roles a,b] [--log FILE] [--out FILE]'); process.exit(2); }
const opt = (name, dflt) => { const i = args.indexOf(name); return i > 0 ? args[i + 1] : dflt; };
const repeat = Number(opt('--repeat', 20)), warmup = Number(opt('--warmup', 3));
const logFile = opt('--log', null), out = opt('--out', null), label = opt('--label', '');
const budget = Number(opt('--budget', 300));
const only = opt('--only', null); // comma-separated path prefixes: measure only these pages
const password = 'Demo-Maillage-2026'; // DemoAccounts.Password (fictitious demo accounts)
const allRoles = ['public', 'admin', 'ars-idf', 'filiere-cardiogen', 'etablissement', 'responsable', 'association', 'expert', 'comite'];
const roles = (opt('--roles', allRoles.join(','))).split(',');

class Jar {
  cookies = new Map();
  take(res) { for (const c of res.headers.getSetCookie?.() ?? []) { const [kv] = c.split(';'); const i = kv.indexOf('='); this.cookies.set(kv.slice(0, i).trim(), kv.slice(i + 1)); } }
  header() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
}

async function get(jar, path) {
  const res = await fetch(base + path, { redirect: 'manual', headers: { cookie: jar.header(), 'x-forwarded-proto': 'https' } });
  jar.take(res);
  const body = await res.text();
  return { status: res.status, body, location: res.headers.get('location') };
}

async function signIn(role) {
  const jar = new Jar();
  if (role === 'public') return jar;
  const page = await get(jar, '/connexion');
  const token = /name="__RequestVerificationToken"[^>]*value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error('no antiforgery token on /connexion');
  const form = new URLSearchParams({ 'Input.UserName': role, 'Input.Password': password, __RequestVerificationToken: token });
  const res = await fetch(base + '/connexion', { method: 'POST', redirect: 'manual', body: form, headers: { cookie: jar.header(), 'x-forwarded-proto': 'https', 'content-type': 'application/x-www-form-urlencoded' } });
  jar.take(res);
  await res.text();
  if (res.status !== 302) throw new Error(`sign-in as ${role} failed (${res.status})`);
  return jar;
}

// Identifiers of detail pages, found on the data itself (the demo network is generated: ids are stable for a seed).
async function discover() {
  const jar = await signIn('admin');
  const first = async (path, re) => re.exec((await get(jar, path)).body)?.[1];
  const centre = (await (await fetch(`${base}/api/v1/directory/search?q=mucoviscidose&place=69003&limit=1`)).json()).centres[0].id;
  const head = await first('/mon-espace', /href="\/centres\/([A-Z0-9-]+)"/) ?? centre;
  return {
    centre, head,
    network: await first('/reseaux', /href="\/reseaux\/([A-Za-z0-9-]+)"/),
    platform: await first('/plateformes', /href="\/plateformes\/([A-Za-z0-9-]+)"/),
    establishment: await first(`/centres/${centre}`, /href="\/etablissements\/([0-9A-Z]+)"/),
    person: await first(`/centres/${centre}`, /href="\/personnes\/([A-Za-z0-9-]+)"/),
    association: await first('/associations', /href="\/associations\/(ASSO-[0-9]+)"/),
  };
}

function pagesFor(ids) {
  const p = [
    '/mon-espace', '/registre', '/registre/limite-d-age', '/structures', '/reseaux', `/reseaux/${ids.network}`, `/centres/${ids.centre}`,
    `/centres/${ids.head}`, '/plateformes', `/plateformes/${ids.platform}`, `/etablissements/${ids.establishment}`, `/personnes/${ids.person}`,
    '/filieres', '/filieres/CARDIOGEN', '/filieres/CARDIOGEN/rapports', '/filieres/coordonnateurs', '/associations', `/associations/${ids.association}`,
    '/associations/enquetes', '/activite', '/activite/import', '/rapports', '/rapports/campagne', `/rapports/${ids.head}/2024`,
    '/conformite', '/conformite/tableau-de-bord', '/financement', '/financement/budget', '/financement/mig', '/financement/dpi',
    '/financement/plateformes', '/procedures', '/procedures/appels', '/procedures/liste-annuelle', '/territoire', '/territoire/couverture',
    '/territoire/attractivite', '/territoire/redondances', '/comite-de-suivi', '/compte/jetons',
    '/annuaire', '/annuaire?q=mucovicidose&lieu=69003', `/annuaire/centres/${ids.centre}`, `/annuaire/reseaux/${ids.network}`, '/annuaire/filieres/CARDIOGEN',
  ];
  return p.filter(x => !x.includes('undefined') && (!only || only.split(',').some(o => x === o || x.startsWith(o + '/') || x.startsWith(o + '?'))));
}

const logSize = () => logFile ? statSync(logFile).size : 0;
const queriesSince = (offset) => {
  if (!logFile) return '';
  const text = readFileSync(logFile).subarray(offset).toString('utf8');
  return (text.match(/Executed DbCommand/g) ?? []).length;
};
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const ids = await discover();
const rows = [];
console.error(`ids: ${JSON.stringify(ids)}`);
for (const role of roles) {
  const jar = await signIn(role);
  for (const path of pagesFor(ids)) {
    const before = logSize();
    const probe = await get(jar, path);
    if (probe.status !== 200) continue; // not one of this role's pages (403, sign-in redirect, 404)
    await new Promise(r => setTimeout(r, logFile ? 200 : 0)); // let the log flush
    const queries = queriesSince(before);
    for (let i = 0; i < warmup; i++) await get(jar, path);
    const times = [];
    for (let i = 0; i < repeat; i++) {
      const t = process.hrtime.bigint();
      const r = await get(jar, path);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (r.status !== 200) throw new Error(`${role} ${path}: ${r.status}`);
    }
    times.sort((a, b) => a - b);
    const row = { role, path, p50: pct(times, 50), p95: pct(times, 95), max: times[times.length - 1], queries, load: load(), size: probe.body.length };
    rows.push(row);
    console.error(`${role.padEnd(18)} ${path.padEnd(48)} p50 ${row.p50.toFixed(1).padStart(7)} ms  p95 ${row.p95.toFixed(1).padStart(7)} ms${row.p95 > budget ? '  OVER' : ''}${logFile ? `  ${queries} queries` : ''}  (load ${row.load})`);
  }
}
const over = rows.filter(r => r.p95 > budget);
const md = [
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC${label ? ` — ${label}` : ''}; ${warmup} warm-up + ${repeat} measured sequential requests per page; uptime: ${execSync('uptime').toString().trim()}`,
  '',
  `| role | page | p50 ms | p95 ms | max ms |${logFile ? ' SQL commands |' : ''} load (1/5/15 min) |`,
  `|---|---|---|---|---|${logFile ? '---|' : ''}---|`,
  ...rows.map(r => `| ${r.role} | \`${r.path}\` | ${r.p50.toFixed(1)} | ${r.p95 > budget ? `**${r.p95.toFixed(1)}**` : r.p95.toFixed(1)} | ${r.max.toFixed(1)} |${logFile ? ` ${r.queries} |` : ''} ${r.load} |`),
  '',
  `${rows.length} pages × roles measured; ${over.length} over the ${budget} ms p95 budget${over.length ? ': ' + over.map(r => `${r.role} ${r.path}`).join(', ') : ''}.`,
].join('\n');
if (out) writeFileSync(out, md + '\n');
console.log(md);
