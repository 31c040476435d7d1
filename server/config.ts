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
  /** Behind a reverse proxy (HTTPS terminated there): which X-Forwarded-* hops to trust (false: none). */
  trustProxy: TrustProxy;
  /** Minutes of inactivity after which a staff session ends. */
  sessionMinutes: number;
  check: CheckLimits;
  /** The map's background sources the client may show, the first by default (none: a plain map). */
  backgrounds: Background[];
  rateLimit: RateLimits;
  /** Longest a public query may run on PostgreSQL, in ms (0: no limit); PGlite cannot interrupt one. */
  publicStatementTimeoutMs: number;
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


/** Per client address (the proxy's client when trustProxy is set), counted in this process's memory. */
export type RateLimits = {
  /** Requests per minute to the public spatial routes (checks, API Carto); 0: no limit. */
  publicPerMinute: number;
  /** Failed logins allowed per address, and per account, within the window. */
  loginFailuresPerAddress: number;
  loginFailuresPerAccount: number;
  loginWindowMinutes: number;
};

/**
 * A background map (fond de plan): XYZ tiles in Web Mercator, or a WMTS GetTile URL in the PM tile
 * matrix set with TILEMATRIX={z}&TILEROW={y}&TILECOL={x}. Chosen in the page by its name
 * (`?fond=<name>`), never by a URL; the attribution is plain text (the client escapes it).
 */
export type Background = {
  name: string; title: string; url: string; attribution: string | null; attributionUrl: string | null;
  /** The deepest zoom the server has tiles for; the map enlarges those beyond it rather than ask for missing ones. */
  maxZoom: number;
};

/**
 * IGN's public Géoplateforme WMTS (no key, Etalab licence): the default backgrounds, and presets a
 * TERRIER_BACKGROUNDS list may name ("plan-ign", "ortho-ign") beside the commune's own servers. The
 * attribution is the one IGN asks for its Géoplateforme data. Both layers go down to PM level 19.
 */
const IGN_WMTS = 'https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&STYLE=normal&TILEMATRIXSET=PM'
  + '&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}';
export const IGN_BACKGROUNDS: readonly Background[] = [
  {
    name: 'plan-ign', title: 'Plan IGN', url: `${IGN_WMTS}&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&FORMAT=image/png`,
    attribution: '© IGN – Géoplateforme', attributionUrl: 'https://geoservices.ign.fr/', maxZoom: 19,
  },
  {
    name: 'ortho-ign', title: 'Photographies aériennes (IGN)', url: `${IGN_WMTS}&LAYER=ORTHOIMAGERY.ORTHOPHOTOS&FORMAT=image/jpeg`,
    attribution: '© IGN – Géoplateforme', attributionUrl: 'https://geoservices.ign.fr/', maxZoom: 19,
  },
];

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

/**
 * Express's 'trust proxy': how many proxies in front of Terrier, or which addresses (CIDR or
 * loopback / linklocal / uniquelocal) are proxies. Never "trust every hop": the client writes the
 * left of X-Forwarded-For itself, and would pick its own address for the login rate limit.
 */
export type TrustProxy = false | number | string[];

export class ConfigError extends Error {}

function trustProxy(raw: string | undefined): TrustProxy {
  const v = raw?.trim().toLowerCase() ?? '';
  if (['', '0', 'false', 'no', 'off'].includes(v)) return false;
  if (['true', 'yes', 'on'].includes(v)) return 1; // the one proxy in front
  if (/^[1-9]$/.test(v)) return Number(v);
  const list = v.split(',').map((x) => x.trim()).filter(Boolean);
  const ok = (x: string) => ['loopback', 'linklocal', 'uniquelocal'].includes(x) || /^[0-9a-f.:]+(\/\d{1,3})?$/.test(x);
  if (list.length && list.every(ok)) return list;
  throw new ConfigError(`TERRIER_TRUST_PROXY must be false, true (one proxy), a number of proxies or a list of proxy addresses (CIDR, loopback…), got "${raw}"`);
}

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

