// The only module that reads process.env: everything else receives a Config.
import path from 'node:path';

export type Config = {
  port: number;
  host: string;
  /** postgres://… for a real PostgreSQL + PostGIS; null means the embedded PGlite. */
  databaseUrl: string | null;
  /** Where PGlite keeps its files; null keeps the database in memory (tests). */
  dataDir: string | null;
  /** Load the fictional demo commune when the database is empty. */
  loadDemo: boolean;
  logRequests: boolean;
};

export class ConfigError extends Error {}

function integer(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${name} must be an integer between 0 and 65535, got "${raw}"`);
  return n;
}

function flag(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql://, got "${databaseUrl}"`);
  }
  const dataDir = env.TERRIER_DATA_DIR === 'memory' ? null : path.resolve(env.TERRIER_DATA_DIR || 'data/pglite');
  return {
    port: integer('PORT', env.PORT, 3000),
    host: env.HOST || '127.0.0.1',
    databaseUrl,
    dataDir,
    loadDemo: flag('TERRIER_DEMO', env.TERRIER_DEMO, true),
    logRequests: flag('TERRIER_LOG_REQUESTS', env.TERRIER_LOG_REQUESTS, env.NODE_ENV !== 'test'),
  };
}
