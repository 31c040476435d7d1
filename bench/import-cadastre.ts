// Times the cadastre import against ogr2ogr on the same PostgreSQL/PostGIS, for synthetic
// département-sized Etalab parcelles files (bench/make-cadastre.ts), and records the peak RSS of our
// import for each size, to show that memory stays flat as the file grows.
//
//   npx tsx bench/import-cadastre.ts [sizes…] [--db postgres://…] [--no-reimport]
//   npx tsx bench/import-cadastre.ts 100k 1M
//
// The database (default: $DATABASE_URL's server, else postgres://postgres@127.0.0.1:5432/postgres) is
// only used to create and drop a scratch database, terrier_bench_import.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDb } from '../server/db.ts';
import { runImport, totals } from '../server/import/index.ts';
import { migrate } from '../server/migrate.ts';
import { makeCadastre, parseCount } from './make-cadastre.ts';

const BENCH_DB = 'terrier_bench_import';
const self = fileURLToPath(import.meta.url);

type Run = { seconds: number; maxRssMb: number | null; imported?: number; repaired?: number; rejected?: number };

/** Child mode: one import in this process, so that its peak RSS is the import's alone. */
async function child(url: string, file: string): Promise<void> {
  const db = await openDb({ databaseUrl: url });
  try {
    const t = performance.now();
    const report = await runImport(db.knex, 'cadastre', [file]);
    const seconds = (performance.now() - t) / 1000;
    const { imported, repaired, rejected } = totals(report);
    const run: Run = { seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, imported, repaired, rejected };
    console.log(JSON.stringify(run));
  } finally {
    await db.close();
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { await c.query(sql); } finally { await c.end(); }
}

function ours(url: string, file: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', self, '--child', url, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (c) => { out += c; });
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`import exited with ${code}`))));
  });
}

function ogr2ogr(url: string, file: string): Run {
  const u = new URL(url);
  const pgConn = `PG:host=${u.hostname} port=${u.port || 5432} user=${decodeURIComponent(u.username)} dbname=${u.pathname.slice(1)}`
    + (u.password ? ` password=${decodeURIComponent(u.password)}` : '');
  const args = ['-f', 'PostgreSQL', pgConn, file, '-nln', 'bench_ogr', '-t_srs', 'EPSG:2154', '-lco', 'GEOMETRY_NAME=geom', '-overwrite'];
  const timed = fs.existsSync('/usr/bin/time');
  const t = performance.now();
  const r = timed
    ? spawnSync('/usr/bin/time', ['-f', 'maxrss_kb=%M', 'ogr2ogr', ...args], { encoding: 'utf8' })
    : spawnSync('ogr2ogr', args, { encoding: 'utf8' });
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`ogr2ogr failed: ${r.stderr}`);
  const kb = /maxrss_kb=(\d+)/.exec(r.stderr ?? '')?.[1];
  return { seconds, maxRssMb: kb ? Number(kb) / 1024 : null };
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1]!, args[2]!);
  const dbIdx = args.indexOf('--db');
  const server = dbIdx >= 0 ? args[dbIdx + 1]! : process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const reimport = !args.includes('--no-reimport');
  const sizes = args.filter((a, i) => !a.startsWith('--') && (dbIdx < 0 || i !== dbIdx + 1));
  const counts = (sizes.length ? sizes : ['100k']).map(parseCount);
  const url = withDatabase(server, BENCH_DB);
  const cpu = fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU';
  const gdal = spawnSync('ogr2ogr', ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(`${cpu}, ${(await import('node:os')).cpus().length} cores; ${gdal}`);
  const rows: string[] = [];
  for (const n of counts) {
    const t = performance.now();
    const file = await makeCadastre(n);
    const mb = fs.statSync(file).size / 1e6;
    console.log(`\n${n} parcels: ${file} (${mb.toFixed(0)} MB, ready in ${((performance.now() - t) / 1000).toFixed(0)} s)`);
    await admin(server, `DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await admin(server, `CREATE DATABASE ${BENCH_DB}`);
    const db = await openDb({ databaseUrl: url });
    await migrate(db);
    const version = (await db.knex.raw(`SELECT split_part(version(), ' ', 2) AS pg, postgis_lib_version() AS postgis`)).rows[0];
    await db.close();
    spawnSync('cat', [file], { stdio: ['ignore', 'ignore', 'ignore'] }); // same warm page cache for both tools
    const first = await ours(url, file);
    console.log(`  terrier import: ${first.seconds.toFixed(1)} s, ${(first.imported! / first.seconds).toFixed(0)} parcels/s, peak RSS ${first.maxRssMb!.toFixed(0)} MB (${first.imported} imported, ${first.repaired} repaired, ${first.rejected} rejected)`);
    const again = reimport ? await ours(url, file) : null;
    if (again) console.log(`  terrier re-import (replaces the ${counts.length ? 'communes' : ''} already there): ${again.seconds.toFixed(1)} s, peak RSS ${again.maxRssMb!.toFixed(0)} MB`);
    const ogr = ogr2ogr(url, file);
    console.log(`  ogr2ogr: ${ogr.seconds.toFixed(1)} s${ogr.maxRssMb ? `, peak RSS ${ogr.maxRssMb.toFixed(0)} MB` : ''}`);
    const ratio = first.seconds / ogr.seconds;
    console.log(`  ratio terrier / ogr2ogr: ${ratio.toFixed(2)} (PostgreSQL ${version.pg}, PostGIS ${version.postgis})`);
    rows.push(`| ${n.toLocaleString('en')} | ${mb.toFixed(0)} MB | ${first.seconds.toFixed(1)} s | ${again ? `${again.seconds.toFixed(1)} s` : '–'} | ${first.maxRssMb!.toFixed(0)} MB | ${ogr.seconds.toFixed(1)} s | ${ogr.maxRssMb ? `${ogr.maxRssMb.toFixed(0)} MB` : '–'} | ${ratio.toFixed(2)} |`);
  }
  await admin(server, `DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  console.log('\n| parcels | file | terrier import | terrier re-import | terrier peak RSS | ogr2ogr | ogr2ogr peak RSS | terrier / ogr2ogr |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

if (path.resolve(process.argv[1] ?? '') === self) await main();
