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
    expect(parseConfig({ TERRIER_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(() => parseConfig({ TERRIER_TRUST_PROXY: 'tout le monde!' })).toThrow(/TERRIER_TRUST_PROXY/);
  });
});
