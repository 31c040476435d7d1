// A service's working day: who is in charge of a dossier (the commune's rule at filing, reassigned by a
// chef de service, journaled), "mes dossiers" and the list sorted and filtered on each column, the
// staff's private notes (never to élus nor the public), and the full journal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { testDb } from '../testing/db.ts';
import { loadSmallCommune } from '../testing/small-commune.ts';
import type { TestServer } from '../testing/http.ts';
import { createUser } from '../accounts/users.ts';
import { COMPANY, PASSWORD, createAccounts, dossierApp, filingBody, login, serve, type Client, type Clock } from './testing.ts';

let db: Db;
let http: TestServer;
const clock: Clock = { today: '2026-11-23' };
let guichet: Client, instructeur: Client, instructeur2: Client, chef: Client, elu: Client, admin: Client;
let ids: Record<string, number> = {};

const ok = (res: { status: number; body: any }, status = 200) => { expect(res.status, JSON.stringify(res.body)).toBe(status); return res.body; };
const file = async (who: Client, over: Record<string, unknown> = {}) => ok(await who.post('/api/dossiers', filingBody({ filedOn: '2026-11-20', ...over })), 201);

beforeAll(async () => {
  db = await testDb();
  await loadSmallCommune(db);
  await createAccounts(db);
  await createUser(db.knex, { login: 'instructeur2', role: 'instructeur', password: PASSWORD, name: 'Inès Instructrice' });
  http = await serve(dossierApp(db, clock));
  [guichet, instructeur, instructeur2, chef, elu, admin] = await Promise.all(
    ['guichet1', 'instructeur1', 'instructeur2', 'chef1', 'elu1', 'admin1'].map((l) => login(http, l))) as [Client, Client, Client, Client, Client, Client];
  const { rows } = await db.knex.raw('SELECT id, login FROM users');
  ids = Object.fromEntries(rows.map((r: any) => [r.login, Number(r.id)]));
});
afterAll(async () => { await http?.close(); await db?.close(); });

describe('assignment', () => {
  it('without a rule, the instructeur who files is in charge; a guichet\'s filing waits for a chef', async () => {
    const a = await file(instructeur);
    expect(a.instructeur).toEqual({ id: ids.instructeur1, login: 'instructeur1', name: null });
    expect(a.journal[0]).toMatchObject({ event: 'FILE', payload: { instructeur: 'instructeur1' } });
    const b = await file(guichet);
    expect(b.instructeur).toBeNull();
    expect(b.version).toBe(1);
  });

  it('a commune\'s rule gives its new dossiers to its instructeur, whoever files; only a chef or an admin sets it', async () => {
    expect((await instructeur.put('/api/assignment-rules', { insee: '96001', instructeurId: ids.instructeur1 })).status).toBe(403);
    const rules = ok(await chef.put('/api/assignment-rules', { insee: '96001', instructeurId: ids.instructeur2 }));
    expect(rules).toEqual([{ insee: '96001', commune: 'Commune de test', instructeur: { id: ids.instructeur2, login: 'instructeur2', name: 'Inès Instructrice' },
      updatedBy: 'chef1', updatedAt: expect.any(String) }]);
    expect(ok(await admin.get('/api/assignment-rules'))).toEqual(rules);
    expect((await file(guichet)).instructeur.login).toBe('instructeur2');
    expect((await file(instructeur)).instructeur.login).toBe('instructeur2');
    expect(ok(await chef.put('/api/assignment-rules', { insee: '96001', instructeurId: null }))).toEqual([]);
  });

  it('a rule or an assignment names an active instructeur or chef of the commune', async () => {
    for (const [body, code] of [
      [{ insee: '96001', instructeurId: ids.elu1 }, 'instructeur_not_eligible'], [{ insee: '96001', instructeurId: ids.epci1 }, 'instructeur_not_eligible'],
      [{ insee: '96001', instructeurId: 999999 }, 'instructeur_unknown'], [{ insee: '96001' }, 'instructeur_required'],
      [{ insee: '9600', instructeurId: ids.instructeur1 }, 'insee_malformed'], [{ insee: '96001', instructeurId: 1, colour: 'red' }, 'field_unknown'],
    ] as const) {
      const res = await chef.put('/api/assignment-rules', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message).not.toMatch(/\b(the|must|not)\b/);
    }
    expect((await chef.put('/api/assignment-rules', { insee: '91216', instructeurId: ids.instructeur1 })).body.error.code).toBe('commune_unknown');
  });

  it('GET /api/instructeurs lists who may be in charge: instructeurs and chefs, active ones', async () => {
    const list = ok(await guichet.get('/api/instructeurs'));
    expect(list.map((u: any) => u.login).sort()).toEqual(['chef1', 'epci1', 'instructeur1', 'instructeur2']);
    expect(JSON.stringify(list)).not.toMatch(/password|argon/);
    expect((await elu.get('/api/instructeurs')).status).toBe(403);
  });

  it('a chef reassigns: one new version, journaled as ASSIGN with who before and after; an instructeur may not', async () => {
    const d = await file(instructeur);
    expect((await instructeur.patch(`/api/dossiers/${d.id}/instructeur`, { instructeurId: ids.instructeur2, version: d.version })).status).toBe(403);
    const after = ok(await chef.patch(`/api/dossiers/${d.id}/instructeur`, { instructeurId: ids.instructeur2, version: d.version }));
    expect(after.version).toBe(d.version + 1);
    expect(after.state).toBe(d.state);
    expect(after.instructeur.login).toBe('instructeur2');
    expect(after.journal.at(-1)).toMatchObject({ event: 'ASSIGN', on: clock.today, actor: 'chef1', role: 'chef', from: d.state, to: d.state,
      payload: { instructeur: 'instructeur2', before: 'instructeur1' } });
    // The same version again is stale; the same instructeur again is no change; nobody is allowed.
    const stale = await chef.patch(`/api/dossiers/${d.id}/instructeur`, { instructeurId: ids.instructeur1, version: d.version });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'version_stale']);
    const same = await chef.patch(`/api/dossiers/${d.id}/instructeur`, { instructeurId: ids.instructeur2, version: after.version });
    expect([same.status, same.body.error.code]).toEqual([409, 'instructeur_unchanged']);
    expect(ok(await admin.patch(`/api/dossiers/${d.id}/instructeur`, { instructeurId: null, version: after.version })).instructeur).toBeNull();
    const bad = await chef.patch(`/api/dossiers/${d.id}/instructeur`, { instructeurId: 'Inès', version: after.version + 1 });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'instructeur_required']);
    expect((await chef.patch('/api/dossiers/999999/instructeur', { instructeurId: null, version: 1 })).status).toBe(404);
  });
});

