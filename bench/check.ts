/**
 * Benchmark of the spatial check (POST /api/checks) for one parcel, on the synthetic département
 * built by bench/make-departement.ts, against hand-written raw SQL baselines, in one run.
 *
 * Client-observed latency per check (one loopback connection each, every variant on every parcel):
 *   a    Terrier's check as the app runs it: intersections() from server/checks/check.ts, on knex +
 *        pg: its named (prepared) statement, then the attributes from memory (server/checks/attributes.ts;
 *        a miss costs one more query, counted in the report)
 *   a'   the statement's text (captured from knex) sent by pg directly, prepared: the SQL without knex
 *   a~   diagnostic: that SQL with the snap-rounded overlay (ST_Intersection(…, 1e-8)), the statement
 *        the check falls back to when GEOS fails on robustness
 *   a+   diagnostic: that SQL with the attributes built in the statement by correlated subqueries,
 *        as the check did before it kept them in memory
 *   b    baseline: the minimal query a GIS engineer writes with pg — per parcel, the zones and SUP
 *        assiettes it meets, ST_Area(ST_Intersection) on the subdivided pieces summed by gid; prepared
 *   b+   diagnostic: b plus the same attributes Terrier returns (zone, document, assiette,
 *        générateur, servitude, gestionnaire), by plain LEFT JOINs
 *   c    b on the raw (undivided) tables
 *   d    the full HTTP path: buildApp(db) on an ephemeral port, POST /api/checks {parcels:[id]} with
 *        node:http on a keep-alive socket (client and server share this process)
 *   d0   HTTP floor: POST /api/checks {} (400 from the input validation, no SQL)
 *   d~   diagnostic: d with fetch (undici) as the client, as this bench measured d before
 *   0    floor: a prepared SELECT 1 over the same loopback connection
 * The order of the variants rotates by one from one parcel to the next, after a warm-up, so that
 * warm caches favour none.
 *
 * In-database time: the SQL variants again, each in a plpgsql loop (plan-cached like a prepared
 * statement), timed by clock_timestamp() around each check: no round trip, no client, no event loop.
 *
 * Correctness in the same run: for --verify parcels, the areas from a, b and d agree with c (raw
 * layers) within 1e-6 m² (d: within its 0.01 m² rounding).
 *
 *   npx tsx bench/check.ts [--n 2000] [--warmup 300] [--verify 200] [--seed 42] [--rounds 1]
 *                          [--explain] [--quiet 1.0] [--database-url postgres://postgres@127.0.0.1:5432/terrier_bench]
 */
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type pg from 'pg';
import { openDb, type Db } from '../server/db.ts';
import { migrate } from '../server/migrate.ts';
import { buildApp } from '../server/app.ts';
import { intersections } from '../server/checks/check.ts';
import { attributesOf, MAX_ENTRIES } from '../server/checks/attributes.ts';
import { DEFAULT_DATABASE_URL, parseArgs } from './lib/args.ts';
import { connect } from './lib/pg.ts';
import { markdown, summarize, table, type Summary } from './lib/stats.ts';
import { waitQuiet } from './lib/quiet.ts';

const args = parseArgs(process.argv.slice(2), ['n', 'warmup', 'verify', 'seed', 'rounds', 'explain', 'quiet', 'database-url']);
const databaseUrl = args.str('database-url', DEFAULT_DATABASE_URL);
const N = args.num('n', 2000);
const WARMUP = args.num('warmup', 300);
const VERIFY = Math.min(args.num('verify', 200), N);
const SEED = args.str('seed', '42');
const ROUNDS = args.num('rounds', 1);
const QUIET = args.num('quiet', 0); // wait (≤ 10 min) for a 1-minute load average below this
const TOLERANCE = 1e-6; // m²

