/**
 * Benchmark of the documents (server/documents), in one run, on the embedded PGlite (or on
 * PostgreSQL with --database-url):
 *
 *   arrêté   an arrêté of three pages or more (a refusal with long motifs, many visas) made from the
 *            dossier's facts: template + legal blocks + markup + pdfmake → bytes (makeDocument);
 *            median and p95 warm, after a warm-up
 *   stored   the same, read from the database, generated and stored (generateDocument: lock,
 *            facts, render, insert), per call
 *   json     the same dossier's JSON view (GET /api/dossiers/:id's loadDossierJson + JSON.stringify)
 *   batch    1,000 récépissés made one after the other; the process's RSS and heap every 100,
 *            to show memory stays flat (no document is kept)
 *
 *   npx tsx bench/documents.ts [--n 60] [--warmup 15] [--batch 1000] [--quiet 3] [--database-url postgres://…]
 */
import { execFileSync } from 'node:child_process';
import { openDb } from '../server/db.ts';
import { migrate } from '../server/migrate.ts';
import { parseConfig } from '../server/config.ts';
import { createUser } from '../server/accounts/users.ts';
import { fileDossier, postEvent, type EngineOptions } from '../server/dossiers/engine.ts';
import { parseFiling } from '../server/dossiers/input.ts';
import { getDossier } from '../server/dossiers/repository.ts';
import { loadDossierJson } from '../server/dossiers/routes.ts';
import { dossierFacts } from '../server/documents/facts.ts';
import { generateDocument, makeDocument } from '../server/documents/generate.ts';
import { loadSmallCommune } from '../server/testing/small-commune.ts';
import { parseArgs } from './lib/args.ts';
import { summarize, table } from './lib/stats.ts';
import { waitQuiet } from './lib/quiet.ts';

const args = parseArgs(process.argv.slice(2), ['n', 'warmup', 'batch', 'quiet', 'database-url']);
const N = args.num('n', 60), WARMUP = args.num('warmup', 15), BATCH = args.num('batch', 1000);
const log = (m: string) => console.log(m);
const ms = (x: number) => x.toFixed(1);
const mb = (x: number) => (x / 1024 / 1024).toFixed(1);

const db = await openDb(args.get('database-url') ? { databaseUrl: args.get('database-url')! } : { dataDir: null });
await migrate(db);
await loadSmallCommune(db);
const settings = parseConfig({}).documents;
const today = '2026-11-23';
const engine: EngineOptions = { today: () => today, check: parseConfig({}).check, service: 'X' };
const u = await createUser(db.knex, { login: `bench${Date.now()}`, role: 'admin', password: 'bench password 1', name: 'Marie Lefèvre' });
const user = { id: u.id, login: u.login, name: 'Marie Lefèvre', role: 'admin' as const, communes: [], csrfToken: '' };

// A refusal long enough for three pages: a majoration, a consultation, pieces, and many motifs.
const filed = await fileDossier(db.knex, engine, parseFiling({ type: 'PC', insee: '96001', parcels: ['96001000AB0003', '96001000AB0001'], filedOn: '2026-01-15',
  applicant: { kind: 'person', lastName: 'Martin', firstName: 'Claire', address: { street: '3 rue des Lilas', postcode: '96100', city: 'Terrier-sur-Lande' } },
  works: { description: 'Immeuble de douze logements avec commerce en rez-de-chaussée et parc de stationnement souterrain', floorArea: 980, dwellings: 12 } }), user);
