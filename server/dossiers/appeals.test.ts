// After the permit: appeals suspending its validity (R424-19) and works interrupted for more than a
// year (R424-17 al. 2), through the HTTP API on a real database (PGlite, or PostgreSQL with DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import type { TestServer } from '../testing/http.ts';
import { suspendValidity, type Appeal } from './appeals.ts';
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

/** A PC filed on `filedOn`, granted expressly and notified on `notifiedOn`. */
async function grantedPc(filedOn: string, signedOn: string, notifiedOn: string): Promise<number> {
  const id = ok(await guichet.post('/api/dossiers', filingBody({ filedOn })), 201).id;
  ok(await event(instructeur, id, 'DECLARE_COMPLETE', filedOn));
  ok(await event(instructeur, id, 'PROPOSE_DECISION', signedOn, { decision: 'accord' }));
  ok(await event(signataire, id, 'SIGN_DECISION', signedOn));
  ok(await event(guichet, id, 'NOTIFY_DECISION', notifiedOn));
  return id;
}

describe('an appeal before the court suspends the validity until the irrevocable judgment (R424-19)', () => {
  it('an appeal filed on 10/03/2026 against a PC notified on 05/02/2026 suspends its validity; rejected irrevocably on 10/09/2026, the validity ends 184 days later, on 08/08/2029', async () => {
    const id = await grantedPc('2026-01-05', '2026-02-02', '2026-02-05');
    expect((await read(id)).afterDecision).toMatchObject({ validityEnd: '2029-02-05', validitySuspendedSince: null });

    let d = ok(await event(signataire, id, 'APPEAL_FILED', '2026-03-10', { court: 'administratif', reference: 'TA 2600123' }));
    expect(d.state).toBe('accorde.valide');
    expect(d.afterDecision).toMatchObject({ validityEnd: null, validitySuspendedSince: '2026-03-10', prorogationRequestLastDay: null,
      appeals: [{ id: 1, filedOn: '2026-03-10', court: 'administratif', reference: 'TA 2600123', decidedOn: null, outcome: null }] });
    // No lapse is due while the validity does not run.
    expect(d.due.filter((x: any) => x.event === 'LAPSE')).toEqual([]);
    expect(d.allowedEvents).toContain('APPEAL_DECIDED');

    d = ok(await event(instructeur, id, 'APPEAL_DECIDED', '2026-09-10', { outcome: 'rejet' }));
    expect(d.state).toBe('accorde.valide');
    expect(d.afterDecision).toMatchObject({ validityEnd: '2029-08-08', validityArticle: 'R424-17, R424-19', validitySuspendedSince: null,
      prorogationRequestLastDay: '2029-06-08' });
    expect(d.due).toContainEqual({ event: 'LAPSE', on: '2029-08-09' });
  });

  it('a permit annulled by an irrevocable judgment is closed as « Annulé par le juge », never lapses, and is published as annulé', async () => {
    const id = await grantedPc('2026-01-06', '2026-02-02', '2026-02-05');
    ok(await event(signataire, id, 'APPEAL_FILED', '2026-03-02'));
    const d = ok(await event(signataire, id, 'APPEAL_DECIDED', '2026-10-15', { outcome: 'annulation' }));
    expect(d).toMatchObject({ state: 'annule', stateLabel: 'Annulé par le juge', allowedEvents: [], due: [] });
    expect(d.afterDecision).toMatchObject({ annulledOn: '2026-10-15', appeals: [{ outcome: 'annulation', decidedOn: '2026-10-15' }] });
    const row = (await db.knex.raw('SELECT public_etat(state, context) AS etat FROM dossiers WHERE id = ?', [id])).rows[0];
    expect(row.etat).toBe('annule');
  });

  it('two appeals pending together suspend the validity once, until the last irrevocable judgment (R424-19)', () => {
    const a = (id: number, filedOn: string, decidedOn: string | null): Appeal => ({ id, filedOn, decidedOn, court: 'administratif', reference: null, outcome: decidedOn ? 'rejet' : null });
    // 01/03 → 01/05 and 01/04 → 01/06 overlap: one suspension of 92 days, from 01/03 to 01/06.
    expect(suspendValidity('2029-01-01', [a(1, '2026-03-01', '2026-05-01'), a(2, '2026-04-01', '2026-06-01')])).toEqual({ end: '2029-04-03', suspendedSince: null, suspendedDays: 92 });
    expect(suspendValidity('2029-01-01', [a(1, '2026-03-01', '2026-05-01'), a(2, '2026-04-01', null)])).toEqual({ end: null, suspendedSince: '2026-03-01', suspendedDays: 0 });
    // An appeal filed after the validity ended suspends nothing.
    expect(suspendValidity('2029-01-01', [a(1, '2029-02-01', null)])).toEqual({ end: '2029-01-01', suspendedSince: null, suspendedDays: 0 });
  });

  it('a judgment without a pending appeal, an annulment by the civil judge (L480-13) and an unknown outcome are refused with a French message', async () => {
    const id = await grantedPc('2026-01-07', '2026-02-02', '2026-02-05');
    let r = await event(signataire, id, 'APPEAL_DECIDED', '2026-03-01', { outcome: 'rejet' });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'appeal_not_pending', message: 'Aucun recours pendant n’est enregistré sur ce dossier.' });
    ok(await event(signataire, id, 'APPEAL_FILED', '2026-03-02', { court: 'civil' }));
    r = await event(signataire, id, 'APPEAL_DECIDED', '2026-06-01', { outcome: 'annulation' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('civil_court_cannot_annul');
    r = await event(signataire, id, 'APPEAL_DECIDED', '2026-06-01', { outcome: 'cassation' });
    expect(r.body.error.code).toBe('appeal_outcome_unknown');
    r = await event(signataire, id, 'APPEAL_FILED', '2026-03-03', { court: 'penal' });
    expect(r.body.error.code).toBe('appeal_court_unknown');
    r = await event(guichet, id, 'APPEAL_FILED', '2026-03-03');
    expect(r.status).toBe(403);
  });

  it('an appeal against a dossier under instruction is refused, naming the state', async () => {
    const id = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-10-01' })), 201).id;
    const r = await event(signataire, id, 'APPEAL_FILED', '2026-10-05');
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('event_not_allowed_in_state');
  });
});