/** Baseline: per parcel, the zones and SUP assiettes it meets and the area of each intersection, on the subdivided pieces summed by gid. */
export const BASELINE_SUBDIVIDED = `
  SELECT 'zone_urba' AS layer, z.gid, sum(ST_Area(ST_Intersection(z.geom, p.geom))) AS area
  FROM cadastre_parcelles p JOIN plu_zone_urba_sub z ON ST_Intersects(z.geom, p.geom)
  WHERE p.id = $1 GROUP BY z.gid
  UNION ALL
  SELECT 'servitude', a.gid, sum(ST_Area(ST_Intersection(a.geom, p.geom)))
  FROM cadastre_parcelles p JOIN sup_assiette_sub a ON ST_Intersects(a.geom, p.geom)
  WHERE p.id = $1 GROUP BY a.gid`;

/** The same on the raw (undivided) layers. */
export const BASELINE_RAW = `
  SELECT 'zone_urba' AS layer, z.gid, ST_Area(ST_Intersection(z.geom, p.geom)) AS area
  FROM cadastre_parcelles p JOIN plu_zone_urba z ON ST_Intersects(z.geom, p.geom)
  WHERE p.id = $1
  UNION ALL
  SELECT 'servitude', a.gid, ST_Area(ST_Intersection(a.geom, p.geom))
  FROM cadastre_parcelles p JOIN sup_assiette a ON ST_Intersects(a.geom, p.geom)
  WHERE p.id = $1`;

/** The subdivided baseline plus the attributes Terrier returns for each object (as JSON, same keys), by plain joins per layer. */
export const BASELINE_ATTRIBUTES = `
  SELECT 'zone_urba' AS layer, f.gid, f.area, json_build_object('idurba', z.idurba, 'libelle', z.libelle, 'libelong', z.libelong,
      'typezone', z.typezone, 'destdomi', z.destdomi, 'formdomi', z.formdomi, 'nomfic', z.nomfic, 'urlfic', z.urlfic, 'insee', z.insee,
      'datappro', z.datappro, 'partition', d.partition) AS properties
  FROM (SELECT z.gid, sum(ST_Area(ST_Intersection(z.geom, p.geom))) AS area
        FROM cadastre_parcelles p JOIN plu_zone_urba_sub z ON ST_Intersects(z.geom, p.geom) WHERE p.id = $1 GROUP BY z.gid) f
  JOIN plu_zone_urba z ON z.gid = f.gid JOIN plu_doc_urba d ON d.idurba = z.idurba
  UNION ALL
  SELECT 'servitude', f.gid, f.area, json_build_object('partition', a.partition, 'idass', a.idass, 'idgen', a.idgen, 'nomass', a.nomass,
      'typeass', a.typeass, 'categorie', a.categorie, 'suptype', a.suptype, 'idsup', g.idsup, 'nomgen', g.nomgen, 'generateur', g.attributs,
      'nomsup', v.nomsup, 'nomsuplitt', v.nomsuplitt, 'idgest', v.idgest, 'nomgest', m.nomgest)
  FROM (SELECT a.gid, sum(ST_Area(ST_Intersection(a.geom, p.geom))) AS area
        FROM cadastre_parcelles p JOIN sup_assiette_sub a ON ST_Intersects(a.geom, p.geom) WHERE p.id = $1 GROUP BY a.gid) f
  JOIN sup_assiette a ON a.gid = f.gid
  LEFT JOIN sup_generateur g ON g.partition = a.partition AND g.idgen = a.idgen
  LEFT JOIN sup_servitude v ON v.partition = g.partition AND v.idsup = g.idsup
  LEFT JOIN sup_gestionnaire m ON m.idgest = v.idgest`;

