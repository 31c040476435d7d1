// The documents of the instruction, generated for the worked PC of docs/api.md (a PC near a
// monument) and for a refused DP, read back with poppler's pdftotext: numbers, dates, articles,
// motifs, signatory and appeal mentions. Then what may not be generated (409), bad input (400), a
// broken template (named, with its line, nothing stored), roles and communes, versions, signed
// copies, and the public note de renseignements.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { tick } from '../dossiers/scheduler.ts';
import { PERSON, createAccounts, filingBody, onTheDay, type Clock } from '../dossiers/testing.ts';
import { testDb } from '../testing/db.ts';
import { serve, type TestServer } from '../testing/http.ts';
import { loadSmallCommune } from '../testing/small-commune.ts';
import { SHIPPED_TEMPLATES } from './templates.ts';
import { documentApp, flat, loginAs, pageCount, pdfText, settings, type Client, type Res } from './testing.ts';

let db: Db;
let http: TestServer;
const TODAY = '2026-11-23';
const clock: Clock = { today: TODAY };
let guichet: Client, instructeur: Client, signataire: Client, elu: Client, epci: Client, anonymous: Client;

beforeAll(async () => {
  db = await testDb();
  await loadSmallCommune(db);
  await createAccounts(db);
  await db.knex.raw(`UPDATE users SET name = 'Marie Lefèvre' WHERE login = 'signataire1'`);
  http = await serve(documentApp(db, clock));
  [guichet, instructeur, signataire, elu, epci, anonymous] = await Promise.all(
    ['guichet1', 'instructeur1', 'signataire1', 'elu1', 'epci1', null].map(async (l) => onTheDay(await loginAs(http, l), clock, TODAY))) as [Client, Client, Client, Client, Client, Client];
});
afterAll(async () => { await http?.close(); await db?.close(); });

const ok = (res: Res, status = 200) => { expect(res.status, JSON.stringify(res.body)).toBe(status); return res.body; };
async function event(who: Client, id: number, type: string, on: string, payload?: unknown) {
  const { body } = await who.get(`/api/dossiers/${id}`);
  return ok(await who.post(`/api/dossiers/${id}/events`, { type, on, version: body.version, payload }));
}
/** Generates a document and reads its PDF back as text (one line). */
async function generate(who: Client, id: number, kind: string): Promise<{ doc: any; text: string; bytes: Buffer }> {
  const doc = ok(await who.post(`/api/dossiers/${id}/documents`, { kind }), 201);
  const pdf = await who.get(doc.url);
  expect(pdf.status).toBe(200);
  expect(pdf.type).toBe('application/pdf');
  expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  return { doc, text: flat(pdfText(pdf.bytes)), bytes: pdf.bytes };
}
const documentCount = async () => Number((await db.knex.raw('SELECT count(*)::int AS n FROM documents')).rows[0].n);

