/**
 * Benchmark of the public side (server/publication) against raw SQL baselines measured in the same run,
 * on the synthetic département of bench/make-departement.ts (built first when its database is empty),
 * with synthetic dossiers written set-based by SQL (not through the engine: volume, not journals).
 *
 * (a) Tiles: GET /tiles/autorisations/{z}/{x}/{y}.mvt (server cache off) vs the raw ST_AsMVT of the
 *     same statement sent by pg, interleaved, on tiles sampled where dossiers are. Target ≤ 1.15 ×.
 *     Two more variants say where the difference lies: the same raw statement answered by a bare
 *     node:http server (no Express, no Terrier: what any HTTP tile server pays on this machine), and
 *     the route's own floor, a tile it knows empty without SQL (autorisations_parcelles below z17).
 * (b) GeoJSON of a 1 km² bbox: GET /api/public/autorisations?bbox=… at random places. Target p95 ≤ 50 ms.
 * (c) The CSV export: GET /open-data/autorisations.csv (streamed, server-side cursor) vs
 *     COPY (SELECT … FROM public_autorisations ORDER BY num_dau) TO STDOUT CSV, both read to the end;
 *     and the server process's RSS growth while it streams, sampled every 20 ms. Target ≤ 1.5 ×, < 100 MB.
 *
 *   npx tsx bench/public.ts [--parcels 1000000] [--dossiers 100000] [--tiles 100] [--zoom 16] [--bboxes 200]
 *                           [--csv-runs 3] [--quiet 2.0] [--database-url postgres://postgres@127.0.0.1:5432/terrier_bench_public]
 * A reduced run (e.g. --parcels 100000 --dossiers 100000) is stated as such in docs/benchmarks.md.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { to as copyTo } from 'pg-copy-streams';
import type { Db } from '../server/db.ts';
import { buildApp } from '../server/app.ts';
import { findLayer } from '../server/layers/registry.ts';
import { mvtSql, statementName } from '../server/tiles/queries.ts';
import { tileAt } from '../server/tiles/testing.ts';
import type { Tile } from '../server/tiles/tile.ts';
import { exportSql } from '../server/publication/export.ts';
import { parseArgs } from './lib/args.ts';
import { openDepartement } from './lib/departement.ts';
import { connect } from './lib/pg.ts';
import { prng, summarize, table, type Summary } from './lib/stats.ts';
import { waitQuiet } from './lib/quiet.ts';

const args = parseArgs(process.argv.slice(2), ['parcels', 'dossiers', 'tiles', 'zoom', 'bboxes', 'csv-runs', 'quiet', 'database-url']);
const URL_ = args.str('database-url', 'postgres://postgres@127.0.0.1:5432/terrier_bench_public');
const PARCELS = args.num('parcels', 1_000_000);
const DOSSIERS = args.num('dossiers', 100_000);
const TILES = args.num('tiles', 100);
const ZOOM = args.num('zoom', 16);
const BBOXES = args.num('bboxes', 200);
const CSV_RUNS = args.num('csv-runs', 3);
const log = (m: string) => console.error(`· ${m}`);
const f2 = (x: number) => x.toFixed(2);

/** One dossier per sampled parcel, spread over types, states and three years; a quarter are companies. */
const DOSSIERS_SQL = `
WITH p AS (
  SELECT id, commune, row_number() OVER (ORDER BY id) AS k, count(*) OVER () AS n FROM cadastre_parcelles
), pick AS (
  SELECT id, commune, k FROM p WHERE k % greatest(1, n / $1) = 0 LIMIT $1
), d AS (
  SELECT id, commune, k, (ARRAY['PC','PCMI','DP','PA','PD'])[1 + k % 5] AS type, (24 + (k / 7) % 3)::int AS yy, (k % 9)::int AS s FROM pick
), numbered AS (
  SELECT *, row_number() OVER (PARTITION BY commune, CASE WHEN type = 'PCMI' THEN 'PC' ELSE type END, yy ORDER BY k) AS n FROM d
)
INSERT INTO dossiers (number, number_compact, type, insee, parcels, filed_on, applicant, applicant_name, works, receipt, state, context)
SELECT num, replace(num, ' ', ''), type, commune, ARRAY[id]::varchar[], filed,
  CASE WHEN k % 4 = 0 THEN jsonb_build_object('kind', 'company', 'name', 'SCI Banc d''essai ' || k, 'siret', lpad((k % 1000000000)::text, 9, '9') || '00011')
       ELSE jsonb_build_object('kind', 'person', 'lastName', 'Banc ' || k, 'email', 'banc' || k || '@example.org') END,
  'Banc ' || k,
  jsonb_build_object('description', 'privé', 'nature', 'construction_neuve', 'destination', 'habitation', 'floorArea', 50 + k % 200, 'dwellings', k % 3),
  '{}'::jsonb,
  (ARRAY['instruction.delai.depose','accorde.valide','accorde.valide','refuse','accorde.travaux','accorde.acheve','retire','sursis','accorde.valide'])[1 + s],
  jsonb_build_object('type', type, 'filedOn', filed, 'displayFrom', CASE WHEN s IN (1, 4, 5) THEN (filed + 40)::text END,
    'decision', CASE WHEN s = 0 THEN NULL ELSE jsonb_build_object('outcome', CASE WHEN s IN (3) THEN 'refused' WHEN s = 7 THEN 'sursis' ELSE 'granted' END,
      'tacit', s = 8, 'on', (filed + 35)::text, 'signedOn', CASE WHEN s = 8 THEN NULL ELSE (filed + 33)::text END) END,
    'worksStartedOn', CASE WHEN s IN (4, 5) THEN (filed + 80)::text END, 'worksCompletedOn', CASE WHEN s = 5 THEN (filed + 300)::text END,
    'withdrawnOn', CASE WHEN s = 6 THEN (filed + 60)::text END)
FROM (SELECT *, format('%s 096%s %s X%s', CASE WHEN type = 'PCMI' THEN 'PC' ELSE type END, substr(commune, 3, 3), yy, lpad(n::text, 4, '0')) AS num,
        make_date(2000 + yy, 1 + (k % 12)::int, 1 + (k % 28)::int) AS filed FROM numbered) x`;