/** A diagnostic copy of Terrier's SQL with the snap-rounded overlay: ST_Intersection(x, s.g) → ST_Intersection(x, s.g, 1e-8). */
const snappedOverlay = (sql: string) => sql.replace(/ST_Intersection\((\w+)\.geom, s\.g\)/g, 'ST_Intersection($1.geom, s.g, 1e-8)');
/** …and one with each object's attributes built in the statement, as the check did before it kept them in memory. */
const withAttributes = (sql: string) => `
  SELECT c.*, CASE c.layer
      WHEN 'zone_urba' THEN (SELECT json_build_object('nature_geom', 'surf', 'idurba', z.idurba, 'libelle', z.libelle,
          'libelong', z.libelong, 'typezone', z.typezone, 'destdomi', z.destdomi, 'formdomi', z.formdomi,
          'nomfic', z.nomfic, 'urlfic', z.urlfic, 'insee', z.insee, 'datappro', z.datappro, 'partition', d.partition)
        FROM plu_zone_urba z JOIN plu_doc_urba d USING (idurba) WHERE z.gid = c.gid)
      WHEN 'prescription' THEN (SELECT json_build_object('nature_geom', p.nature_geom, 'idurba', p.idurba, 'libelle', p.libelle,
          'txt', p.txt, 'typepsc', p.typepsc, 'stypepsc', p.stypepsc, 'nature', p.nature, 'nomfic', p.nomfic, 'urlfic', p.urlfic)
        FROM plu_prescription p WHERE p.gid = c.gid)
      WHEN 'information' THEN (SELECT json_build_object('nature_geom', i.nature_geom, 'idurba', i.idurba, 'libelle', i.libelle,
          'txt', i.txt, 'typeinf', i.typeinf, 'stypeinf', i.stypeinf, 'nomfic', i.nomfic, 'urlfic', i.urlfic)
        FROM plu_information i WHERE i.gid = c.gid)
      ELSE (SELECT json_build_object('nature_geom', a.nature_geom, 'partition', a.partition, 'idass', a.idass, 'idgen', a.idgen,
          'nomass', a.nomass, 'typeass', a.typeass, 'categorie', a.categorie, 'suptype', a.suptype,
          'idsup', a.idsup, 'nomgen', a.nomgen, 'generateur', a.attributs, 'nomsup', a.nomsup, 'nomsuplitt', a.nomsuplitt,
          'idgest', a.idgest, 'nomgest', m.nomgest)
        FROM sup_assiette_detail a LEFT JOIN sup_gestionnaire m ON m.idgest = a.idgest WHERE a.gid = c.gid)
    END AS properties
  FROM (${sql}) c`;

/**
 * POST with node:http on one keep-alive socket. The client shares the server's event loop, so its
 * own CPU time delays the server: undici's fetch spends ~0.5 ms of CPU per request there (web
 * streams, more garbage), node:http about a fifth of that; d~ keeps fetch for comparison.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const postHttp = (url: string, body: string) => new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
  const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks) }));
    res.on('error', reject);
  });
  req.on('error', reject);
  req.end(body);
});

type Areas = Map<string, number>; // 'layer:gid' → m²
type Variant = { key: string; label: string; run: (id: string) => Promise<number> };
/** An SQL variant for the in-database loop: its text with $n parameters, their types, and their values from a parcel id. */
type SqlVariant = { key: string; label: string; sql: string; types: string[]; values: (id: string) => unknown[]; generic?: boolean };

const ms = (x: number) => x.toFixed(3);
const log = (msg: string) => console.error(`· ${msg}`);

