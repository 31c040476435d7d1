// The public inquiry (R423-20, R423-32) and the exceptional prolongations of the delay (R423-34,
// R423-35, R423-36-1, R423-37) notified before it expires (R423-44),
// through the HTTP API on a real database (PGlite, or PostgreSQL with DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { testDb } from '../testing/db.ts';
import { loadSmallCommune } from '../testing/small-commune.ts';
import type { TestServer } from '../testing/http.ts';
import { createAccounts, dossierApp, filingBody, login, onTheDay, serve, type Client, type Clock } from './testing.ts';

let db: Db;
let http: TestServer;
const TODAY = '2026-11-23';
const clock: Clock = { today: TODAY };
let guichet: Client, instructeur: Client;

beforeAll(async () => {
  db = await testDb();
  await loadSmallCommune(db);
  await createAccounts(db);
  http = await serve(dossierApp(db, clock));
  [guichet, instructeur] = await Promise.all(
    ['guichet1', 'instructeur1'].map(async (l) => onTheDay(await login(http, l), clock, TODAY))) as [Client, Client];
});
afterAll(async () => { await http?.close(); await db?.close(); });

async function event(who: Client, id: number, type: string, on: string, payload?: unknown) {
  const { body } = await who.get(`/api/dossiers/${id}`);
  return who.post(`/api/dossiers/${id}/events`, { type, on, version: body.version, payload });
}
const ok = (res: { status: number; body: any }, status = 200) => { expect(res.status, JSON.stringify(res.body)).toBe(status); return res.body; };
/** Read on the clock's day (the last event's); readToday: read on TODAY, everything due till then applied. */
const read = async (id: number) => ok(await instructeur.get(`/api/dossiers/${id}`));
const readToday = async (id: number) => { clock.today = TODAY; return read(id); };

