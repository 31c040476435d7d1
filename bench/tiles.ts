/**
 * Benchmark of the vector tiles (GET /tiles/<layer>/{z}/{x}/{y}.mvt, server/tiles) against raw SQL
 * baselines measured in the same run, with the variants interleaved.
 *
 * (a) Endpoint vs raw ST_AsMVT, on the synthetic département of bench/make-departement.ts (1,000,000
 *     parcels; the database is only read: the data version the endpoint reads is given by a
 *     temporary table on each connection when migration 009 is not there), at zoom 16 on a fixed
 *     sample of tiles, server cache off, one pg connection shared by every variant:
 *       raw   the tile's ST_AsMVT statement (server/tiles/queries.ts mvtSql) sent by pg directly
 *       http  GET /tiles/… on buildApp(db) (node:http, one keep-alive connection, in-process): SQL, ETag
 *       js    the JS path on the same PostGIS: featuresSql by pg directly + encodeTile (encode.ts)
 *       0     HTTP floor: GET /tiles/nope/… (404 from the tile route, no SQL)
 *     Target: http ≤ 1.15 × raw at zoom 16. (b) js vs raw compares the encoders on the same data:
 *     target ≤ 1.5 ×. Every variant runs on every tile, the order rotating by one from tile to tile.
 *     Verified in the same run: http sends raw's bytes, and js decodes to the same features.
 * (b') PGlite, absolute: the Épinay-sur-Orge (91216) cadastre imported into an in-memory PGlite and
 *     into a PostgreSQL scratch database (--small-url, created and filled if empty), every zoom-16 tile
 *     of the commune: JS tiles on PGlite, and JS / ST_AsMVT on PostgreSQL for reference.
 * (c) Cached throughput: buildApp with its tile cache, the sample warmed, then --concurrency clients
 *     for --seconds each: 200s from the server cache, 304s to If-None-Match, and the HTTP floor.
 *
 *   npx tsx bench/tiles.ts [--n 200] [--warmup 20] [--seed 42] [--zoom 16] [--layers parcelles,zone_urba,assiettes_sup]
 *                          [--seconds 8] [--concurrency 8] [--verify 40] [--skip-pglite] [--quiet 2.0]
 *                          [--database-url postgres://postgres@127.0.0.1:5432/terrier_bench_dept]
 *                          [--small-url postgres://postgres@127.0.0.1:5432/terrier_bench_tiles]
 */
import os from 'node:os';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import knexFactory from 'knex';
import type pg from 'pg';
import { openDb, type Db } from '../server/db.ts';
import { migrate } from '../server/migrate.ts';
import { buildApp, type AppOptions } from '../server/app.ts';
import { importCadastreFiles } from '../server/import/index.ts';
import { findLayer, type LayerDef } from '../server/layers/registry.ts';
import { featuresSql, labelLayerName, mvtSql, postgisTile, statementName, type Sql } from '../server/tiles/queries.ts';
import { encodeTile, type TileFeature } from '../server/tiles/encode.ts';
import { jsTile } from '../server/tiles/render.ts';
import { EXTENT, type Tile } from '../server/tiles/tile.ts';
import { decodeTile, featureKey, sameDrawing, tilesOver } from '../server/tiles/testing.ts';
import { parseArgs } from './lib/args.ts';
import { connect, ensureDatabase } from './lib/pg.ts';
import { markdown, prng, summarize, table, type Summary } from './lib/stats.ts';
import { waitQuiet } from './lib/quiet.ts';

const args = parseArgs(process.argv.slice(2), ['n', 'warmup', 'seed', 'zoom', 'layers', 'seconds', 'concurrency', 'verify', 'skip-pglite', 'quiet', 'database-url', 'small-url']);
const DEPT_URL = args.str('database-url', 'postgres://postgres@127.0.0.1:5432/terrier_bench_dept');
const SMALL_URL = args.str('small-url', 'postgres://postgres@127.0.0.1:5432/terrier_bench_tiles');
const N = args.num('n', 200);
const WARMUP = args.num('warmup', 20);
const SEED = args.num('seed', 42);
const ZOOM = args.num('zoom', 16);
const LAYER_NAMES = args.str('layers', 'parcelles,zone_urba,assiettes_sup').split(',');
const SECONDS = args.num('seconds', 8);
const CONCURRENCY = args.num('concurrency', 8);
const VERIFY = args.num('verify', 40);
const QUIET = args.num('quiet', 0); // wait (≤ 10 min) for a 1-minute load average below this
// The full real data: TERRIER_SHARED_DATA, else ../shared/data beside the project.
const SHARED_DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', process.env.TERRIER_SHARED_DATA || '../shared/data');
const EPINAY = path.join(SHARED_DATA, 'cadastre/etalab/cadastre-91216-parcelles.json');