describe('the worked PC of docs/api.md: every document of its instruction', () => {
  let id: number;
  beforeAll(async () => {
    id = ok(await guichet.post('/api/dossiers', filingBody({
      parcels: ['96001000AB0003'], filedOn: '2026-01-15', applicant: PERSON,
      works: { description: 'Maison individuelle de 140 m² avec garage', floorArea: 140, dwellings: 1 } })), 201).id;
  });

  it('the récépissé, right after filing: number, filing date, delay, the day a tacit permit would arise, the one-month warning', async () => {
    const { doc, text, bytes } = await generate(guichet, id, 'recepisse');
    expect(doc).toMatchObject({ kind: 'recepisse', version: 1, dossierVersion: 1, template: 'recepisse.liquid', personal: true, createdBy: 'guichet1' });
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(text).toContain('Récépissé de dépôt');
    expect(text).toContain('PC 096001 26 X0001');
    expect(text).toContain('déposé le 15 janvier 2026');
    expect(text).toContain('Claire Martin');
    expect(text).toContain('parcelle AB 3, Commune de test');
    expect(text).toContain('trois mois (article R423-23 c du code de l’urbanisme)');
    expect(text).toMatch(/au plus tard le 15 avril 2026, vous bénéficierez d’un permis tacite à compter du 16 avril 2026 \(article R424-1 b/);
    expect(text).toContain('jusqu’au 15 février 2026');
    expect(text).toMatch(/R423-38.*R423-39.*R423-18.*R423-42/);
    expect(text).toContain('R424-2-1'); // filed after 31 December 2025
    expect(text).toContain('Fait à Commune de test, le 15 janvier 2026');
    expect(text).toMatch(/Page 1 \/ 1/);
    // French typography: guillemets and the colon keep a non-breaking space.
    expect(pdfText(bytes)).toMatch(/Objet|Terrain\u00a0:|Terrain :/);
  });

  it('the avis de dépôt (R423-6): public particulars, the applicant but not their address', async () => {
    const { doc, text } = await generate(guichet, id, 'avis_depot');
    expect(doc.personal).toBe(false);
    expect(text).toContain('Avis de dépôt');
    expect(text).toContain('R423-6');
    expect(text).toContain('Date de dépôt : 15 janvier 2026');
    expect(text).toContain('Maison individuelle de 140 m² avec garage');
    expect(text).toContain('Surface de plancher créée : 140 m²');
    expect(text).toContain('Claire Martin');
    expect(text).not.toContain('rue des Lilas');
  });

  it('letters need their event: no consultation, majoration or pieces letter before it is recorded (409, nothing stored)', async () => {
    const before = await documentCount();
    for (const [kind, code] of [['consultation', 'no_consultation'], ['majoration', 'no_majoration'], ['demande_pieces', 'no_pieces_requested'],
      ['arrete', 'no_decision_proposed'], ['certificat_tacite', 'no_tacit_decision'], ['certificat_conformite', 'no_conformity']]) {
      const res = await instructeur.post(`/api/dossiers/${id}/documents`, { kind });
      expect(res.status, kind).toBe(409);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message).toMatch(/[éè]/); // French
    }
    expect(await documentCount()).toBe(before);
    const list = ok(await instructeur.get(`/api/dossiers/${id}/documents`));
    expect(list.kinds.filter((k: any) => k.allowed).map((k: any) => k.kind)).toEqual(['recepisse', 'avis_depot']);
    expect(list.kinds.find((k: any) => k.kind === 'arrete').reason).toMatch(/Aucune décision n’est proposée|Aucune décision n'est proposée/);
  });

  it('the consultation of the ABF: two months (R423-67), its last day, its accord required', async () => {
    await event(instructeur, id, 'CONSULT', '2026-01-20', { service: 'ABF' });
    const { text } = await generate(instructeur, id, 'consultation');
    expect(text).toContain('ABF');
    expect(text).toMatch(/délai de deux mois .*\(article R423-67 du code de l’urbanisme\), soit jusqu’au 20 mars 2026/);
    expect(text).toContain('L632-2 du code du patrimoine');
  });

  it('the majoration (R423-42): the new delay, its reason and article, its start and end', async () => {
    await event(instructeur, id, 'NOTIFY_MAJORATION', '2026-02-02', { majorations: [{ article: 'R423-24 c' }] });
    const { text } = await generate(instructeur, id, 'majoration');
    expect(text).toContain('porté à quatre mois');
    expect(text).toContain('droit commun de trois mois (article R423-23 c)');
    expect(text).toContain('abords des monuments historiques');
    expect(text).toContain('R423-24 c');
    expect(text).toContain('Ce délai court à compter du 15 janvier 2026');
    expect(text).toContain('Il expire le 15 mai 2026');
  });

  it('the request for pieces (R423-38, R423-39): the exhaustive list, three months, tacit rejection, the delay restarting', async () => {
    await event(instructeur, id, 'REQUEST_PIECES', '2026-02-10', { pieces: ['PC4 notice', 'PC6 insertion'] });
    const { text } = await generate(instructeur, id, 'demande_pieces');
    expect(text).toContain('PC4 notice');
    expect(text).toContain('PC6 insertion');
    expect(text).toContain('trois mois');
    expect(text).toContain('10 mai 2026');
    expect(text).toMatch(/décision tacite de rejet \(article R423-39 a\)/);
    expect(text).toContain('R423-19');
  });

  it('the arrêté: a preview before signing, then signed, with visas, prescriptions, signatory, mentions and appeal routes', async () => {
    await event(guichet, id, 'RECEIVE_PIECES', '2026-03-02');
    await event(instructeur, id, 'RECORD_OPINION', '2026-03-15', { consultation: 1, opinion: 'favorable_prescriptions', prescriptions: 'Tuiles canal, enduit à la chaux' });
    await event(instructeur, id, 'PROPOSE_DECISION', '2026-06-10', { decision: 'accord_prescriptions', prescriptions: 'Les clôtures sur rue seront des haies vives' });
    const preview = await generate(signataire, id, 'arrete');
    expect(preview.text).toContain('Projet non signé');
    expect(preview.doc.version).toBe(1);

    await event(signataire, id, 'SIGN_DECISION', '2026-06-12');
    const { doc, text, bytes } = await generate(signataire, id, 'arrete');
    expect(doc.version).toBe(2); // regenerating makes a new version; the preview stays
    expect(text).toContain('Arrêté n° PC 096001 26 X0001');
    expect(text).toContain('accordant un permis de construire avec prescriptions');
    // Visas: the application, the code, the PLU with its approval date, the servitude, the opinion.
    expect(text).toContain('Vu la demande de permis de construire présentée le 15 janvier 2026 par Claire Martin');
    expect(text).toContain('Vu le code de l’urbanisme');
    expect(text).toContain('approuvé le 15 janvier 2024');
    expect(text).toMatch(/servitude d’utilité publique AC1 « Église Saint-Martin » \(gestionnaire : UDAP\)/);
    expect(text).toMatch(/Vu l’avis favorable avec prescriptions de ABF du 15 mars 2026/);
    expect(text).toContain('Vu les pièces complémentaires reçues le 2 mars 2026');
    // The decision, every prescription (L424-3).
    expect(text).toContain('ARRÊTE');
    expect(text).toContain('Article 1. Le permis de construire est ACCORDÉ');
    expect(text).toContain('L424-3');
    expect(text).toContain('Les clôtures sur rue seront des haies vives');
    expect(text).toContain('ABF : Tuiles canal, enduit à la chaux');
    // Signatory (CRPA L212-1): first name, name, capacity; the date of signature.
    expect(text).toContain('Fait à Commune de test, le 12 juin 2026');
    expect(text).toMatch(/Le maire, Marie Lefèvre/);
    expect(text).not.toContain('Projet non signé');
    // Mentions: display, validity, third parties' appeals, withdrawal, transmission to the préfet; appeal routes.
    for (const article of ['R424-15', 'R424-17', 'R424-21', 'R600-1', 'R600-2', 'L424-5', 'L2131-2', 'R421-1', 'R421-5']) expect(text).toContain(article);
    expect(text).toContain('deux mois à partir de sa notification');
    expect(text).toContain('Télérecours');
    expect(pageCount(bytes)).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/Page 2 \/ \d/);
  });

  it('no certificate of a tacit decision for a dossier decided expressly (409)', async () => {
    await event(guichet, id, 'NOTIFY_DECISION', '2026-06-16');
    const res = await instructeur.post(`/api/dossiers/${id}/documents`, { kind: 'certificat_tacite' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('no_tacit_decision');
  });

  it('the certificate of non-contestation of conformity (R462-10) once conformity is acquired', async () => {
    ok(await guichet.post('/api/dossiers', { type: 'DOC', parentId: id, filedOn: '2026-09-01' }), 201);
    const daact = ok(await guichet.post('/api/dossiers', { type: 'DAACT', parentId: id, filedOn: '2026-11-02' }), 201);
    expect((await instructeur.post(`/api/dossiers/${daact.id}/documents`, { kind: 'certificat_conformite' })).status).toBe(409);
    await tick(db.knex, '2027-02-03');
    const { text } = await generate(instructeur, daact.id, 'certificat_conformite');
    expect(text).toContain('PC 096001 26 X0001DAACT01');
    expect(text).toContain('n’a pas été contestée');
    expect(text).toContain('R462-10');
    expect(text).toContain('R462-6');
  });

  it('lists the documents of the dossier, newest first, with their versions and hashes', async () => {
    const list = ok(await instructeur.get(`/api/dossiers/${id}/documents`));
    expect(list.items.map((d: any) => `${d.kind} v${d.version}`)).toEqual(['arrete v2', 'arrete v1', 'demande_pieces v1', 'majoration v1', 'consultation v1', 'avis_depot v1', 'recepisse v1']);
    expect(list.items[0]).toMatchObject({ dossierVersion: 8, createdBy: 'signataire1', url: expect.stringMatching(/^\/api\/documents\/\d+\.pdf$/) });
  });
});

describe('a refused DP', () => {
  let id: number;
  it('the récépissé says one month and a tacit non-opposition', async () => {
    id = ok(await guichet.post('/api/dossiers', filingBody({ type: 'DP', parcels: ['96001000AB0002'], filedOn: '2026-03-02',
      works: { description: 'Abri de jardin de 18 m²', floorArea: 18 } })), 201).id;
    const { text } = await generate(guichet, id, 'recepisse');
    expect(text).toContain('DP 096001 26 X0001');
    expect(text).toContain('un mois (article R423-23 a');
    expect(text).toContain('non-opposition tacite à compter du 3 avril 2026');
  });

  it('an opposition without motifs cannot be written (L424-3): 409', async () => {
    await event(instructeur, id, 'PROPOSE_DECISION', '2026-03-20', { decision: 'opposition' });
    const res = await instructeur.post(`/api/dossiers/${id}/documents`, { kind: 'arrete' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'motifs_missing' });
    expect(res.body.error.message).toContain('L424-3');
  });

  it('the arrêté of opposition states every motif, the signatory and the appeal routes', async () => {
    // A new proposal replaces the first (the engine allows proposing again before signature).
    const d = ok(await instructeur.get(`/api/dossiers/${id}`));
    const again = await instructeur.post(`/api/dossiers/${id}/events`, { type: 'PROPOSE_DECISION', on: '2026-03-21', version: d.version,
      payload: { decision: 'opposition', motifs: "le projet méconnaît l'article A 7 du règlement (implantation à moins de 4 m de la limite)\nla hauteur excède 3,50 m (article A 10)" } });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    await event(signataire, id, 'SIGN_DECISION', '2026-03-23');
    const { text } = await generate(signataire, id, 'arrete');
    expect(text).toContain('Arrêté n° DP 096001 26 X0001');
    expect(text).toContain('d’opposition à une déclaration préalable');
    expect(text).toContain('Considérant que le projet méconnaît l’article A 7 du règlement');
    expect(text).toContain('Considérant que la hauteur excède 3,50 m (article A 10)');
    expect(text).toContain('Il est fait OPPOSITION à la déclaration préalable');
    // Every considérant, the template's included, comes before the decision.
    expect(text.indexOf('Considérant que le terrain est situé en zone A')).toBeGreaterThan(0);
    expect(text.indexOf('Considérant que le terrain est situé en zone A')).toBeLessThan(text.indexOf('ARRÊTE'));
    expect(text.indexOf('Considérant que la hauteur')).toBeLessThan(text.indexOf('ARRÊTE'));
    expect(text).toContain('Fait à Commune de test, le 23 mars 2026');
    expect(text).toContain('Marie Lefèvre');
    expect(text).toContain('R421-1');
    expect(text).toContain('Télérecours');
    expect(text).not.toContain('R424-17'); // no validity for a refusal
  });
});

describe('a tacit permit: its certificate (R424-13)', () => {
  it('is delivered once the tacit decision has arisen, with its date', async () => {
    const id = ok(await guichet.post('/api/dossiers', filingBody({ parcels: ['96001000AB0004'], filedOn: '2026-02-02' })), 201).id;
    await tick(db.knex, '2026-06-01');
    const { text } = await generate(instructeur, id, 'certificat_tacite');
    expect(text).toContain('Certificat de permis tacite');
    expect(text).toContain('décision tacite née le 3 mai 2026');
    expect(text).toContain('R424-13');
    expect(text).toContain('R424-17');
    expect(text).toContain('trois ans à compter de la date à laquelle elle est acquise, soit le 3 mai 2029,');
    const res = await instructeur.post(`/api/dossiers/${id}/documents`, { kind: 'arrete' });
    expect(res.status).toBe(409);
  });
});

describe('a certificat d\'urbanisme d\'information', () => {
  it('states the rules of the land, delivers the certificate and gives its validity (L410-1)', async () => {
    const id = ok(await guichet.post('/api/dossiers', filingBody({ type: 'CUa', parcels: ['96001000AB0003'], filedOn: '2026-04-01', works: {} })), 201).id;
    await event(instructeur, id, 'PROPOSE_DECISION', '2026-04-10', { decision: 'cu_information' });
    await event(signataire, id, 'SIGN_DECISION', '2026-04-12');
    const { text } = await generate(signataire, id, 'arrete');
    expect(text).toContain('Arrêté n° CU 096001 26 X0001 délivrant un certificat d’urbanisme d’information');
    expect(text).toContain('approuvé le 15 janvier 2024 (96001_PLU_20240115), zone UA');
    expect(text).toContain('AC1 « Église Saint-Martin »');
    expect(text).toContain('Le certificat d’urbanisme est DÉLIVRÉ');
    expect(text).toContain('dix-huit mois');
    expect(text).toContain('L410-1');
    expect(text).not.toContain('R424-15'); // no display on the land for a CU
  });
});

describe('every decision has its arrêté', () => {
  const cases: [string, string, string, string][] = [
    ['PC', 'accord', 'accordant un permis de construire', 'Le permis de construire est ACCORDÉ pour le projet'],
    ['PC', 'refus', 'refusant un permis de construire', 'Le permis de construire est REFUSÉ'],
    ['PC', 'sursis', 'de sursis à statuer sur une demande de permis de construire', 'L424-1'],
    ['DP', 'non_opposition', 'de non-opposition à une déclaration préalable', 'Il n’est PAS FAIT OPPOSITION'],
    ['DP', 'non_opposition_prescriptions', 'de non-opposition avec prescriptions', 'sous réserve du respect des prescriptions'],
    ['CUb', 'cu_positif', 'délivrant un certificat d’urbanisme opérationnel', 'PEUT ÊTRE UTILISÉ'],
    ['CUb', 'cu_negatif', 'opérationnel négatif', 'NE PEUT PAS ÊTRE UTILISÉ'],
  ];
  for (const [type, decision, title, article1] of cases) {
    it(`${type} ${decision}`, async () => {
      const id = ok(await guichet.post('/api/dossiers', filingBody({ type, parcels: ['96001000AB0004'], filedOn: '2026-05-04',
        works: type.startsWith('CU') ? {} : { description: 'Garage de 20 m²', floorArea: 20 } })), 201).id;
      await event(instructeur, id, 'PROPOSE_DECISION', '2026-05-10', { decision, motifs: 'le projet est situé hors de toute zone du document d\'urbanisme', prescriptions: 'Enduit de teinte claire' });
      const { text } = await generate(instructeur, id, 'arrete');
      expect(text).toContain(title);
      expect(text).toContain(article1);
      expect(text).toContain('Projet non signé');
      expect(text).toContain('R421-5');
    });
  }
});

describe('bad input', () => {
  let id: number;
  beforeAll(async () => { id = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-04-01' })), 201).id; });

  it('an unknown kind is a 400 naming the known ones; an unknown dossier a 404', async () => {
    const res = await guichet.post(`/api/dossiers/${id}/documents`, { kind: 'lettre_au_pere_noel' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('document_kind_unknown');
    expect(res.body.error.message).toContain('recepisse');
    expect((await guichet.post(`/api/dossiers/${id}/documents`, { kind: 'recepisse', extra: 1 })).status).toBe(400);
    expect((await guichet.post('/api/dossiers/999999/documents', { kind: 'recepisse' })).status).toBe(404);
    expect((await guichet.get('/api/documents/999999.pdf')).status).toBe(404);
  });

  it('a template that does not render names the template and its line, and nothing is stored', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'terrier-templates-'));
    fs.writeFileSync(path.join(dir, 'recepisse.liquid'), 'Madame, Monsieur,\n\nVotre dossier {{ dossier.number | inconnu }}.\n');
    const broken = await serve(documentApp(db, clock, settings({ templatesDir: dir })));
    try {
      const c = await loginAs(broken, 'guichet1');
      const before = await documentCount();
      const res = await c.post(`/api/dossiers/${id}/documents`, { kind: 'recepisse' });
      expect(res.body.error).toMatchObject({ code: 'template_error', details: { template: 'recepisse.liquid', line: 3 } });
      expect(res.body.error.message).toContain('recepisse.liquid');
      expect(res.body.error.message).toContain('ligne 3');
      expect(await documentCount()).toBe(before);
      // The other templates are still the shipped ones.
      expect((await c.post(`/api/dossiers/${id}/documents`, { kind: 'avis_depot' })).status).toBe(201);
    } finally {
      await broken.close();
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('an edited template is used, and its version (hash) is stored with the document', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'terrier-templates-'));
    fs.writeFileSync(path.join(dir, 'recepisse.liquid'), `${fs.readFileSync(path.join(SHIPPED_TEMPLATES, 'recepisse.liquid'), 'utf8')}\nHoraires : du lundi au vendredi.\n`);
    const edited = await serve(documentApp(db, clock, settings({ templatesDir: dir })));
    try {
      const c = await loginAs(edited, 'guichet1');
      const shipped = ok(await guichet.post(`/api/dossiers/${id}/documents`, { kind: 'recepisse' }), 201);
      const doc = ok(await c.post(`/api/dossiers/${id}/documents`, { kind: 'recepisse' }), 201);
      expect(doc.templateSha256).not.toBe(shipped.templateSha256);
      expect(flat(pdfText((await c.get(doc.url)).bytes))).toContain('Horaires : du lundi au vendredi.');
    } finally {
      await edited.close();
      fs.rmSync(dir, { recursive: true });
    }
  });
});

describe('the commune\'s logo', () => {
  it('is printed on every page when TERRIER_LOGO names a PNG; a file that is not an image stops the boot', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'terrier-logo-'));
    const png = path.join(dir, 'logo.png');
    fs.writeFileSync(png, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'));
    const withLogo = await serve(documentApp(db, clock, settings({ logo: png })));
    clock.today = TODAY;
    try {
      const c = await loginAs(withLogo, 'guichet1');
      const id = ok(await c.post('/api/dossiers', filingBody({ filedOn: '2026-04-03' })), 201).id;
      const doc = ok(await c.post(`/api/dossiers/${id}/documents`, { kind: 'recepisse' }), 201);
      const pdf = (await c.get(doc.url)).bytes;
      fs.writeFileSync(path.join(dir, 'doc.pdf'), pdf);
      // One image per page (its alpha channel is listed apart, as an smask).
      const images = execFileSync('pdfimages', ['-list', path.join(dir, 'doc.pdf')]).toString().trim().split('\n').slice(2)
        .filter((l) => l.trim().split(/\s+/)[2] === 'image');
      expect(images).toHaveLength(pageCount(pdf));
      fs.writeFileSync(path.join(dir, 'logo.txt'), 'not an image');
      expect(() => documentApp(db, clock, settings({ logo: path.join(dir, 'logo.txt') }))).toThrow(/PNG or JPEG/);
    } finally {
      await withLogo.close();
      fs.rmSync(dir, { recursive: true });
    }
  });
});

describe('stored, never rewritten; signed copies; who may read', () => {
  let id: number;
  let doc: any;
  beforeAll(async () => {
    id = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-04-02' })), 201).id;
    doc = ok(await guichet.post(`/api/dossiers/${id}/documents`, { kind: 'recepisse' }), 201);
  });

  it('the database refuses to update or delete a document', async () => {
    await expect(db.knex.raw('UPDATE documents SET title = ? WHERE id = ?', ['x', doc.id])).rejects.toThrow(/never rewritten/);
    await expect(db.knex.raw('DELETE FROM documents WHERE id = ?', [doc.id])).rejects.toThrow(/never rewritten/);
    const stored = await guichet.get(doc.url);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(stored.bytes).digest('hex')).toBe(doc.sha256);
  });

  it('a signed PDF is attached back; anything else is refused', async () => {
    const notPdf = await guichet.post(`/api/documents/${doc.id}/signed`, Buffer.from('GIF89a…'), 'application/pdf');
    expect(notPdf.status).toBe(400);
    expect(notPdf.body.error.code).toBe('not_a_pdf');
    expect((await guichet.post(`/api/documents/${doc.id}/signed`, Buffer.alloc(11 * 1024 * 1024, 0x25), 'application/pdf')).status).toBe(413);
    const scan = Buffer.from('%PDF-1.4\n% a scan of the signed récépissé\n%%EOF\n');
    const res = ok(await guichet.post(`/api/documents/${doc.id}/signed`, scan, 'application/pdf'), 201);
    expect(res.signed).toHaveLength(1);
    expect(res.signedUrl).toBe(`/api/documents/${doc.id}/signed.pdf`);
    expect((await guichet.get(res.signedUrl)).bytes.equals(scan)).toBe(true);
  });

  it('élus get no document with personal data; other communes get 404; the public gets nothing', async () => {
    const avis = ok(await guichet.post(`/api/dossiers/${id}/documents`, { kind: 'avis_depot' }), 201);
    expect((await elu.get(doc.url)).status).toBe(403);
    expect((await elu.get(avis.url)).status).toBe(200);
    const list = ok(await elu.get(`/api/dossiers/${id}/documents`));
    expect(list.items.map((d: any) => d.kind)).toEqual(['avis_depot']);
    expect(list.kinds.map((k: any) => k.kind)).toEqual(['avis_depot']);
    expect((await elu.post(`/api/dossiers/${id}/documents`, { kind: 'avis_depot' })).status).toBe(403);
    expect((await epci.get(doc.url)).status).toBe(404);
    expect((await epci.get(`/api/dossiers/${id}/documents`)).status).toBe(404);
    expect((await epci.post(`/api/dossiers/${id}/documents`, { kind: 'recepisse' })).status).toBe(404);
    expect((await anonymous.get(doc.url)).status).toBe(401);
  });
});

