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
  /** Behind a reverse proxy (HTTPS terminated there): trust its X-Forwarded-* headers. */
  trustProxy: boolean;
  /** Minutes of inactivity after which a staff session ends. */
  sessionMinutes: number;
  check: CheckLimits;
  documents: DocumentSettings;
};

/** What the generated documents (server/documents) say of their author. */
export type DocumentSettings = {
  /** A folder of .liquid templates overriding the shipped ones (server/documents/templates); null: the shipped ones. */
  templatesDir: string | null;
  /** A PNG or JPEG logo printed at the top left of every document; null: none. */
  logo: string | null;
  /** Who signs the decisions when the signing account has no name, and their capacity (CRPA L212-1). */
  signatoryName: string | null;
  signatoryCapacity: string;
  /** The authority's name on the header; null: "Commune de <name of the dossier's commune>". */
  authority: string | null;
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
    trustProxy: flag('TERRIER_TRUST_PROXY', env.TERRIER_TRUST_PROXY, false),
    sessionMinutes: number('TERRIER_SESSION_MINUTES', env.TERRIER_SESSION_MINUTES, 480),
    documents: {
      templatesDir: env.TERRIER_TEMPLATES_DIR ? path.resolve(env.TERRIER_TEMPLATES_DIR) : null,
      logo: env.TERRIER_LOGO ? path.resolve(env.TERRIER_LOGO) : null,
      signatoryName: env.TERRIER_SIGNATORY_NAME?.trim() || null,
      signatoryCapacity: env.TERRIER_SIGNATORY_CAPACITY?.trim() || 'Le maire',
      authority: env.TERRIER_AUTHORITY?.trim() || null,
    },
    check: {
      edgeArea: number('TERRIER_CHECK_EDGE_AREA', env.TERRIER_CHECK_EDGE_AREA, 1),
      edgeShare: number('TERRIER_CHECK_EDGE_SHARE', env.TERRIER_CHECK_EDGE_SHARE, 0.5),
      edgeLength: number('TERRIER_CHECK_EDGE_LENGTH', env.TERRIER_CHECK_EDGE_LENGTH, 1),
      maxAreaKm2: number('TERRIER_CHECK_MAX_AREA_KM2', env.TERRIER_CHECK_MAX_AREA_KM2, 25),
      maxVertices: number('TERRIER_CHECK_MAX_VERTICES', env.TERRIER_CHECK_MAX_VERTICES, 20000),
    },
  };
}
