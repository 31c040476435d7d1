// The dossiers' HTTP API: the worked example of docs/api.md (a PC from filing to DAACT), roles and
// communes, every bad input (4xx with a message, nothing written), the list's filters and pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { testDb } from '../testing/db.ts';
import { loadSmallCommune } from '../testing/small-commune.ts';
import type { TestServer } from '../testing/http.ts';
import { englishWords } from '../testing/french.ts';
import { tick } from './scheduler.ts';
import { COMPANY, PERSON, createAccounts, dossierApp, filingBody, login, onTheDay, serve, type Client, type Clock } from './testing.ts';

let db: Db;
let http: TestServer;
const TODAY = '2026-11-23';
const clock: Clock = { today: TODAY };
let guichet: Client, instructeur: Client, signataire: Client, elu: Client, admin: Client, epci: Client;

beforeAll(async () => {
  db = await testDb();
  await loadSmallCommune(db);
  await createAccounts(db);
  http = await serve(dossierApp(db, clock));
  [guichet, instructeur, signataire, elu, admin, epci] = await Promise.all(
    ['guichet1', 'instructeur1', 'signataire1', 'elu1', 'admin1', 'epci1'].map(async (l) => onTheDay(await login(http, l), clock, TODAY))) as Client[] as [Client, Client, Client, Client, Client, Client];
});
afterAll(async () => { await http?.close(); await db?.close(); });

async function event(who: Client, id: number, type: string, on: string, payload?: unknown) {
  const { body } = await who.get(`/api/dossiers/${id}`);
  return who.post(`/api/dossiers/${id}/events`, { type, on, version: body.version, payload });
}
const ok = (res: { status: number; body: any }, status = 200) => { expect(res.status, JSON.stringify(res.body)).toBe(status); return res.body; };

