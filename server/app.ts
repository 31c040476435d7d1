// Builds the Express application from an open database; main.ts only adds listen().
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Db } from './db.ts';
import { errorMiddleware, notFoundRoute } from './errors.ts';
import { healthRoutes } from './health/routes.ts';
import { communeRoutes } from './communes/routes.ts';
import { layerRoutes } from './layers/routes.ts';
import { tileRoutes, type TileOptions } from './tiles/routes.ts';
import { checkRoutes } from './checks/routes.ts';
import { apiCartoRoutes } from './apicarto/routes.ts';
import { contractRoutes } from './contract/routes.ts';
import { parseConfig, type Background, type CheckLimits, type DocumentSettings, type RateLimits, type TrustProxy } from './config.ts';
import { backgroundRoutes, imageSources } from './backgrounds/routes.ts';
import { documentRoutes, type DocumentRouteOptions } from './documents/routes.ts';
import { accountRoutes } from './accounts/routes.ts';
import { dossierRoutes } from './dossiers/routes.ts';
import { localDate } from './dossiers/dates.ts';
import { catchUpBeforeReads } from './dossiers/freshness.ts';
import { findRoutes } from './find/routes.ts';
import { publicationRoutes, type PublicationOptions } from './publication/routes.ts';
import { statsRoutes, type StatsRouteOptions } from './stats/routes.ts';
import { DEFAULT_SESSION_OPTIONS, sessionMiddleware, type SessionOptions } from './accounts/sessions.ts';
import { loginLimiter, publicRateLimit } from './ratelimit.ts';
import { rejectUnstorableText, requestLog } from './requests.ts';
import { publicQueries } from './public-queries.ts';

const CLIENT_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../client/dist');

export type AppOptions = {
  logRequests?: boolean;
  log?: (err: unknown) => void;
  check?: CheckLimits;
  sessions?: SessionOptions;
  /** Behind reverse proxies: which to trust for X-Forwarded-* (the client address, HTTPS); true is one hop. */
  trustProxy?: boolean | TrustProxy;
  tiles?: TileOptions;
  /** TERRIER_BACKGROUNDS: the map backgrounds offered, and the only image origins allowed besides 'self'. */
  backgrounds?: Background[];
  /** Per-address limits (default: the configuration's defaults); tests pass tight ones. */
  rateLimit?: Partial<RateLimits>;
  /** statement_timeout of public queries on PostgreSQL, ms; 0: none. */
  publicStatementTimeoutMs?: number;
  publication?: PublicationOptions;
  /** The generated documents' settings (TERRIER_LOGO, TERRIER_TEMPLATES_DIR…) and, for tests, today's date. */
  documents?: DocumentSettings & DocumentRouteOptions;
  /** The élus' dashboard; tests fix its today. */
  stats?: StatsRouteOptions;
};

/** The public spatial routes: rate-limited per address, and bounded by the geometry limits. */
const PUBLIC_SPATIAL = ['/api/checks', '/api/gpu', '/api/cadastre'];

export function buildApp(db: Db, opts: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // `trust proxy: true` would believe the leftmost X-Forwarded-For entry, which the client writes.
  if (opts.trustProxy) app.set('trust proxy', opts.trustProxy === true ? 1 : opts.trustProxy);
  const defaults = parseConfig({});
  const rateLimit = { ...defaults.rateLimit, ...opts.rateLimit };
  if (opts.logRequests) app.use(requestLog());
  // Tiles are public and asked for by the hundred: they skip helmet (page headers: the tile route
  // sets the two a tile needs), the body parser and the session lookup (a logged-in browser would
  // otherwise refresh its session once per tile).
  app.use(tileRoutes(db, opts.tiles));
  app.use(helmet({
    contentSecurityPolicy: {
      directives: {
        // Map backgrounds come only from the tile servers the commune configures.
        'img-src': imageSources(opts.backgrounds ?? []),
        'worker-src': ["'self'", 'blob:'],
      },
    },
  }));
  // Counted before the body is read: a client past its limit costs no parsing and no query.
  app.use(PUBLIC_SPATIAL, publicRateLimit(rateLimit.publicPerMinute));
  // The public reads (permits, register, open data) need no session either; like every read of the
  // dossiers they show what fell due up to today (dossiers/freshness.ts).
  app.use(['/api/public', '/open-data'], catchUpBeforeReads(db.knex, () => localDate()));
  app.use(publicationRoutes(db, opts.publication));
  app.use(express.json({ limit: '2mb' }));
  app.use(rejectUnstorableText);
  const sessions = opts.sessions ?? DEFAULT_SESSION_OPTIONS;
  app.use(sessionMiddleware(db.knex, sessions));
  app.use(accountRoutes(db.knex, sessions, loginLimiter(rateLimit)));
  const log = opts.log ?? ((err) => console.error(err));
  app.use(healthRoutes(db, log));
  app.use(communeRoutes(db.knex));
  const run = publicQueries(db, opts.publicStatementTimeoutMs ?? defaults.publicStatementTimeoutMs);
  app.use(layerRoutes(db.knex, run));
  const check = opts.check ?? defaults.check;
  app.use(checkRoutes(db.knex, check, run));
  app.use(apiCartoRoutes(db.knex, check, run));
  app.use(contractRoutes());
  app.use(dossierRoutes(db.knex, check));
  app.use(findRoutes(db.knex));
  app.use(statsRoutes(db.knex, opts.stats));
  app.use(backgroundRoutes(opts.backgrounds ?? []));
  app.use(documentRoutes(db.knex, opts.documents ?? defaults.documents, check, opts.documents));
  app.use('/api', notFoundRoute);
  if (fs.existsSync(CLIENT_DIST)) app.use(express.static(CLIENT_DIST, { index: 'index.html' }));
  app.use(notFoundRoute);
  app.use(errorMiddleware(log));
  return app;
}
