import { describe, expect, it } from 'vitest';
import { backgroundConfig } from './background.ts';

const TILES = 'https://tiles.example.org/{z}/{x}/{y}.png';

describe('optional background', () => {
  it('is off by default', () => {
    expect(backgroundConfig('', {})).toBeNull();
  });
  it('comes from the build-time environment', () => {
    expect(backgroundConfig('', { url: TILES, attribution: '© Exemple' })).toEqual({ url: TILES, attribution: '© Exemple' });
  });
  it('is overridden by ?fond=, and turned off by ?fond=aucun', () => {
    const q = `?fond=${encodeURIComponent('https://other.example.org/{z}/{x}/{y}.png')}&fond_attribution=Autre`;
    expect(backgroundConfig(q, { url: TILES })).toEqual({ url: 'https://other.example.org/{z}/{x}/{y}.png', attribution: 'Autre' });
    expect(backgroundConfig('?fond=aucun', { url: TILES })).toBeNull();
  });
  it('ignores what is not an http(s) tile template', () => {
    expect(backgroundConfig('?fond=javascript:alert(1)//{z}', {})).toBeNull();
    expect(backgroundConfig(`?fond=${encodeURIComponent('https://tiles.example.org/tile.png')}`, {})).toBeNull();
  });
});