describe('the worked example of docs/api.md: a PC near a monument, from filing to DAACT', () => {
  it('goes through filing, majoration, ABF, pieces, decision, display, DOC, DAACT and tacit conformity', async () => {
    // 1. Filing at the guichet: number, spatial check, récépissé.
    const filed = ok(await guichet.post('/api/dossiers', filingBody({
      parcels: ['96001000AB0003'], filedOn: '2026-01-15', applicant: PERSON,
      works: { description: "Maison individuelle de 140 m² avec garage", floorArea: 140, dwellings: 1 } })), 201);
    expect(filed).toMatchObject({
      number: 'PC 096001 26 X0001', type: 'PC', state: 'instruction.delai.depose', filedOn: '2026-01-15', version: 1,
      delayMonths: 3, majorations: [], suggestedMajorations: [{ article: 'R423-24 c', months: 1, mode: 'add' }],
      suggestedConsultations: [{ service: 'ABF', article: 'R423-24 c' }],
      decisionDeadline: '2026-04-15', tacitOn: '2026-04-16',
      receipt: { number: 'PC 096001 26 X0001', filedOn: '2026-01-15', baseDelay: { months: 3, article: 'R423-23 c' },
        decisionDeadline: '2026-04-15', silence: { meaning: 'accord', label: 'permis tacite', articles: ['R424-1 b'] }, completenessLastDay: '2026-02-15' },
      completeness: { lastDayToRequest: '2026-02-15' }, majorationLastDay: '2026-02-15',
      due: [{ event: 'DEEMED_COMPLETE', on: '2026-02-16' }, { event: 'TACIT_DECISION', on: '2026-04-16' }],
      journal: [{ version: 1, event: 'FILE', on: '2026-01-15', actor: 'guichet1', role: 'guichet', from: null, to: 'instruction.delai.depose' }],
    });
    expect(filed.constraints.servitudes[0].properties).toMatchObject({ categorie: 'AC1', nomsuplitt: 'Église Saint-Martin' });
    // No opinion can be recorded before a service is consulted.
    expect(filed.allowedEvents).toEqual(['CONSULT', 'DECLARE_COMPLETE', 'DISPLAY_FILING_NOTICE', 'INQUIRY_REPORT_RECEIVED', 'NOTIFY_MAJORATION', 'NOTIFY_PROLONGATION', 'PROPOSE_DECISION', 'REQUEST_PIECES']);
    const id = filed.id;

    // 2. The instructeur consults the ABF and confirms the suggested majoration within the month (R423-18).
    let d = ok(await event(instructeur, id, 'CONSULT', '2026-01-20', { service: 'ABF' }));
    expect(d.allowedEvents).toContain('RECORD_OPINION');
    expect(d.consultations).toEqual([expect.objectContaining({ id: 1, service: 'ABF', months: 2, article: 'R423-67', avisConforme: true, lastDay: '2026-03-20', opinion: null })]);
    d = ok(await event(instructeur, id, 'NOTIFY_MAJORATION', '2026-02-02', { majorations: [{ article: 'R423-24 c' }] }));
    expect(d).toMatchObject({ delayMonths: 4, decisionDeadline: '2026-05-15', suggestedMajorations: [] });

    // 3. Pieces requested within the month: no deadline until they arrive; then the delay restarts.
    d = ok(await event(instructeur, id, 'REQUEST_PIECES', '2026-02-10', { pieces: ['PC4 notice', 'PC6 insertion'] }));
    expect(d).toMatchObject({ state: 'instruction.incomplet', decisionDeadline: null, completeness: { piecesLastDay: '2026-05-10' } });
    d = ok(await event(guichet, id, 'RECEIVE_PIECES', '2026-03-02'));
    expect(d).toMatchObject({ state: 'instruction.delai.complet', decisionDeadline: '2026-07-02', completeness: { completeOn: '2026-03-02' } });

    // 4. The ABF agrees with prescriptions: silence would now be a refusal (R424-3).
    d = ok(await event(instructeur, id, 'RECORD_OPINION', '2026-03-15', { consultation: 1, opinion: 'favorable_prescriptions', prescriptions: 'Tuiles canal, enduit à la chaux' }));
    expect(d.silence).toEqual({ meaning: 'refus', label: 'refus tacite', articles: ['R424-3'] });

    // 5. Proposed, signed, notified (first presentation) before the deadline.
    ok(await event(instructeur, id, 'PROPOSE_DECISION', '2026-06-10', { decision: 'accord_prescriptions', prescriptions: "Prescriptions de l'ABF" }));
    ok(await event(signataire, id, 'SIGN_DECISION', '2026-06-12'));
    d = ok(await event(guichet, id, 'NOTIFY_DECISION', '2026-06-16'));
    expect(d).toMatchObject({
      state: 'accorde.valide', decision: { kind: 'accord_prescriptions', outcome: 'granted', tacit: false, on: '2026-06-16', signedOn: '2026-06-12' },
      afterDecision: { withdrawalLastDay: '2026-09-12', validityEnd: '2029-06-16', prorogationRequestLastDay: '2029-04-16' },
      due: [{ event: 'LAPSE', on: '2029-06-17' }],
    });

    // 6. Display on the land: the third-party appeal window (R600-2).
    d = ok(await event(guichet, id, 'DISPLAY_ON_SITE', '2026-06-20'));
    expect(d.afterDecision.appealLastDay).toBe('2026-08-21');

    // 7. DOC, then DAACT: dossiers of their own, numbered on the permit.
    const doc = ok(await guichet.post('/api/dossiers', { type: 'DOC', parentId: id, filedOn: '2026-09-01' }), 201);
    expect(doc).toMatchObject({ number: 'PC 096001 26 X0001DOC01', state: 'enregistree', parent: { id, number: 'PC 096001 26 X0001' } });
    const daact = ok(await guichet.post('/api/dossiers', { type: 'DAACT', parentId: id, filedOn: '2026-11-02' }), 201);
    expect(daact).toMatchObject({ number: 'PC 096001 26 X0001DAACT01', state: 'contestable',
      afterDecision: { conformityContestLastDay: '2027-02-02' }, due: [{ event: 'CONFORMITY_TACIT', on: '2027-02-03' }] });
    d = ok(await guichet.get(`/api/dossiers/${id}`));
    expect(d).toMatchObject({ state: 'accorde.acheve', afterDecision: { worksStartedOn: '2026-09-01', worksCompletedOn: '2026-11-02' }, due: [] });
    expect(d.children.map((c: any) => c.number)).toEqual(['PC 096001 26 X0001DOC01', 'PC 096001 26 X0001DAACT01']);
    expect(d.journal.map((j: any) => j.event)).toEqual(['FILE', 'CONSULT', 'NOTIFY_MAJORATION', 'REQUEST_PIECES', 'RECEIVE_PIECES',
      'RECORD_OPINION', 'PROPOSE_DECISION', 'SIGN_DECISION', 'NOTIFY_DECISION', 'DISPLAY_ON_SITE', 'WORKS_STARTED', 'WORKS_COMPLETED']);

    // 8. Nobody contests conformity within 3 months (R462-6): `npm run tick -- --today 2027-02-03`.
    await tick(db.knex, '2027-02-03');
    expect(ok(await guichet.get(`/api/dossiers/${daact.id}`))).toMatchObject({ state: 'conforme', afterDecision: { conformity: { on: '2027-02-03', tacit: true } } });
  });
});

