/**
 * The first page of each document, as docs/documents.md shows it: plays the worked PC of
 * docs/api.md and a refused DP on the small test commune (in memory), generates every document,
 * and writes docs/documents/<kind>.png (pdftoppm -png -r 60 -f 1 -l 1; poppler-utils).
 *
 *   npx tsx scripts/document-samples.ts [--out docs/documents]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../server/db.ts';
import { migrate } from '../server/migrate.ts';
import { parseConfig } from '../server/config.ts';
import { createUser } from '../server/accounts/users.ts';
import { fileDossier, postEvent, type EngineOptions } from '../server/dossiers/engine.ts';
import { parseFiling } from '../server/dossiers/input.ts';
import { getDossier } from '../server/dossiers/repository.ts';
import { tick } from '../server/dossiers/scheduler.ts';
import { dossierFacts } from '../server/documents/facts.ts';
import { makeDocument } from '../server/documents/generate.ts';
import type { DocumentKind } from '../server/documents/kinds.ts';
import { renseignementsPdf } from '../server/documents/renseignements.ts';
import { loadSmallCommune } from '../server/testing/small-commune.ts';

const outArg = process.argv.indexOf('--out');
const out = path.resolve(outArg > 0 ? process.argv[outArg + 1]! : 'docs/documents');
fs.mkdirSync(out, { recursive: true });
const db = await openDb({ dataDir: null });
await migrate(db);
await loadSmallCommune(db);
const config = parseConfig({});
const settings = config.documents;
const today = '2026-11-23';
const engine: EngineOptions = { today: () => today, check: config.check, service: 'X' };
const u = await createUser(db.knex, { login: 'signataire1', role: 'admin', password: 'samples password', name: 'Marie Lefèvre' });
const user = { id: u.id, login: u.login, name: u.name, role: 'admin' as const, communes: [], csrfToken: '' };
const applicant = { kind: 'person', lastName: 'Martin', firstName: 'Claire', address: { street: '3 rue des Lilas', postcode: '96100', city: 'Terrier-sur-Lande' } };
const post = async (id: number, type: string, on: string, payload?: Record<string, unknown>) => {
  const row = (await getDossier(db.knex, id))!;
  await postEvent(db.knex, engine, id, { type, on, version: row.version, payload }, user);
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'terrier-samples-'));
async function shot(id: number, kind: DocumentKind, name: string = kind): Promise<void> {
  const made = await makeDocument(await dossierFacts(db.knex, (await getDossier(db.knex, id))!, settings, today), kind, settings);
  write(made.bytes, name);
}
function write(bytes: Buffer, name: string): void {
  const pdf = path.join(tmp, `${name}.pdf`);
  fs.writeFileSync(pdf, bytes);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(out, name)]);
  console.log(`${name}.png`);
}

// The worked PC of docs/api.md.
const pc = await fileDossier(db.knex, engine, parseFiling({ type: 'PC', insee: '96001', parcels: ['96001000AB0003'], filedOn: '2026-01-15', applicant,
  works: { description: 'Maison individuelle de 140 m² avec garage', floorArea: 140, dwellings: 1 } }), user);
await shot(pc.id, 'recepisse');
await shot(pc.id, 'avis_depot');
await post(pc.id, 'CONSULT', '2026-01-20', { service: 'ABF' });
await shot(pc.id, 'consultation');
await post(pc.id, 'NOTIFY_MAJORATION', '2026-02-02', { majorations: [{ article: 'R423-24 c' }] });
await shot(pc.id, 'majoration');
await post(pc.id, 'REQUEST_PIECES', '2026-02-10', { pieces: ['PC4 notice', 'PC6 insertion'] });
await shot(pc.id, 'demande_pieces');
await post(pc.id, 'RECEIVE_PIECES', '2026-03-02');
await post(pc.id, 'RECORD_OPINION', '2026-03-15', { consultation: 1, opinion: 'favorable_prescriptions', prescriptions: 'Tuiles canal, enduit à la chaux' });
await post(pc.id, 'PROPOSE_DECISION', '2026-06-10', { decision: 'accord_prescriptions', prescriptions: 'Les clôtures sur rue seront des haies vives' });
await post(pc.id, 'SIGN_DECISION', '2026-06-12');
await shot(pc.id, 'arrete', 'arrete-accord-prescriptions');
await post(pc.id, 'NOTIFY_DECISION', '2026-06-16');
const daact = await fileDossier(db.knex, engine, parseFiling({ type: 'DAACT', parentId: pc.id, filedOn: '2026-11-02' }), user);
// A refused DP.
const dp = await fileDossier(db.knex, engine, parseFiling({ type: 'DP', insee: '96001', parcels: ['96001000AB0002'], filedOn: '2026-03-02', applicant,
  works: { description: 'Abri de jardin de 18 m²', floorArea: 18 } }), user);
await post(dp.id, 'PROPOSE_DECISION', '2026-03-20', { decision: 'opposition',
  motifs: "le projet méconnaît l'article A 7 du règlement (implantation à moins de 4 m de la limite)\nla hauteur excède 3,50 m (article A 10)" });
await post(dp.id, 'SIGN_DECISION', '2026-03-23');
await shot(dp.id, 'arrete', 'arrete-opposition-dp');
// A tacit permit, and the conformity of the PC's works.
const tacit = await fileDossier(db.knex, engine, parseFiling({ type: 'PC', insee: '96001', parcels: ['96001000AB0004'], filedOn: '2026-02-02', applicant,
  works: { description: 'Extension de 30 m²', floorArea: 30 } }), user);
await tick(db.knex, '2027-02-03');
await shot(tacit.id, 'certificat_tacite');
await shot(daact.id, 'certificat_conformite');
write(await renseignementsPdf(db.knex, settings, config.check, '96001000AB0003', today), 'renseignements');
fs.rmSync(tmp, { recursive: true });
await db.close();
