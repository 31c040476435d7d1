// The élus' dashboard on a known set of dossiers filed through the engine with fixed dates: every
// figure of GET /api/stats against values counted by hand (see the table below), and the bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../accounts/roles.ts';
import { buildApp } from '../app.ts';
import type { Db } from '../db.ts';
import { fileDossier, postEvent } from '../dossiers/engine.ts';
import { getDossier } from '../dossiers/repository.ts';
import { tick } from '../dossiers/scheduler.ts';
import { createAccounts, engineOptions, filing, login, type Client } from '../dossiers/testing.ts';
import { testDb } from '../testing/db.ts';
import { serve, type TestServer } from '../testing/http.ts';
import { loadSmallCommune } from '../testing/small-commune.ts';

const TODAY = '2026-11-23';
const PERIOD = 'from=2026-01-01&to=2026-11-23';
const AB = (n: number) => [`96001000AB000${n}`];
const HOME = (dwellings: number, floorArea: number, destination = 'habitation') => ({ description: 'Travaux', nature: 'construction_neuve', destination, floorArea, dwellings });
const SHED = { description: 'Abri', nature: 'extension', destination: 'habitation', floorArea: 10, dwellings: 0 };

let db: Db;
let http: TestServer;
let users: Awaited<ReturnType<typeof createAccounts>>;
let elu: Client;
const ids: Record<string, number> = {};
const opts = engineOptions({ today: TODAY });

const file = async (key: string, over: Record<string, unknown>) => { ids[key] = (await fileDossier(db.knex, opts, filing(over), users.guichet)).id; };
async function post(key: string, type: string, on: string, payload: Record<string, unknown> = {}, user: SessionUser = users.admin) {
  const row = await getDossier(db.knex, ids[key]!);
  await postEvent(db.knex, opts, ids[key]!, { type, on, version: row!.version, payload }, user);
}
async function decide(key: string, decision: string, on: string, notifiedOn: string) {
  await post(key, 'PROPOSE_DECISION', on, { decision });
  await post(key, 'SIGN_DECISION', on, {}, users.signataire);
  await post(key, 'NOTIFY_DECISION', notifiedOn);
}

// key  type  parcel  filed       what happens                                              decided (on)
// A    PC    AB1     2026-01-10  accord notified 03-02 (51 days, delay 90), withdrawn 04-01      2026-03 PC
// B    PCMI  AB3     2026-02-03  pieces 02-10 → 03-01, accord with prescriptions 04-15 (45 / 61)  2026-04 PCMI
// C    DP    AB2     2026-03-02  opposition notified 03-30 (28 / 31)                        2026-03 DP
// D    PCMI  AB1     2026-04-01  silence: permis tacite on 06-02 (delay 61)                 2026-06 PCMI
// H    CUa   AB1     2026-05-04  CU d'information notified 05-20 (16 / 31)                 2026-05 CU
// J    DP    AB2     2026-05-04  pieces asked 05-10, never received: rejet tacite 08-11     2026-08 DP
// K    PA    AB4     2026-06-01  sursis à statuer notified 07-01 (30 / 92)                  2026-07 PA
// E    PC    AB3     2026-09-15  majoration R423-24 c, under instruction (tacit 2027-01-16)
// F    DP    AB4     2026-11-01  under instruction: tacit on 12-02, within 15 days of today
// G    DP    AB4     2026-09-01  filed after the last tick: its due events (10-02) are overdue
// I    PC    AB1     2025-03-03  accord notified 2025-05-05: last year only
beforeAll(async () => {
  db = await testDb();
  await loadSmallCommune(db);
  users = await createAccounts(db);
  await file('A', { type: 'PC', parcels: AB(1), filedOn: '2026-01-10', works: HOME(4, 300) });
  await decide('A', 'accord', '2026-02-20', '2026-03-02');
  await post('A', 'DISPLAY_ON_SITE', '2026-03-05');
  await post('A', 'WITHDRAW', '2026-04-01', { motifs: 'Illégalité' }, users.signataire);
  await file('B', { type: 'PCMI', parcels: AB(3), filedOn: '2026-02-03', works: HOME(0, 140, 'commerce_activites_service') });
  await post('B', 'REQUEST_PIECES', '2026-02-10', { pieces: ['PCMI4'] });
  await post('B', 'RECEIVE_PIECES', '2026-03-01');
  await decide('B', 'accord_prescriptions', '2026-04-10', '2026-04-15');
  await file('C', { type: 'DP', parcels: AB(2), filedOn: '2026-03-02', works: SHED });
  await decide('C', 'opposition', '2026-03-25', '2026-03-30');
  await file('D', { type: 'PCMI', parcels: AB(1), filedOn: '2026-04-01', works: HOME(1, 120) });
  await file('H', { type: 'CUa', parcels: AB(1), filedOn: '2026-05-04', works: undefined });
  await decide('H', 'cu_information', '2026-05-15', '2026-05-20');
  await file('J', { type: 'DP', parcels: AB(2), filedOn: '2026-05-04', works: SHED });
  await post('J', 'REQUEST_PIECES', '2026-05-10', { pieces: ['DP2'] });
  await file('K', { type: 'PA', parcels: AB(4), filedOn: '2026-06-01', works: { description: 'Lotissement', nature: 'amenagement', destination: 'habitation', dwellings: 6 } });
  await decide('K', 'sursis', '2026-06-25', '2026-07-01');
  await file('E', { type: 'PC', parcels: AB(3), filedOn: '2026-09-15', works: HOME(12, 900) });
  await post('E', 'NOTIFY_MAJORATION', '2026-09-20', { majorations: [{ article: 'R423-24 c' }] });
  await file('F', { type: 'DP', parcels: AB(4), filedOn: '2026-11-01', works: SHED });
  await file('I', { type: 'PC', parcels: AB(1), filedOn: '2025-03-03', works: HOME(10, 800) });
  await decide('I', 'accord', '2025-05-01', '2025-05-05');
  await tick(db.knex, TODAY);
  await file('G', { type: 'DP', parcels: AB(4), filedOn: '2026-09-01', works: SHED });
  http = await serve(buildApp(db, { stats: { today: () => TODAY } }));
  elu = await login(http, 'elu1');
}, 120_000);
afterAll(async () => { await http?.close(); await db?.close(); });

