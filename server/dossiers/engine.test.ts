// The engine on a real database (PGlite, or PostgreSQL with DATABASE_URL): filing and numbering,
// one transaction per event, concurrency, the scheduler, and the dossiers filed on a granted permit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../accounts/roles.ts';
import type { Db } from '../db.ts';
import { testDb } from '../testing/db.ts';
import { loadSmallCommune } from '../testing/small-commune.ts';
import { addMonths, dayAfter } from './dates.ts';
import { applyDue, fileDossier, postEvent } from './engine.ts';
import { communeCodes, formatNumber } from './numbering.ts';
import { allDue, dueUntil, getDossier, journalOf } from './repository.ts';
import { startScheduler, tick } from './scheduler.ts';
import { parseTickArgs } from './tick-cli.ts';
import { COMPANY, createAccounts, engineOptions, filing, type Clock } from './testing.ts';

let db: Db;
let users: Awaited<ReturnType<typeof createAccounts>>;
const clock: Clock = { today: '2026-11-23' };
const opts = engineOptions(clock);

beforeAll(async () => {
  db = await testDb();
  await loadSmallCommune(db);
  users = await createAccounts(db);
});
afterAll(async () => { await db?.close(); });

const file = (over: Record<string, unknown> = {}, user: SessionUser = users.guichet) => fileDossier(db.knex, opts, filing(over), user);
async function post(id: number, type: string, on: string, payload: Record<string, unknown> = {}, user: SessionUser = users.admin) {
  const row = await getDossier(db.knex, id);
  return postEvent(db.knex, opts, id, { type, on, version: row!.version, payload }, user);
}
async function grant(id: number, on = '2026-02-01', notifiedOn = '2026-02-05') {
  await post(id, 'PROPOSE_DECISION', on, { decision: 'accord' }, users.instructeur);
  await post(id, 'SIGN_DECISION', on, {}, users.signataire);
  return post(id, 'NOTIFY_DECISION', notifiedOn, {}, users.guichet);
}
const rejects = async (p: Promise<unknown>) => { try { await p; } catch (e) { return e as { status: number; message: string; details?: any }; } throw new Error('expected a rejection'); };
const count = async (table: string) => Number((await db.knex.raw(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);

describe('numbering (A423-3)', () => {
  it('the département and the commune take three characters each, including Corsica and overseas', () => {
    expect(communeCodes('13004')).toEqual({ dep: '013', com: '004' });
    expect(communeCodes('2A004')).toEqual({ dep: '02A', com: '004' });
    expect(communeCodes('97411')).toEqual({ dep: '974', com: '011' });
    expect(formatNumber('PC', '13004', 2026, 'X', 1)).toBe('PC 013004 26 X0001');
  });

  it('a number is type, commune, year, service and a sequence per type, commune and year; a PCMI counts as a PC', async () => {
    const a = await file({ filedOn: '2024-03-01' });
    const b = await file({ filedOn: '2024-04-01', type: 'PCMI' });
    const c = await file({ filedOn: '2024-04-02', type: 'DP' });
    const d = await file({ filedOn: '2025-01-02' });
    const e = await file({ filedOn: '2024-05-01', type: 'CUa', works: undefined });
    expect([a.number, b.number, c.number, d.number, e.number]).toEqual([
      'PC 096001 24 X0001', 'PC 096001 24 X0002', 'DP 096001 24 X0001', 'PC 096001 25 X0001', 'CU 096001 24 X0001']);
  });

  it('concurrent filings get distinct consecutive numbers, never the same twice', async () => {
    const rows = await Promise.all(Array.from({ length: 6 }, (_, i) => file({ type: 'PA', filedOn: `2023-0${i + 1}-10` })));
    expect(rows.map((r) => r.number).sort()).toEqual([1, 2, 3, 4, 5, 6].map((n) => `PA 096001 23 X000${n}`));
  });
});

describe('filing', () => {
  it('runs the spatial check, stores it, suggests the AC1 majoration (R423-24 c) and the ABF, and gives the récépissé', async () => {
    const row = await file({ parcels: ['96001000AB0003'], filedOn: '2026-01-15' });
    expect(row.state).toBe('instruction.delai.depose');
    expect((row.constraints as any).servitudes.map((s: any) => s.properties.categorie)).toEqual(['AC1']);
    expect(row.context.suggested).toEqual({
      majorations: [{ article: 'R423-24 c', months: 1, mode: 'add' }], consultations: [{ service: 'ABF', article: 'R423-24 c', avisConforme: true }] });
    expect(row.context.majorations).toEqual([]); // suggested only, until the instructeur notifies it
    expect(row.receipt).toMatchObject({ number: row.number, filedOn: '2026-01-15', baseDelay: { months: 3, article: 'R423-23 c' },
      decisionDeadline: '2026-04-15', silence: { meaning: 'accord', label: 'permis tacite' } });
    const after = await post(row.id, 'NOTIFY_MAJORATION', '2026-02-02', { majorations: row.context.suggested.majorations }, users.instructeur);
    expect(after.decision_deadline).toBe('2026-05-15');
  });

  it('an unknown parcel is refused with a 400 and nothing is written', async () => {
    const before = [await count('dossiers'), await count('dossier_events'), await count('dossier_counters')];
    const e = await rejects(file({ parcels: ['96001000AB0001', '96001000ZZ0099'], filedOn: '2026-02-01' }));
    expect(e).toMatchObject({ status: 400, code: 'parcel_unknown', message: expect.stringContaining('96001000ZZ0099') });
    expect([await count('dossiers'), await count('dossier_events'), await count('dossier_counters')]).toEqual(before);
  });

  it('a parcel of another commune, an unknown commune, a filing date in the future are refused', async () => {
    await db.execScript(db.knex, `
      INSERT INTO communes (insee, nom) VALUES ('96002', 'Voisine');
      INSERT INTO cadastre_parcelles (id, commune, section, numero, geom) VALUES
        ('96002000AC0001', '96002', 'AC', '1', ST_Multi(ST_MakeEnvelope(701000, 6600000, 701100, 6600100, 2154)));`);
    expect(await rejects(file({ parcels: ['96002000AC0001'] }))).toMatchObject({ status: 400, code: 'parcel_other_commune', message: expect.stringContaining('pas dans la commune 96001') });
    expect(await rejects(file({ insee: '96099', parcels: ['96099000AB0001'] }))).toMatchObject({ status: 400, code: 'commune_unknown', message: expect.stringContaining('Commune inconnue') });
    expect(await rejects(file({ filedOn: '2026-11-24' }))).toMatchObject({ status: 400, code: 'date_in_future', message: expect.stringContaining('(24/11/2026) est dans le futur') });
  });
});

describe('events: one transaction each, journal, due dates, versions', () => {
  it('saves the snapshot, appends the journal entry (event, legal date, actor, before/after) and rewrites the due dates', async () => {
    const row = await file({ filedOn: '2026-03-02' });
    expect((await allDue(db.knex, row.id)).map((d) => [d.event, d.due_on])).toEqual([['DEEMED_COMPLETE', '2026-04-03'], ['TACIT_DECISION', '2026-06-03']]);
    const after = await post(row.id, 'REQUEST_PIECES', '2026-03-20', { pieces: ['PC2', 'PC4'] }, users.instructeur);
    expect(after).toMatchObject({ version: 2, state: 'instruction.incomplet', decision_deadline: null });
    const journal = await journalOf(db.knex, row.id);
    expect(journal.map((j) => [j.version, j.event, j.legal_date, j.actor, j.before?.state ?? null, j.after.state])).toEqual([
      [1, 'FILE', '2026-03-02', 'guichet1', null, 'instruction.delai.depose'],
      [2, 'REQUEST_PIECES', '2026-03-20', 'instructeur1', 'instruction.delai.depose', 'instruction.incomplet'],
    ]);
    expect(journal[1]!.payload).toEqual({ pieces: ['PC2', 'PC4'] });
    expect((await allDue(db.knex, row.id)).map((d) => [d.event, d.due_on])).toEqual([['PIECES_DEADLINE', '2026-06-21']]);
  });

  it('a stale version gets a 409 and nothing is written', async () => {
    const row = await file({ filedOn: '2026-03-03' });
    await post(row.id, 'CONSULT', '2026-03-04', { service: 'SDIS' }, users.instructeur);
    const e = await rejects(postEvent(db.knex, opts, row.id, { type: 'CONSULT', on: '2026-03-05', version: 1, payload: { service: 'ARS' } }, users.instructeur));
    expect(e).toMatchObject({ status: 409, code: 'version_stale', details: { version: 2 } });
    expect((await journalOf(db.knex, row.id)).length).toBe(2);
  });

  it('two conflicting events on the same version: one wins, the other gets a 409', async () => {
    const row = await file({ filedOn: '2026-03-04' });
    const results = await Promise.allSettled([
      postEvent(db.knex, opts, row.id, { type: 'REQUEST_PIECES', on: '2026-03-10', version: 1, payload: { pieces: ['PC2'] } }, users.instructeur),
      postEvent(db.knex, opts, row.id, { type: 'PROPOSE_DECISION', on: '2026-03-10', version: 1, payload: { decision: 'accord' } }, users.admin),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
    const journal = await journalOf(db.knex, row.id);
    expect(journal.map((j) => j.version)).toEqual([1, 2]);
    expect((await getDossier(db.knex, row.id))!.version).toBe(2);
  });

  it('an event dated after a due tacit decision finds that decision first (catch-up): 409 naming the state and the event; the catch-up stays', async () => {
    const row = await file({ filedOn: '2026-01-05', type: 'DP' });
    await post(row.id, 'PROPOSE_DECISION', '2026-01-20', { decision: 'opposition' }, users.instructeur);
    await post(row.id, 'SIGN_DECISION', '2026-02-04', {}, users.signataire);
    const e = await rejects(post(row.id, 'NOTIFY_DECISION', '2026-02-06', {}, users.guichet));
    expect(e).toMatchObject({ status: 409, details: { state: 'accorde.valide', event: 'NOTIFY_DECISION' } });
    expect(e).toMatchObject({ code: 'event_not_allowed_in_state', message: expect.stringMatching(/«\sNotification de la décision .*\s» n’est pas possible dans l’état «\sEn cours de validité\s» \(accorde\.valide\)/) });
    // The tacit non-opposition of 6 February is the law whatever became of the refused event: it stays.
    const after = (await getDossier(db.knex, row.id))!;
    expect(after.state).toBe('accorde.valide');
    expect((await journalOf(db.knex, row.id)).at(-1)).toMatchObject({ event: 'TACIT_DECISION', legal_date: '2026-02-06', actor: 'system' });
  });

  it('a DP in time: notified on the last day of its delay, the opposition stands (R424-1 a)', async () => {
    const row = await file({ filedOn: '2026-01-05', type: 'DP' });
    await post(row.id, 'PROPOSE_DECISION', '2026-01-20', { decision: 'opposition' }, users.instructeur);
    await post(row.id, 'SIGN_DECISION', '2026-02-04', {}, users.signataire);
    expect((await post(row.id, 'NOTIFY_DECISION', '2026-02-05', {}, users.guichet)).state).toBe('refuse');
  });
});

describe('the scheduler', () => {
  it('applies the due events in legal order and catches up after downtime; a second tick applies nothing', async () => {
    const row = await file({ filedOn: '2020-06-10' });
    await db.knex.raw("DELETE FROM dossier_due WHERE dossier_id <> ?", [row.id]);
    const first = await tick(db.knex, '2026-11-23');
    expect(first).toMatchObject({ applied: 3, failed: [] });
    const journal = await journalOf(db.knex, row.id);
    expect(journal.map((j) => `${j.event}@${j.legal_date}`)).toEqual([
      'FILE@2020-06-10', 'DEEMED_COMPLETE@2020-07-11', 'TACIT_DECISION@2020-09-11', 'LAPSE@2023-09-12']);
    expect((await getDossier(db.knex, row.id))!.state).toBe('perime');
    expect(await tick(db.knex, '2026-11-23')).toMatchObject({ applied: 0, skipped: 0 });
    expect((await journalOf(db.knex, row.id)).length).toBe(4);
  });

  it('stops at the given day: nothing due later is applied', async () => {
    const row = await file({ filedOn: '2026-01-10', type: 'DP' });
    await tick(db.knex, '2026-02-10');
    expect((await getDossier(db.knex, row.id))!.state).toBe('instruction.delai.depose');
    await tick(db.knex, '2026-02-11');
    expect((await getDossier(db.knex, row.id))!.state).toBe('accorde.valide');
  });

  it('two ticks at once apply each due event once', async () => {
    const rows = await Promise.all([file({ filedOn: '2026-01-12', type: 'DP' }), file({ filedOn: '2026-01-13', type: 'DP' })]);
    const reports = await Promise.all([tick(db.knex, '2026-02-20'), tick(db.knex, '2026-02-20')]);
    expect(reports.flatMap((r) => r.failed)).toEqual([]);
    for (const r of rows) {
      expect((await journalOf(db.knex, r.id)).map((j) => j.event)).toEqual(['FILE', 'DEEMED_COMPLETE', 'TACIT_DECISION']);
    }
  });

  it('a due row already applied is skipped (idempotent applyDue)', async () => {
    const row = await file({ filedOn: '2026-01-14', type: 'DP' });
    const [due] = (await dueUntil(db.knex, '2026-02-15', 100)).filter((d) => d.dossier_id === row.id);
    expect(await applyDue(db.knex, due!)).toBe(true);
    expect(await applyDue(db.knex, due!)).toBe(false);
  });

  it('runs in-process too: started, it applies what is due at once, then on its timer', async () => {
    const row = await file({ filedOn: '2026-01-26', type: 'DP' });
    const logs: string[] = [];
    const s = startScheduler(db.knex, { today: () => '2026-02-27', everyMs: 3_600_000, log: (m) => logs.push(m) });
    await s.idle();
    s.stop();
    expect((await getDossier(db.knex, row.id))!.state).toBe('accorde.valide');
    expect(logs.some((m) => /due event\(s\) applied up to 2026-02-27/.test(m))).toBe(true);
  });

  it('npm run tick takes --today YYYY-MM-DD, defaulting to today in France', () => {
    expect(parseTickArgs(['--today', '2026-03-01'])).toEqual({ today: '2026-03-01', json: false });
    expect(parseTickArgs(['--today=2026-03-01', '--json'])).toEqual({ today: '2026-03-01', json: true });
    expect(parseTickArgs([], new Date('2026-12-31T23:30:00Z'))).toEqual({ today: '2027-01-01', json: false });
    expect(parseTickArgs(['--today', '2026-02-30'])).toMatch(/YYYY-MM-DD/);
    expect(parseTickArgs(['--now'])).toMatch(/unknown argument/);
  });
});

describe('on a granted permit: DOC, DAACT, prorogation, transfert, modificatif', () => {
  it('a DOC opens the works and a DAACT closes them; conformity is acquired if not contested within 3 months (R462-6)', async () => {
    const pc = await file({ filedOn: '2026-01-16' });
    await grant(pc.id);
    const doc = await file({ type: 'DOC', parentId: pc.id, filedOn: '2026-04-01', insee: undefined, parcels: undefined, applicant: undefined, works: undefined });
    expect(doc).toMatchObject({ number: `${pc.number}DOC01`, state: 'enregistree', insee: '96001', parcels: pc.parcels, applicant_name: 'Martin Claire' });
    expect((await getDossier(db.knex, pc.id))!).toMatchObject({ state: 'accorde.travaux', context: { worksStartedOn: '2026-04-01' } });
    const daact = await file({ type: 'DAACT', parentId: pc.id, filedOn: '2026-07-30', insee: undefined, parcels: undefined, applicant: undefined, works: undefined });
    expect(daact).toMatchObject({ number: `${pc.number}DAACT01`, state: 'contestable' });
    expect((await getDossier(db.knex, pc.id))!.state).toBe('accorde.acheve');
    await tick(db.knex, '2026-10-30');
    expect((await getDossier(db.knex, daact.id))!.state).toBe('contestable');
    await tick(db.knex, '2026-10-31');
    expect((await getDossier(db.knex, daact.id))!).toMatchObject({ state: 'conforme', context: { conformity: { on: '2026-10-31', tacit: true } } });
  });

  it('a DOC on a permit under instruction is refused, naming the state', async () => {
    const pc = await file({ filedOn: '2026-01-17' });
    const e = await rejects(file({ type: 'DOC', parentId: pc.id, filedOn: '2026-02-01', insee: undefined, parcels: undefined, applicant: undefined, works: undefined }));
    expect(e).toMatchObject({ status: 409, code: 'parent_state_wrong', message: expect.stringContaining('instruction.delai.depose') });
  });

  const prorogation = (parentId: number, filedOn: string) =>
    file({ type: 'prorogation', parentId, filedOn, insee: undefined, parcels: undefined, applicant: undefined, works: undefined });

  it('a prorogation asked less than two months before the end of validity is refused (R424-22)', async () => {
    const pc = await file({ filedOn: '2026-01-18' });
    await grant(pc.id); // notified 2026-02-05: valid until 2029-02-05
    clock.today = '2029-12-31';
    try {
      const e = await rejects(prorogation(pc.id, '2028-12-06'));
      expect(e).toMatchObject({ status: 409, code: 'prorogation_late', message: expect.stringContaining('R424-22') });
    } finally { clock.today = '2026-11-23'; }
  });

  it('a tacit prorogation arising the day the permit would lapse takes effect (R424-23), twice at most (R424-21)', async () => {
    const pc = await file({ filedOn: '2026-01-19' });
    await grant(pc.id);
    clock.today = '2031-12-31';
    try {
      const validity = '2029-02-05';
      const pro = await prorogation(pc.id, addMonths(validity, -2)); // on the last possible day
      expect(pro.number).toBe(`${pc.number}PRO01`);
      expect(pro.decision_deadline).toBe(validity);
      expect((await allDue(db.knex, pc.id)).map((d) => [d.event, d.due_on])).toEqual([['LAPSE', dayAfter(validity)]]);
      await tick(db.knex, dayAfter(validity));
      expect((await getDossier(db.knex, pro.id))!.state).toBe('accorde');
      const parent = (await getDossier(db.knex, pc.id))!;
      expect(parent.state).toBe('accorde.valide');
      expect((await allDue(db.knex, pc.id)).map((d) => [d.event, d.due_on])).toEqual([['LAPSE', '2030-02-06']]);
      const second = await prorogation(pc.id, '2029-10-01');
      expect(await rejects(prorogation(pc.id, '2029-10-02'))).toMatchObject({ status: 409, code: 'prorogation_pending', message: expect.stringContaining('déjà en cours d’instruction') });
      await tick(db.knex, '2029-12-02');
      expect((await getDossier(db.knex, second.id))!.state).toBe('accorde');
      expect(await rejects(prorogation(pc.id, '2030-06-01'))).toMatchObject({ status: 409, code: 'prorogation_limit', message: expect.stringContaining('R424-21') });
      await tick(db.knex, '2031-02-06');
      expect((await getDossier(db.knex, pc.id))!.state).toBe('perime');
    } finally { clock.today = '2026-11-23'; }
  });

  it('a permit withdrawn while its modificatif is instructed: the modificatif still becomes tacit, the permit stays withdrawn', async () => {
    const pc = await file({ filedOn: '2026-01-22' });
    await grant(pc.id);
    const m = await file({ type: 'modificatif', parentId: pc.id, filedOn: '2026-02-10', insee: undefined, parcels: undefined, applicant: undefined });
    await post(pc.id, 'WITHDRAW', '2026-03-01', { motifs: 'illégal' }, users.signataire);
    const report = await tick(db.knex, '2026-05-11');
    expect(report.failed).toEqual([]);
    expect((await getDossier(db.knex, m.id))!.state).toBe('accorde');
    expect((await getDossier(db.knex, pc.id))!).toMatchObject({ state: 'retire', context: { modifications: [] } });
  });

  it("a transfer granted makes the new holder the permit's applicant", async () => {
    const pc = await file({ filedOn: '2026-01-20' });
    await grant(pc.id);
    const t = await file({ type: 'transfert', parentId: pc.id, filedOn: '2026-03-01', insee: undefined, parcels: undefined, applicant: COMPANY, works: undefined });
    expect(t.number).toBe(`${pc.number}T01`);
    expect(t.decision_deadline).toBe('2026-06-01'); // the PC's delay [unconfirmed]
    await post(t.id, 'PROPOSE_DECISION', '2026-03-10', { decision: 'accord' }, users.instructeur);
    await post(t.id, 'SIGN_DECISION', '2026-03-11', {}, users.signataire);
    await post(t.id, 'NOTIFY_DECISION', '2026-03-12', {}, users.guichet);
    const parent = (await getDossier(db.knex, pc.id))!;
    expect(parent).toMatchObject({ applicant_name: 'SCI Les Tilleuls', applicant: { kind: 'company', siret: '12345678900017' } });
    expect(parent.context.transfers).toEqual([{ on: '2026-03-12', child: t.number }]);
  });

  it('a modificatif of a PCMI is numbered M01, checked on the map and instructed within two months', async () => {
    const pcmi = await file({ type: 'PCMI', filedOn: '2026-01-21' });
    await grant(pcmi.id);
    const m = await file({ type: 'modificatif', parentId: pcmi.id, filedOn: '2026-05-04', insee: undefined, parcels: ['96001000AB0003'], applicant: undefined });
    expect(m).toMatchObject({ number: `${pcmi.number}M01`, decision_deadline: '2026-07-04' });
    expect(m.context.suggested.majorations).toEqual([{ article: 'R423-24 c', months: 1, mode: 'add' }]);
    await tick(db.knex, '2026-07-05');
    expect((await getDossier(db.knex, m.id))!.state).toBe('accorde');
    expect((await getDossier(db.knex, pcmi.id))!.context.modifications).toEqual([{ on: '2026-07-05', child: m.number }]);
  });
});
