// Boot: parse the config once, open and migrate the database, seed the demo commune on an empty
// database, then serve the API and the built client.
import { parseConfig } from './config.ts';
import { openDb } from './db.ts';
import { migrate } from './migrate.ts';
import { loadDemoIfEmpty } from './demo/load.ts';
import { buildApp } from './app.ts';
import { DEFAULT_SESSION_OPTIONS } from './accounts/sessions.ts';
import { startScheduler } from './dossiers/scheduler.ts';

const config = parseConfig();
const started = performance.now();
const db = await openDb(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
const applied = await migrate(db);
if (applied.length) console.log(`migrations applied: ${applied.join(', ')}`);
if (config.loadDemo) {
  const loaded = await loadDemoIfEmpty(db);
  if (loaded) console.log(`demo commune loaded: ${loaded.parcelles} parcelles (fictional data, see fixtures/demo)`);
}
// Tacit decisions and other legal deadlines are applied by the scheduler: at start (catching up
// after downtime) and then daily; `npm run tick` does the same from the command line.
const scheduler = startScheduler(db.knex);
const app = buildApp(db, {
  logRequests: config.logRequests,
  check: config.check,
  documents: config.documents,
  trustProxy: config.trustProxy,
  backgrounds: config.backgrounds,
  rateLimit: config.rateLimit,
  publicStatementTimeoutMs: config.publicStatementTimeoutMs,
  sessions: { ...DEFAULT_SESSION_OPTIONS, ttlMinutes: config.sessionMinutes },
});
const server = app.listen(config.port, config.host, () => {
  const where = db.engine === 'pglite' ? `PGlite in ${config.dataDir ?? 'memory'}` : 'PostgreSQL';
  console.log(`Terrier on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (${where}, ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
});

async function shutdown() {
  scheduler.stop();
  await scheduler.idle();
  server.close();
  await db.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