describe('the note de renseignements d\'urbanisme (public)', () => {
  beforeEach(() => { clock.today = TODAY; });
  it('lists the zones, prescriptions, servitudes with their gestionnaire, the consequences and the date of the data', async () => {
    const res = await anonymous.get('/api/renseignements.pdf?parcelle=96001000AB0003');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/pdf');
    const text = flat(pdfText(res.bytes));
    expect(text).toContain('Note de renseignements d’urbanisme');
    expect(text).toContain('Parcelle AB 3 (96001000AB0003), Commune de test');
    expect(text).toContain('Zone UA');
    expect(text).toContain('96001_PLU_20240115, approuvé le 15 janvier 2024');
    expect(text).toContain('Emplacement réservé n° 1 (ER 1)');
    expect(text).toContain('moins de 1 m² ou de 0,5 % du terrain');
    expect(text).toMatch(/AC1 Église Saint-Martin \(100 % du terrain\) ; gestionnaire : UDAP/);
    expect(text).toContain('R423-24 c');
    expect(text).toContain('Note établie le 23 novembre 2026');
  });

  it('answers 400 for a malformed parcel and 404 for an unknown one, in French', async () => {
    const bad = await anonymous.get('/api/renseignements.pdf?parcelle=AB3');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('parcelle_invalid');
    expect((await anonymous.get('/api/renseignements.pdf')).body.error.code).toBe('parcelle_missing');
    const unknown = await anonymous.get('/api/renseignements.pdf?parcelle=96001000ZZ0099');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'parcel_unknown' });
  });
});
