import { describe, expect, it } from 'vitest';
import {
  ETATS, ETAT_SYMBOLS, etatKey, etatLabel, matches, monthLabel, NO_FILTER, parsePublicRoute, previousMonth,
  autorisationHash, registreHash, shapePoints, symbolSvg,
} from './etats.ts';
import { applicantText, describeAutorisation, linkedLine, worksText } from './card.ts';
import type { PublicRecord } from './api.ts';
import { isPublished, mayEditObjet } from './staff.ts';

describe('public states', () => {
  it('reads the server state whatever its accents, case or separators', () => {
    expect(etatKey('accorde')).toBe('accorde');
    expect(etatKey('Accordé')).toBe('accorde');
    expect(etatKey('en cours')).toBe('en_cours');
    expect(etatKey('en-cours')).toBe('en_cours');
    expect(etatLabel('perime')).toBe('Périmé');
    expect(etatLabel('inconnu')).toBe('inconnu');
  });

  it('never tells two states apart by colour alone: each (colour, shape) pair is unique and each colour is unique', () => {
    const pairs = ETATS.map((e) => `${ETAT_SYMBOLS[e].color}|${ETAT_SYMBOLS[e].shape}`);
    expect(new Set(pairs).size).toBe(ETATS.length);
    expect(new Set(ETATS.map((e) => ETAT_SYMBOLS[e].color)).size).toBe(ETATS.length);
    // States of one family share a shape but differ in colour: granted, tacitly granted.
    expect(ETAT_SYMBOLS.accorde.shape).toBe(ETAT_SYMBOLS.tacite.shape);
  });

  it('draws the legend swatch as the map symbol: a white halo under a dark outline', () => {
    const svg = symbolSvg('refuse');
    expect(svg).toContain('<polygon');
    expect(svg).toContain('fill="#d55e00"');
    expect(svg).toContain('stroke="#ffffff"');
    expect(svg).toContain('stroke="#1a1a1a"');
    expect(symbolSvg('en_cours')).toContain('<circle');
    expect(shapePoints('cross')).toHaveLength(12);
    expect(shapePoints('triangle')).toHaveLength(3);
  });
});

describe('filter of the public layer', () => {
  const f = { num_dau: 'PC 096001 26 X0001', type_dau: 'PC', etat_dau: 'accorde', annee: 2026 };

  it('lets everything through when empty', () => {
    expect(matches(f, NO_FILTER)).toBe(true);
  });

  it('keeps a feature only when it has the chosen type, state and year of filing', () => {
    expect(matches(f, { type: 'PC', etat: '', annee: '' })).toBe(true);
    expect(matches(f, { type: 'DP', etat: '', annee: '' })).toBe(false);
    expect(matches(f, { type: '', etat: 'accorde', annee: '2026' })).toBe(true);
    expect(matches(f, { type: '', etat: 'refuse', annee: '' })).toBe(false);
    expect(matches(f, { type: '', etat: '', annee: '2025' })).toBe(false);
  });

});

describe('public routes', () => {
  it('reads a permit number with spaces from the hash, and writes it back encoded', () => {
    const hash = autorisationHash('PC 096001 26 X0001');
    expect(hash).toBe('#autorisation/PC%20096001%2026%20X0001');
    expect(parsePublicRoute(hash)).toEqual({ view: 'autorisation', number: 'PC 096001 26 X0001' });
    expect(parsePublicRoute('#autorisation/%E0%A4%A')).toEqual({ view: 'autorisation', number: '%E0%A4%A' });
    expect(parsePublicRoute('#autorisation/')).toEqual({ view: 'none' });
  });

  it('reads the register with or without its commune and month', () => {
    expect(parsePublicRoute('#registre')).toEqual({ view: 'registre', commune: null, mois: null });
    expect(parsePublicRoute(registreHash('96001', '2026-03'))).toEqual({ view: 'registre', commune: '96001', mois: '2026-03' });
    expect(parsePublicRoute('#registre/2A004/2026-13')).toEqual({ view: 'registre', commune: '2A004', mois: null });
    expect(parsePublicRoute('#dossiers')).toEqual({ view: 'none' });
    expect(parsePublicRoute('')).toEqual({ view: 'none' });
  });

  it('names months in French', () => {
    expect(monthLabel('2026-03')).toBe('mars 2026');
    expect(monthLabel('2026-08')).toBe('août 2026');
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-11')).toBe('2026-10');
  });
});

