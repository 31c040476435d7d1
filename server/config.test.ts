import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

describe('config', () => {
  it('defaults to the embedded database on port 3000 with the demo commune', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ port: 3000, databaseUrl: null, loadDemo: true });
    expect(c.dataDir).toMatch(/data\/pglite$/);
  });

  it('DATABASE_URL switches to PostgreSQL', () => {
    expect(parseConfig({ DATABASE_URL: 'postgres://u@h:5432/terrier' }).databaseUrl).toBe('postgres://u@h:5432/terrier');
  });

  it('TERRIER_DATA_DIR=memory keeps PGlite in memory', () => {
    expect(parseConfig({ TERRIER_DATA_DIR: 'memory' }).dataDir).toBeNull();
  });

  it('a bad port, flag or URL is refused with the variable named', () => {
    expect(() => parseConfig({ PORT: 'http' })).toThrow(new ConfigError('PORT must be an integer between 0 and 65535, got "http"'));
    expect(() => parseConfig({ TERRIER_DEMO: 'maybe' })).toThrow(/TERRIER_DEMO/);
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });

  it('rate limits and the public statement timeout have defaults and are read from the environment', () => {
    expect(parseConfig({})).toMatchObject({
      rateLimit: { publicPerMinute: 120, loginFailuresPerAddress: 30, loginFailuresPerAccount: 5, loginWindowMinutes: 15 },
      publicStatementTimeoutMs: 5000,
    });
    const c = parseConfig({ TERRIER_RATE_LIMIT_PUBLIC: '0', TERRIER_RATE_LIMIT_LOGIN: '10', TERRIER_RATE_LIMIT_LOGIN_ACCOUNT: '3', TERRIER_PUBLIC_STATEMENT_TIMEOUT_MS: '250' });
    expect(c.rateLimit).toMatchObject({ publicPerMinute: 0, loginFailuresPerAddress: 10, loginFailuresPerAccount: 3 });
    expect(c.publicStatementTimeoutMs).toBe(250);
    expect(() => parseConfig({ TERRIER_RATE_LIMIT_PUBLIC: '-1' })).toThrow(/TERRIER_RATE_LIMIT_PUBLIC/);
    expect(() => parseConfig({ TERRIER_PUBLIC_STATEMENT_TIMEOUT_MS: '1.5' })).toThrow(/TERRIER_PUBLIC_STATEMENT_TIMEOUT_MS/);
  });

  it('TERRIER_TRUST_PROXY=true trusts one proxy (the client is the address it saw), or a number of hops, or addresses', () => {
    expect(parseConfig({}).trustProxy).toBe(false);
    expect(parseConfig({ TERRIER_TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(parseConfig({ TERRIER_TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(parseConfig({ TERRIER_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(parseConfig({ TERRIER_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
    expect(() => parseConfig({ TERRIER_TRUST_PROXY: 'tout le monde!' })).toThrow(/TERRIER_TRUST_PROXY/);
  });
});

describe('TERRIER_TRUST_PROXY', () => {
  it.each([
    [undefined, false], ['false', false], ['true', 1], ['2', 2],
    ['loopback', ['loopback']], ['10.0.0.0/8, 127.0.0.1', ['10.0.0.0/8', '127.0.0.1']],
  ])('%j means %j (true is the one proxy in front, never every hop)', (raw, expected) => {
    expect(parseConfig({ TERRIER_TRUST_PROXY: raw }).trustProxy).toEqual(expected);
  });

  it('refuses anything else', () => {
    expect(() => parseConfig({ TERRIER_TRUST_PROXY: 'all' })).toThrow(/TERRIER_TRUST_PROXY/);
  });
});

describe('TERRIER_BACKGROUNDS', () => {
  const tiles = 'https://tiles.example.org/{z}/{x}/{y}.png';

  it("is IGN's plan and orthophotos by default, none when told so", () => {
    expect(parseConfig({}).backgrounds.map((b) => b.name)).toEqual(['plan-ign', 'ortho-ign']);
    expect(parseConfig({}).backgrounds[0]).toMatchObject({ attribution: '© IGN – Géoplateforme', maxZoom: 19 });
    const url = new URL(parseConfig({}).backgrounds[0]!.url);
    expect([url.origin + url.pathname, url.searchParams.get('LAYER'), url.searchParams.get('TILEMATRIXSET')])
      .toEqual(['https://data.geopf.fr/wmts', 'GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2', 'PM']);
    expect(parseConfig({ TERRIER_BACKGROUNDS: 'aucun' }).backgrounds).toEqual([]);
    expect(parseConfig({ TERRIER_BACKGROUNDS: '[]' }).backgrounds).toEqual([]);
  });

  it('mixes an IGN preset with an own server', () => {
    const raw = JSON.stringify([{ name: 'plan', url: tiles, maxZoom: 18 }, 'ortho-ign']);
    expect(parseConfig({ TERRIER_BACKGROUNDS: raw }).backgrounds.map((b) => [b.name, b.maxZoom])).toEqual([['plan', 18], ['ortho-ign', 19]]);
  });

  it('lists the named sources, title defaulting to the name', () => {
    const raw = JSON.stringify([
      { name: 'plan', url: tiles, attribution: '© Exemple', attributionUrl: 'https://example.org/' },
      { name: 'ortho', title: 'Photographies', url: '/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}' },
    ]);
    expect(parseConfig({ TERRIER_BACKGROUNDS: raw }).backgrounds).toEqual([
      { name: 'plan', title: 'plan', url: tiles, attribution: '© Exemple', attributionUrl: 'https://example.org/', maxZoom: 20 },
      { name: 'ortho', title: 'Photographies', url: '/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}', attribution: null, attributionUrl: null, maxZoom: 20 },
    ]);
  });

  it.each([
    ['not JSON', 'https://tiles.example.org/{z}/{x}/{y}.png', /JSON array/],
    ['not an array', '{"name":"plan"}', /JSON array/],
    ['a bad name', JSON.stringify([{ name: 'Plan IGN', url: tiles }]), /name must be/],
    ['the name that means none', JSON.stringify([{ name: 'aucun', url: tiles }]), /name must be/],
    ['a name twice', JSON.stringify([{ name: 'plan', url: tiles }, { name: 'plan', url: tiles }]), /given twice/],
    ['a URL without {z}', JSON.stringify([{ name: 'plan', url: 'https://tiles.example.org/tile.png' }]), /url must be/],
    ['a javascript: URL', JSON.stringify([{ name: 'plan', url: 'javascript:alert(1)//{z}{x}{y}' }]), /url must be/],
    ['a protocol-relative URL', JSON.stringify([{ name: 'plan', url: '//tiles.example.org/{z}/{x}/{y}.png' }]), /url must be/],
    ['a quote in the URL', JSON.stringify([{ name: 'plan', url: 'https://tiles.example.org/{z}/{x}/{y}.png"' }]), /url must be/],
    ['an unknown preset', JSON.stringify(['plan-osm']), /no preset/],
    ['a maxZoom that is no zoom', JSON.stringify([{ name: 'plan', url: tiles, maxZoom: 30 }]), /maxZoom/],
    ['a javascript: attribution link', JSON.stringify([{ name: 'plan', url: tiles, attributionUrl: 'javascript:alert(1)' }]), /attributionUrl/],
  ])('refuses %s, naming the variable', (_what, raw, message) => {
    expect(() => parseConfig({ TERRIER_BACKGROUNDS: raw })).toThrow(ConfigError);
    expect(() => parseConfig({ TERRIER_BACKGROUNDS: raw })).toThrow(message);
  });
});

describe("the README's configuration table", () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.split(/^## Configuration$/m)[1]!.split(/^## /m)[0]!;
  const rows = section.split('\n').filter((l) => /^\| `[A-Z][A-Z0-9_]*` \|/.test(l)).map((l) => l.split('|').map((c) => c.trim()));
  const documented = rows.map((r) => r[1]!.replaceAll('`', ''));
  const read = [...new Set([...fs.readFileSync(path.join(root, 'server/config.ts'), 'utf8').matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!))];

  it('documents every variable server/config.ts reads, and only those', () => {
    expect(read.length).toBeGreaterThan(10);
    expect([...documented].sort()).toEqual([...read].sort());
  });

  it('gives each a default and a meaning', () => {
    for (const r of rows) {
      expect(r[2], r[1]).not.toBe('');
      expect(r[3]!.length, r[1]).toBeGreaterThan(5);
    }
  });

  it('states the defaults parseConfig applies to numbers and flags', () => {
    const defaults = parseConfig({ NODE_ENV: 'production' });
    const expected: Record<string, unknown> = {
      PORT: defaults.port, HOST: defaults.host, TERRIER_DEMO: defaults.loadDemo, TERRIER_LOG_REQUESTS: defaults.logRequests,
      TERRIER_TRUST_PROXY: defaults.trustProxy, TERRIER_SESSION_MINUTES: defaults.sessionMinutes,
      TERRIER_CHECK_EDGE_AREA: defaults.check.edgeArea, TERRIER_CHECK_EDGE_SHARE: defaults.check.edgeShare,
      TERRIER_CHECK_EDGE_LENGTH: defaults.check.edgeLength, TERRIER_CHECK_MAX_AREA_KM2: defaults.check.maxAreaKm2,
      TERRIER_CHECK_MAX_VERTICES: defaults.check.maxVertices,
    };
    for (const [name, value] of Object.entries(expected)) {
      const row = rows.find((r) => r[1] === `\`${name}\``);
      expect(row?.[2], name).toBe(`\`${value}\``);
    }
  });
});