const post = async (type: string, on: string, payload?: Record<string, unknown>) => {
  const row = (await getDossier(db.knex, filed.id))!;
  await postEvent(db.knex, engine, filed.id, { type, on, version: row.version, payload }, user);
};
await post('CONSULT', '2026-01-20', { service: 'ABF' });
await post('NOTIFY_MAJORATION', '2026-02-02', { majorations: [{ article: 'R423-24 c' }] });
await post('REQUEST_PIECES', '2026-02-10', { pieces: ['PC4 notice', 'PC6 insertion'] });
await post('RECEIVE_PIECES', '2026-03-02');
await post('RECORD_OPINION', '2026-03-15', { consultation: 1, opinion: 'defavorable' });
const remarks = (service: string) => Array.from({ length: 8 }, (_, i) => `${service} : prescription ${i + 1} sur les accès, la défense incendie, les réseaux et l'aspect des façades, à reprendre dans une nouvelle demande`).join(' ; ');
for (const [i, service] of ['SDIS', 'Enedis', 'Gestionnaire de la voirie départementale', 'Syndicat des eaux', 'Service assainissement', 'DDT (risques)'].entries()) {
  await post('CONSULT', '2026-01-21', { service });
  await post('RECORD_OPINION', '2026-02-05', { consultation: i + 2, opinion: 'favorable_prescriptions', prescriptions: remarks(service) });
}
const motifs = Array.from({ length: 13 }, (_, i) => `le projet méconnaît l'article UA ${i + 1} du règlement du plan local d'urbanisme, qui impose des règles d'implantation, de hauteur, d'aspect extérieur et de stationnement que la demande ne respecte pas, ainsi qu'il ressort des pièces PC${i + 2} et de la notice (motif ${i + 1})`).join('\n');
await post('PROPOSE_DECISION', '2026-06-10', { decision: 'refus', motifs });
await post('SIGN_DECISION', '2026-06-12');

await waitQuiet(args.num('quiet', 3), log);
const row = (await getDossier(db.knex, filed.id))!;
const facts = await dossierFacts(db.knex, row, settings, today);
const first = await makeDocument(facts, 'arrete', settings);
const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', ['-'], { input: first.bytes }).toString())?.[1]);

const time = async (f: () => Promise<unknown>) => { const t = performance.now(); await f(); return performance.now() - t; };
for (let i = 0; i < WARMUP; i++) { await makeDocument(facts, 'arrete', settings); await loadDossierJson(db.knex, row.id); }
const arrete: number[] = [], json: number[] = [], stored: number[] = [];
for (let i = 0; i < N; i++) {
  // Interleaved, so that a burst of load on the shared machine hits every variant alike.
  arrete.push(await time(() => makeDocument(facts, 'arrete', settings)));
  json.push(await time(async () => JSON.stringify(await loadDossierJson(db.knex, row.id))));
  if (i < Math.min(N, 30)) stored.push(await time(() => generateDocument(db.knex, settings, row.id, 'arrete', user, today)));
}
const s = { arrete: summarize(arrete), stored: summarize(stored), json: summarize(json) };
log(`engine ${db.engine}; arrêté: ${pages} pages, ${first.bytes.length} bytes; ${N} runs after ${WARMUP} warm-up; load ${(await import('node:os')).loadavg()[0]!.toFixed(2)}`);
log(table(['variant', 'median ms', 'p95 ms', 'min ms', 'runs', '× json'], [
  ['arrêté (facts → PDF bytes)', ms(s.arrete.p50), ms(s.arrete.p95), ms(s.arrete.min), s.arrete.n, (s.arrete.p50 / s.json.p50).toFixed(1)],
  ['arrêté generated and stored', ms(s.stored.p50), ms(s.stored.p95), ms(s.stored.min), s.stored.n, (s.stored.p50 / s.json.p50).toFixed(1)],
  ['dossier JSON view', ms(s.json.p50), ms(s.json.p95), ms(s.json.min), s.json.n, '1.0'],
]));

// 1,000 récépissés, one after the other: memory must stay flat.
const gc = (globalThis as { gc?: () => void }).gc;
const mem: (string | number)[][] = [];
const t0 = performance.now();
for (let i = 1; i <= BATCH; i++) {
  await makeDocument(facts, 'recepisse', settings);
  if (i % Math.max(1, Math.floor(BATCH / 10)) === 0) {
    gc?.();
    const m = process.memoryUsage();
    mem.push([i, mb(m.rss), mb(m.heapUsed), mb(m.external + m.arrayBuffers)]);
  }
}
const batchMs = performance.now() - t0;
log(`\n${BATCH} récépissés in ${(batchMs / 1000).toFixed(1)} s (${ms(batchMs / BATCH)} ms each)${gc ? '' : ' (run with node --expose-gc for heap after GC)'}`);
log(table(['after', 'RSS MB', 'heap MB', 'external MB'], mem));
await db.close();