describe('who may do what (role × event) and where (communes)', () => {
  let id: number;
  beforeAll(async () => {
    id = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-05-04' })), 201).id;
  });

  it('the guichet and the instructeur file (small communes register their files themselves); the élu and the signataire may not', async () => {
    const filed = ok(await instructeur.post('/api/dossiers', filingBody({ filedOn: '2026-05-04' })), 201);
    expect(filed.journal[0]).toMatchObject({ event: 'FILE', actor: 'instructeur1', role: 'instructeur' });
    expect((await elu.post('/api/dossiers', filingBody())).status).toBe(403);
    expect((await signataire.post('/api/dossiers', filingBody())).status).toBe(403);
  });

  it('the instructeur proposes, the signataire signs; not the other way round', async () => {
    const res = await event(guichet, id, 'PROPOSE_DECISION', '2026-05-10', { decision: 'accord' });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'role_not_allowed', message: expect.stringMatching(/Le rôle guichet ne permet pas l’action «\sProposition de décision\s» \(rôles autorisés\s: instructeur\)/) });
    expect((await event(signataire, id, 'PROPOSE_DECISION', '2026-05-10', { decision: 'accord' })).status).toBe(403);
    ok(await event(instructeur, id, 'PROPOSE_DECISION', '2026-05-10', { decision: 'accord' }));
    expect((await event(instructeur, id, 'SIGN_DECISION', '2026-05-11')).status).toBe(403);
    ok(await event(signataire, id, 'SIGN_DECISION', '2026-05-11'));
  });

  it('the élu reads but posts nothing; the admin may do all', async () => {
    expect(ok(await elu.get(`/api/dossiers/${id}`)).number).toMatch(/^PC 096001 26 X\d{4}$/);
    expect((await event(elu, id, 'NOTIFY_DECISION', '2026-05-12')).status).toBe(403);
    expect(ok(await event(admin, id, 'NOTIFY_DECISION', '2026-05-12')).state).toBe('accorde.valide');
  });

  it('a user of other communes is told the dossier does not exist (404), sees none in the list and cannot file here', async () => {
    const res = await epci.get(`/api/dossiers/${id}`);
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({ code: 'dossier_unknown', message: 'Ce dossier n’existe pas.' });
    expect((await event(admin, id, 'DISPLAY_ON_SITE', '2026-05-20')).status).toBe(200);
    expect((await epci.post(`/api/dossiers/${id}/events`, { type: 'CONSULT', on: '2026-05-20', version: 1, payload: { service: 'SDIS' } })).status).toBe(404);
    expect(ok(await epci.get('/api/dossiers')).items).toEqual([]);
    expect((await epci.post('/api/dossiers', filingBody())).status).toBe(404); // another commune's instructeur files there no more than they read
  });

  it('an unknown or malformed id is a 404', async () => {
    expect((await guichet.get('/api/dossiers/999999')).status).toBe(404);
    expect((await guichet.get('/api/dossiers/abc')).status).toBe(404);
    expect((await admin.post('/api/dossiers/999999/events', { type: 'CONSULT', on: '2026-01-01', version: 1, payload: { service: 'SDIS' } })).status).toBe(404);
  });
});