async function prepare(): Promise<Db> {
  const db = await openDepartement(URL_, PARCELS, log);
  const n = Number((await db.knex.raw('SELECT count(*) FROM dossiers')).rows[0].count);
  if (n !== DOSSIERS) {
    log(`writing ${DOSSIERS} synthetic dossiers…`);
    const t = performance.now();
    await db.knex.raw('TRUNCATE dossiers CASCADE');
    const sql = DOSSIERS_SQL.replace(/\$1/g, String(Math.round(DOSSIERS)));
    await db.knex.raw(sql);
    await db.knex.raw('ANALYZE dossiers');
    log(`  ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  return db;
}

/** The least an HTTP tile server can do: read z/x/y, run the statement, write the bytes. */
async function bareTileServer(make: (t: Tile) => Promise<Buffer>): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((req, res) => {
    const [, z, x, y] = (req.url ?? '').split('/');
    make({ z: Number(z), x: Number(x), y: Number(y) }).then((body) => {
      res.writeHead(200, ['Content-Type', 'application/vnd.mapbox-vector-tile', 'Content-Length', String(body.length)]).end(body);
    }, (e) => { res.writeHead(500).end(String(e)); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function get(url: string, onData?: () => void): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent }, (res) => {
      let bytes = 0;
      res.on('data', (ch: Buffer) => { bytes += ch.length; onData?.(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
    }).on('error', reject);
  });
}

async function main() {
  const db = await prepare();
  const server: Server = await new Promise((resolve) => { const s = buildApp(db, { tiles: { cacheBytes: 0 } }).listen(0, '127.0.0.1', () => resolve(s)); });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const raw = await connect(URL_);
  const rnd = prng(42);
  if (args.num('quiet', 0) > 0) await waitQuiet(args.num('quiet', 0), log);
  const count = Number((await db.knex.raw('SELECT count(*) FROM public_autorisations')).rows[0].count);
  console.log(`public_autorisations: ${count} rows; load average ${(await import('node:os')).loadavg()[0]!.toFixed(2)}`);

  // (a) tiles where dossiers are (--tiles 0 skips it)
  if (TILES > 0) {
  const { rows: pts } = await db.knex.raw(`SELECT longitude AS lon, latitude AS lat FROM public_autorisations ORDER BY random() LIMIT ?`, [TILES]);
  const layer = findLayer('autorisations')!;
  const tiles = pts.map((p: { lon: number; lat: number }) => tileAt(Number(p.lon), Number(p.lat), ZOOM));
  let feats = 0;
  const rawSql = (c: typeof raw, t: Tile) => {
    const q = db.knex.raw(mvtSql(layer, t).sql, mvtSql(layer, t).bindings).toSQL().toNative();
    return c.query({ name: statementName('bench_pub', q.sql), text: q.sql, values: [...q.bindings] });
  };
  // Its own connection, as the server has its pool: no variant runs on a backend another has just warmed.
  const bareConn = await connect(URL_);
  const bare = await bareTileServer(async (t) => (await rawSql(bareConn, t)).rows[0].mvt as Buffer);
  const variants: Record<string, (t: Tile) => Promise<unknown>> = {
    raw: async (t) => { feats += ((await rawSql(raw, t)).rows[0].mvt as Buffer).length > 0 ? 1 : 0; },
    bare: (t) => get(`${bare.url}/${t.z}/${t.x}/${t.y}`),
    http: (t) => get(`${base}/tiles/autorisations/${t.z}/${t.x}/${t.y}.mvt`),
    floor: (t) => get(`${base}/tiles/autorisations_parcelles/${t.z}/${t.x}/${t.y}.mvt`),
  };
  const names = Object.keys(variants);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const [i, t] of tiles.entries()) {
    for (let j = 0; j < names.length; j++) { // each variant first in turn
      const v = names[(i + j) % names.length]!;
      const s = performance.now();
      await variants[v]!(t);
      times[v]!.push(performance.now() - s);
    }
  }
  bare.close();
  await bareConn.end();
  const [tr, tb, th, tf] = names.map((n) => summarize(times[n]!)) as [Summary, Summary, Summary, Summary];
  console.log(`\n(a) tiles autorisations z${ZOOM}, ${tiles.length} tiles (${feats} non-empty), server cache off`);
  console.log(table(['variant', 'mean ms', 'p50 ms', 'p95 ms', '× raw (mean)', '× bare HTTP (mean)'], [
    ['raw ST_AsMVT', f2(tr.mean), f2(tr.p50), f2(tr.p95), '1.00', f2(tr.mean / tb.mean)],
    ['raw ST_AsMVT behind bare node:http', f2(tb.mean), f2(tb.p50), f2(tb.p95), f2(tb.mean / tr.mean), '1.00'],
    ['GET /tiles/autorisations/…', f2(th.mean), f2(th.p50), f2(th.p95), f2(th.mean / tr.mean), f2(th.mean / tb.mean)],
    ['route floor (empty tile, no SQL)', f2(tf.mean), f2(tf.p50), f2(tf.p95), f2(tf.mean / tr.mean), f2(tf.mean / tb.mean)]]));
  }

  // (b) GeoJSON, 1 km² bboxes centred on random dossiers (--bboxes 0 skips it)
  if (BBOXES > 0) {
  const { rows: centres } = await db.knex.raw(`SELECT longitude AS lon, latitude AS lat FROM public_autorisations ORDER BY random() LIMIT ?`, [BBOXES]);
  const gj: number[] = [];
  let features = 0;
  for (const c of centres) {
    const lon = Number(c.lon) + (rnd() - 0.5) * 0.005, lat = Number(c.lat) + (rnd() - 0.5) * 0.005;
    const dLon = 0.5 / (111.32 * Math.cos((lat * Math.PI) / 180)), dLat = 0.5 / 110.57; // ±500 m
    const s = performance.now();
    const r = await get(`${base}/api/public/autorisations?bbox=${lon - dLon},${lat - dLat},${lon + dLon},${lat + dLat}`);
    gj.push(performance.now() - s);
    if (r.status !== 200) throw new Error(`GeoJSON ${r.status}`);
    features += r.bytes;
  }
  const g = summarize(gj);
  console.log(`\n(b) GeoJSON of a 1 km² bbox, ${gj.length} requests (mean ${(features / gj.length / 1024).toFixed(1)} KB)`);
  console.log(table(['n', 'mean ms', 'p50 ms', 'p95 ms', 'max ms'], [[String(g.n), f2(g.mean), f2(g.p50), f2(g.p95), f2(g.max)]]));
  }

  // (c) CSV vs COPY, and RSS while streaming (--csv-runs 0 skips it)
  if (CSV_RUNS > 0) {
  const { sql } = exportSql({ commune: null, annee: null }, false);
  const copySql = `COPY (${sql}) TO STDOUT CSV HEADER`;
  const csvT: number[] = [], copyT: number[] = [], growth: number[] = [];
  let csvBytes = 0, copyBytes = 0;
  for (let i = 0; i < CSV_RUNS; i++) {
    for (const v of i % 2 ? ['copy', 'csv'] : ['csv', 'copy']) {
      global.gc?.();
      const rss0 = process.memoryUsage().rss;
      let peak = rss0;
      const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
      const s = performance.now();
      if (v === 'csv') {
        const r = await get(`${base}/open-data/autorisations.csv`);
        csvBytes = r.bytes;
        csvT.push(performance.now() - s);
        growth.push((peak - rss0) / 1024 / 1024);
      } else {
        const stream = raw.query(copyTo(copySql));
        let b = 0;
        for await (const ch of stream) b += (ch as Buffer).length;
        copyBytes = b;
        copyT.push(performance.now() - s);
      }
      clearInterval(timer);
    }
  }
  const cs = summarize(csvT), cp = summarize(copyT);
  console.log(`\n(c) CSV export of ${count} rows (${(csvBytes / 1e6).toFixed(1)} MB; COPY ${(copyBytes / 1e6).toFixed(1)} MB), ${CSV_RUNS} runs each`);
  console.log(table(['variant', 'mean s', 'min s', '× COPY (mean)', 'RSS growth max MB'], [
    ['COPY … TO STDOUT CSV', f2(cp.mean / 1000), f2(cp.min / 1000), '1.00', '—'],
    ['GET /open-data/autorisations.csv', f2(cs.mean / 1000), f2(cs.min / 1000), f2(cs.mean / cp.mean), f2(Math.max(...growth))]]));
  }

  await raw.end();
  server.close();
  agent.destroy();
  await db.close();
}

await main();