const stats = async (query = PERIOD, client = elu) => {
  const res = await client.get(`/api/stats?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

describe('GET /api/stats: each figure on the known dossiers', () => {
  it('dossiers filed and decided per month and type, this period and the same period a year before', async () => {
    const s = await stats();
    expect(s.period).toEqual({ from: '2026-01-01', to: '2026-11-23' });
    expect(s.previousPeriod).toEqual({ from: '2025-01-01', to: '2025-11-23' });
    expect(s.activity.map((r: any) => `${r.month} ${r.type} ${r.filed}/${r.decided}`)).toEqual([
      '2026-01 PC 1/0', '2026-02 PCMI 1/0', '2026-03 DP 1/1', '2026-03 PC 0/1', '2026-04 PCMI 1/1', '2026-05 CU 1/1', '2026-05 DP 1/0',
      '2026-06 PA 1/0', '2026-06 PCMI 0/1', '2026-07 PA 0/1', '2026-08 DP 0/1', '2026-09 DP 1/0', '2026-09 PC 1/0', '2026-11 DP 1/0']);
    expect(s.activityPrevious.map((r: any) => `${r.month} ${r.type} ${r.filed}/${r.decided}`)).toEqual(['2025-03 PC 1/0', '2025-05 PC 0/1']);
  });

  it('outcomes: counts and shares of the 7 decisions; a withdrawal counted apart, by its own date', async () => {
    const s = await stats();
    expect(s.outcomes.decisions).toBe(7);
    const by = Object.fromEntries(s.outcomes.rows.map((r: any) => [r.outcome, r]));
    expect(Object.fromEntries(Object.entries(by).map(([k, r]: [string, any]) => [k, r.count]))).toEqual({
      accord: 2, accord_prescriptions: 1, refus: 1, tacite: 1, refus_tacite: 0, rejet: 1, sursis: 1, retrait: 1 });
    expect(by.accord.byType).toEqual({ PC: 1, CU: 1 });
    expect(by.tacite.byType).toEqual({ PCMI: 1 });
    expect(by.accord.share).toBeCloseTo(2 / 7, 4);
    expect(by.retrait.share).toBeCloseTo(1 / 7, 4);
  });

  it('delays: median and p90 of complete → notified for express decisions, the legal delay beside, the share decided in time (a tacit one is not)', async () => {
    const s = await stats();
    const total = s.delays.find((r: any) => r.type === 'total');
    // express: 16, 28, 30, 45, 51 days; legal: 31, 31, 61, 61, 90, 92 days; in time: 5 of 6 (the tacit one is late).
    expect(total).toEqual({ type: 'total', decisions: 6, express: 5, medianDays: 30, p90Days: 48.6, legalDays: 61, within: 5, withinShare: 0.8333 });
    expect(s.delays.find((r: any) => r.type === 'PCMI')).toMatchObject({ decisions: 2, express: 1, medianDays: 45, legalDays: 61, within: 1 });
  });

  it('majoration and incompleteness rates over the dossiers filed in the period', async () => {
    const s = await stats();
    expect(s.rates.find((r: any) => r.type === 'total')).toEqual({ type: 'total', filed: 10, majorated: 1, majoratedShare: 0.1, incomplete: 2, incompleteShare: 0.2 });
    expect(s.rates.find((r: any) => r.type === 'DP')).toMatchObject({ filed: 4, incomplete: 1 });
  });

  it('risk now: the tacit decision arising within 15 days, and the overdue dossier, with their ids and numbers', async () => {
    const s = await stats();
    expect(s.risk.soon).toEqual([{ id: ids.F, number: 'DP 096001 26 X0003', type: 'DP', event: 'TACIT_DECISION', due_on: '2026-12-02' }]);
    expect(s.risk.late.map((r: any) => [r.id, r.due_on])).toEqual([[ids.G, '2026-10-02']]);
  });

  it('housing: dwellings and floor area of the granted permits (express or tacit) per month of decision and destination', async () => {
    const s = await stats();
    expect(s.housing).toEqual([
      { month: '2026-03', destination: 'habitation', permits: 1, dwellings: 4, floorArea: 300 },
      { month: '2026-04', destination: 'commerce_activites_service', permits: 1, dwellings: 0, floorArea: 140 },
      { month: '2026-06', destination: 'habitation', permits: 1, dwellings: 1, floorArea: 120 },
    ]);
  });

  it('where: permits filed by cadastral section, with the section outline; the constraints most often met', async () => {
    const s = await stats();
    expect(s.sections).toHaveLength(1);
    expect(s.sections[0]).toMatchObject({ insee: '96001', section: 'AB', permits: 9, dwellings: 23 });
    expect(['Polygon', 'MultiPolygon']).toContain(s.sections[0].geometry.type);
    // The église's 500 m abords (AC1) cover AB1 and AB3: A, B, D, E, H; zone A: AB1 and AB2 (A, C, D, H, J); UA: AB1 and AB3.
    expect(s.constraints).toEqual([
      { kind: 'servitude', label: 'AC1', dossiers: 5 }, { kind: 'zone', label: 'A', dossiers: 5 }, { kind: 'zone', label: 'UA', dossiers: 5 }]);
  });

  it('reads a projection without applicant nor free text: stats_dossiers has exactly these columns', async () => {
    const { rows } = await db.knex.raw(`SELECT column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'stats_dossiers' ORDER BY ordinal_position`);
    expect(rows.map((r: { column_name: string }) => r.column_name)).toEqual(['id', 'number', 'type', 'parent_id', 'insee', 'parcels', 'filed_on',
      'state', 'decision_deadline', 'nb_logements', 'surface_plancher_creee', 'destination', 'decision_on', 'decision_kind', 'decision_outcome',
      'decision_tacit', 'complete_on', 'majorated', 'incomplete', 'withdrawn_on', 'constraints']);
  });

  it('holds no personal data: no applicant name, address nor login anywhere in the answer', async () => {
    const text = JSON.stringify(await stats());
    for (const re of [/Martin/, /Claire/, /Lilas/, /example\.org/, /guichet1/, /admin1/]) expect(text).not.toMatch(re);
  });

  it('a shorter period narrows every figure; the default period is this year up to today', async () => {
    const s = await stats('from=2026-03-01&to=2026-03-31');
    expect(s.outcomes.decisions).toBe(2);
    expect(s.rates.find((r: any) => r.type === 'total').filed).toBe(1);
    const d = await stats('');
    expect(d.period).toEqual({ from: '2026-01-01', to: TODAY });
  });
});

describe('GET /api/stats: who and what may be asked', () => {
  it('a guichet may not see figures (403); anonymous 401', async () => {
    const g = await login(http, 'guichet1');
    expect((await g.get(`/api/stats?${PERIOD}`)).status).toBe(403);
    expect((await fetch(`${http.url}/api/stats`)).status).toBe(401);
  });

  it('a commune outside the account scope, or unknown, is a 404; without a commune a scoped account gets its own communes only', async () => {
    const epci = await login(http, 'epci1');
    const out = await epci.get(`/api/stats?${PERIOD}&commune=96001`);
    expect(out.status).toBe(404);
    expect(out.body.error.code).toBe('commune_unknown');
    const own = await stats(PERIOD, epci);
    expect(own.outcomes.decisions).toBe(0);
    expect(own.activity).toEqual([]);
    expect((await elu.get(`/api/stats?${PERIOD}&commune=97999`)).status).toBe(404);
    expect((await stats(`${PERIOD}&commune=96001`)).outcomes.decisions).toBe(7);
  });

  it.each([
    ['from=2026-01-01', 'period_incomplete'],
    ['from=2026-02-30&to=2026-03-01', 'period_invalid'],
    ['from=hier&to=2026-03-01', 'period_invalid'],
    ['from=2026-03-01&to=2026-01-01', 'period_reversed'],
    ['from=2010-01-01&to=2026-01-01', 'period_too_long'],
    ['from=2026-01-01&to=2026-02-01&commune=96', 'insee_malformed'],
    ['from=2026-01-01&to=2026-02-01&type=PC', 'field_unknown'],
    ['from=2026-01-01&from=2026-01-02&to=2026-02-01', 'param_repeated'],
  ])('%s → 400 %s, in French', async (query, code) => {
    const res = await elu.get(`/api/stats?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(/[éèà]|période|doit/);
  });
});
