// npm run import -- <cadastre|plu|sup> [options] <file or folder…>
// Opens the database exactly like the server (DATABASE_URL, else PGlite in TERRIER_DATA_DIR or
// data/pglite — which the server must not have open at the same time), migrates it, imports in one
// transaction, prints a summary. Exit code 0 on success, 1 when nothing was imported, 2 on bad usage.
import { parseConfig } from '../config.ts';
import { openDb } from '../db.ts';
import { migrate } from '../migrate.ts';
import { ImportError, formatReport, KINDS, runImport, totals, type ImportOptions, type Kind } from './index.ts';
import { progressBar } from './report.ts';

const USAGE = `usage: npm run import -- <cadastre|plu|sup> [options] <file or folder or zip…>

  cadastre   Etalab cadastre-<insee|dep>-{communes,sections,parcelles,batiments}.json[.gz],
             or DGFiP EDIGEO feuilles: edigeo-<feuille>.tar.bz2, or a feuille's folder (.THF, .VEC, .GEO…)
  plu        a CNIG PLU/PLUi delivery: folder or zip of shapefiles (ZONE_URBA, PRESCRIPTION_*, INFO_*, DOC_URBA…) or GeoJSON
  sup        a CNIG SUP delivery: SERVITUDE, ACTE_SUP, GESTIONNAIRE_SUP, GENERATEUR_SUP_*, ASSIETTE_SUP_* (shapefile, dBase, GeoJSON/JSON)

options:
  --srid <code>         EPSG code of files that declare no CRS (GeoJSON without "crs", shapefile without .prj)
  --partition <name>    sup: store the delivery under this partition
  --territoire <code>   sup: territory code used in the partition when the data does not name it
  --json                print the full report as JSON on stdout
  --quiet               no progress bar`;

type Args = { kind: Kind; paths: string[]; opts: ImportOptions; json: boolean; quiet: boolean };

export function parseArgs(argv: string[]): Args | string {
  const [kind, ...rest] = argv;
  if (!kind || !KINDS.includes(kind as Kind)) return `type d’import inconnu ${JSON.stringify(kind ?? '')} : cadastre, plu ou sup`;
  const args: Args = { kind: kind as Kind, paths: [], opts: {}, json: false, quiet: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const value = () => { const v = rest[++i]; if (v === undefined) throw new Error(`${a} demande une valeur`); return v; };
    try {
      if (a === '--srid') {
        const n = Number(value().replace(/^EPSG:/i, ''));
        if (!Number.isInteger(n)) return '--srid prend un code EPSG, par exemple 2154';
        args.opts.srid = n;
      } else if (a === '--partition') args.opts.partition = value();
      else if (a === '--territoire') args.opts.territoire = value();
      else if (a === '--json') args.json = true;
      else if (a === '--quiet') args.quiet = true;
      else if (a.startsWith('--')) return `option inconnue ${a}`;
      else args.paths.push(a);
    } catch (err) {
      return (err as Error).message;
    }
  }
  if (!args.paths.length) return 'aucun fichier ni dossier indiqué';
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    console.error(`${args}\n\n${USAGE}`);
    return 2;
  }
  const config = parseConfig();
  const db = await openDb(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
  const bar = !args.quiet && process.stderr.isTTY ? progressBar(process.stderr) : null;
  const started = performance.now();
  try {
    await migrate(db);
    const report = await runImport(db.knex, args.kind, args.paths, { ...args.opts, onProgress: bar ?? undefined });
    bar?.(null);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (args.json) console.log(JSON.stringify(report, null, 2));
    else console.log(formatReport(report));
    const t = totals(report);
    console.error(`${t.imported} objets importés sur ${t.read} lus en ${seconds} s dans ${db.engine === 'pglite' ? `PGlite (${config.dataDir})` : 'PostgreSQL'}`);
    return 0;
  } catch (err) {
    bar?.(null);
    if (err instanceof ImportError) console.error(`import échoué, rien n’a été écrit : ${err.message}`);
    else console.error(`import échoué, rien n’a été écrit : ${(err as Error).stack ?? err}`);
    return 1;
  } finally {
    await db.close();
  }
}

process.exitCode = await main();