describe('an exceptional prolongation notified before the delay expires adds to it (R423-34, R423-35, R423-44)', () => {
  it('a PC complete on 05/01/2026 (delay ending 05/04/2026), a défrichement prolonged by the préfet notified on 20/03/2026: three more months, the delay ends on 05/07/2026 (R423-34)', async () => {
    const id = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-01-05', parcels: ['96001000AB0003'] })), 201).id;
    ok(await event(instructeur, id, 'DECLARE_COMPLETE', '2026-01-05'));
    expect((await read(id)).decisionDeadline).toBe('2026-04-05');
    const d = ok(await event(instructeur, id, 'NOTIFY_PROLONGATION', '2026-03-20', { article: 'R423-34' }));
    expect(d).toMatchObject({ delayMonths: 6, decisionDeadline: '2026-07-05', tacitOn: '2026-07-06', prolongations: [{ on: '2026-03-20', article: 'R423-34', months: 3 }] });
    const again = await event(instructeur, id, 'NOTIFY_PROLONGATION', '2026-03-21', { article: 'R423-34' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('prolongation_already_notified');
    // R423-44: a second prolongation is measured against the delay fixed at the start (05/04/2026), not the prolonged one.
    const late = await event(instructeur, id, 'NOTIFY_PROLONGATION', '2026-04-20', { article: 'R423-35' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('prolongation_late');
    expect(late.body.error.message).toContain('05/04/2026');
  });

  it('a DP complete on 05/01/2026: the appeal to the préfet de région against the ABF adds two months, to 05/04/2026 (R423-35); R423-34 concerns permits only; an unknown article is refused', async () => {
    const id = ok(await guichet.post('/api/dossiers', filingBody({ type: 'DP', filedOn: '2026-01-05', parcels: ['96001000AB0003'] })), 201).id;
    ok(await event(instructeur, id, 'DECLARE_COMPLETE', '2026-01-05'));
    const wrong = await event(instructeur, id, 'NOTIFY_PROLONGATION', '2026-01-20', { article: 'R423-34' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('prolongation_not_applicable');
    const unknown = await event(instructeur, id, 'NOTIFY_PROLONGATION', '2026-01-20', { article: 'R423-99' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('prolongation_unknown');
    const d = ok(await event(instructeur, id, 'NOTIFY_PROLONGATION', '2026-01-20', { article: 'R423-35' }));
    expect(d).toMatchObject({ delayMonths: 3, decisionDeadline: '2026-04-05' });
  });

  it('a prolongation notified after the delay of a PC complete on 06/01/2026 has expired (06/04/2026) is refused: the permit arose tacitly (R423-44, R424-1)', async () => {
    const id = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-01-06', parcels: ['96001000AB0003'] })), 201).id;
    ok(await event(instructeur, id, 'DECLARE_COMPLETE', '2026-01-06'));
    const res = await event(instructeur, id, 'NOTIFY_PROLONGATION', '2026-04-08', { article: 'R423-34' });
    expect(res.status).toBe(409);
    expect((await read(id)).state).toBe('accorde.valide');
  });
});

describe('the prolongations for a recours to the CNAC (R423-36-1) and for the evocation by a minister (R423-37)', () => {
  it('a PC complete on 05/01/2026 (delay ending 05/04/2026) whose CDAC avis is brought before the CNAC, notified on 10/03/2026: five more months, the PC is due on 05/09/2026 (R423-36-1); not on a DP', async () => {
    const id = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-01-05', parcels: ['96001000AB0003'] })), 201).id;
    ok(await event(instructeur, id, 'DECLARE_COMPLETE', '2026-01-05'));
    const d = ok(await event(instructeur, id, 'NOTIFY_PROLONGATION', '2026-03-10', { article: 'R423-36-1' }));
    expect(d).toMatchObject({ delayMonths: 8, decisionDeadline: '2026-09-05', tacitOn: '2026-09-06', prolongations: [{ on: '2026-03-10', article: 'R423-36-1', months: 5 }] });
    const dp = ok(await guichet.post('/api/dossiers', filingBody({ type: 'DP', filedOn: '2026-01-05', parcels: ['96001000AB0003'] })), 201).id;
    ok(await event(instructeur, dp, 'DECLARE_COMPLETE', '2026-01-05'));
    const wrong = await event(instructeur, dp, 'NOTIFY_PROLONGATION', '2026-01-20', { article: 'R423-36-1' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('prolongation_not_applicable');
  });

  it('a PC for a cinema complete on 05/01/2026 (delay ending 05/04/2026) whose refusal by the commission départementale is brought before the CNAC on 20/03/2026, notified on 25/03/2026: the PC is due five months from the recours, on 20/08/2026 (R423-36)', async () => {
    const id = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-01-05', parcels: ['96001000AB0003'] })), 201).id;
    ok(await event(instructeur, id, 'DECLARE_COMPLETE', '2026-01-05'));
    const missing = await event(instructeur, id, 'NOTIFY_PROLONGATION', '2026-03-25', { article: 'R423-36' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('prolongation_recours_required');
    const after = await event(instructeur, id, 'NOTIFY_PROLONGATION', '2026-03-25', { article: 'R423-36', recoursOn: '2026-03-30' });
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe('prolongation_recours_out_of_delay');
    const d = ok(await event(instructeur, id, 'NOTIFY_PROLONGATION', '2026-03-25', { article: 'R423-36', recoursOn: '2026-03-20' }));
    expect(d).toMatchObject({ decisionDeadline: '2026-08-20', tacitOn: '2026-08-21', prolongations: [{ on: '2026-03-25', article: 'R423-36', months: 5, from: '2026-03-20' }] });
  });

  it('a PC complete on 05/01/2026 evoked by the ministre chargé des sites, notified on 10/03/2026: the delay is « porté à » eight months, the PC is due on 05/09/2026 (R423-37)', async () => {
    const id = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-01-05', parcels: ['96001000AB0003'] })), 201).id;
    ok(await event(instructeur, id, 'DECLARE_COMPLETE', '2026-01-05'));
    const d = ok(await event(instructeur, id, 'NOTIFY_PROLONGATION', '2026-03-10', { article: 'R423-37' }));
    expect(d).toMatchObject({ delayMonths: 8, decisionDeadline: '2026-09-05', prolongations: [{ on: '2026-03-10', article: 'R423-37', months: 8 }] });
  });

  it('a DP complete on 05/01/2026 (one month) evoked by the ministre chargé de la protection de la nature on 20/01/2026, then the ABF appeal (R423-35) on 01/02/2026: eight months, plus two, due on 05/11/2026', async () => {
    const id = ok(await guichet.post('/api/dossiers', filingBody({ type: 'DP', filedOn: '2026-01-05', parcels: ['96001000AB0003'] })), 201).id;
    ok(await event(instructeur, id, 'DECLARE_COMPLETE', '2026-01-05'));
    let d = ok(await event(instructeur, id, 'NOTIFY_PROLONGATION', '2026-01-20', { article: 'R423-37' }));
    expect(d).toMatchObject({ delayMonths: 8, decisionDeadline: '2026-09-05' });
    d = ok(await event(instructeur, id, 'NOTIFY_PROLONGATION', '2026-02-01', { article: 'R423-35' }));
    expect(d).toMatchObject({ delayMonths: 10, decisionDeadline: '2026-11-05' });
  });
});

describe('a permit granted only after a public inquiry: the delay is two months from the receipt of the commissaire enquêteur’s report (R423-20, R423-32)', () => {
  it('a PC filed on 05/01/2026, the inquiry notified on 20/01/2026: no delay runs and no tacit permit arises until the report; received on 15/06/2026, the delay ends on 15/08/2026 and the permit arises tacitly on 16/08/2026', async () => {
    const id = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-01-05', parcels: ['96001000AB0003'] })), 201).id;
    ok(await event(instructeur, id, 'DECLARE_COMPLETE', '2026-01-05'));
    ok(await event(instructeur, id, 'NOTIFY_MAJORATION', '2026-01-20', { majorations: [{ article: 'R423-32' }] }));
    let d = await readToday(id);
    // Read on 23/11/2026: ten months after filing, still under instruction, nothing tacit due.
    expect(d).toMatchObject({ delayMonths: 2, decisionDeadline: null, tacitOn: null, inquiryReportOn: null });
    expect(d.state).toMatch(/^instruction\./);
    expect(d.due.filter((x: any) => x.event === 'TACIT_DECISION')).toEqual([]);
    expect(d.allowedEvents).toContain('INQUIRY_REPORT_RECEIVED');

    d = ok(await event(guichet, id, 'INQUIRY_REPORT_RECEIVED', '2026-06-15'));
    expect(d).toMatchObject({ inquiryReportOn: '2026-06-15', decisionDeadline: '2026-08-15', tacitOn: '2026-08-16' });
    // Read today (23/11/2026), past the delay: the tacit permit arose on 16/08/2026 (R424-1).
    d = await readToday(id);
    expect(d.state).toBe('accorde.valide');
    expect(d.decision).toMatchObject({ tacit: true, on: '2026-08-16' });
  });

  it('a report recorded on a dossier where no public inquiry was notified is refused: it does not move the delay (R423-20)', async () => {
    const id = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-11-02', parcels: ['96001000AB0003'] })), 201).id;
    const res = await event(guichet, id, 'INQUIRY_REPORT_RECEIVED', '2026-11-10');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('inquiry_not_notified');
  });
});
