// Times the EDIGEO import against the Etalab import of the same parcels: every raw feuille of the
// shared data (cadastre/edigeo-raw, 950 parcels in 10 feuilles) and their Etalab conversion
// (cadastre/edigeo-converted, the three parcelles files). Reading alone (no database) is timed too,
// since that is where the two formats differ: bzip2 + EDIGEO topology versus JSON.
//
//   npx tsx bench/import-edigeo.ts [--runs 5] [--db postgres://…/terrier_edigeo_bench]
//
// Without --db (nor DATABASE_URL) it runs on a scratch PGlite. The data: TERRIER_SHARED_DATA, else
// ../shared/data beside the project.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb, type Db } from '../server/db.ts';
import { edigeoParcels, isEdigeo } from '../server/import/edigeo.ts';
import { openDeliveries } from '../server/import/files.ts';
import { runImport, totals } from '../server/import/index.ts';
import { openLayer } from '../server/import/read.ts';
import { migrate } from '../server/migrate.ts';
import { parseArgs } from './lib/args.ts';
import { ensureDatabase } from './lib/pg.ts';

const args = parseArgs(process.argv.slice(2), ['runs', 'db']);
const runs = args.num('runs', 5);
const SHARED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', process.env.TERRIER_SHARED_DATA || '../shared/data');
const RAW = [path.join(SHARED, 'cadastre/edigeo-raw')];
const ETALAB = [['13029', '13029_cornillon-confoux_1-feuille'], ['25354', '25354_luxiol_8-feuilles'], ['75103', '75103_paris-3e_1-feuille']]
  .map(([c, d]) => path.join(SHARED, 'cadastre/edigeo-converted', d!, `cadastre-${c}-parcelles.json`));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const bytes = (paths: string[]) => paths.reduce((s, p) => s + (fs.statSync(p).isDirectory()
  ? fs.readdirSync(p, { recursive: true, encoding: 'utf8' }).map((f) => path.join(p, f)).filter((f) => fs.statSync(f).isFile() && isEdigeo(f)).reduce((a, f) => a + fs.statSync(f).size, 0)
  : fs.statSync(p).size), 0);

async function readOnly(paths: string[], edigeo: boolean): Promise<number> {
  const deliveries = await openDeliveries(paths);
  let n = 0;
  try {
    const sources = deliveries.flatMap((d) => d.sources).filter((s) => (edigeo ? isEdigeo(s.name) : /parcelles\.json$/.test(s.name)));
    const layers = edigeo ? [edigeoParcels(sources)] : await Promise.all(sources.map((s) => openLayer(s)));
    for (const l of layers) for await (const _ of l.features) n++;
  } finally {
    await Promise.all(deliveries.map((d) => d.close()));
  }
  return n;
}

/** Wall seconds, and this process's CPU seconds: on a loaded machine the latter is what the code costs. */
async function time<T>(f: () => Promise<T>): Promise<[number, T, number]> {
  const t = performance.now();
  const c = process.cpuUsage();
  const r = await f();
  const used = process.cpuUsage(c);
  return [(performance.now() - t) / 1000, r, (used.user + used.system) / 1e6];
}

async function main() {
  const url = args.get('db') ?? process.env.DATABASE_URL;
  let db: Db;
  let where: string;
  let scratchDir: string | null = null;
  if (url) {
    await ensureDatabase(url);
    db = await openDb({ databaseUrl: url });
    where = 'PostgreSQL';
  } else {
    scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'terrier-bench-edigeo-'));
    db = await openDb({ dataDir: scratchDir });
    where = 'PGlite';
  }
  try {
    await migrate(db);
    const rows: { what: string; seconds: number; cpu: number; parcels: number; mb: number }[] = [];
    for (const [label, paths, edigeo] of [['EDIGEO raw (tar.bz2 + folder)', RAW, true], ['Etalab conversion (GeoJSON)', ETALAB, false]] as const) {
      const mb = bytes(paths) / 1e6;
      const reads: number[] = [];
      const imports: number[] = [];
      const readCpu: number[] = [];
      const importCpu: number[] = [];
      let parcels = 0;
      for (let i = 0; i < runs; i++) {
        const [r, n, rc] = await time(() => readOnly(paths, edigeo));
        reads.push(r); readCpu.push(rc);
        const [s, report, sc] = await time(() => runImport(db.knex, 'cadastre', paths));
        imports.push(s); importCpu.push(sc);
        parcels = totals(report).imported;
        if (n !== parcels) throw new Error(`${label}: ${n} read but ${parcels} imported`);
      }
      rows.push({ what: `${label}, reading only`, seconds: median(reads), cpu: median(readCpu), parcels, mb });
      rows.push({ what: `${label}, import into ${where}`, seconds: median(imports), cpu: median(importCpu), parcels, mb });
    }
    console.log(`median of ${runs} runs, ${where}, Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}`);
    console.log('(cpu: this process only, i.e. without the PostgreSQL server; with PGlite the database runs in it)');
    for (const r of rows) {
      console.log(`${r.what.padEnd(52)} ${r.seconds.toFixed(2).padStart(6)} s wall ${r.cpu.toFixed(2).padStart(6)} s cpu  `
        + `${Math.round(r.parcels / r.seconds).toString().padStart(6)} parcels/s wall ${Math.round(r.parcels / r.cpu).toString().padStart(6)} per cpu s  (${r.mb.toFixed(2)} MB in)`);
    }
  } finally {
    await db.close();
    if (scratchDir) fs.rmSync(scratchDir, { recursive: true, force: true });
  }
}

await main();
