import { describe, expect, it } from 'vitest';
import { findUrl, KIND_LABELS, landingMinZoom, moveActive, resultsStatus } from './find.ts';
import { DATA_MIN_ZOOM, PARCELS_MIN_ZOOM } from './layers.ts';

describe('the search request', () => {
  it('sends the query trimmed, spaces collapsed, with the commune shown as context', () => {
    expect(findUrl('  ab   37 ', '96001')).toBe('/api/find?q=ab+37&limit=10&commune=96001');
    expect(findUrl('PC 096001 26 X0001', null, 5)).toBe('/api/find?q=PC+096001+26+X0001&limit=5');
  });

  it('asks nothing for an empty query or one longer than the server accepts (100 characters)', () => {
    expect(findUrl('   ', '96001')).toBeNull();
    expect(findUrl('A'.repeat(101), null)).toBeNull();
    expect(findUrl('A'.repeat(100), null)).not.toBeNull();
  });
});

describe('the listbox from the keyboard', () => {
  it('arrows move the active option and wrap around; Home and End jump', () => {
    expect(moveActive(-1, 'ArrowDown', 3)).toBe(0);
    expect(moveActive(0, 'ArrowDown', 3)).toBe(1);
    expect(moveActive(2, 'ArrowDown', 3)).toBe(0);
    expect(moveActive(-1, 'ArrowUp', 3)).toBe(2);
    expect(moveActive(0, 'ArrowUp', 3)).toBe(2);
    expect(moveActive(2, 'ArrowUp', 3)).toBe(1);
    expect(moveActive(1, 'Home', 3)).toBe(0);
    expect(moveActive(1, 'End', 3)).toBe(2);
  });

  it('no option is active in an empty list', () => {
    expect(moveActive(0, 'ArrowDown', 0)).toBe(-1);
  });

  it('announces the count in French', () => {
    expect(resultsStatus(0)).toBe('Aucun résultat');
    expect(resultsStatus(1)).toMatch(/^1 résultat :/);
    expect(resultsStatus(4)).toMatch(/^4 résultats :/);
  });
});

describe('where a result lands', () => {
  const base = { id: 'x', label: 'x', detail: '', commune: null, bbox: [0, 0, 1, 1] as [number, number, number, number] };
  it('a commune with parcels no farther than the parcels\' zoom, else where the PLU and servitudes are drawn; an EPCI likewise', () => {
    expect(landingMinZoom({ ...base, kind: 'commune', properties: { parcelles: true } })).toBe(PARCELS_MIN_ZOOM);
    expect(landingMinZoom({ ...base, kind: 'commune', properties: { parcelles: false } })).toBe(DATA_MIN_ZOOM);
    expect(landingMinZoom({ ...base, kind: 'epci' })).toBe(DATA_MIN_ZOOM);
    expect(landingMinZoom({ ...base, kind: 'parcel' })).toBeUndefined();
    expect(KIND_LABELS.epci).toBe('Intercommunalité');
  });
});