describe('bad input: 4xx with a message, nothing written', () => {
  let id: number;
  const counts = async () => (await db.knex.raw(`SELECT (SELECT count(*) FROM dossiers)::int AS d, (SELECT count(*) FROM dossier_events)::int AS e,
    (SELECT coalesce(sum(last), 0)::int FROM dossier_counters) AS c`)).rows[0];
  beforeAll(async () => {
    id = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-06-01' })), 201).id;
  });

  it.each([
    ['an unknown type', { type: 'PX' }, 'dossier_type_unknown', /Type de dossier inconnu\s: "PX"/],
    ['an unknown parcel', { parcels: ['96001000ZZ0001'] }, 'parcel_unknown', /Parcelle inconnue\s: 96001000ZZ0001/],
    ['a malformed parcel id', { parcels: ['AB12'] }, 'parcel_id_malformed', /Identifiant de parcelle mal formé\s: "AB12"/],
    ['no parcels', { parcels: [] }, 'parcels_invalid', /doit être une liste non vide/],
    ['a malformed INSEE code', { insee: 'Terrier' }, 'insee_malformed', /doit être le code INSEE/],
    ['a filing date in the future', { filedOn: '2026-11-24' }, 'date_in_future', /La date de dépôt \(24\/11\/2026\) est dans le futur\s: nous sommes le \d{2}\/\d{2}\/2026/],
    ['a filing date that is not a date', { filedOn: '2026-02-30' }, 'date_invalid', /AAAA-MM-JJ/],
    ['no applicant', { applicant: undefined }, 'applicant_required', /Le demandeur .* est obligatoire/],
    ['an applicant of an unknown kind', { applicant: { kind: 'robot', name: 'R2' } }, 'applicant_kind_unknown', /doit valoir "person" \(personne physique\) ou "company"/],
    ['a company with a bad SIRET', { applicant: { ...COMPANY, siret: '123' } }, 'field_malformed', /«\sapplicant.siret\s» est mal formé\s: attendu 14 chiffres/],
    ['no works', { works: undefined }, 'works_required', /Les travaux .* sont obligatoires/],
    ['an unknown field', { colour: 'blue' }, 'field_unknown', /Champ inconnu\s: «\sbody.colour\s»/],
    ['a parent on a PC', { parentId: 1 }, 'parent_not_allowed', /retirez «\sparentId\s»/],
    ['a DOC without its permit', { type: 'DOC' }, 'parent_required', /indiquez «\sparentId\s»/],
  ])('filing with %s → 400', async (_what, over, code, message) => {
    const before = await counts();
    const res = await guichet.post('/api/dossiers', filingBody(over));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(message);
    expect(englishWords(res.body.error.message)).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['an unknown event type', { type: 'APPROVE', on: '2026-06-02' }, 400, 'event_type_unknown', /Événement inconnu\s: "APPROVE"/],
    ['no version', { type: 'CONSULT', on: '2026-06-02', version: undefined, payload: { service: 'SDIS' } }, 400, 'version_required', /«\sversion\s» est obligatoire/],
    ['a date before filing', { type: 'CONSULT', on: '2026-05-31', payload: { service: 'SDIS' } }, 400, 'date_before_filing', /La date 31\/05\/2026 précède le dépôt du dossier \(01\/06\/2026\)/],
    ['a date in the future', { type: 'CONSULT', on: '2026-11-24', payload: { service: 'SDIS' } }, 400, 'date_in_future', /\(24\/11\/2026\) est dans le futur\s: nous sommes le \d{2}\/\d{2}\/2026/],
    ['a malformed date', { type: 'CONSULT', on: '02/06/2026', payload: { service: 'SDIS' } }, 400, 'date_invalid', /AAAA-MM-JJ/],
    ['a malformed payload', { type: 'REQUEST_PIECES', on: '2026-06-02', payload: { pieces: 'PC2' } }, 400, 'pieces_invalid', /«\spayload.pieces\s» doit être une liste/],
    ['an unknown decision', { type: 'PROPOSE_DECISION', on: '2026-06-02', payload: { decision: 'maybe' } }, 400, 'decision_unknown', /«\spayload.decision\s» doit valoir/],
    ['an opinion on no consultation', { type: 'RECORD_OPINION', on: '2026-06-02', payload: { consultation: 7, opinion: 'favorable' } }, 400, 'consultation_unknown', /Aucune consultation n° 7/],
    ['an event not allowed in the state', { type: 'NOTIFY_DECISION', on: '2026-06-02' }, 409, 'event_not_allowed_in_state', /L’action «\sNotification de la décision .*\s» n’est pas possible dans l’état «\sDéposé\s» \(instruction\.delai\.depose\)/],
    ['a stale version', { type: 'CONSULT', on: '2026-06-02', version: 99, payload: { service: 'SDIS' } }, 409, 'version_stale', /modifié entre-temps \(version 1, la vôtre est la 99\)/],
  ])('an event with %s is refused', async (_what, body, status, code, message) => {
    const before = await counts();
    const res = await instructeur.post(`/api/dossiers/${id}/events`, { version: 1, ...body });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(message);
    expect(englishWords(res.body.error.message)).toEqual([]);
    expect(await counts()).toEqual(before);
    expect(ok(await guichet.get(`/api/dossiers/${id}`)).version).toBe(1);
  });

  it('an event not allowed names the state and the event in its details', async () => {
    const res = await event(signataire, id, 'SIGN_DECISION', '2026-06-02');
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'event_not_allowed_in_state', details: { state: 'instruction.delai.depose', event: 'SIGN_DECISION' } });
  });

  it('two events posted at once on the same version: one is applied, the other gets a 409', async () => {
    const v = ok(await guichet.get(`/api/dossiers/${id}`)).version;
    const [a, b] = await Promise.all([
      instructeur.post(`/api/dossiers/${id}/events`, { type: 'CONSULT', on: '2026-06-03', version: v, payload: { service: 'SDIS' } }),
      instructeur.post(`/api/dossiers/${id}/events`, { type: 'CONSULT', on: '2026-06-03', version: v, payload: { service: 'Enedis' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(ok(await guichet.get(`/api/dossiers/${id}`)).consultations).toHaveLength(1);
  });

  it('a late majoration is refused (R423-18), and the completeness deemed on its day stays recorded (R423-22): a refusal does not undo the catch-up', async () => {
    const before = ok(await guichet.get(`/api/dossiers/${id}`));
    expect(before.state).toBe('instruction.delai.depose');
    const res = await instructeur.post(`/api/dossiers/${id}/events`, { type: 'NOTIFY_MAJORATION', on: '2026-07-02', version: before.version, payload: { majorations: ['R423-24 c'] } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('majoration_late');
    expect(res.body.error.message).toMatch(/dans le mois qui suit le dépôt \(R423-18\)\s: le dernier jour était le 01\/07\/2026/);
    const { rows } = await db.knex.raw('SELECT state, version FROM dossiers WHERE id = ?', [id]);
    expect(rows[0]).toEqual({ state: 'instruction.delai.complet', version: before.version + 1 });
    expect(ok(await guichet.get(`/api/dossiers/${id}`)).journal.at(-1)).toMatchObject({ event: 'DEEMED_COMPLETE', on: '2026-07-02', actor: 'system' });
  });
});

describe('GET /api/dossiers: filters and keyset pagination', () => {
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    ids.dp = ok(await guichet.post('/api/dossiers', filingBody({ type: 'DP', filedOn: '2025-03-03', parcels: ['96001000AB0002'], applicant: COMPANY })), 201).id;
    ids.pa = ok(await guichet.post('/api/dossiers', filingBody({ type: 'PA', filedOn: '2025-04-04', parcels: ['96001000AB0004'] })), 201).id;
    ids.cu = ok(await guichet.post('/api/dossiers', filingBody({ type: 'CUb', filedOn: '2025-05-05', parcels: ['96001000AB0004'], works: undefined })), 201).id;
  });
  const list = async (q: string) => ok(await instructeur.get(`/api/dossiers?${q}`));
  const numbers = async (q: string) => (await list(q)).items.map((i: any) => i.number);

  it('filters by number (with or without spaces), type, state, commune, parcel, applicant and dates', async () => {
    expect(await numbers('number=DP 096001 25')).toEqual(['DP 096001 25 X0001']);
    expect(await numbers('number=DP0960012')).toEqual(['DP 096001 25 X0001']);
    expect(await numbers('type=PA')).toEqual(['PA 096001 25 X0001']);
    // Today is 5 May 2025: the DP filed on 3 March 2025 was tacitly not opposed on 4 April (R424-1 a).
    expect((await list('state=instruction&filedTo=2025-12-31')).items.map((i: any) => i.type)).toEqual(['CUb', 'PA']);
    expect(await numbers('state=accorde&filedTo=2025-12-31')).toEqual(['DP 096001 25 X0001']);
    expect(await numbers('parcel=96001000AB0004')).toEqual(['CU 096001 25 X0001', 'PA 096001 25 X0001']);
    expect(await numbers('applicant=tilleuls')).toEqual(['DP 096001 25 X0001']);
    expect(await numbers('filedFrom=2025-04-01&filedTo=2025-04-30')).toEqual(['PA 096001 25 X0001']);
    expect(await numbers('deadlineFrom=2025-07-01&deadlineTo=2025-07-31')).toEqual(['CU 096001 25 X0001', 'PA 096001 25 X0001']);
    expect((await list('commune=96001')).items.length).toBeGreaterThan(3);
    expect((await list('commune=13004')).items).toEqual([]);
  });

  it('the list shows what fell due up to today without waiting for the scheduler: the tacit decisions have arisen, nothing is left overdue', async () => {
    const { rows } = await db.knex.raw(`SELECT count(*)::int AS n FROM dossier_due WHERE due_on <= '2026-11-23'`);
    expect(rows[0].n).toBeGreaterThanOrEqual(3);
    clock.today = '2026-11-23';
    expect(await numbers('overdue=true')).toEqual([]);
    expect((await list('state=accorde&filedTo=2025-12-31')).items.map((i: any) => [i.type, i.state])).toEqual([['CUb', 'accorde'], ['PA', 'accorde.valide'], ['DP', 'accorde.valide']]);
  });

  it('pages newest first with a cursor, without gaps or repeats', async () => {
    const all = (await list('limit=200')).items.map((i: any) => i.id);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await list(`limit=2${cursor ? `&after=${cursor}` : ''}`);
      seen.push(...page.items.map((i: any) => i.id));
      cursor = page.next;
    } while (cursor);
    expect(seen).toEqual(all);
    expect([...all].sort((a, b) => b - a)).toEqual(all);
  });

  it('sort=deadline puts the overdue first, then the nearest due day, then those with nothing due; pages keep that order', async () => {
    // Each read applies what fell due, so nothing is overdue: the next due day orders them.
    const late = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-09-01', parcels: ['96001000AB0002'] })), 201);
    const soon = ok(await guichet.post('/api/dossiers', filingBody({ type: 'PCMI', filedOn: '2026-11-02', parcels: ['96001000AB0002'] })), 201);
    const later = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-11-20', parcels: ['96001000AB0002'] })), 201);
    const items = (await list('sort=deadline&limit=200')).items;
    const due = (i: any): string | null => i.nextDue?.on ?? null;
    for (const d of [late, soon, later]) {
      const now = ok(await guichet.get(`/api/dossiers/${d.id}`));
      expect(items.find((i: any) => i.id === d.id).nextDue).toEqual({ event: now.due[0].event, on: now.due[0].on });
    }
    // Overdue (due on or before today) first, exactly the overdue=true set.
    const overdue = (await list('overdue=true&limit=200')).items.map((i: any) => i.id).sort();
    const firstN = items.slice(0, overdue.length);
    expect(firstN.map((i: any) => i.id).sort()).toEqual(overdue);
    expect(firstN.every((i: any) => due(i)! <= clock.today)).toBe(true);
    // Then ascending due day, nothing due last, newest first among equals.
    for (let k = 1; k < items.length; k++) {
      const [a, b] = [items[k - 1], items[k]];
      const ok = due(b) === null ? due(a) !== null || a.id > b.id : due(a) !== null && (due(a)! < due(b)! || (due(a) === due(b) && a.id > b.id));
      expect(ok, `${a.number} (${due(a)}) before ${b.number} (${due(b)})`).toBe(true);
    }
    expect(items.some((i: any) => due(i) === null)).toBe(true);
    const pos = (d: any) => items.findIndex((i: any) => i.id === d.id);
    expect(pos(late)).toBeLessThan(pos(soon));
    expect(pos(soon)).toBeLessThan(pos(later));
    // Pages of 2 give the same sequence, with filters too.
    for (const q of ['sort=deadline', 'sort=deadline&type=PC']) {
      const whole = (await list(`${q}&limit=200`)).items.map((i: any) => i.id);
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await list(`${q}&limit=2${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`);
        seen.push(...page.items.map((i: any) => i.id));
        cursor = page.next;
      } while (cursor);
      expect(seen).toEqual(whole);
    }
  });

  it('the staff map layer gives each dossier once, as the union of its parcels, with number, type and state only', async () => {
    const two = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-11-02', parcels: ['96001000AB0001', '96001000AB0002'] })), 201);
    const bbox = '2.99,46.49,3.01,46.51';
    const map = ok(await instructeur.get(`/api/dossiers/map?bbox=${bbox}`));
    expect(map.type).toBe('FeatureCollection');
    const f = map.features.find((x: any) => x.properties.id === two.id);
    expect(f.properties).toEqual({ id: two.id, number: two.number, type: 'PC', state: two.state, stateLabel: two.stateLabel });
    expect(f.geometry.type).toBe('MultiPolygon');
    const ids = map.features.map((x: any) => x.properties.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(JSON.stringify(map)).not.toMatch(/Martin|Tilleuls/);
    // Its parcels, one by one, for the dossier page.
    const parcels = ok(await instructeur.get(`/api/dossiers/${two.id}/parcels`));
    expect(parcels.features.map((x: any) => x.properties.id)).toEqual(['96001000AB0001', '96001000AB0002']);
    expect(parcels.features.every((x: any) => x.geometry.type === 'MultiPolygon')).toBe(true);
    // Nothing far away, nothing for another commune's account, and a bad bbox is a 400.
    expect(ok(await instructeur.get('/api/dossiers/map?bbox=5,45,5.01,45.01')).features).toEqual([]);
    expect(ok(await epci.get(`/api/dossiers/map?bbox=${bbox}`)).features).toEqual([]);
    expect((await epci.get(`/api/dossiers/${two.id}/parcels`)).status).toBe(404);
    expect((await instructeur.get('/api/dossiers/map?bbox=1,2,3')).status).toBe(400);
    expect((await instructeur.get(`/api/dossiers/map?bbox=${bbox}&state=x`)).status).toBe(400);
  });

  it.each([
    ['type=PX', 'dossier_type_unknown', /Type de dossier inconnu/], ['commune=Paris', 'insee_malformed', /INSEE/], ['parcel=12', 'parcel_id_malformed', /identifiant de parcelle/],
    ['filedFrom=yesterday', 'date_invalid', /AAAA-MM-JJ/], ['overdue=yes', 'param_not_boolean', /true ou false/], ['limit=0', 'limit_invalid', /entier de 1 à 200/],
    ['after=-1', 'cursor_invalid', /curseur/], ['colour=red', 'field_unknown', /Champ inconnu\s: «\squery.colour\s»/],
    ['sort=oldest', 'sort_unknown', /doit valoir newest/], ['sort=deadline&after=12', 'cursor_invalid', /curseur renvoyé dans «\snext\s» par le même tri \(deadline\)/],
    ['sort=deadline&after=2026-02-30.12', 'cursor_invalid', /curseur/],
  ])('a bad filter is a 400: %s', async (q, code, message) => {
    const res = await instructeur.get(`/api/dossiers?${q}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(message);
    expect(englishWords(res.body.error.message)).toEqual([]);
  });

  it('an élu reads a legal person\'s name and SIREN (public, as in Sitadel) but no representative, contact nor journal payload, and may not search by applicant', async () => {
    const item = ok(await elu.get('/api/dossiers?number=DP0960012')).items[0];
    expect(item).toMatchObject({ number: 'DP 096001 25 X0001', applicantName: 'SCI Les Tilleuls' });
    const full = ok(await elu.get(`/api/dossiers/${item.id}`));
    expect(full.applicant).toEqual({ kind: 'company', name: 'SCI Les Tilleuls', siren: '123456789' });
    expect(JSON.stringify(full)).not.toMatch(/durand|paul/i);
    expect(full.journal.every((j: any) => !('payload' in j) && !('actor' in j))).toBe(true);
    expect((await elu.get('/api/dossiers?applicant=tilleuls')).status).toBe(403);
    expect(ok(await instructeur.get(`/api/dossiers/${item.id}`)).applicant.kind).toBe('company');
  });

  it('list items carry no personal data beyond the applicant name (and the staff member in charge)', async () => {
    const item = (await list(`number=DP0960012`)).items[0];
    expect(Object.keys(item).sort()).toEqual(['applicantName', 'decisionDeadline', 'filedOn', 'id', 'insee', 'instructeur', 'nextDue', 'number', 'parcels', 'parentId', 'state', 'stateLabel', 'type', 'version']);
  });
});

describe('every read shows what fell due up to today (R424-1), and the law of 2026 through the API', () => {
  it('a PC filed back-dated on 15 January 2026 and read on 23 November shows its tacit permit (R424-1 b) in the dossier, the list and the map, with no instruction action offered', async () => {
    const filed = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-01-15', parcels: ['96001000AB0001'] })), 201);
    expect(filed.state).toBe('instruction.delai.depose');
    clock.today = TODAY; // no scheduler has run since
    const d = ok(await instructeur.get(`/api/dossiers/${filed.id}`));
    expect(d).toMatchObject({ state: 'accorde.valide', stateLabel: 'En cours de validité', decision: { tacit: true, on: '2026-04-16', label: 'permis tacite' } });
    expect(d.allowedEvents).not.toContain('PROPOSE_DECISION');
    expect(d.journal.map((j: any) => j.event)).toEqual(['FILE', 'DEEMED_COMPLETE', 'TACIT_DECISION']);
    const item = ok(await instructeur.get(`/api/dossiers?number=${encodeURIComponent(filed.number)}`)).items[0];
    expect(item.state).toBe('accorde.valide');
    const f = ok(await instructeur.get('/api/dossiers/map?bbox=2.99,46.49,3.01,46.51')).features.find((x: any) => x.properties.id === filed.id);
    expect(f.properties.state).toBe('accorde.valide');
  });

  it('a back-dated filing whose tacit decision has arisen is answered in that state at once (201 with the tacit permit)', async () => {
    clock.today = TODAY;
    const raw = await login(http, 'guichet1'); // this client does not move the clock
    const filed = ok(await raw.post('/api/dossiers', filingBody({ filedOn: '2026-02-02', parcels: ['96001000AB0001'] })), 201);
    expect(filed).toMatchObject({ state: 'accorde.valide', decision: { tacit: true, on: '2026-05-03' } });
  });

  it('a DP filed on 2 March 2026 for a project under environmental assessment: silence is an opposition (R424-2-1)', async () => {
    const filed = ok(await guichet.post('/api/dossiers', filingBody({ type: 'DP', filedOn: '2026-03-02', parcels: ['96001000AB0002'], environmentalAssessment: true })), 201);
    expect(filed.silence).toEqual({ meaning: 'refus', label: 'opposition tacite', articles: ['R424-2-1'] });
    clock.today = TODAY;
    expect(ok(await instructeur.get(`/api/dossiers/${filed.id}`))).toMatchObject({ state: 'refus_tacite', stateLabel: 'Opposition tacite (R424-2-1)' });
  });

  it('environmentalAssessment on a CU is refused (400 environmental_assessment_not_applicable)', async () => {
    const res = await guichet.post('/api/dossiers', filingBody({ type: 'CUa', works: undefined, environmentalAssessment: true }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('environmental_assessment_not_applicable');
    expect(englishWords(res.body.error.message)).toEqual([]);
  });

  it('a tacit PC of April 2023 is valid until April 2028 and cannot be prorogued (décret n° 2025-461 art. 1): 409 prorogation_excluded', async () => {
    const filed = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2023-01-10', parcels: ['96001000AB0004'] })), 201);
    clock.today = TODAY;
    const d = ok(await instructeur.get(`/api/dossiers/${filed.id}`));
    expect(d).toMatchObject({ state: 'accorde.valide', decision: { on: '2023-04-11' },
      afterDecision: { validityEnd: '2028-04-11', prorogationRequestLastDay: null, validityArticle: expect.stringContaining('2025-461') } });
    expect(d.due).toEqual([{ event: 'LAPSE', on: '2028-04-12' }]);
    const res = await guichet.post('/api/dossiers', { type: 'prorogation', parentId: filed.id, filedOn: TODAY });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'prorogation_excluded' });
    expect(res.body.error.message).toMatch(/jusqu’au 11\/04\/2028, sans prorogation possible \(décret n° 2025-461/);
  });
});
