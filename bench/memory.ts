/**
 * Where the server's memory goes on PGlite: RSS, V8 heap and external (PGlite's WebAssembly memory
 * is an ArrayBuffer: it shows in external/arrayBuffers, and never shrinks) after each stage of a
 * boot like server/main.ts's, then a burst of vector tiles over the whole commune and a few checks.
 *
 *   npx tsx bench/memory.ts [--parcels 0] [--conf "shared_buffers=16MB,work_mem=4MB"] [--data-dir DIR]
 *
 * --parcels N adds a synthetic commune of N parcels (20 m squares in a grid, Lambert-93, commune
 * 96002) to measure what a bigger commune needs; --conf passes postgresql.conf
 * settings to PGlite at creation instead of server/db.ts's (--conf "shared_buffers=160MB" for PGlite's default). Run it once per setting: the WebAssembly memory only grows.
 */
import { openDb } from '../server/db.ts';
import { migrate } from '../server/migrate.ts';
import { loadDemoIfEmpty } from '../server/demo/load.ts';
import { buildApp } from '../server/app.ts';
import { parseArgs } from './lib/args.ts';

const args = parseArgs(process.argv.slice(2), ['parcels', 'conf', 'data-dir']);
const conf = args.get('conf')?.split(',').map((s) => s.trim()).filter(Boolean);
const mb = (n: number) => `${(n / 2 ** 20).toFixed(0).padStart(5)} MB`;
const stage = (name: string) => {
  const m = process.memoryUsage();
  console.log(`${name.padEnd(34)} rss ${mb(m.rss)}  heap ${mb(m.heapUsed)}  external ${mb(m.external)}  arrayBuffers ${mb(m.arrayBuffers)}`);
};

stage('start (node + modules)');
const db = await openDb({ dataDir: args.get('data-dir') ?? null, postgresqlconf: conf });
stage('PGlite + PostGIS open');
await migrate(db);
stage('migrated');
await loadDemoIfEmpty(db);
stage('demo loaded (451 parcels)');
const extra = args.num('parcels', 0);
if (extra > 0) {
  const side = Math.ceil(Math.sqrt(extra));
  await db.knex.raw(`INSERT INTO communes (insee, nom) VALUES ('96002', 'Commune synthétique') ON CONFLICT DO NOTHING`);
  // Squares of 20 m in a grid east of the demo, each with 9 vertices per side as real parcels have.
  await db.knex.raw(`
    INSERT INTO cadastre_parcelles (id, commune, section, numero, contenance, geom)
    SELECT '96002000' || chr(65 + (i / 9999)) || 'A' || lpad(((i % 9999) + 1)::text, 4, '0'), '96002', chr(65 + (i / 9999)) || 'A', ((i % 9999) + 1)::text, 400,
           ST_Multi(ST_Segmentize(ST_MakeEnvelope(720000 + 20 * (i % ?), 6600000 + 20 * (i / ?), 720020 + 20 * (i % ?), 6600020 + 20 * (i / ?), 2154), 2.5))
    FROM generate_series(0, ? - 1) i`, [side, side, side, side, extra]);
  stage(`+ ${extra} synthetic parcels`);
}
const server = buildApp(db).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
stage('app listening');

// Every tile of zooms 14 to 17 over the data's extent, for each tile layer.
const { rows: [e] } = await db.knex.raw(`SELECT ST_XMin(b) x0, ST_YMin(b) y0, ST_XMax(b) x1, ST_YMax(b) y1
  FROM (SELECT ST_Transform(ST_SetSRID(ST_Extent(geom)::geometry, 2154), 4326) b FROM cadastre_parcelles) t`);
const tx = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
const ty = (lat: number, z: number) => Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z);
const layers = ['parcelles', 'zone_urba', 'assiettes_sup'];
let tiles = 0;
const t0 = performance.now();
for (const z of [14, 15, 16, 17]) {
  for (let x = tx(e.x0, z); x <= tx(e.x1, z); x++) {
    for (let y = ty(e.y1, z); y <= ty(e.y0, z); y++) {
      await Promise.all(layers.map(async (l) => { const r = await fetch(`${base}/tiles/${l}/${z}/${x}/${y}.mvt`); await r.arrayBuffer(); tiles++; }));
    }
  }
}
stage(`${tiles} tiles (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
const { rows: ids } = await db.knex.raw('SELECT id FROM cadastre_parcelles ORDER BY random() LIMIT 50');
for (const { id } of ids) await (await fetch(`${base}/api/checks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ parcels: [id] }) })).arrayBuffer();
stage('50 checks');
globalThis.gc?.();
stage('after gc (with --expose-gc)');
const { rows: settings } = await db.knex.raw(`SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'maintenance_work_mem', 'temp_buffers', 'wal_buffers')`);
console.log(settings.map((s: any) => `${s.name}=${s.setting}${s.unit ?? ''}`).join(' '));
server.close();
await db.close();
