import { describe, expect, it } from 'vitest';
import { checkDescriptions, type CheckResult } from './check.ts';

const result: CheckResult = {
  subject: { parcels: ['96001000AB0001'], geometry: false, area: 10000 },
  tolerance: { area: 1, share: 0.5, length: 1 },
  zones: [
    { layer: 'zone_urba', gid: 1, area: 6000, share: 60, properties: { libelle: 'UA', typezone: 'U' } },
    { layer: 'zone_urba', gid: 2, area: 4000, share: 40, properties: { libelle: 'A', typezone: 'A' } },
  ],
  prescriptions: [{ layer: 'prescription', gid: 3, length: 60, properties: { libelle: 'Haie à protéger' } }],
  informations: [],
  servitudes: [{ layer: 'servitude', gid: 4, area: 10000, share: 100, properties: { categorie: 'AC1', nomsuplitt: 'Église Saint-Martin' } }],
  edgeContacts: [{ layer: 'zone_urba', gid: 5, area: 0, share: 0, properties: { libelle: 'N', typezone: 'N' } }],
  consequences: [{ code: 'abf_abords', label: 'Abords de monument historique', article: 'R423-24 c', consultation: 'ABF',
    majoration: { article: 'R423-24 c', months: 1, mode: 'add' } }],
};

describe('the spatial check in the parcel panel', () => {
  it('lists zones with their shares, lines by length, servitudes, edge contacts apart, in French', () => {
    const [check] = checkDescriptions(result);
    expect(check!.rows.map((r) => [r.label, r.value.replace(/\u202f/g, ' ')])).toEqual([
      ['Surface', '10 000 m²'],
      ['Zone UA (U)', '60,0 % (6 000 m²)'],
      ['Zone A (A)', '40,0 % (4 000 m²)'],
      ['Haie à protéger', '60,0 m'],
      ['AC1 — Église Saint-Martin', '100 % (10 000 m²)'],
      ['Contacts en limite (non retenus)', 'Zone N (N)'],
    ]);
  });

  it('gives each consequence its article, consultation and delay', () => {
    const [, consequence] = checkDescriptions(result);
    expect(consequence).toEqual({ layer: 'consequence', kind: "Conséquence pour l'instruction", title: 'Abords de monument historique',
      rows: [{ label: 'Article', value: 'R423-24 c' }, { label: 'Consultation', value: 'ABF' }, { label: 'Délai', value: '+1 mois (R423-24 c)' }] });
  });

  it('where no PLU is loaded, says so instead of listing no zone', () => {
    const none: CheckResult = { ...result, zones: [], edgeContacts: [], consequences: [],
      plu: { loaded: false, message: "aucun PLU chargé ici : règlement national d'urbanisme ou document non importé" } };
    const [check] = checkDescriptions(none);
    expect(check!.rows.find((r) => r.field === 'check-no-plu')).toEqual({ label: 'PLU', field: 'check-no-plu',
      value: "aucun PLU chargé ici : règlement national d'urbanisme ou document non importé" });
    expect(checkDescriptions({ ...result, plu: { loaded: true, message: null } })[0]!.rows.some((r) => r.field === 'check-no-plu')).toBe(false);
  });
});