function flag(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

const BACKGROUND_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/**
 * TERRIER_BACKGROUNDS: a JSON array whose items are { name, url, title?, attribution?, attributionUrl?,
 * maxZoom? } or the name of an IGN preset. Unset: IGN's plan and orthophotos; "aucun" or []: none.
 */
export function parseBackgrounds(raw: string | undefined): Background[] {
  if (raw === undefined || raw.trim() === '') return IGN_BACKGROUNDS.map((b) => ({ ...b }));
  if (['aucun', 'none'].includes(raw.trim().toLowerCase())) return [];
  const bad = (why: string) => new ConfigError(`TERRIER_BACKGROUNDS: ${why}`);
  let list: unknown;
  try { list = JSON.parse(raw); } catch { throw bad('must be "aucun" or a JSON array of "plan-ign", "ortho-ign" or { "name", "url", "title", "attribution", "attributionUrl", "maxZoom" }'); }
  if (!Array.isArray(list)) throw bad('must be a JSON array');
  const seen = new Set<string>();
  return list.map((item: unknown, i): Background => {
    if (typeof item === 'string') {
      const preset = IGN_BACKGROUNDS.find((p) => p.name === item);
      if (!preset) throw bad(`entry ${i}: "${item}" is no preset (${IGN_BACKGROUNDS.map((p) => `"${p.name}"`).join(', ')})`);
      if (seen.has(item)) throw bad(`the name "${item}" is given twice`);
      seen.add(item);
      return { ...preset };
    }
    const b = (item ?? {}) as Record<string, unknown>;
    const text = (key: string, max: number): string | null => {
      const v = b[key];
      if (v === undefined || v === null || v === '') return null;
      if (typeof v !== 'string' || v.length > max) throw bad(`entry ${i}: ${key} must be a string of at most ${max} characters`);
      return v.trim() || null;
    };
    const name = text('name', 32);
    if (!name || !BACKGROUND_NAME.test(name) || name === 'aucun' || name === 'none') {
      throw bad(`entry ${i}: name must be 1 to 32 lower-case letters, digits, "-" or "_" (not "aucun"), got ${JSON.stringify(b.name)}`);
    }
    if (seen.has(name)) throw bad(`the name "${name}" is given twice`);
    seen.add(name);
    const url = text('url', 2000);
    if (!url || !tileTemplate(url)) throw bad(`entry ${i} (${name}): url must be an http(s) or /-relative tile template with {z}, {x} and {y} or {-y}`);
    const attributionUrl = text('attributionUrl', 2000);
    if (attributionUrl && !/^https?:\/\/[^\s"'<>]+$/i.test(attributionUrl)) throw bad(`entry ${i} (${name}): attributionUrl must be an http(s) URL`);
    const maxZoom = b.maxZoom ?? 20;
    if (typeof maxZoom !== 'number' || !Number.isInteger(maxZoom) || maxZoom < 0 || maxZoom > 24) throw bad(`entry ${i} (${name}): maxZoom must be a whole number from 0 to 24`);
    return { name, title: text('title', 80) ?? name, url, attribution: text('attribution', 300), attributionUrl, maxZoom };
  });
}

function tileTemplate(url: string): boolean {
  if (!url.includes('{z}') || !url.includes('{x}') || !(url.includes('{y}') || url.includes('{-y}'))) return false;
  if (/[\s"'<>\\]/.test(url)) return false;
  if (url.startsWith('/') && !url.startsWith('//')) return true;
  if (!/^https?:\/\//i.test(url)) return false;
  try { new URL(url.replace(/\{-?[a-z]\}/g, '0')); return true; } catch { return false; }
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
    backgrounds: parseBackgrounds(env.TERRIER_BACKGROUNDS),
    rateLimit: {
      publicPerMinute: count('TERRIER_RATE_LIMIT_PUBLIC', env.TERRIER_RATE_LIMIT_PUBLIC, 120),
      loginFailuresPerAddress: count('TERRIER_RATE_LIMIT_LOGIN', env.TERRIER_RATE_LIMIT_LOGIN, 30),
      loginFailuresPerAccount: count('TERRIER_RATE_LIMIT_LOGIN_ACCOUNT', env.TERRIER_RATE_LIMIT_LOGIN_ACCOUNT, 5),
      loginWindowMinutes: 15,
    },
    publicStatementTimeoutMs: count('TERRIER_PUBLIC_STATEMENT_TIMEOUT_MS', env.TERRIER_PUBLIC_STATEMENT_TIMEOUT_MS, 5000),
  };
}
