// Never silent (issue #19): the actions offered on a dossier's GET answer are those the engine
// accepts today, the others shown disabled with the engine's own reason and date; an act without
// legal effect says so; an act already recorded is not offered again. Against the real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { testDb } from '../testing/db.ts';
import { loadSmallCommune } from '../testing/small-commune.ts';
import type { TestServer } from '../testing/http.ts';
import { createAccounts, dossierApp, filingBody, login, serve, type Client, type Clock } from './testing.ts';

let db: Db;
let http: TestServer;
const clock: Clock = { today: '2026-10-01' };
let guichet: Client, instructeur: Client, signataire: Client, elu: Client;
let id: number;

const ok = (res: { status: number; body: any }, status = 200) => { expect(res.status, JSON.stringify(res.body)).toBe(status); return res.body; };
const actionsOf = async (c: Client) => ok(await c.get(`/api/dossiers/${id}`)).actions as { event: string; enabled: boolean; reason?: string; code?: string; withoutEffect?: string }[];
const offer = (list: Awaited<ReturnType<typeof actionsOf>>, event: string) => list.find((a) => a.event === event);

beforeAll(async () => {
  db = await testDb();
  await loadSmallCommune(db);
  await createAccounts(db);
  http = await serve(dossierApp(db, clock));
  [guichet, instructeur, signataire, elu] = await Promise.all(['guichet1', 'instructeur1', 'signataire1', 'elu1'].map((l) => login(http, l))) as [Client, Client, Client, Client];
  id = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-10-01' })), 201).id;
});
afterAll(async () => { await http?.close(); await db?.close(); });

describe('the actions offered on a dossier (server/dossiers/available.ts)', () => {
  it('a PC just filed: the instructeur is offered the majoration and the request for pieces, enabled and with effect; the guichet only his own acts; the signataire and the élu nothing', async () => {
    clock.today = '2026-10-10';
    const mine = await actionsOf(instructeur);
    expect(offer(mine, 'NOTIFY_MAJORATION')).toMatchObject({ enabled: true, label: expect.stringMatching(/majoration/) });
    expect(offer(mine, 'REQUEST_PIECES')).toEqual(expect.objectContaining({ enabled: true }));
    expect(offer(mine, 'REQUEST_PIECES')!.withoutEffect).toBeUndefined();
    expect(offer(mine, 'SIGN_DECISION')).toBeUndefined();
    const desk = await actionsOf(guichet);
    expect(desk.map((a) => a.event)).not.toContain('NOTIFY_MAJORATION');
    expect(offer(desk, 'DISPLAY_FILING_NOTICE')).toMatchObject({ enabled: true });
    expect(await actionsOf(signataire)).toEqual([]);
    expect(await actionsOf(elu)).toEqual([]);
  });

  it('an act recorded is not offered again (the avis de dépôt displayed)', async () => {
    const d = ok(await guichet.get(`/api/dossiers/${id}`));
    const after = ok(await guichet.post(`/api/dossiers/${id}/events`, { type: 'DISPLAY_FILING_NOTICE', on: '2026-10-10', version: d.version }));
    expect(after.actions.map((a: { event: string }) => a.event)).not.toContain('DISPLAY_FILING_NOTICE');
    expect((await actionsOf(instructeur)).map((a) => a.event)).not.toContain('DISPLAY_FILING_NOTICE');
  });

  it('past the month after filing: the majoration is shown disabled with the engine\'s reason and date (R423-18), the same the engine answers when posted; a request for pieces says it is without effect', async () => {
    clock.today = '2026-11-23';
    const mine = await actionsOf(instructeur);
    const m = offer(mine, 'NOTIFY_MAJORATION')!;
    expect(m).toMatchObject({ enabled: false, code: 'majoration_late' });
    expect(m.reason).toMatch(/dernier jour était le 01\/11\/2026/);
    const d = ok(await instructeur.get(`/api/dossiers/${id}`));
    const res = await instructeur.post(`/api/dossiers/${id}/events`, { type: 'NOTIFY_MAJORATION', on: '2026-11-23', version: d.version, payload: { majorations: ['R423-24 c'] } });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(m.reason);
    const p = offer(mine, 'REQUEST_PIECES')!;
    expect(p.enabled).toBe(true);
    expect(p.withoutEffect).toMatch(/ne suspend pas le délai d’instruction/);
  });

  it('every action offered enabled is accepted by the engine today', async () => {
    const d = ok(await instructeur.get(`/api/dossiers/${id}`));
    const simple = d.actions.filter((a: { enabled: boolean; event: string }) => a.enabled && ['DECLARE_COMPLETE', 'DISPLAY_FILING_NOTICE'].includes(a.event));
    for (const a of simple) {
      const fresh = ok(await instructeur.get(`/api/dossiers/${id}`));
      ok(await instructeur.post(`/api/dossiers/${id}/events`, { type: a.event, on: clock.today, version: fresh.version }));
    }
    const proposal = ok(await instructeur.get(`/api/dossiers/${id}`));
    expect(offer(proposal.actions, 'PROPOSE_DECISION')).toMatchObject({ enabled: true });
    const proposed = ok(await instructeur.post(`/api/dossiers/${id}/events`, { type: 'PROPOSE_DECISION', on: clock.today, version: proposal.version, payload: { decision: 'accord', motifs: 'Projet conforme au PLU.' } }));
    expect(proposed.actions.map((a: { event: string }) => a.event)).not.toContain('SIGN_DECISION');
    expect(offer(await actionsOf(signataire), 'SIGN_DECISION')).toMatchObject({ enabled: true, label: 'Signature de la décision' });
  });
});
