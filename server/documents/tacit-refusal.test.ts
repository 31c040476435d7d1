// The arrêté of an express grant given after a tacit refusal: the refusal created no rights and is
// abrogated by the grant (L243-1 du code des relations entre le public et l'administration); the
// arrêté says so in its visas, its considérants and its first article, with the day the refusal
// arose and the article the dossier recorded. Read back from the PDF with poppler's pdftotext.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { tick } from '../dossiers/scheduler.ts';
import { PERSON, filingBody, type Clock } from '../dossiers/testing.ts';
import type { TestServer } from '../testing/http.ts';
import { flat, openDocumentWorld, pdfText, type Client, type Res } from './testing.ts';

let db: Db;
let http: TestServer;
const clock: Clock = { today: '2026-11-23' };
let guichet: Client, instructeur: Client, signataire: Client;

beforeAll(async () => { ({ db, http, guichet, instructeur, signataire } = await openDocumentWorld(clock)); });
afterAll(async () => { await http?.close(); await db?.close(); });

const ok = (res: Res, status = 200) => { expect(res.status, JSON.stringify(res.body)).toBe(status); return res.body; };
async function event(who: Client, id: number, type: string, on: string, payload?: unknown) {
  const { body } = await who.get(`/api/dossiers/${id}`);
  return ok(await who.post(`/api/dossiers/${id}/events`, { type, on, version: body.version, payload }));
}
async function arrete(who: Client, id: number): Promise<string> {
  const doc = ok(await who.post(`/api/dossiers/${id}/documents`, { kind: 'arrete' }), 201);
  return flat(pdfText((await who.get(doc.url)).bytes));
}