const log = (msg: string) => console.error(`· ${msg}`);
const f2 = (x: number) => x.toFixed(2);
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;

/**
 * A Db on the read-only département: one connection (every variant shares it), and when migration 009
 * is missing there, the data version as a temporary table of that connection (nothing is written
 * to the database itself).
 */
async function benchDb(url: string, poolMax: number): Promise<Db> {
  const probe = await connect(url);
  const hasVersion = (await probe.query(`SELECT to_regclass('public.data_version') IS NOT NULL AS ok`)).rows[0].ok;
  await probe.end();
  const knex = knexFactory({
    client: 'pg', connection: url, compileSqlOnError: false,
    pool: {
      min: 1, max: poolMax,
      afterCreate: (conn: pg.Client, done: (err: Error | null, conn: pg.Client) => void) => {
        if (hasVersion) return done(null, conn);
        conn.query('CREATE TEMP TABLE IF NOT EXISTS data_version AS SELECT true AS one, 0::bigint AS version', (err: Error | null) => done(err, conn));
      },
    },
  });
  return { knex, engine: 'postgresql', execScript: async (c, sql) => { await c.raw(sql); }, close: () => knex.destroy() };
}

async function listen(db: Db, opts: AppOptions): Promise<{ server: Server; base: string }> {
  const server: Server = await new Promise((resolve) => { const s = buildApp(db, { log: (e) => console.error(e), ...opts }).listen(0, '127.0.0.1', () => resolve(s)); });
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** GET over one keep-alive connection (node:http: a lighter client than fetch, so less of the floor is the client's). */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function get(url: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => { bytes += c.length; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
    }).on('error', reject);
  });
}

/** knex SQL with ? → pg's $n, as the raw baselines send it: named, so prepared once, as the app does. */
function native(db: Db, q: Sql, prefix = 'bench'): { name: string; text: string; values: unknown[] } {
  const n = db.knex.raw(q.sql, q.bindings).toSQL().toNative();
  return { name: statementName(prefix, n.sql), text: n.sql, values: [...n.bindings] };
}

type Run = (layer: LayerDef, t: Tile) => Promise<number>; // bytes
type Variant = { key: string; label: string; run: Run };

/** Every variant on every tile, the order rotating by one from tile to tile; returns ms per variant. */
async function interleave(variants: Variant[], layer: LayerDef, tiles: Tile[], warm: Tile[]): Promise<{ times: Map<string, number[]>; bytes: number[] }> {
  for (const [i, t] of warm.entries()) for (let k = 0; k < variants.length; k++) await variants[(i + k) % variants.length]!.run(layer, t);
  const times = new Map(variants.map((v) => [v.key, [] as number[]]));
  const bytes: number[] = [];
  for (const [i, t] of tiles.entries()) {
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(i + k) % variants.length]!;
      const s = performance.now();
      const b = await v.run(layer, t);
      times.get(v.key)!.push(performance.now() - s);
      if (v.key === 'raw') bytes.push(b);
    }
  }
  return { times, bytes };
}

function report(title: string, variants: Variant[], times: Map<string, number[]>, base: string, rows: string[][]) {
  const sums = new Map([...times].map(([k, xs]) => [k, summarize(xs)]));
  const b = sums.get(base)!;
  const head = ['variant', 'n', 'mean ms', 'p50 ms', 'p95 ms', 'max ms', `× ${base} (mean)`, `× ${base} (p50)`];
  const body = variants.map((v) => {
    const s = sums.get(v.key)!;
    return [`${v.key}: ${v.label}`, String(s.n), f2(s.mean), f2(s.p50), f2(s.p95), f2(s.max), f2(s.mean / b.mean), f2(s.p50 / b.p50)];
  });
  console.log(`\n${title}\n${table(head, body)}`);
  rows.push(...body.map((r) => [title, ...r]));
  return sums;
}