async function main() {
  if (QUIET > 0) await waitQuiet(QUIET, log);
  const t0 = performance.now();
  const load0 = os.loadavg();
  const db = await openDb({ databaseUrl });
  await migrate(db);
  const [pa, pb] = [await connect(databaseUrl), await connect(databaseUrl)];
  const server: Server = await new Promise((resolve) => { const s = buildApp(db, { log: (e) => console.error(e), rateLimit: { publicPerMinute: 0 } }).listen(0, '127.0.0.1', () => resolve(s)); });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/checks`;
  try {
    const spec = (await pb.query(`SELECT value FROM settings WHERE key = 'bench_departement'`)).rows[0]?.value;
    if (!spec) throw new Error(`no synthetic département in ${databaseUrl}: run npx tsx bench/make-departement.ts first`);
    const env = (await pb.query(`SELECT version() AS pg, postgis_lib_version() AS postgis, postgis_geos_version() AS geos,
      current_setting('shared_buffers') AS shared_buffers, current_setting('jit') AS jit, current_setting('plan_cache_mode') AS plan_cache_mode,
      (SELECT count(*)::int FROM cadastre_parcelles) AS parcels, (SELECT count(*)::int FROM plu_zone_urba) AS zones,
      (SELECT count(*)::int FROM plu_zone_urba_sub) AS zone_pieces, (SELECT count(*)::int FROM sup_assiette) AS sups,
      (SELECT count(*)::int FROM sup_assiette_sub) AS sup_pieces`)).rows[0];
    log(`${databaseUrl}: ${env.parcels.toLocaleString('en')} parcels, ${env.zones} zones (${env.zone_pieces} pieces), ${env.sups} SUP assiettes (${env.sup_pieces} pieces)`);

    // The sample: the first N + WARMUP parcels in an order fixed by the seed.
    const { rows: sample } = await pb.query('SELECT id FROM cadastre_parcelles ORDER BY md5(id || $1) LIMIT $2', [SEED, N + WARMUP]);
    const ids: string[] = sample.map((r: { id: string }) => r.id);
    const warm = ids.slice(N), measured = ids.slice(0, N);

    // The exact SQL text knex sends for intersections(), to run it without knex (a', a~, in-database).
    let captured: { sql: string; bindings: unknown[] } | undefined;
    const onQuery = (q: { sql: string; bindings: unknown[]; options?: { name?: string } }) => { if (q.options?.name === 'check_intersections') captured = q; };
    db.knex.on('query', onQuery);
    await intersections(db.knex, [measured[0]!], null);
    db.knex.removeListener('query', onQuery);
    if (!captured) throw new Error('could not capture the SQL of intersections() (no knex query named check_intersections)');
    const { sql: terrierSql, bindings } = captured;
    const terrierTypes = bindings.map((b) => (Array.isArray(b) ? 'text[]' : 'text'));
    const terrierValues = (id: string) => bindings.map((b) => (Array.isArray(b) ? [id] : null));
    const snapSql = snappedOverlay(terrierSql);
    const hasSnap = snapSql !== terrierSql;
    if (!hasSnap) log('no ST_Intersection(…, s.g) in the check SQL: variant a~ left out');
    const fullSql = withAttributes(terrierSql);

    const sqlVariants: SqlVariant[] = [
      { key: 'a', label: "Terrier's check SQL", sql: terrierSql, types: terrierTypes, values: terrierValues },
      ...(hasSnap ? [{ key: 'a~', label: "Terrier's SQL, snap-rounded overlay (the fallback; diagnostic)", sql: snapSql, types: terrierTypes, values: terrierValues }] : []),
      { key: 'a+', label: "Terrier's SQL + attributes in the statement (diagnostic)", sql: fullSql, types: terrierTypes, values: terrierValues },
      { key: 'b', label: 'baseline, subdivided layers', sql: BASELINE_SUBDIVIDED, types: ['text'], values: (id: string) => [id] },
      { key: 'b+', label: 'baseline + the same attributes (diagnostic)', sql: BASELINE_ATTRIBUTES, types: ['text'], values: (id: string) => [id] },
      { key: 'c', label: 'baseline, raw layers', sql: BASELINE_RAW, types: ['text'], values: (id: string) => [id] },
    ];
    const viaPg = (c: pg.Client, v: SqlVariant): Variant['run'] => async (id) =>
      (await c.query({ name: `bench_${v.key}`, text: v.sql, values: v.values(id) })).rowCount ?? 0;
    const sv = (key: string) => sqlVariants.find((v) => v.key === key)!;

    const variants: Variant[] = [
      { key: 'a', label: "Terrier's check SQL, as the app runs it (knex, named)", run: async (id) => (await intersections(db.knex, [id], null)).rows.length },
      { key: "a'", label: "Terrier's check SQL via pg directly (prepared)", run: viaPg(pa, sv('a')) },
      ...(hasSnap ? [{ key: 'a~', label: 'a\' with the snap-rounded overlay (diagnostic)', run: viaPg(pa, sv('a~')) }] : []),
      { key: 'a+', label: 'a\' + attributes in the statement (diagnostic)', run: viaPg(pa, sv('a+')) },
      { key: 'b', label: 'baseline, subdivided layers (pg, prepared)', run: viaPg(pb, sv('b')) },
      { key: 'b+', label: 'b + the same attributes (diagnostic)', run: viaPg(pb, sv('b+')) },
      { key: 'c', label: 'baseline, raw layers (pg, prepared)', run: viaPg(pb, sv('c')) },
      {
        key: 'd', label: 'HTTP POST /api/checks (node:http, keep-alive, in-process)', run: async (id) => {
          const { status, body } = await postHttp(url, JSON.stringify({ parcels: [id] }));
          if (status !== 200) throw new Error(`POST /api/checks ${id}: ${status} ${body.toString()}`);
          return body.byteLength;
        },
      },
      {
        key: 'd0', label: 'HTTP floor: POST /api/checks {} → 400, no SQL (node:http)', run: async () => {
          const { status, body } = await postHttp(url, '{}');
          if (status !== 400) throw new Error(`POST /api/checks {}: expected 400, got ${status}`);
          return body.byteLength;
        },
      },
      {
        key: 'd~', label: 'd with fetch (undici) as the client (diagnostic)', run: async (id) => {
          const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ parcels: [id] }) });
          const body = await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`POST /api/checks ${id}: ${res.status} ${Buffer.from(body).toString()}`);
          return body.byteLength;
        },
      },
      { key: '0', label: 'floor: SELECT 1 (pg, prepared)', run: async () => (await pb.query({ name: 'floor', text: 'SELECT 1', values: [] })).rowCount ?? 0 },
    ];

    if (args.flag('explain')) await explain(pb, sqlVariants, measured[0]!);

    // The attributes in memory as a server that has been answering checks on this département for a
    // while holds them (every object, within the cache's bound); misses in the run are counted.
    const { rows: objects } = await pb.query(`SELECT layer, gid FROM (SELECT 'zone_urba' AS layer, gid FROM plu_zone_urba UNION ALL
      SELECT 'prescription', gid FROM plu_prescription UNION ALL SELECT 'information', gid FROM plu_information UNION ALL
      SELECT 'servitude', gid FROM sup_assiette) o ORDER BY layer, gid LIMIT $1`, [MAX_ENTRIES]);
    const version = Number((await pb.query('SELECT version FROM data_version')).rows[0].version);
    if (!(await attributesOf(db.knex, version, objects.map((o) => ({ layer: o.layer, gid: Number(o.gid) }))))) throw new Error('the layers changed while priming the attribute cache');
    log(`attribute cache primed with ${objects.length} objects`);

    // Warm-up, then the measured runs; each parcel runs every variant, the order rotating by one per parcel.
    const order = (k: number) => variants.map((_, i) => variants[(i + k) % variants.length]!);
    let k = 0;
    for (const id of warm) for (const v of order(k++)) await v.run(id);
    log(`warmed up on ${warm.length} parcels`);
    const times = new Map<string, number[]>(variants.map((v) => [v.key, []]));
    const sizes = new Map<string, number>(variants.map((v) => [v.key, 0]));
    // The app's queries during the measured runs: attribute cache misses, snap-rounded fallbacks.
    const appQueries = new Map<string, number>();
    const countQuery = (q: { options?: { name?: string } }) => { const n = q.options?.name ?? 'unnamed'; appQueries.set(n, (appQueries.get(n) ?? 0) + 1); };
    db.knex.on('query', countQuery);
    const tRun = performance.now();
    for (let r = 0; r < ROUNDS; r++) {
      for (const id of measured) {
        for (const v of order(k++)) {
          const t = performance.now();
          const n = await v.run(id);
          times.get(v.key)!.push(performance.now() - t);
          sizes.set(v.key, sizes.get(v.key)! + n);
        }
      }
    }
    log(`measured ${measured.length} parcels × ${ROUNDS} round(s) × ${variants.length} variants in ${((performance.now() - tRun) / 1000).toFixed(1)} s`);
    db.knex.removeListener('query', countQuery);

    const inDb = await inDatabase(pa, measured, warm, sqlVariants);
    log('measured in-database times (plpgsql loop)');

    // Which plans the prepared statements ended with (a custom plan is re-planned at every execution).
    const plans = [
      ...(await db.knex.raw(`SELECT 'a+d (knex)' AS v, generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'check_intersections'`)).rows,
      ...(await pa.query(`SELECT substr(name, 7) AS v, generic_plans, custom_plans FROM pg_prepared_statements WHERE name LIKE 'bench_%' ORDER BY name`)).rows,
      ...(await pb.query(`SELECT substr(name, 7) AS v, generic_plans, custom_plans FROM pg_prepared_statements WHERE name LIKE 'bench_%' ORDER BY name`)).rows,
    ].map((p) => `${p.v} ${p.generic_plans} generic / ${p.custom_plans} custom`);

    const verify = await correctness(measured.slice(0, VERIFY), db, pb, url);

    // Report.
    const load1 = os.loadavg();
    const stats = new Map<string, Summary>(variants.map((v) => [v.key, summarize(times.get(v.key)!)]));
    const s = (key: string) => stats.get(key)!;
    const dbs = (key: string) => inDb.get(key)!;
    const runs = N * ROUNDS;
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    const head = ['', 'variant', 'mean ms', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'per check'];
    const rows = variants.map((v) => {
      const x = s(v.key);
      const per = v.key.startsWith('d') ? `${Math.round(sizes.get(v.key)! / runs)} B` : v.key === '0' ? '' : `${(sizes.get(v.key)! / runs).toFixed(2)} rows`;
      return [v.key, v.label, ms(x.mean), ms(x.p50), ms(x.p95), ms(x.p99), ms(x.max), per];
    });
    const dbHead = ['', 'variant (in the database)', 'mean ms', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
    const dbRows = sqlVariants.map((v) => { const x = dbs(v.key); return [v.key, v.label, ms(x.mean), ms(x.p50), ms(x.p95), ms(x.p99), ms(x.max)]; });
    const r3 = (x: Summary, y: Summary) => `${(x.mean / y.mean).toFixed(2)} / ${(x.p50 / y.p50).toFixed(2)} / ${(x.p95 / y.p95).toFixed(2)}`;
    const ratioHead = ['ratio', 'mean / p50 / p95', 'target'];
    const ratioRows = [
      ['a / b, client-observed (as the app runs it)', r3(s('a'), s('b')), `≤ 1.3 (mean): ${verdict(s('a').mean / s('b').mean <= 1.3)}`],
      ['a / b, in the database', r3(dbs('a'), dbs('b')), `≤ 1.3 (mean): ${verdict(dbs('a').mean / dbs('b').mean <= 1.3)}`],
      ...(hasSnap ? [['a~ / b, in the database (snap-rounded overlay, the fallback)', r3(dbs('a~'), dbs('b')), 'diagnostic']] : []),
      ['a+ / b, in the database (attributes in the statement)', r3(dbs('a+'), dbs('b')), 'diagnostic'],
      ['a+ / b, client-observed', r3(s('a+'), s('b')), 'diagnostic'],
      ['a / b+, in the database (same attributes)', r3(dbs('a'), dbs('b+')), 'diagnostic'],
      ["a / a', client-observed (knex vs pg)", r3(s('a'), s("a'")), 'diagnostic'],
      ['c / b, client-observed', r3(s('c'), s('b')), `≥ 4 (mean): ${verdict(s('c').mean / s('b').mean >= 4)}`],
      ['c / b, in the database', r3(dbs('c'), dbs('b')), `≥ 4 (mean): ${verdict(dbs('c').mean / dbs('b').mean >= 4)}`],
      ['c / a, in the database (raw baseline vs Terrier)', r3(dbs('c'), dbs('a')), 'diagnostic'],
      ['a p95, client-observed', `${ms(s('a').p95)} ms`, 'diagnostic (the target is in the database)'],
      ['a p95, in the database', `${ms(dbs('a').p95)} ms`, `≤ 1 ms: ${verdict(dbs('a').p95 <= 1)}`],
      ['d p95, HTTP', `${ms(s('d').p95)} ms`, `≤ 5 ms: ${verdict(s('d').p95 <= 5)}`],
      ['d~ p95, HTTP with fetch as the client', `${ms(s('d~').p95)} ms`, 'diagnostic'],
      ['d − d0, HTTP, mean / p50 (the check on top of the HTTP floor)', `${ms(s('d').mean - s('d0').mean)} / ${ms(s('d').p50 - s('d0').p50)} ms`, 'diagnostic'],
    ];
    console.log(`
Spatial check benchmark — ${new Date().toISOString()}
  database   ${databaseUrl}: ${env.parcels.toLocaleString('en')} parcels, ${env.zones} zones (${env.zone_pieces} pieces), ${env.sups} SUP assiettes (${env.sup_pieces} pieces); spec ${JSON.stringify(spec)}
  server     ${String(env.pg).split(' on ')[0]}, PostGIS ${env.postgis}, GEOS ${env.geos}; shared_buffers ${env.shared_buffers}, jit ${env.jit}, plan_cache_mode ${env.plan_cache_mode}
  machine    ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB; Node ${process.version}; load average ${load0.map((x) => x.toFixed(2)).join(' ')} → ${load1.map((x) => x.toFixed(2)).join(' ')}
  run        ${N} parcels (seed ${SEED}) × ${ROUNDS} round(s), ${WARMUP} warm-up parcels, variant order rotated per parcel

Client-observed, per check:

${table(head, rows)}

In the database (each SQL in a plpgsql loop, clock_timestamp() around each check, chunks of 50 parcels, order rotated per chunk):

${table(dbHead, dbRows)}

${table(ratioHead, ratioRows, ['l', 'l', 'l'])}

Prepared statements at the end: ${plans.join('; ')}
App queries during the measured runs (a, d and d~: ${3 * runs} checks): ${[...appQueries].map(([n, k]) => `${n} ${k}`).join(', ')}

Correctness (${VERIFY} parcels, against c = raw layers, ${verify.objects} (parcel, object) pairs):
  a (Terrier) vs c: max |Δ area| ${verify.a.max.toExponential(2)} m², ${verify.a.missing} objects found by one side only${verify.a.missing ? ` (${verify.a.missingArea.toExponential(2)} m² at most)` : ''} → ${verdict(verify.a.max <= TOLERANCE && verify.a.missingArea <= TOLERANCE)} (≤ ${TOLERANCE} m²)
  b (baseline, subdivided) vs c: max |Δ area| ${verify.b.max.toExponential(2)} m², ${verify.b.missing} objects found by one side only
  d (HTTP, areas rounded to 0.01 m²) vs c: max |Δ area| ${verify.d.max.toExponential(2)} m², ${verify.d.missing} objects found by one side only

Markdown:

${markdown(head, rows, ['l', 'l'])}

${markdown(dbHead, dbRows, ['l', 'l'])}

${markdown(ratioHead, ratioRows, ['l', 'r', 'l'])}

total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    agent.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await pa.end();
    await pb.end();
    await db.close();
  }
}

