import { describe, expect, it } from 'vitest';
import { attributionHtml, chooseBackground, type Background } from './background.ts';

const PLAN: Background = { name: 'plan', title: 'Plan', url: 'https://tiles.example.org/{z}/{x}/{y}.png', attribution: '© Exemple', attributionUrl: null, maxZoom: 20 };
const ORTHO: Background = { name: 'ortho', title: 'Photographies aériennes', url: '/ortho/{z}/{x}/{y}.jpg', attribution: null, attributionUrl: null, maxZoom: 20 };
const CONFIGURED = [PLAN, ORTHO];

describe('the background map', () => {
  it('is off when the server configures none, whatever the address says', () => {
    expect(chooseBackground('', [])).toBeNull();
    expect(chooseBackground('?fond=plan', [])).toBeNull();
  });

  it('is the first configured source by default', () => {
    expect(chooseBackground('', CONFIGURED)).toBe(PLAN);
  });

  it('is picked among the configured sources by its name in ?fond=, and turned off by ?fond=aucun', () => {
    expect(chooseBackground('?fond=ortho', CONFIGURED)).toBe(ORTHO);
    expect(chooseBackground('?fond=Ortho', CONFIGURED)).toBe(ORTHO);
    expect(chooseBackground('?fond=aucun', CONFIGURED)).toBeNull();
    // The choice remembered by this browser, unless the address names one.
    expect(chooseBackground('', CONFIGURED, 'ortho')).toBe(ORTHO);
    expect(chooseBackground('', CONFIGURED, 'aucun')).toBeNull();
    expect(chooseBackground('?fond=plan', CONFIGURED, 'ortho')).toBe(PLAN);
    expect(chooseBackground('', CONFIGURED, 'gone')).toBe(PLAN);
  });

  it('never takes a URL or an attribution from the address: an unknown ?fond= falls back to the configured default', () => {
    const evil = `?fond=${encodeURIComponent('https://evil.example.com/{z}/{x}/{y}.png')}&fond_attribution=${encodeURIComponent('<img src=x onerror=alert(1)>')}`;
    expect(chooseBackground(evil, CONFIGURED)).toBe(PLAN);
    expect(chooseBackground(evil, [])).toBeNull();
    expect(chooseBackground('?fond=javascript:alert(1)//{z}', CONFIGURED)).toBe(PLAN);
  });

  it('renders its attribution as escaped text, linked only to an http(s) URL', () => {
    expect(attributionHtml(PLAN)).toBe('© Exemple');
    expect(attributionHtml({ attribution: '<img src=x onerror="alert(1)"> & co', attributionUrl: null }))
      .toBe('&#60;img src=x onerror=&#34;alert(1)&#34;&#62; &#38; co');
    expect(attributionHtml({ attribution: '© OpenStreetMap', attributionUrl: 'https://example.org/copyright?a=1&b="2"' }))
      .toBe('<a href="https://example.org/copyright?a=1&#38;b=&#34;2&#34;" target="_blank" rel="noopener noreferrer">© OpenStreetMap</a>');
    expect(attributionHtml({ attribution: 'Exemple', attributionUrl: 'javascript:alert(1)' })).toBe('Exemple');
    expect(attributionHtml(ORTHO)).toBeNull();
  });
});
