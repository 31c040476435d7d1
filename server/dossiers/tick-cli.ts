// npm run tick -- [--today YYYY-MM-DD] [--json]
// Applies every due tacit event up to today (Europe/Paris), or up to the given day, on the database
// the server uses (DATABASE_URL, else PGlite in TERRIER_DATA_DIR or data/pglite — which the server
// must not have open at the same time). Idempotent: run it as often as you like, e.g. from cron.
// Exit code 0 when everything due was applied, 1 when some events failed, 2 on bad usage.
import { parseConfig } from '../config.ts';
import { openDb } from '../db.ts';
import { migrate } from '../migrate.ts';
import { isLegalDate, localDate } from './dates.ts';
import { tick } from './scheduler.ts';

const USAGE = 'usage: npm run tick -- [--today YYYY-MM-DD] [--json]';

export function parseTickArgs(argv: string[], now: Date = new Date()): { today: string; json: boolean } | string {
  let today = localDate(now);
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--today') {
      const v = argv[++i];
      if (!isLegalDate(v)) return `--today takes a date written YYYY-MM-DD, got ${JSON.stringify(v ?? '')}`;
      today = v;
    } else if (a.startsWith('--today=')) {
      const v = a.slice('--today='.length);
      if (!isLegalDate(v)) return `--today takes a date written YYYY-MM-DD, got ${JSON.stringify(v)}`;
      today = v;
    } else if (a === '--json') json = true;
    else if (a === '--help' || a === '-h') return USAGE;
    else return `unknown argument ${JSON.stringify(a)}`;
  }
  return { today, json };
}

async function main(): Promise<number> {
  const args = parseTickArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    console.error(args === USAGE ? USAGE : `${args}\n${USAGE}`);
    return 2;
  }
  const config = parseConfig();
  const db = await openDb(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
  try {
    await migrate(db);
    const report = await tick(db.knex, args.today, (m) => console.error(m));
    if (args.json) console.log(JSON.stringify(report, null, 2));
    else console.log(`tick ${report.today}: ${report.applied} applied, ${report.skipped} skipped, ${report.failed.length} failed`);
    return report.failed.length ? 1 : 0;
  } finally {
    await db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main();
}