describe('the list: mes dossiers, sorted and filtered on each column', () => {
  const list = async (who: Client, q: string) => ok(await who.get(`/api/dossiers?${q}`));

  it('mine=1 lists the dossiers the caller is in charge of; instructeur=<id> and none filter by who is in charge', async () => {
    const mine = (await list(instructeur, 'mine=1&limit=200')).items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((i: any) => i.instructeur?.login === 'instructeur1')).toBe(true);
    const hers = (await list(instructeur2, 'mine=1&limit=200')).items;
    expect(hers.length).toBeGreaterThan(0);
    expect(hers.every((i: any) => i.instructeur?.login === 'instructeur2')).toBe(true);
    const all = (await list(chef, 'limit=200')).items;
    expect(mine.map((i: any) => i.id).sort()).toEqual(all.filter((i: any) => i.instructeur?.login === 'instructeur1').map((i: any) => i.id).sort());
    expect((await list(chef, `instructeur=${ids.instructeur2}&limit=200`)).items.map((i: any) => i.id).sort())
      .toEqual(all.filter((i: any) => i.instructeur?.login === 'instructeur2').map((i: any) => i.id).sort());
    expect((await list(chef, 'instructeur=none&limit=200')).items.map((i: any) => i.id).sort())
      .toEqual(all.filter((i: any) => i.instructeur === null).map((i: any) => i.id).sort());
  });

  it('sorts on each column, both ways, and pages any order without gaps or repeats', async () => {
    await file(guichet, { applicant: COMPANY, type: 'DP', filedOn: '2026-10-01', works: { description: 'Abri de jardin' } });
    const all = (await list(chef, 'limit=200')).items;
    const key: Record<string, (i: any) => string> = {
      number: (i) => i.number.replace(/\s/g, ''), type: (i) => i.type, applicant: (i) => i.applicantName.toLowerCase(), commune: (i) => i.insee,
      filed: (i) => i.filedOn, state: (i) => i.state, instructeur: (i) => (i.instructeur?.name ?? i.instructeur?.login ?? '\uffff').toLowerCase(),
    };
    for (const [sort, k] of Object.entries(key)) {
      for (const order of ['asc', 'desc']) {
        const items = (await list(chef, `sort=${sort}&order=${order}&limit=200`)).items;
        const keys = items.filter((i: any) => sort !== 'instructeur' || i.instructeur).map(k);
        expect(keys, `${sort} ${order}`).toEqual([...keys].sort((a, b) => (order === 'asc' ? 1 : -1) * (a < b ? -1 : a > b ? 1 : 0)));
        if (sort === 'instructeur') expect(items.findIndex((i: any) => !i.instructeur), 'nobody in charge comes last').toBeGreaterThanOrEqual(items.filter((i: any) => i.instructeur).length);
      }
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await list(chef, `sort=${sort}&limit=2${cursor ? `&after=${cursor}` : ''}`);
        seen.push(...page.items.map((i: any) => i.id));
        cursor = page.next;
        if (cursor) expect(cursor).toMatch(/^o\d+$/);
      } while (cursor);
      expect(seen.length).toBe(all.length);
      expect(new Set(seen).size).toBe(all.length);
    }
  });

  it('overdue first by deadline; filters combine with mine', async () => {
    const items = (await list(instructeur, 'mine=1&sort=deadline&limit=200')).items;
    const dues = items.map((i: any) => i.nextDue?.on ?? '9999');
    expect(dues).toEqual([...dues].sort());
    expect((await list(instructeur, 'mine=1&type=DP')).items).toEqual([]);
  });

  it('refuses an unknown order or a cursor of another kind, in French', async () => {
    for (const [q, code] of [['sort=number&order=up', 'order_unknown'], ['sort=number&after=12', 'cursor_invalid'], ['instructeur=Ivan', 'instructeur_param_invalid'], ['mine=peut-etre', 'param_not_boolean']]) {
      const res = await chef.get(`/api/dossiers?${q}`);
      expect([res.status, res.body.error.code], q).toEqual([400, code]);
    }
  });

  it('élus see no one in charge, and may not ask who is', async () => {
    const item = (await list(elu, 'limit=1')).items[0];
    expect(item).not.toHaveProperty('instructeur');
    for (const q of ['mine=1', `instructeur=${ids.instructeur1}`, 'sort=instructeur', 'sort=applicant']) {
      expect((await elu.get(`/api/dossiers?${q}`)).status, q).toBe(403);
    }
  });
});