async function correctness(ids: string[], db: Db, c: pg.Client, url: string) {
  const key = (layer: string, gid: number | string) => `${layer}:${Number(gid)}`;
  const compare = (x: Areas, ref: Areas) => {
    let max = 0, missing = 0, missingArea = 0;
    for (const [k, v] of ref) {
      const w = x.get(k);
      if (w === undefined) { missing++; missingArea = Math.max(missingArea, v); } else max = Math.max(max, Math.abs(w - v));
    }
    for (const [k, w] of x) if (!ref.has(k)) { missing++; missingArea = Math.max(missingArea, w); }
    return { max, missing, missingArea };
  };
  const worst = { max: 0, missing: 0, missingArea: 0 };
  const out = { a: { ...worst }, b: { ...worst }, d: { ...worst }, objects: 0 };
  const fold = (acc: typeof worst, r: typeof worst) => { acc.max = Math.max(acc.max, r.max); acc.missing += r.missing; acc.missingArea = Math.max(acc.missingArea, r.missingArea); };
  for (const id of ids) {
    const raw: Areas = new Map((await c.query({ name: 'bench_c', text: BASELINE_RAW, values: [id] })).rows.map((r) => [key(r.layer, r.gid), r.area]));
    const sub: Areas = new Map((await c.query({ name: 'bench_b', text: BASELINE_SUBDIVIDED, values: [id] })).rows.map((r) => [key(r.layer, r.gid), r.area]));
    const app: Areas = new Map((await intersections(db.knex, [id], null)).rows.map((r) => [key(r.layer, r.gid), r.measure]));
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ parcels: [id] }) });
    const body = await res.json() as Record<string, { layer: string; gid: number; area?: number }[]>;
    const http: Areas = new Map(['zones', 'prescriptions', 'informations', 'servitudes', 'edgeContacts']
      .flatMap((k) => body[k] ?? []).map((x) => [key(x.layer, x.gid), x.area ?? NaN]));
    fold(out.a, compare(app, raw));
    fold(out.b, compare(sub, raw));
    fold(out.d, compare(http, raw));
    out.objects += raw.size;
  }
  return out;
}

