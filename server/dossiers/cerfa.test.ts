// The filing covers the CERFA essentials (issue #19): the land, the works with the floor area
// demolished, the pieces filed from the type's bordereau, the architect where R431-2 requires one;
// what is personal stays out of the élus' answer; a filing dated more than five years back is
// refused unless imported. Against the real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { testDb } from '../testing/db.ts';
import { loadSmallCommune } from '../testing/small-commune.ts';
import type { TestServer } from '../testing/http.ts';
import { architectNeed } from './architect.ts';
import { COMPANY, PERSON, createAccounts, dossierApp, filingBody, login, serve, type Client, type Clock } from './testing.ts';

let db: Db;
let http: TestServer;
const clock: Clock = { today: '2026-11-23' };
let guichet: Client, elu: Client;

const ok = (res: { status: number; body: any }, status = 200) => { expect(res.status, JSON.stringify(res.body)).toBe(status); return res.body; };

beforeAll(async () => {
  db = await testDb();
  await loadSmallCommune(db);
  await createAccounts(db);
  http = await serve(dossierApp(db, clock));
  [guichet, elu] = await Promise.all(['guichet1', 'elu1'].map((l) => login(http, l))) as [Client, Client];
});
afterAll(async () => { await http?.close(); await db?.close(); });

const FULL = {
  filedOn: '2026-11-20',
  applicant: { ...COMPANY, siren: '123456789', address: { street: '12 avenue des Tilleuls', postcode: '96100', city: 'Terrier-sur-Lande' }, phone: '04 90 00 00 00', email: 'contact@tilleuls.example' },
  land: { address: { street: '5 chemin du Moulin', postcode: '96100', city: 'Terrier-sur-Lande' }, area: 1200 },
  works: { description: 'Immeuble de six logements', nature: 'construction_neuve', destination: 'habitation', floorArea: 420, floorAreaDemolished: 35, footprint: 210, dwellings: 6 },
  pieces: ['PC1', 'pc 2', 'PC4'],
  architect: { lastName: 'Lemoine', firstName: 'Anne', registration: 'S12345' },
};

describe('the CERFA essentials at filing (cerfa.ts, architect.ts)', () => {
  it('a company\'s PC with land, works, pieces and architect is filed; the staff read it all with the architect required (L431-1); the élu reads none of the land, contact nor architect', async () => {
    const d = ok(await guichet.post('/api/dossiers', filingBody(FULL)), 201);
    expect(d.works).toMatchObject({ floorAreaDemolished: 35, footprint: 210, land: FULL.land, piecesFiled: ['PC1', 'PC2', 'PC4'], architect: FULL.architect });
    expect(d.applicant).toMatchObject({ siren: '123456789', phone: '04 90 00 00 00' });
    expect(d.architectNeed).toMatchObject({ required: true, reason: expect.stringMatching(/personne morale.*L431-1/) });
    const seen = JSON.stringify(ok(await elu.get(`/api/dossiers/${d.id}`)));
    for (const secret of ['Moulin', 'Lemoine', 'S12345', 'contact@tilleuls', '04 90', 'avenue des Tilleuls', 'Immeuble de six']) expect(seen).not.toContain(secret);
    expect(seen).toContain('123456789');
  });

  it('a piece outside the type\'s bordereau, an unknown land field or an architect without a name is a 400 naming it', async () => {
    const bad = await guichet.post('/api/dossiers', filingBody({ pieces: ['PC1', 'DP3'] }));
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'piece_unknown', message: expect.stringMatching(/DP3/) });
    expect((await guichet.post('/api/dossiers', filingBody({ land: { surface: 3 } }))).body.error.code).toBe('field_unknown');
    expect((await guichet.post('/api/dossiers', filingBody({ architect: { firstName: 'Anne' } }))).body.error.code).toBe('field_required');
  });

  it('a filing dated more than five years back is refused (filing_too_old) unless imported, which the journal records', async () => {
    const old = await guichet.post('/api/dossiers', filingBody({ filedOn: '2021-11-22' }));
    expect(old.status).toBe(400);
    expect(old.body.error).toMatchObject({ code: 'filing_too_old', message: expect.stringMatching(/22\/11\/2021.*plus de 5 ans \(avant le 23\/11\/2021\)/) });
    ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2021-11-23' })), 201);
    const imported = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2021-11-22', imported: true })), 201);
    expect(imported.journal[0]).toMatchObject({ event: 'FILE', payload: { imported: true } });
  });
});

describe('when an architect is required (R431-2, R441-4-1)', () => {
  it('a natural person up to 150 m² of floor area and footprint is exempt; above, or a company, is not', () => {
    expect(architectNeed('PCMI', PERSON as never, { floorArea: 150, footprint: 150 })!.required).toBe(false);
    expect(architectNeed('PCMI', PERSON as never, { floorArea: 151 })).toMatchObject({ required: true, reason: expect.stringMatching(/151 m², au-delà de 150 m²/) });
    expect(architectNeed('PC', PERSON as never, { floorArea: 90, footprint: 160 })).toMatchObject({ required: true, reason: expect.stringMatching(/^Emprise au sol de 160 m²/) });
    expect(architectNeed('PC', COMPANY as never, { floorArea: 20 })!.required).toBe(true);
  });

  it('agricultural constructions up to 800 m²; a lotissement from 2 500 m² of land; a DP never', () => {
    expect(architectNeed('PC', PERSON as never, { floorArea: 700, destination: 'exploitation_agricole_forestiere' })!.required).toBe(false);
    expect(architectNeed('PC', PERSON as never, { floorArea: 801, destination: 'exploitation_agricole_forestiere' })!.required).toBe(true);
    expect(architectNeed('PA', PERSON as never, { landArea: 2500 })!.required).toBe(true);
    expect(architectNeed('PA', PERSON as never, { landArea: 2499 })!.required).toBe(false);
    expect(architectNeed('DP', COMPANY as never, { floorArea: 30 })).toBeNull();
  });
});
