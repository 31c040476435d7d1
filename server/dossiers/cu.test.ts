// Certificats d'urbanisme after their délivrance: prorogation one year at a time (R410-17, R410-17-1)
// and the cristallisation of the rules for an application filed on their land (L410-1), through the
// HTTP API on a real database (PGlite, or PostgreSQL with DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import type { TestServer } from '../testing/http.ts';
import { filingBody, type Client, type Clock, ok, openDossierWorld, sendEvent } from './testing.ts';

let db: Db;
let http: TestServer;
const TODAY = '2027-01-15';
const clock: Clock = { today: TODAY };
let guichet: Client, instructeur: Client, signataire: Client;

beforeAll(async () => { ({ db, http, guichet, instructeur, signataire } = await openDossierWorld(clock)); });
afterAll(async () => { await http?.close(); await db?.close(); });

const event = sendEvent;
const read = async (id: number) => ok(await instructeur.get(`/api/dossiers/${id}`));
const file = async (over: Record<string, unknown>) => guichet.post('/api/dossiers', filingBody(over));

/** A positive CUb on `parcel`, signed (délivré) on 10/03/2025 and notified on 20/03/2025. */
async function deliveredCu(parcel: string): Promise<{ id: number; number: string }> {
  const cu = ok(await file({ type: 'CUb', parcels: [parcel], filedOn: '2025-02-03' }), 201);
  ok(await event(instructeur, cu.id, 'PROPOSE_DECISION', '2025-03-07', { decision: 'cu_positif' }));
  ok(await event(signataire, cu.id, 'SIGN_DECISION', '2025-03-10'));
  ok(await event(guichet, cu.id, 'NOTIFY_DECISION', '2025-03-20'));
  return { id: cu.id, number: cu.number };
}

describe('a certificat d’urbanisme is prorogeable one year at a time (R410-17, R410-17-1)', () => {
  it('a CUb delivered on 10/03/2025 (valid until 10/09/2026), prorogation asked on 01/07/2026 and unanswered for two months: acquired on 02/09/2026 (R410-17-1), valid until 10/09/2027; a PC filed on 01/12/2026 refers to it (L410-1)', async () => {
    const cu = await deliveredCu('96001000AB0004');
    let d = await read(cu.id);
    expect(d.afterDecision).toMatchObject({ validityEnd: '2026-09-10', validityArticle: 'L410-1', prorogationRequestLastDay: '2026-07-10' });

    clock.today = '2026-07-01';
    const pro = ok(await file({ type: 'prorogation', parentId: cu.id, filedOn: '2026-07-01', insee: undefined, parcels: undefined, works: undefined }), 201);
    let p = await read(pro.id);
    expect(p).toMatchObject({ baseDelay: { months: 2, article: 'R410-17-1' }, decisionDeadline: '2026-09-01', tacitOn: '2026-09-02',
      silence: { meaning: 'accord', label: 'prorogation tacite du certificat d’urbanisme', articles: ['R410-17-1'] } });

    clock.today = TODAY;
    p = await read(pro.id);
    expect(p.state).toBe('accorde');
    expect(p.decision).toMatchObject({ tacit: true, on: '2026-09-02', article: 'R410-17-1' });
    d = await read(cu.id);
    expect(d.state).toBe('accorde');
    expect(d.afterDecision).toMatchObject({ validityEnd: '2027-09-10', validityArticle: 'L410-1, R410-17', prorogationRequestLastDay: '2027-07-10',
      prorogations: [{ on: '2026-09-02', child: pro.number }] });
    expect(d.due).toContainEqual({ event: 'LAPSE', on: '2027-09-11' });

    const pc = ok(await file({ type: 'PC', parcels: ['96001000AB0004'], filedOn: '2026-12-01' }), 201);
    expect((await read(pc.id)).certificate).toEqual({ id: cu.id, number: cu.number, type: 'CUb', deliveredOn: '2025-03-10', validityEnd: '2027-09-10' });
  });

  it('a prorogation asked on 11/07/2026, less than two months before the end of validity on 10/09/2026, is refused (R410-17)', async () => {
    const cu = await deliveredCu('96001000AB0002');
    clock.today = '2026-07-11';
    const res = await file({ type: 'prorogation', parentId: cu.id, filedOn: '2026-07-11', insee: undefined, parcels: undefined, works: undefined });
    clock.today = TODAY;
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('prorogation_late');
    expect(res.body.error.message).toContain('R410-17');
    expect(res.body.error.message).toContain('10/07/2026');
  });
});

describe('an application filed within 18 months of a certificat d’urbanisme’s délivrance on the same land refers to it (cristallisation, L410-1)', () => {
  it('a CUb on AB0003 signed on 10/03/2025 and notified on 20/03/2025: a PC filed on 10/09/2026 refers to it, one filed on 11/09/2026 does not (the 18 months run from the délivrance, not the notification), nor a DP on the neighbouring parcel', async () => {
    const cu = await deliveredCu('96001000AB0003');
    clock.today = '2026-09-10';
    const within = ok(await file({ type: 'PC', parcels: ['96001000AB0003'], filedOn: '2026-09-10' }), 201);
    clock.today = TODAY;
    expect((await read(within.id)).certificate).toEqual({ id: cu.id, number: cu.number, type: 'CUb', deliveredOn: '2025-03-10', validityEnd: '2026-09-10' });

    const after = ok(await file({ type: 'PC', parcels: ['96001000AB0003'], filedOn: '2026-09-11' }), 201);
    expect((await read(after.id)).certificate).toBeNull();
    // AB0001 only touches AB0003 along their common boundary: not the same land.
    const beside = ok(await file({ type: 'DP', parcels: ['96001000AB0001'], filedOn: '2026-01-12' }), 201);
    expect((await read(beside.id)).certificate).toBeNull();
  });
});
