import { describe, expect, it } from 'vitest';
import { formatArea, formatLambert93, formatWgs84, parcelLabel, parcelReference, typezoneLabel } from './format.ts';

// Intl's French grouping uses a narrow no-break space; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

describe('cadastral references', () => {
  it('splits an Etalab id into commune, prefixe, section and numero', () => {
    expect(parcelReference({ id: '96001000AB0037' })).toBe('96001 000 AB 0037');
    expect(parcelReference({ id: '2A0040000A0012' })).toBe('2A004 000 0A 0012');
  });
  it('pads the parts when the id is missing', () => {
    expect(parcelReference({ commune: '96001', prefixe: '000', section: 'B', numero: '7' })).toBe('96001 000 0B 0007');
  });
  it('labels a parcel on the map as "section numero" without leading zeros', () => {
    expect(parcelLabel({ section: 'AB', numero: '0037' })).toBe('AB 37');
    expect(parcelLabel({ section: '0A', numero: '0100' })).toBe('A 100');
  });
});

describe('French formatting', () => {
  it('formats areas in m² with French grouping', () => {
    expect(plain(formatArea(12345))).toBe('12 345 m²');
    expect(formatArea(null)).toBe('non renseignée');
  });
  it('formats Lambert-93 and WGS84 coordinates', () => {
    expect(plain(formatLambert93([700000, 6600000.04]))).toBe('X 700 000,0 m · Y 6 600 000,0 m');
    expect(formatWgs84([3, 46.5])).toBe('46,50000° N · 3,00000° E');
    expect(formatWgs84([-1.5, 43.25])).toBe('43,25000° N · 1,50000° O');
  });
  it('names the typezone', () => {
    expect(typezoneLabel('AUs')).toBe('AUs — Zone à urbaniser bloquée');
    expect(typezoneLabel('X')).toBe('X');
  });
});
