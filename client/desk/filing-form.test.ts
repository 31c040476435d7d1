// The CERFA part of the filing form: what it sends, what it refuses to send, and the old filing
// dates (a month back: confirm; five years back: refused, as the server's filing_too_old).
import { describe, expect, it } from 'vitest';
import { cerfaBody, emptyCerfa, oldFiling } from './filing-form.ts';

describe('the CERFA fields of the filing form', () => {
  it('sends the applicant\'s SIREN, address and phone, the land, the works, the pieces and the architect; nothing when empty', () => {
    expect(cerfaBody(emptyCerfa(), 'person')).toEqual({ applicant: {}, works: {}, rest: {} });
    const f = { ...emptyCerfa(), siren: '123 456 789', street: '3 rue des Lilas', postcode: '96100', city: 'Terrier', phone: '06 12',
      landStreet: '5 chemin du Moulin', landArea: '1 200,5', nature: 'extension', destination: 'habitation', floorAreaDemolished: '12', footprint: '40', dwellings: '2',
      architectLastName: 'Lemoine', architectRegistration: 'S1', pieces: ['PC1', 'PC2'] };
    expect(cerfaBody(f, 'company')).toEqual({
      applicant: { siren: '123456789', address: { street: '3 rue des Lilas', postcode: '96100', city: 'Terrier' }, phone: '06 12' },
      works: { nature: 'extension', destination: 'habitation', floorAreaDemolished: 12, footprint: 40, dwellings: 2 },
      rest: { land: { address: { street: '5 chemin du Moulin' }, area: 1200.5 }, pieces: ['PC1', 'PC2'], architect: { lastName: 'Lemoine', registration: 'S1' } },
    });
    expect((cerfaBody(f, 'person') as { applicant: object }).applicant).not.toHaveProperty('siren');
  });

  it('says in French what to fix', () => {
    expect(cerfaBody({ ...emptyCerfa(), siren: '1234' }, 'company')).toBe('Le SIREN compte 9 chiffres.');
    expect(cerfaBody({ ...emptyCerfa(), dwellings: '1,5' }, 'person')).toBe('Le nombre de logements est un nombre positif entier.');
    expect(cerfaBody({ ...emptyCerfa(), footprint: '-3' }, 'person')).toBe('L’emprise au sol est un nombre positif (m²).');
  });

  it('a filing date more than a month back asks for confirmation, more than five years back is refused', () => {
    expect(oldFiling('2026-11-05', '2026-12-05')).toBeNull();
    expect(oldFiling('2026-11-04', '2026-12-05')).toEqual({ confirm: expect.stringMatching(/^Saisie d’un dossier ancien \? La date de dépôt 04\/11\/2026 remonte à plus d’un mois/) });
    expect(oldFiling('2021-12-05', '2026-12-05')).toHaveProperty('confirm');
    expect(oldFiling('2021-12-04', '2026-12-05')).toEqual({ refuse: expect.stringMatching(/04\/12\/2021 remonte à plus de 5 ans \(avant le 05\/12\/2021\)/) });
  });
});
