// A tacit refusal creates no rights: the authority, still seized of the application, may grant it
// expressly later, which abrogates the refusal (L243-1 du code des relations entre le public et
// l'administration); only a grant. Through the HTTP API on a real database (PGlite, or PostgreSQL
// with DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import type { TestServer } from '../testing/http.ts';
import { filingBody, type Client, type Clock, ok, openDossierWorld, sendEvent } from './testing.ts';

let db: Db;
let http: TestServer;
const TODAY = '2026-11-23';
const clock: Clock = { today: TODAY };
let guichet: Client, instructeur: Client, signataire: Client;

beforeAll(async () => { ({ db, http, guichet, instructeur, signataire } = await openDossierWorld(clock)); });
afterAll(async () => { await http?.close(); await db?.close(); });

const event = sendEvent;
const refused = (res: { status: number; body: any }, code: string) => { expect(res.status, JSON.stringify(res.body)).toBe(409); expect(res.body.error.code).toBe(code); };

describe('an express grant after a tacit refusal (L243-1 CRPA)', () => {
  it('a PC under environmental assessment complete on 05/01/2026, refused tacitly on 06/04/2026 (R424-2-1), granted expressly (signed 06/05/2026, notified 11/05/2026): the refusal abrogated, the permit withdrawable until 06/08/2026 (L424-5)', async () => {
    const id = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-01-05', parcels: ['96001000AB0003'], environmentalAssessment: true })), 201).id;
    ok(await event(instructeur, id, 'DECLARE_COMPLETE', '2026-01-05'));
    // The first act after the delay: the tacit refusal arose on 06/04/2026 before it.
    refused(await event(instructeur, id, 'PROPOSE_DECISION', '2026-05-04', { decision: 'refus', motifs: 'Atteinte au site.' }), 'tacit_refusal_grant_only');
    let d = ok(await instructeur.get(`/api/dossiers/${id}`));
    expect(d.state).toBe('refus_tacite');
    expect(d.decision).toMatchObject({ outcome: 'refused', tacit: true, on: '2026-04-06', article: 'R424-2-1' });
    expect(d.allowedEvents).toContain('PROPOSE_DECISION');
    refused(await event(signataire, id, 'SIGN_DECISION', '2026-05-04'), 'tacit_refusal_grant_only');

    d = ok(await event(instructeur, id, 'PROPOSE_DECISION', '2026-05-04', { decision: 'accord_prescriptions', prescriptions: 'Haie bocagère en limite nord.' }));
    expect(d).toMatchObject({ state: 'refus_tacite', proposal: { kind: 'accord_prescriptions', on: '2026-05-04' } });
    refused(await event(guichet, id, 'NOTIFY_DECISION', '2026-05-05'), 'tacit_refusal_grant_only');
    ok(await event(signataire, id, 'SIGN_DECISION', '2026-05-06'));
    d = ok(await event(guichet, id, 'NOTIFY_DECISION', '2026-05-11'));
    expect(d.state).toBe('accorde.valide');
    expect(d.decision).toMatchObject({ kind: 'accord_prescriptions', outcome: 'granted', tacit: false, on: '2026-05-11', signedOn: '2026-05-06', article: 'R424-10, L243-1 CRPA' });
    expect(d.abrogatedTacitRefusal).toMatchObject({ outcome: 'refused', tacit: true, on: '2026-04-06', article: 'R424-2-1' });
    expect(d.afterDecision.withdrawalLastDay).toBe('2026-08-06');
  });

  it('a DP under environmental assessment complete on 05/01/2026, opposed tacitly on 06/02/2026 (R424-2-1): a non-opposition may still be decided, an opposition may not', async () => {
    const id = ok(await guichet.post('/api/dossiers', filingBody({ type: 'DP', filedOn: '2026-01-05', parcels: ['96001000AB0003'], environmentalAssessment: true })), 201).id;
    ok(await event(instructeur, id, 'DECLARE_COMPLETE', '2026-01-05'));
    refused(await event(instructeur, id, 'PROPOSE_DECISION', '2026-03-02', { decision: 'opposition', motifs: 'Non conforme.' }), 'tacit_refusal_grant_only');
    ok(await event(instructeur, id, 'PROPOSE_DECISION', '2026-03-02', { decision: 'non_opposition' }));
    ok(await event(signataire, id, 'SIGN_DECISION', '2026-03-03'));
    const d = ok(await event(guichet, id, 'NOTIFY_DECISION', '2026-03-04'));
    expect(d.state).toBe('accorde.valide');
    expect(d.decision).toMatchObject({ kind: 'non_opposition', tacit: false, on: '2026-03-04' });
    expect(d.abrogatedTacitRefusal).toMatchObject({ tacit: true, on: '2026-02-06', label: 'opposition tacite' });
  });
});

describe('a tacit rejection for missing pieces is not a tacit refusal (R423-39)', () => {
  it('a permit tacitly rejected for missing pieces (R423-39 a) cannot be granted: a new application is needed', async () => {
    const id = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-01-15', parcels: ['96001000AB0004'] })), 201).id;
    ok(await event(instructeur, id, 'REQUEST_PIECES', '2026-02-01', { pieces: ['PC2'] }));
    const res = await event(instructeur, id, 'PROPOSE_DECISION', '2026-06-01', { decision: 'accord' });
    refused(res, 'tacit_rejection_new_application');
    expect(res.body.error.message).toMatch(/^La demande a été tacitement rejetée le 02\/05\/2026, les pièces manquantes n’ayant pas été produites dans les trois mois \(article R423-39 a du code de l’urbanisme\).*nouvelle demande/);
    const d = ok(await instructeur.get(`/api/dossiers/${id}`));
    expect(d).toMatchObject({ state: 'rejet_tacite', decision: { outcome: 'rejected', tacit: true, article: 'R423-39' } });
    expect(d.allowedEvents).not.toContain('PROPOSE_DECISION');
    expect(d.abrogatedTacitRefusal).toBeNull();
  });
});