describe('works interrupted for more than a year past the validity period: the permit lapses (R424-17 al. 2)', () => {
  /** A PC of 2019 (before the décret n° 2025-461 periods) notified on 01/03/2019, valid until 01/03/2022, its works opened on 01/06/2020. */
  async function pcWithWorks(filedOn: string): Promise<number> {
    const id = await grantedPc(filedOn, '2019-02-25', '2019-03-01');
    ok(await guichet.post('/api/dossiers', { type: 'DOC', parentId: id, filedOn: '2020-06-01' }), 201);
    const d = await read(id);
    expect(d.state).toBe('accorde.travaux');
    expect(d.afterDecision.validityEnd).toBe('2022-03-01');
    return id;
  }

  it('works interrupted on 01/05/2021, within the validity, and never resumed: the year runs from the end of the validity (01/03/2022) and the permit lapses on 02/03/2023 (R424-17 al. 2)', async () => {
    const id = await pcWithWorks('2019-01-10');
    let d = ok(await event(instructeur, id, 'WORKS_INTERRUPTED', '2021-05-01'));
    expect(d).toMatchObject({ state: 'accorde.travaux', afterDecision: { interruptionLapseOn: '2023-03-02' } });
    expect(d.due).toContainEqual({ event: 'LAPSE', on: '2023-03-02' });
    // Read today, the lapse has been applied on its day.
    d = await read(id);
    expect(d.state).toBe('perime');
    expect(d.afterDecision).toMatchObject({ lapsedOn: '2023-03-02', worksInterruptions: [{ from: '2021-05-01', to: null }] });
    expect(d.journal.at(-1)).toMatchObject({ event: 'LAPSE', on: '2023-03-02', actor: 'system', from: 'accorde.travaux', to: 'perime' });
  });

  it('works interrupted on 01/06/2022 and resumed on 01/05/2023, less than a year later, keep the permit; interrupted again on 01/06/2023, it lapses on 02/06/2024', async () => {
    const id = await pcWithWorks('2019-01-11');
    ok(await event(instructeur, id, 'WORKS_INTERRUPTED', '2022-06-01'));
    let d = ok(await event(instructeur, id, 'WORKS_RESUMED', '2023-05-01'));
    expect(d.state).toBe('accorde.travaux');
    expect(d.afterDecision.interruptionLapseOn).toBeNull();
    ok(await event(instructeur, id, 'WORKS_INTERRUPTED', '2023-06-01'));
    d = await read(id);
    expect(d.state).toBe('perime');
    expect(d.afterDecision.lapsedOn).toBe('2024-06-02');
  });

  it('works resumed after the permit lapsed: the lapse of 02/06/2023 stands and the resumption of 01/08/2023 is refused (R424-17 al. 2)', async () => {
    const id = await pcWithWorks('2019-01-12');
    const interrupted = '2022-06-01';
    ok(await event(instructeur, id, 'WORKS_INTERRUPTED', interrupted));
    const r = await event(instructeur, id, 'WORKS_RESUMED', '2023-08-01');
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('event_not_allowed_in_state');
    expect((await read(id))).toMatchObject({ state: 'perime', afterDecision: { lapsedOn: '2023-06-02' } });
  });

  it('a resumption without an interruption and a second interruption are refused', async () => {
    const id = await pcWithWorks('2019-01-13');
    let r = await event(instructeur, id, 'WORKS_RESUMED', '2021-01-04');
    expect(r.body.error.code).toBe('works_not_interrupted');
    ok(await event(instructeur, id, 'WORKS_INTERRUPTED', '2021-01-04'));
    r = await event(instructeur, id, 'WORKS_INTERRUPTED', '2021-02-04');
    expect(r.body.error.code).toBe('works_already_interrupted');
    r = await event(instructeur, id, 'WORKS_RESUMED', '2021-01-03');
    expect(r.body.error.code).toBe('resumption_before_interruption');
  });
});