async function verify(db: Db, base: string, withConn: <T>(f: (c: pg.Client) => Promise<T>) => Promise<T>, layer: LayerDef, tiles: Tile[]): Promise<string> {
  let features = 0;
  for (const t of tiles) {
    const q = native(db, mvtSql(layer, t));
    const raw = new Uint8Array(await withConn(async (c) => (await c.query(q)).rows[0].mvt));
    const http = new Uint8Array(await (await fetch(`${base}/tiles/${layer.name}/${t.z}/${t.x}/${t.y}.mvt`)).arrayBuffer());
    if (Buffer.compare(Buffer.from(raw), Buffer.from(http)) !== 0) throw new Error(`${layer.name} ${JSON.stringify(t)}: the endpoint did not send ST_AsMVT's bytes`);
    const a = decodeTile(raw), b = decodeTile((await jsTile(db.knex, layer, t)).body);
    for (const [name, l] of Object.entries(a)) {
      const other = new Map((b[name]?.features ?? []).map((f) => [featureKey(name, f), f]));
      if (other.size !== l.features.length) throw new Error(`${name} ${JSON.stringify(t)}: ${l.features.length} features by ST_AsMVT, ${other.size} by JS`);
      for (const f of l.features) {
        const g = other.get(featureKey(name, f));
        if (!g || !sameDrawing(f, g)) throw new Error(`${name} ${JSON.stringify(t)}: ${featureKey(name, f)} differs between ST_AsMVT and JS`);
        features++;
      }
    }
  }
  return `${layer.name}: ${tiles.length} tiles, ${features} features — endpoint bytes = ST_AsMVT bytes; JS tiles decode to the same features within a pixel`;
}

/** The plan of a tile's statement uses the layer's GiST index. */
async function usesIndex(conn: pg.Client, db: Db, layer: LayerDef, t: Tile): Promise<string> {
  const q = native(db, mvtSql(layer, t));
  const plan = (await conn.query({ text: `EXPLAIN ${q.text}`, values: q.values })).rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
  const m = /Index (?:Only )?Scan using (\w+_geom_idx)|Bitmap Index Scan on (\w+_geom_idx)/.exec(plan);
  if (!m) throw new Error(`the plan of the ${layer.name} tile does not use a GiST index:\n${plan}`);
  return `${layer.name}: ${m[0]}`;
}

async function throughput(label: string, base: string, paths: string[], headers: (p: string) => Record<string, string>, expect: number): Promise<{ label: string; n: number; perSecond: number; hits: number }> {
  const pool = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const until = performance.now() + SECONDS * 1000;
  let n = 0, hits = 0, next = 0;
  const one = (p: string) => new Promise<void>((resolve, reject) => {
    http.get(base + p, { agent: pool, headers: headers(p) }, (res) => {
      if (res.headers['x-tile-cache'] === 'hit') hits++;
      if (res.statusCode !== expect) reject(new Error(`${label}: ${p} answered ${res.statusCode}, expected ${expect}`));
      res.resume();
      res.on('end', () => resolve());
    }).on('error', reject);
  });
  const worker = async () => {
    while (performance.now() < until) { await one(paths[next++ % paths.length]!); n++; }
  };
  const s = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const perSecond = n / ((performance.now() - s) / 1000);
  pool.destroy();
  return { label, n, perSecond, hits };
}

