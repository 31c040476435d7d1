import { describe as group, expect, it } from 'vitest';
import { describe } from './describe.ts';

const value = (d: ReturnType<typeof describe>, label: string) => d.rows.find((r) => r.label === label)?.value;

group('info panel descriptions', () => {
  it('describes a parcel with its full reference and contenance', () => {
    const d = describe('parcelles', { id: '96001000AB0037', commune: '96001', prefixe: '000', section: 'AB', numero: '0037', contenance: 1520 },
      { '96001': 'Terrier-sur-Lande' });
    expect(d.title).toBe('Parcelle 96001 000 AB 0037');
    expect(value(d, 'Référence')).toBe('96001 000 AB 0037');
    expect(value(d, 'Contenance')?.replace(/\u202f/g, ' ')).toBe('1 520 m²');
    expect(value(d, 'Commune')).toBe('96001 — Terrier-sur-Lande');
  });
  it('describes a zone with libelle, libelong and typezone', () => {
    const d = describe('zone_urba', { libelle: 'UA', libelong: 'Zone urbaine centrale', typezone: 'U' });
    expect(d.title).toBe('Zone UA');
    expect(value(d, 'Libellé long')).toBe('Zone urbaine centrale');
    expect(value(d, 'Type de zone')).toBe('U — Zone urbaine');
  });
  it('gives a zone its CNIG destination label and a link to its règlement (urlfic, else the document\'s urlreg, else the file named)', () => {
    const online = describe('zone_urba', { libelle: 'Nh', typezone: 'Nh', destdomi: '03', nomfic: '41175_reglement_20140603.pdf',
      urlfic: 'http://piece-jointe-carto.developpement-durable.gouv.fr/DEPT041A/DU/41175_Pezou_PLU.pdf' });
    expect(value(online, 'Destination dominante')).toBe('03 — destination mixte habitat / activité');
    expect(online.rows.find((r) => r.label === 'Règlement')).toMatchObject({ value: '41175_reglement_20140603.pdf',
      href: 'http://piece-jointe-carto.developpement-durable.gouv.fr/DEPT041A/DU/41175_Pezou_PLU.pdf' });
    const doc = describe('zone_urba', { libelle: 'Ucp', typezone: 'U', nomfic: '30014_reglement_20171013.pdf#page=24', urlreg: 'https://example.fr/reglement.pdf' });
    expect(doc.rows.find((r) => r.label === 'Règlement')).toMatchObject({ href: 'https://example.fr/reglement.pdf#page=24' });
    const offline = describe('zone_urba', { libelle: 'Ucp', typezone: 'U', nomfic: '30014_reglement_20171013.pdf#page=24', urlfic: null });
    expect(offline.rows.find((r) => r.label === 'Règlement')).toEqual({ label: 'Règlement', field: 'reglement',
      value: '30014_reglement_20171013.pdf, page 24 (pièce écrite du document, non publiée en ligne)' });
    expect(value(describe('zone_urba', { libelle: 'A', typezone: 'A', destdomi: '42' }), 'Destination dominante')).toBe('42');
    expect(value(describe('zone_urba', { libelle: 'A', typezone: 'A' }), 'Règlement')).toBeUndefined();
  });
  it('describes a servitude with categorie, nomsuplitt and typeass', () => {
    const d = describe('assiettes_sup', { categorie: 'AC1', suptype: 'ac1', nomsuplitt: 'Église', typeass: 'Périmètre des abords', nomass: 'Périmètre des abords', nature_geom: 'surf' });
    expect(d.title).toBe('AC1 — Monuments historiques');
    expect(value(d, 'Servitude')).toBe('Église');
    expect(value(d, 'Type d’assiette')).toBe('Périmètre des abords');
    expect(value(d, 'Assiette')).toBeUndefined();
    expect(value(d, 'Géométrie')).toBe('surfacique');
  });
  it('lists the plain attributes of an unknown layer', () => {
    const d = describe('batiments', { gid: 3, nom: null, type: '01' });
    expect(d.rows).toEqual([{ label: 'gid', value: '3' }, { label: 'type', value: '01' }]);
  });
});