describe('card of a permit', () => {
  const record: PublicRecord = {
    num_dau: 'PC 096001 26 X0001', type_dau: 'PC', num_dau_parent: null, etat_dau: 'accorde', comm: '96001', date_reelle_depot: '2026-01-15',
    date_decision: '2026-04-10', date_reelle_autorisation: '2026-04-10', date_affichage: null, date_reelle_doc: null,
    date_reelle_daact: null, date_retrait: null, date_peremption: null, cat_dem: 'personne_morale', denom_dem: 'SCI Les Tilleuls',
    siren_dem: '123456789', nature_projet: 'construction_neuve', surface_plancher_creee: 140, nb_lgt_tot_crees: 2,
    destination_principale: 'habitation', objet_affiche: 'Maison individuelle', parcelles: ['96001000AB0003'], longitude: 3, latitude: 46,
  };

  it('shows the public fields, French dates and a link to the public page', () => {
    const d = describeAutorisation({ ...record }, { 96001: 'Terrier-sur-Lande' });
    const value = (label: string) => d.rows.find((r) => r.label === label)?.value;
    expect(d.title).toBe('PC 096001 26 X0001');
    expect(value('Type')).toBe('Permis de construire');
    expect(value('État')).toBe('Accordé');
    expect(value('Déposé le')).toBe('15/01/2026');
    expect(value('Commune')).toBe('Terrier-sur-Lande (96001)');
    expect(value('Travaux')).toBe('Construction neuve · Habitation · 140 m² de surface de plancher créée · 2 logements');
    expect(value('Demandeur')).toBe('SCI Les Tilleuls — SIREN 123456789');
    expect(d.link).toEqual({ href: '#autorisation/PC%20096001%2026%20X0001', text: 'Voir la fiche publique' });
  });

  it('makes do with the few fields of a tile', () => {
    const d = describeAutorisation({ num_dau: 'DP 096001 26 X0002', type_dau: 'DP', etat_dau: 'en_cours', annee: 2026, objet_affiche: null });
    expect(d.rows.map((r) => [r.label, r.value])).toEqual([
      ['Numéro', 'DP 096001 26 X0002'], ['Type', 'Déclaration préalable'], ['État', 'En cours d’instruction'], ['Déposé le', 'en 2026'],
    ]);
  });

  it('lists a linked record on its permit’s page as a link to its own page, with its decision when it has one', () => {
    const mod = { ...record, num_dau: 'PC 096001 26 X0001M01', type_dau: 'modificatif' as const, num_dau_parent: record.num_dau, date_reelle_depot: '2026-06-02',
      date_decision: '2026-07-20', typeLabel: 'Permis modificatif', etatLabel: 'Accordé' };
    expect(linkedLine(mod)).toEqual({ href: autorisationHash(mod.num_dau), number: mod.num_dau, text: 'Permis modificatif, déposé le 02/06/2026 — accordé le 20/07/2026' });
    const doc = { ...mod, num_dau: 'PC 096001 26 X0001DOC01', type_dau: 'DOC' as const, date_decision: null, typeLabel: 'Déclaration d’ouverture de chantier', etatLabel: 'Travaux commencés' };
    expect(linkedLine(doc).text).toBe('Déclaration d’ouverture de chantier, déposé le 02/06/2026');
  });

  it('never names a natural person', () => {
    expect(applicantText({ cat_dem: 'personne_physique', denom_dem: null, siren_dem: null })).toBe('Particulier (non publié)');
    expect(worksText({})).toBe('');
  });
});

describe('months of the register', () => {
  it('offers this month and the five years before, newest first, and a chosen older one', async () => {
    const { monthChoices } = await import('./register.ts');
    const months = monthChoices('2026-03', '2026-02');
    expect(months).toHaveLength(61);
    expect(months.slice(0, 3)).toEqual(['2026-03', '2026-02', '2026-01']);
    expect(months.at(-1)).toBe('2021-03');
    expect(monthChoices('2026-03', '2019-07').at(-1)).toBe('2019-07');
  });
});

describe('publication on the desk', () => {
  it('publishes permits and declarations of their own, never a CU nor a follow-up', () => {
    expect(isPublished({ type: 'PC', parent: null })).toBe(true);
    expect(isPublished({ type: 'DP', parent: null })).toBe(true);
    expect(isPublished({ type: 'CUb', parent: null })).toBe(false);
    expect(isPublished({ type: 'PC', parent: { id: 1, number: 'PC 096001 26 X0001' } })).toBe(false);
  });

  it('lets the instructeur and the admin write the objet affiché, not the élu', () => {
    expect(['guichet', 'instructeur', 'signataire', 'elu', 'admin'].filter(mayEditObjet)).toEqual(['instructeur', 'admin']);
  });
});