async function main() {
  if (QUIET > 0) await waitQuiet(QUIET, log);
  const started = new Date().toISOString();
  const load0 = os.loadavg();
  const out: string[] = [];
  const rows: string[][] = [];

  // ---- (a) and (b): the département, zoom ZOOM, cache off ----
  const db = await benchDb(DEPT_URL, 1);
  const { server, base } = await listen(db, { tiles: { cacheBytes: 0 } });
  const conn = (await (db.knex.client as { acquireConnection: () => Promise<pg.Client> }).acquireConnection());
  const release = () => (db.knex.client as { releaseConnection: (c: pg.Client) => void }).releaseConnection(conn);
  const env = (await conn.query(`SELECT version() AS pg, postgis_lib_version() AS postgis, postgis_geos_version() AS geos,
      (SELECT count(*)::int FROM cadastre_parcelles) AS parcels, (SELECT count(*)::int FROM plu_zone_urba) AS zones,
      (SELECT count(*)::int FROM sup_assiette) AS sups`)).rows[0];
  const { rows: [ext] } = await conn.query(`SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
    FROM (SELECT ST_Transform(ST_SetSRID(ST_Extent(geom), 2154), 4326) AS e FROM cadastre_parcelles) x`);
  release();
  log(`${DEPT_URL}: ${env.parcels.toLocaleString('en')} parcels, ${env.zones} zones, ${env.sups} SUP assiettes; ${env.pg.split(' on ')[0]}, PostGIS ${env.postgis}, GEOS ${env.geos}`);

  // The sample: N + WARMUP distinct tiles of the département's extent, drawn with a fixed seed.
  const all = tilesOver([ext.x0, ext.y0, ext.x1, ext.y1], ZOOM);
  const rand = prng(SEED);
  for (let i = all.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [all[i], all[j]] = [all[j]!, all[i]!]; }
  const tiles = all.slice(0, N), warm = all.slice(N, N + WARMUP);
  log(`${all.length} tiles at zoom ${ZOOM} over the département; ${tiles.length} measured, ${warm.length} warm-up`);

  const withConn = async <T>(f: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = await (db.knex.client as { acquireConnection: () => Promise<pg.Client> }).acquireConnection();
    try { return await f(c); } finally { (db.knex.client as { releaseConnection: (c: pg.Client) => void }).releaseConnection(c); }
  };
  const variants: Variant[] = [
    { key: 'raw', label: 'ST_AsMVT SQL, pg directly', run: (layer, t) => withConn(async (c) => (await c.query(native(db, mvtSql(layer, t)))).rows[0].mvt.length) },
    {
      key: 'http', label: 'GET /tiles/… (app, cache off)', run: async (layer, t) => {
        const res = await get(`${base}/tiles/${layer.name}/${t.z}/${t.x}/${t.y}.mvt`);
        if (res.status !== 200) throw new Error(`GET /tiles/${layer.name}/…: ${res.status}`);
        return res.bytes;
      },
    },
    {
      key: 'js', label: 'JS path: features SQL, pg directly + encodeTile', run: (layer, t) => withConn(async (c) => {
        const { rows: fs } = await c.query(native(db, featuresSql(layer, t)));
        const toFeature = (r: { properties: Record<string, unknown>; wkb: Uint8Array }): TileFeature => ({ properties: r.properties, wkb: r.wkb });
        return encodeTile([
          { name: layer.name, extent: EXTENT, features: fs.filter((r) => !r.label).map(toFeature) },
          { name: labelLayerName(layer), extent: EXTENT, features: fs.filter((r) => r.label).map(toFeature) },
        ]).byteLength;
      }),
    },
    {
      key: '0', label: 'HTTP floor: GET /tiles/nope/… → 404, no SQL', run: async () => (await get(`${base}/tiles/nope/0/0/0.mvt`)).bytes,
    },
  ];
  const checks: string[] = [];
  const summaries = new Map<string, Map<string, Summary>>();
  for (const name of LAYER_NAMES) {
    const layer = findLayer(name);
    if (!layer) throw new Error(`unknown layer ${name}`);
    checks.push(await withConn((c) => usesIndex(c, db, layer, tiles[0]!)));
    const { times, bytes } = await interleave(variants, layer, tiles, warm);
    const b = summarize(bytes);
    summaries.set(name, report(`${name}, zoom ${ZOOM}, ${tiles.length} tiles (ST_AsMVT size: mean ${kb(b.mean)}, max ${kb(b.max)})`, variants, times, 'raw', rows));
    checks.push(await verify(db, base, withConn, layer, tiles.slice(0, VERIFY)));
  }
  server.close();
  await db.close();

  // ---- (b') PGlite, absolute, on the 91216 cadastre ----
  const pgliteRows: string[][] = [];
  if (!args.flag('skip-pglite')) {
    await ensureDatabase(SMALL_URL);
    const small = await openDb({ databaseUrl: SMALL_URL, pool: { min: 1, max: 1 } });
    await migrate(small);
    if ((await small.knex.raw('SELECT count(*)::int AS n FROM cadastre_parcelles')).rows[0].n === 0) {
      log(`importing the 91216 cadastre into ${SMALL_URL}`);
      await importCadastreFiles(small.knex, [EPINAY]);
    }
    const lite = await openDb({ dataDir: null });
    await migrate(lite);
    let s = performance.now();
    await importCadastreFiles(lite.knex, [EPINAY]);
    log(`91216 imported into PGlite in ${((performance.now() - s) / 1000).toFixed(1)} s`);
    const { rows: [e] } = await small.knex.raw(`SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
      FROM (SELECT ST_Transform(ST_SetSRID(ST_Extent(geom), 2154), 4326) AS e FROM cadastre_parcelles) x`);
    const layer = findLayer('parcelles')!;
    // The commune's tiles that hold parcels (the rest of its bounding box is empty tiles).
    const epinay: Tile[] = [];
    for (const t of tilesOver([e.x0, e.y0, e.x1, e.y1], ZOOM)) if ((await postgisTile(small.knex, layer, t)).body.byteLength > 0) epinay.push(t);
    const small3: Variant[] = [
      { key: 'pg-mvt', label: 'PostgreSQL, ST_AsMVT', run: async (l, t) => (await postgisTile(small.knex, l, t)).body.byteLength },
      { key: 'pg-js', label: 'PostgreSQL, JS path', run: async (l, t) => (await jsTile(small.knex, l, t)).body.byteLength },
      { key: 'pglite-js', label: 'PGlite, JS path (as served)', run: async (l, t) => (await jsTile(lite.knex, l, t)).body.byteLength },
    ];
    s = performance.now();
    const times = new Map(small3.map((v) => [v.key, [] as number[]]));
    for (const [i, t] of [...epinay, ...epinay].entries()) {
      for (let k = 0; k < small3.length; k++) {
        const v = small3[(i + k) % small3.length]!;
        const t0 = performance.now();
        await v.run(layer, t);
        if (i >= epinay.length) times.get(v.key)!.push(performance.now() - t0); // first pass warms up
      }
    }
    const sums = report(`parcelles, zoom ${ZOOM}, the ${epinay.length} tiles of Épinay-sur-Orge with parcels (91216, 4,241 real parcels)`, small3, times, 'pg-mvt', pgliteRows);
    const lz = sums.get('pglite-js')!;
    checks.push(`PGlite: ${f2(1000 / lz.mean)} tiles/s one at a time (mean ${f2(lz.mean)} ms, p95 ${f2(lz.p95)} ms)`);
    await lite.close();
    await small.close();
  }

  // ---- (c) cached throughput ----
  const cdb = await benchDb(DEPT_URL, 8);
  const cached = await listen(cdb, {});
  const paths = LAYER_NAMES.flatMap((name) => tiles.slice(0, 100).map((t) => `/tiles/${name}/${t.z}/${t.x}/${t.y}.mvt`));
  const etags = new Map<string, string>();
  for (const p of paths) etags.set(p, (await fetch(cached.base + p).then(async (r) => { await r.arrayBuffer(); return r.headers.get('etag'); }))!);
  const floor = await throughput('HTTP floor (404, no SQL)', cached.base, ['/tiles/nope/0/0/0.mvt'], () => ({}), 404);
  const hits = await throughput('200 from the server cache', cached.base, paths, () => ({}), 200);
  const revalidated = await throughput('304 to If-None-Match', cached.base, paths, (p) => ({ 'if-none-match': etags.get(p)! }), 304);
  cached.server.close();
  await cdb.close();
  const tput = [floor, hits, revalidated].map((r) => [r.label, String(r.n), r.perSecond.toFixed(0), `${((100 * r.hits) / r.n).toFixed(1)} %`, f2(r.perSecond / floor.perSecond)]);
  console.log(`\nCached throughput: ${paths.length} tiles warmed, ${CONCURRENCY} concurrent clients, ${SECONDS} s each\n${table(['run', 'requests', 'per second', 'cache hits', '× floor'], tput)}`);

  // ---- summary ----
  const ratio = (layer: string, k: string) => summaries.get(layer)!.get(k)!.mean / summaries.get(layer)!.get('raw')!.mean;
  const load1 = os.loadavg();
  out.push(`## Run of ${started}`, '',
    `${os.cpus().length} cores (${os.cpus()[0]?.model}), Node ${process.version}; load average ${load0.map(f2).join(' ')} → ${load1.map(f2).join(' ')}.`,
    `Département: ${env.parcels.toLocaleString('en')} parcels, ${env.zones} zones, ${env.sups} SUP assiettes; ${env.pg.split(' on ')[0]}, PostGIS ${env.postgis}.`, '',
    markdown(['run', 'variant', 'n', 'mean ms', 'p50 ms', 'p95 ms', 'max ms', '× raw (mean)', '× raw (p50)'], rows), '',
    ...(pgliteRows.length ? [markdown(['run', 'variant', 'n', 'mean ms', 'p50 ms', 'p95 ms', 'max ms', '× pg-mvt (mean)', '× pg-mvt (p50)'], pgliteRows), ''] : []),
    markdown(['cached throughput', 'requests', 'per second', 'cache hits', '× floor'], tput), '',
    ...checks.map((c) => `- ${c}`), '',
    `Targets at zoom ${ZOOM}: ${LAYER_NAMES.map((l) => `${l} http/raw ${f2(ratio(l, 'http'))} (≤ 1.15), js/raw ${f2(ratio(l, 'js'))} (≤ 1.5)`).join('; ')}.`);
  console.log(`\n${out.join('\n')}`);
}

main().catch((err) => { console.error(err); process.exit(1); });
