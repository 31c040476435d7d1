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
import { parseConfig, type CheckLimits, type DocumentSettings } from './config.ts';
import { documentRoutes, type DocumentRouteOptions } from './documents/routes.ts';
import { accountRoutes } from './accounts/routes.ts';
import { dossierRoutes } from './dossiers/routes.ts';
import { findRoutes } from './find/routes.ts';
import { DEFAULT_SESSION_OPTIONS, sessionMiddleware, type SessionOptions } from './accounts/sessions.ts';

const CLIENT_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../client/dist');

export type AppOptions = {
  logRequests?: boolean;
  log?: (err: unknown) => void;
  check?: CheckLimits;
  sessions?: SessionOptions;
  /** Behind a reverse proxy: trust X-Forwarded-* for the client address and HTTPS. */
  trustProxy?: boolean;
  tiles?: TileOptions;
  /** The generated documents' settings (TERRIER_LOGO, TERRIER_TEMPLATES_DIR…) and, for tests, today's date. */
  documents?: DocumentSettings & DocumentRouteOptions;
};

export function buildApp(db: Db, opts: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  if (opts.trustProxy) app.set('trust proxy', true);
  app.use(helmet({
    contentSecurityPolicy: {
      directives: {
        // Map backgrounds may come from a tile server the commune configures.
        'img-src': ["'self'", 'data:', 'blob:', 'https:'],
        'worker-src': ["'self'", 'blob:'],
      },
    },
  }));
  if (opts.logRequests) {
    app.use((req, res, next) => {
      const t = performance.now();
      res.on('finish', () => console.log(`${req.method} ${req.originalUrl} ${res.statusCode} ${(performance.now() - t).toFixed(1)}ms`));
      next();
    });
  }
  // Tiles are public and asked for by the hundred: they skip the body parser and the session lookup
  // (a logged-in browser would otherwise refresh its session once per tile).
  app.use(tileRoutes(db, opts.tiles));
  app.use(express.json({ limit: '2mb' }));
  const sessions = opts.sessions ?? DEFAULT_SESSION_OPTIONS;
  app.use(sessionMiddleware(db.knex, sessions));
  app.use(accountRoutes(db.knex, sessions));
  app.use(healthRoutes(db));
  app.use(communeRoutes(db.knex));
  app.use(layerRoutes(db.knex));
  const check = opts.check ?? parseConfig({}).check;
  app.use(checkRoutes(db.knex, check));
  app.use(apiCartoRoutes(db.knex, check.maxVertices));
  app.use(dossierRoutes(db.knex, check));
  app.use(findRoutes(db.knex));
  app.use(documentRoutes(db.knex, opts.documents ?? parseConfig({}).documents, check, opts.documents));
  app.use('/api', notFoundRoute);
  if (fs.existsSync(CLIENT_DIST)) app.use(express.static(CLIENT_DIST, { index: 'index.html' }));
  app.use(notFoundRoute);
  app.use(errorMiddleware(opts.log ?? ((err) => console.error(err))));
  return app;
}