describe('notes and journal', () => {
  const SECRET = 'Le voisin a téléphoné : litige sur la limite — à vérifier';

  it('staff write private notes on a dossier and read them back, with author and time', async () => {
    const d = await file(instructeur);
    const note = ok(await instructeur.post(`/api/dossiers/${d.id}/notes`, { body: `  ${SECRET}  ` }), 201);
    expect(note).toEqual({ id: expect.any(Number), body: SECRET, author: 'instructeur1', authorName: null, role: 'instructeur', createdAt: expect.any(String) });
    ok(await chef.post(`/api/dossiers/${d.id}/notes`, { body: 'Vu, on en parle jeudi.' }), 201);
    expect(ok(await guichet.get(`/api/dossiers/${d.id}/notes`)).map((n: any) => [n.author, n.body])).toEqual([['instructeur1', SECRET], ['chef1', 'Vu, on en parle jeudi.']]);
    // A note is no event: the dossier's version and journal do not change.
    expect(ok(await instructeur.get(`/api/dossiers/${d.id}`)).version).toBe(d.version);
    for (const [body, code] of [[{ body: '   ' }, 'note_empty'], [{ body: 'x'.repeat(4001) }, 'note_too_long'], [{ text: 'x' }, 'field_unknown']] as const) {
      const res = await instructeur.post(`/api/dossiers/${d.id}/notes`, body);
      expect([res.status, res.body.error.code]).toEqual([400, code]);
    }
    expect((await instructeur.get('/api/dossiers/999999/notes')).status).toBe(404);
  });

  it('notes never reach élus nor the public', async () => {
    const d = (await instructeur.get('/api/dossiers?limit=1')).body.items[0];
    ok(await instructeur.post(`/api/dossiers/${d.id}/notes`, { body: SECRET }), 201);
    expect((await elu.get(`/api/dossiers/${d.id}/notes`)).status).toBe(403);
    expect((await elu.post(`/api/dossiers/${d.id}/notes`, { body: 'x' })).status).toBe(403);
    expect(JSON.stringify(ok(await elu.get(`/api/dossiers/${d.id}`)))).not.toContain('voisin');
    expect(JSON.stringify(ok(await elu.get(`/api/dossiers/${d.id}/journal`)))).not.toContain('voisin');
    const { rows } = await db.knex.raw(`SELECT
      (SELECT count(*) FROM elu_dossiers e WHERE e::text LIKE '%voisin%')::int
      + (SELECT count(*) FROM elu_dossier_events e WHERE e::text LIKE '%voisin%')::int
      + (SELECT count(*) FROM public_autorisations p WHERE p::text LIKE '%voisin%')::int
      + (SELECT count(*) FROM stats_dossiers s WHERE s::text LIKE '%voisin%')::int AS n`);
    expect(rows[0].n).toBe(0);
  });

  it('the journal says who did what and when: legal date and date of entry, login, name and role; élus get it without who', async () => {
    const d = await file(guichet);
    ok(await chef.patch(`/api/dossiers/${d.id}/instructeur`, { instructeurId: ids.instructeur2, version: d.version }));
    const j = ok(await instructeur.get(`/api/dossiers/${d.id}/journal`));
    expect(j).toEqual([
      { version: 1, event: 'FILE', on: '2026-11-20', recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), actor: 'guichet1', actorName: null, role: 'guichet',
        payload: expect.objectContaining({ type: 'PC' }), from: null, fromLabel: null, to: d.state, toLabel: d.stateLabel },
      { version: 2, event: 'ASSIGN', on: clock.today, recordedAt: expect.any(String), actor: 'chef1', actorName: null, role: 'chef',
        payload: { instructeur: 'instructeur2', before: null }, from: d.state, fromLabel: d.stateLabel, to: d.state, toLabel: d.stateLabel },
    ]);
    const ej = ok(await elu.get(`/api/dossiers/${d.id}/journal`));
    expect(ej.map((e: any) => Object.keys(e).sort())).toEqual(ej.map(() => ['event', 'from', 'fromLabel', 'on', 'recordedAt', 'role', 'to', 'toLabel', 'version']));
    expect(JSON.stringify(ej)).not.toMatch(/instructeur2|chef1|guichet1/);
  });
});
