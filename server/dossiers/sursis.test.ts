// The sursis à statuer (L424-1): its end, the applicant's confirmation within two months of it, the
// final decision within two months of the confirmation, else the authorisation granted; through the
// HTTP API on a real database (PGlite, or PostgreSQL with DATABASE_URL).
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
const read = async (id: number) => { clock.today = TODAY; return ok(await instructeur.get(`/api/dossiers/${id}`)); };

/** A dossier filed on `filedOn` and deferred by a sursis à statuer notified on `notifiedOn`. */
async function deferred(over: Record<string, unknown>, decidedOn: string, notifiedOn: string, sursisMonths?: number): Promise<number> {
  const id = ok(await guichet.post('/api/dossiers', filingBody(over)), 201).id;
  ok(await event(instructeur, id, 'PROPOSE_DECISION', decidedOn, { decision: 'sursis', motifs: 'PLU en cours de révision (L153-11)', sursisMonths }));
  ok(await event(signataire, id, 'SIGN_DECISION', decidedOn));
  const d = ok(await event(guichet, id, 'NOTIFY_DECISION', notifiedOn));
  expect(d.state).toBe('sursis');
  return id;
}

describe('the sursis à statuer and the confirmation of the application (L424-1)', () => {
  it('a sursis of 12 months notified on 01/03/2024 ends on 01/03/2025; the application confirmed on 15/04/2025 must be decided by 15/06/2025, and silence grants the permit on 16/06/2025 (L424-1)', async () => {
    const id = await deferred({ filedOn: '2024-01-10' }, '2024-02-20', '2024-03-01', 12);
    clock.today = '2024-03-01';
    let d = ok(await instructeur.get(`/api/dossiers/${id}`));
    expect(d.afterDecision).toMatchObject({ sursis: { on: '2024-03-01', months: 12, end: '2025-03-01', confirmedOn: null },
      sursisEnd: '2025-03-01', sursisConfirmationLastDay: '2025-05-01' });
    expect(d.allowedEvents).toEqual(['CONFIRM_APPLICATION']);

    d = ok(await event(guichet, id, 'CONFIRM_APPLICATION', '2025-04-15'));
    expect(d).toMatchObject({ state: 'instruction.delai.complet', delayMonths: 2, baseDelay: { months: 2, article: 'L424-1' },
      decisionDeadline: '2025-06-15', tacitOn: '2025-06-16', silence: { meaning: 'accord', articles: ['L424-1'] } });
    expect(d.afterDecision.sursisConfirmationLastDay).toBeNull();

    d = await read(id);
    expect(d.state).toBe('accorde.valide');
    expect(d.decision).toMatchObject({ outcome: 'granted', tacit: true, on: '2025-06-16', article: 'L424-1' });
    expect(d.afterDecision.validityEnd).toBe('2028-06-16');
  });

  it('a DP under environmental assessment (R424-2-1) confirmed after its sursis is granted by silence all the same: the law says the authorisation is granted as applied for (L424-1)', async () => {
    const id = await deferred({ type: 'DP', filedOn: '2026-01-05', environmentalAssessment: true,
      works: { description: 'Abri de jardin de 15 m²', floorArea: 15 } }, '2026-01-26', '2026-01-30', 6);
    let d = ok(await event(guichet, id, 'CONFIRM_APPLICATION', '2026-08-10'));
    expect(d).toMatchObject({ decisionDeadline: '2026-10-10', silence: { meaning: 'accord', label: 'non-opposition tacite', articles: ['L424-1'] } });
    d = await read(id);
    expect(d).toMatchObject({ state: 'accorde.valide', decision: { outcome: 'granted', tacit: true, on: '2026-10-11' } });
  });

  it('an application confirmed before the sursis ends (two years by default) is decided within two months of its end; no second sursis may follow (L424-1)', async () => {
    const id = await deferred({ filedOn: '2024-01-11' }, '2024-02-20', '2024-03-04');
    let d = ok(await event(guichet, id, 'CONFIRM_APPLICATION', '2026-02-01'));
    expect(d.afterDecision.sursis).toMatchObject({ months: 24, end: '2026-03-04', confirmedOn: '2026-02-01' });
    expect(d.decisionDeadline).toBe('2026-05-04');
    const r = await event(instructeur, id, 'PROPOSE_DECISION', '2026-03-10', { decision: 'sursis' });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('sursis_after_confirmation');
    ok(await event(instructeur, id, 'PROPOSE_DECISION', '2026-04-01', { decision: 'refus', motifs: 'Contraire au PLU révisé' }));
    ok(await event(signataire, id, 'SIGN_DECISION', '2026-04-02'));
    d = ok(await event(guichet, id, 'NOTIFY_DECISION', '2026-04-08'));
    expect(d.state).toBe('refuse');
  });

  it('a confirmation more than two months after the sursis ended is refused and the dossier stays deferred (L424-1)', async () => {
    const id = await deferred({ filedOn: '2024-01-12' }, '2024-02-20', '2024-03-05', 12);
    const r = await event(guichet, id, 'CONFIRM_APPLICATION', '2025-05-06');
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('sursis_confirmation_late');
    expect(r.body.error.message).toMatch(/^La demande doit être confirmée au plus tard deux mois après la fin du sursis à statuer \(L424-1\)\s:\sle sursis a pris fin le 05\/03\/2025, le dernier jour était le 05\/05\/2025\.$/);
    expect((await read(id)).state).toBe('sursis');
  });

  it('a sursis longer than two years, or a duration given with another decision, is refused (L424-1)', async () => {
    const id = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-10-01' })), 201).id;
    let r = await event(instructeur, id, 'PROPOSE_DECISION', '2026-10-05', { decision: 'sursis', sursisMonths: 30 });
    expect(r.body.error.code).toBe('sursis_too_long');
    r = await event(instructeur, id, 'PROPOSE_DECISION', '2026-10-05', { decision: 'accord', sursisMonths: 6 });
    expect(r.body.error.code).toBe('sursis_months_not_applicable');
    r = await event(guichet, id, 'CONFIRM_APPLICATION', '2026-10-06');
    expect(r.body.error.code).toBe('event_not_allowed_in_state');
  });
});
