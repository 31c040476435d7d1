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