/**
 * Per-check times measured inside the server: each SQL variant runs in a plpgsql FOR loop (whose
 * statement is plan-cached like a prepared statement, and whose rows are all fetched), one call per
 * chunk of parcels, the variants' order rotating from one chunk to the next.
 */
async function inDatabase(c: pg.Client, ids: string[], warm: string[], variants: SqlVariant[]): Promise<Map<string, Summary>> {
  const fn = (v: SqlVariant) => `pg_temp.bench_loop_${variants.indexOf(v)}`;
  for (const v of variants) {
    const params = v.types.map((t, i) => `p${i + 1} ${t};`).join(' ');
    const assign = v.types.map((t, i) => `p${i + 1} := ${t === 'text[]' ? 'ARRAY[bench_id]' : v.types.length === 1 ? 'bench_id' : 'NULL'};`).join(' ');
    await c.query(`CREATE OR REPLACE FUNCTION ${fn(v)}(ids text[]) RETURNS SETOF float8 LANGUAGE plpgsql
      ${v.generic ? 'SET plan_cache_mode = force_generic_plan' : ''} AS $bench$
      #variable_conflict use_column
      DECLARE bench_id text; bench_t timestamptz; bench_r record; ${params}
      BEGIN
        FOREACH bench_id IN ARRAY ids LOOP
          ${assign}
          bench_t := clock_timestamp();
          FOR bench_r IN ${v.sql.replace(/\$(\d+)/g, 'p$1')} LOOP END LOOP;
          RETURN NEXT 1000 * extract(epoch FROM clock_timestamp() - bench_t);
        END LOOP;
      END $bench$`);
  }
  const CHUNK = 50;
  for (const v of variants) await c.query(`SELECT ${fn(v)}($1)`, [warm.slice(0, 2 * CHUNK)]); // warm-up: plan cache, generic plan
  const times = new Map<string, number[]>(variants.map((v) => [v.key, []]));
  for (let i = 0, n = 0; i < ids.length; i += CHUNK, n++) {
    const chunk = ids.slice(i, i + CHUNK);
    for (let j = 0; j < variants.length; j++) {
      const v = variants[(j + n) % variants.length]!;
      const { rows } = await c.query(`SELECT t FROM ${fn(v)}($1) t`, [chunk]);
      times.get(v.key)!.push(...rows.map((r) => Number(r.t)));
    }
  }
  return new Map(variants.map((v) => [v.key, summarize(times.get(v.key)!)]));
}

/** EXPLAIN ANALYZE of each SQL variant for one parcel, after a few runs (server-side planning and execution times, plan shape). */
async function explain(c: pg.Client, variants: SqlVariant[], id: string) {
  for (const v of variants) {
    const { rows } = await c.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${v.sql}`, v.values(id));
    console.error(`\n--- EXPLAIN ANALYZE ${v.key} ${v.label} (${id}, custom plan)\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
}

await main();
