// A modificatif and a transfert granted are permits of their own: displayed on the land and at the
// mairie (R424-15) and withdrawable within three months of their date (L424-5), through the HTTP API
// on a real database (PGlite, or PostgreSQL with DATABASE_URL).
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
const read = async (id: number) => ok(await instructeur.get(`/api/dossiers/${id}`));

/** A dossier granted expressly: proposed and signed on `signedOn`, notified on `notifiedOn`. */
async function grant(id: number, signedOn: string, notifiedOn: string, complete: boolean) {
  if (complete) ok(await event(instructeur, id, 'DECLARE_COMPLETE', signedOn));
  ok(await event(instructeur, id, 'PROPOSE_DECISION', signedOn, { decision: 'accord' }));
  ok(await event(signataire, id, 'SIGN_DECISION', signedOn));
  return ok(await event(guichet, id, 'NOTIFY_DECISION', notifiedOn));
}
async function grantedPc(filedOn: string): Promise<number> {
  const id = ok(await guichet.post('/api/dossiers', filingBody({ filedOn })), 201).id;
  await grant(id, '2026-02-02', '2026-02-05', true);
  return id;
}
const child = async (type: string, parentId: number, filedOn: string) =>
  ok(await guichet.post('/api/dossiers', filingBody({ type, parentId, filedOn, insee: undefined, parcels: undefined })), 201).id as number;

describe('a modificatif and a transfert granted are displayed and withdrawable like any permit (R424-15, L424-5)', () => {
  it('a modificatif signed on 04/05/2026 is displayed on the land and at the mairie, then withdrawn on 03/08/2026, within the three months ending on 04/08/2026 (L424-5)', async () => {
    const pc = await grantedPc('2026-01-05');
    const m = await child('modificatif', pc, '2026-04-01');
    let d = await grant(m, '2026-05-04', '2026-05-06', false); // deemed complete on 02/05/2026 (R423-22)
    expect(d.state).toBe('accorde');
    expect(d.allowedEvents).toEqual(expect.arrayContaining(['DISPLAY_ON_SITE', 'DISPLAY_DECISION_EXTRACT', 'WITHDRAW']));
    expect(d.afterDecision).toMatchObject({ withdrawalLastDay: '2026-08-04', decisionExtract: { lastDay: '2026-05-12', displayedOn: null } });

    d = ok(await event(guichet, m, 'DISPLAY_ON_SITE', '2026-05-07'));
    expect(d.afterDecision).toMatchObject({ displayFrom: '2026-05-07', appealLastDay: '2026-07-08' });
    d = ok(await event(guichet, m, 'DISPLAY_DECISION_EXTRACT', '2026-05-11'));
    expect(d.afterDecision.decisionExtract).toEqual({ lastDay: '2026-05-12', displayedOn: '2026-05-11', displayUntil: '2026-07-11' });

    d = ok(await event(signataire, m, 'WITHDRAW', '2026-08-03', { motifs: 'Modificatif illégal', contradictoryOpenedOn: '2026-07-10' }));
    expect(d).toMatchObject({ state: 'retire', stateLabel: 'Retiré (L424-5)', allowedEvents: [] });
    expect(d.afterDecision).toMatchObject({ withdrawnOn: '2026-08-03', withdrawalContradictoryOn: '2026-07-10' });
    const row = (await db.knex.raw('SELECT public_etat(state, context) AS etat FROM dossiers WHERE id = ?', [m])).rows[0];
    expect(row.etat).toBe('retire');
    // The permit it changed stays granted.
    expect((await read(pc)).state).toBe('accorde.valide');
  });

  it('a transfert signed on 01/06/2026 can no longer be withdrawn on 02/09/2026, after the three months (L424-5)', async () => {
    const pc = await grantedPc('2026-01-06');
    const t = await child('transfert', pc, '2026-05-04');
    await grant(t, '2026-06-01', '2026-06-03', false);
    const res = await event(signataire, t, 'WITHDRAW', '2026-09-02');
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'withdrawal_late' });
    expect(res.body.error.message).toContain('01/09/2026');
    expect((await read(t)).state).toBe('accorde');
  });
});
