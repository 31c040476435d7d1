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
});