describe('an express grant after a tacit refusal abrogates it (L243-1 CRPA): its arrêté says so', () => {
  it('a PC under environmental assessment refused tacitly on 06/04/2026 (R424-2-1), granted expressly: the preview and the signed arrêté name the refusal, its day, its article and abrogate it', async () => {
    const id = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-01-05', parcels: ['96001000AB0003'], applicant: PERSON, environmentalAssessment: true })), 201).id;
    await event(instructeur, id, 'DECLARE_COMPLETE', '2026-01-05');
    await event(instructeur, id, 'PROPOSE_DECISION', '2026-05-04', { decision: 'accord' });
    expect(ok(await instructeur.get(`/api/dossiers/${id}`)).state).toBe('refus_tacite');

    // The signataire reads the arrêté before signing: a tacit decision has none, but this grant has one.
    const preview = await arrete(signataire, id);
    expect(preview).toContain('Projet non signé');
    expect(preview).toContain('Vu le refus tacite né le 06/04/2026 sur la demande susvisée (article R424-2-1 du code de l’urbanisme) ;');
    expect(preview).toContain('Vu le code des relations entre le public et l’administration, notamment son article L243-1 ;');

    await event(signataire, id, 'SIGN_DECISION', '2026-05-06');
    await event(guichet, id, 'NOTIFY_DECISION', '2026-05-11');
    const text = await arrete(signataire, id);
    expect(text).toContain('accordant un permis de construire');
    expect(text).toContain('Vu le refus tacite né le 06/04/2026 sur la demande susvisée (article R424-2-1 du code de l’urbanisme) ;');
    expect(text).toContain('Considérant que le refus tacite né le 06/04/2026 sur la demande susvisée (article R424-2-1 du code de l’urbanisme) ne crée pas de droits et peut, pour tout motif et sans condition de délai, être abrogé (article L243-1 du code des relations entre le public et l’administration) ; que le présent arrêté l’abroge ;');
    expect(text).toContain('Le refus tacite né le 06/04/2026 sur la demande susvisée (article R424-2-1 du code de l’urbanisme) est ABROGÉ (article L243-1 du code des relations entre le public et l’administration).');
    // Visas and considérant before the decision; the abrogation in its first article.
    expect(text.indexOf('Considérant que le refus tacite')).toBeLessThan(text.indexOf('ARRÊTE'));
    expect(text.indexOf('est ABROGÉ')).toBeGreaterThan(text.indexOf('Article 1.'));
    expect(text).not.toContain('Projet non signé');
  });

  it('a DP opposed tacitly on 06/02/2026 (R424-2-1), then not opposed expressly: the opposition is abrogated', async () => {
    const id = ok(await guichet.post('/api/dossiers', filingBody({ type: 'DP', filedOn: '2026-01-05', parcels: ['96001000AB0003'], environmentalAssessment: true })), 201).id;
    await event(instructeur, id, 'DECLARE_COMPLETE', '2026-01-05');
    await event(instructeur, id, 'PROPOSE_DECISION', '2026-03-02', { decision: 'non_opposition' });
    await event(signataire, id, 'SIGN_DECISION', '2026-03-03');
    const text = await arrete(signataire, id);
    expect(text).toContain('Vu l’opposition tacite née le 06/02/2026 sur la demande susvisée (article R424-2-1 du code de l’urbanisme) ;');
    expect(text).toContain('peut, pour tout motif et sans condition de délai, être abrogée (article L243-1');
    expect(text).toContain('L’opposition tacite née le 06/02/2026 sur la demande susvisée (article R424-2-1 du code de l’urbanisme) est ABROGÉE');
  });

  it('an arrêté after no tacit refusal says nothing of one; a tacit refusal without a grant proposed has no arrêté (409)', async () => {
    const plain = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-05-04', parcels: ['96001000AB0004'] })), 201).id;
    await event(instructeur, plain, 'PROPOSE_DECISION', '2026-05-10', { decision: 'accord' });
    const text = await arrete(instructeur, plain);
    expect(text).not.toContain('L243-1');
    expect(text).not.toContain('refus tacite');

    const refused = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-01-05', parcels: ['96001000AB0003'], environmentalAssessment: true })), 201).id;
    await event(instructeur, refused, 'DECLARE_COMPLETE', '2026-01-05');
    const res = await instructeur.post(`/api/dossiers/${refused}/documents`, { kind: 'arrete' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('no_decision_proposed');
  });
});

/** French typography's narrow and non-breaking spaces read as spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('no certificate of a tacit refusal or rejection: R424-13 certifies only a tacit permit or non-opposition', () => {
  const refusal = async (id: number, kind: string) => {
    const res = await instructeur.post(`/api/dossiers/${id}/documents`, { kind });
    expect(res.status).toBe(409);
    const error = res.body.error as { code: string; message: string };
    return { ...error, message: plain(error.message) };
  };

  it('after a tacit refusal (R424-2-1), the 409 tells the staff the authority may still grant expressly (L243-1 CRPA) and the motifs are given on request (L232-4 CRPA)', async () => {
    const id = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-01-05', parcels: ['96001000AB0003'], environmentalAssessment: true })), 201).id;
    await event(instructeur, id, 'DECLARE_COMPLETE', '2026-01-05');
    await tick(db.knex, '2026-05-04'); // the scheduler: the refusal arose on 06/04/2026
    const cert = await refusal(id, 'certificat_tacite');
    expect(cert.code).toBe('no_tacit_decision');
    expect(cert.message).toContain('Décision tacite née le 06/04/2026 : refus tacite (article R424-2-1)');
    expect(cert.message).toContain('R424-13');
    expect(cert.message).toContain('L243-1 du code des relations entre le public et l\'administration');
    expect(cert.message).toContain('L232-4');
    // The desk shows the same reason beside the kind.
    const kinds = ok(await instructeur.get(`/api/dossiers/${id}/documents`)).kinds;
    expect(kinds.find((k: any) => k.kind === 'certificat_tacite')).toMatchObject({ allowed: false });
    expect(plain(kinds.find((k: any) => k.kind === 'certificat_tacite').reason)).toBe(cert.message);
  });

  it('after a tacit rejection for missing pieces (R423-39 a), neither certificate nor arrêté: a new application is needed', async () => {
    const id = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-01-15', parcels: ['96001000AB0004'] })), 201).id;
    await event(instructeur, id, 'REQUEST_PIECES', '2026-02-01', { pieces: ['PC2'] });
    await tick(db.knex, '2026-06-01'); // the scheduler: rejected on 02/05/2026
    const cert = await refusal(id, 'certificat_tacite');
    expect(cert.message).toContain('rejet tacite faute de pièces (article R423-39)');
    expect(cert.message).toContain('nouvelle demande');
    const arrete = await refusal(id, 'arrete');
    expect(arrete.code).toBe('no_decision_proposed');
  });
});

