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
  /**
   * Behind reverse proxies (HTTPS terminated there): which of them to trust for X-Forwarded-*, as
   * Express's 'trust proxy' takes it: false (none), a number of hops, or their addresses/subnets.
   */
  trustProxy: TrustProxy;
  /** Minutes of inactivity after which a staff session ends. */
  sessionMinutes: number;
  check: CheckLimits;
  rateLimit: RateLimits;
  /** Longest a public query may run on PostgreSQL, in ms (0: no limit); PGlite cannot interrupt one. */
  publicStatementTimeoutMs: number;
};

export type TrustProxy = false | number | string;

/** Per client address (the proxy's client when trustProxy is set), counted in this process's memory. */
export type RateLimits = {
  /** Requests per minute to the public spatial routes (checks, API Carto); 0: no limit. */
  publicPerMinute: number;
  /** Failed logins allowed per address, and per account, within the window. */
  loginFailuresPerAddress: number;
  loginFailuresPerAccount: number;
  loginWindowMinutes: number;
};

/** Limits and tolerances of the spatial check (server/checks). */
export type CheckLimits = {
  /** An intersection smaller than this many m² is an edge contact, not a constraint. */
  edgeArea: number;
  /** …or covering less than this percentage of the subject. */
  edgeShare: number;
  /** A line prescription/servitude shorter than this many metres inside the subject is an edge contact. */
  edgeLength: number;
  /** Largest geometry accepted, in km², and most vertices. */
  maxAreaKm2: number;
  maxVertices: number;
};

export class ConfigError extends Error {}

function integer(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${name} must be an integer between 0 and 65535, got "${raw}"`);
  return n;
}

function number(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new ConfigError(`${name} must be a non-negative number, got "${raw}"`);
  return n;
}

function count(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new ConfigError(`${name} must be a whole number, 0 or more, got "${raw}"`);
  return n;
}

// true means one proxy in front: the client is the address that proxy saw, never an address a
// client wrote itself at the left of X-Forwarded-For (which `trust proxy: true` would believe).
function trustProxy(raw: string | undefined): TrustProxy {
  if (raw === undefined || raw === '') return false;
  if (/^[0-9]+$/.test(raw)) return Number(raw) || false;
  try { return flag('TERRIER_TRUST_PROXY', raw, false) ? 1 : false; } catch { /* addresses */ }
  if (!/^[0-9A-Za-z.:/,\s]+$/.test(raw)) throw new ConfigError(`TERRIER_TRUST_PROXY must be true, false, a number of proxies or their addresses (e.g. "loopback, 10.0.0.0/8"), got "${raw}"`);
  return raw;
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
    trustProxy: trustProxy(env.TERRIER_TRUST_PROXY),
    sessionMinutes: number('TERRIER_SESSION_MINUTES', env.TERRIER_SESSION_MINUTES, 480),
    check: {
      edgeArea: number('TERRIER_CHECK_EDGE_AREA', env.TERRIER_CHECK_EDGE_AREA, 1),
      edgeShare: number('TERRIER_CHECK_EDGE_SHARE', env.TERRIER_CHECK_EDGE_SHARE, 0.5),
      edgeLength: number('TERRIER_CHECK_EDGE_LENGTH', env.TERRIER_CHECK_EDGE_LENGTH, 1),
      maxAreaKm2: number('TERRIER_CHECK_MAX_AREA_KM2', env.TERRIER_CHECK_MAX_AREA_KM2, 25),
      maxVertices: number('TERRIER_CHECK_MAX_VERTICES', env.TERRIER_CHECK_MAX_VERTICES, 20000),
    },
    rateLimit: {
      publicPerMinute: count('TERRIER_RATE_LIMIT_PUBLIC', env.TERRIER_RATE_LIMIT_PUBLIC, 120),
      loginFailuresPerAddress: count('TERRIER_RATE_LIMIT_LOGIN', env.TERRIER_RATE_LIMIT_LOGIN, 30),
      loginFailuresPerAccount: count('TERRIER_RATE_LIMIT_LOGIN_ACCOUNT', env.TERRIER_RATE_LIMIT_LOGIN_ACCOUNT, 5),
      loginWindowMinutes: 15,
    },
    publicStatementTimeoutMs: count('TERRIER_PUBLIC_STATEMENT_TIMEOUT_MS', env.TERRIER_PUBLIC_STATEMENT_TIMEOUT_MS, 5000),
  };
}
