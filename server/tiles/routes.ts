// GET /tiles/<layer>/<z>/<x>/<y>.mvt: the public map layers as Mapbox Vector Tiles, cached in memory
// under their version (the reference data's, or the dossiers' for the public layer: versionTableOf),
// with a strong ETag (a hash of the bytes, computed once and cached with them) for browsers to revalidate.
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, RequestHandler } from 'express';
import type { Db } from '../db.ts';
import { badEscape, notFound } from '../errors.ts';
import { LAYERS, findLayer } from '../layers/registry.ts';
import { createTileCache, type CachedTile } from './cache.ts';
import { versionReader, versionTableOf } from './queries.ts';
import { alwaysEmpty, tileRenderer } from './render.ts';
import { parseTile } from './tile.ts';
import { publicCors } from '../publication/routes.ts';
import type { ServedRoute } from '../contract/route.ts';

export type TileOptions = {
  /** Bytes of encoded tiles kept in memory (default 64 MB). */
  cacheBytes?: number;
  /** Seconds a browser may reuse a tile before revalidating it (default 60: an import shows within a minute). */
  maxAge?: number;
};

export const MVT_TYPE = 'application/vnd.mapbox-vector-tile';

const etagOf = (body: Uint8Array) => `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

/** If-None-Match matches this ETag (weak comparison, as RFC 9110 prescribes for it). */
function notModified(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => { const v = t.trim().replace(/^W\//, ''); return v === '*' || v === etag; });
}

const EMPTY: CachedTile = { body: Buffer.alloc(0), etag: etagOf(new Uint8Array(0)) };

/**
 * Headers every tile answer carries, set here rather than by helmet, which app.ts mounts after the
 * tiles (its CSP and the rest are for pages; a tile needs only these). The CORP header lets other
 * sites' maps draw the tiles, as the CORS "*" does for their scripts (publicCors answers the
 * preflight; a GET needs only the origin).
 */
const TILE_HEADERS = ['X-Content-Type-Options', 'nosniff', 'Cross-Origin-Resource-Policy', 'cross-origin', 'Access-Control-Allow-Origin', '*'];

/** The one route of this module, as listRoutes (server/testing/routes.ts) reports it to the matrix and the contract. */
const TILE_ROUTE: ServedRoute = { method: 'GET', path: '/tiles/:layer/:z/:x/:y', audience: ['public'] };

/** /tiles/<layer>/<z>/<x>/<y…> of a request's URL (query string dropped), or null for any other path. */
function tilePath(url: string): [string, string, string, string] | null {
  const q = url.indexOf('?');
  const parts = (q < 0 ? url : url.slice(0, q)).split('/');
  if (parts.length !== 6 || parts[1] !== 'tiles' || parts.slice(2).some((p) => p === '')) return null;
  let layer: string;
  try { layer = decodeURIComponent(parts[2]!); } catch { throw badEscape(); }
  return [layer, parts[3]!, parts[4]!, parts[5]!];
}

/**
 * The tile route, mounted first in app.ts as a plain middleware rather than an Express route: a map
 * asks for tiles by the hundred, and the router's matching, the CORS middleware and res.set's checks
 * were a measurable part of what a small tile cost over a bare HTTP server (docs/benchmarks.md, issue 13).
 * Other methods and paths go on to the app (a POST gets the app's 404, a preflight the public CORS).
 */
export function tileRoutes(db: Db, opts: TileOptions = {}): RequestHandler & { routes: ServedRoute[] } {
  const render = tileRenderer(db);
  const currentVersion = { data_version: versionReader(db.knex, 'data_version'), dossier_version: versionReader(db.knex, 'dossier_version') };
  const cache = createTileCache(opts.cacheBytes ?? 64 * 1024 * 1024);
  const cacheControl = `public, max-age=${opts.maxAge ?? 60}`;

  async function serve(req: IncomingMessage, res: ServerResponse, [name, zRaw, xRaw, yFile]: [string, string, string, string]) {
    const layer = findLayer(name);
    if (!layer) throw notFound('layer_unknown', `Couche de tuiles inconnue : « ${name} ». Couches disponibles : ${LAYERS.map((l) => l.name).join(', ')}.`);
    const tile = parseTile(zRaw, xRaw, yFile);
    const key = `${layer.name}/${tile.z}/${tile.x}/${tile.y}`;
    // A cached tile is served only if the data has not changed since it was made (one cheap query);
    // otherwise the tile is made again, and the statement that makes it says which version it saw.
    let t: CachedTile | undefined;
    let status: 'hit' | 'miss' | 'empty' = 'empty';
    if (alwaysEmpty(layer, tile)) {
      t = EMPTY;
    } else {
      const table = versionTableOf(layer);
      const cached = cache.get(key);
      if (cached && cached.version === (await currentVersion[table]())) {
        t = cached.tile;
        status = 'hit';
      } else {
        const made = await render(layer, tile);
        // Kept as a Buffer, so that serving it again wraps nothing.
        t = { body: Buffer.from(made.body.buffer, made.body.byteOffset, made.body.byteLength), etag: etagOf(made.body) };
        cache.set(table, made.version, key, t);
        status = 'miss';
      }
    }
    // Every header in one writeHead (a flat list: no per-header validation and storage).
    const headers = [...TILE_HEADERS, 'Cache-Control', cacheControl, 'ETag', t.etag, 'X-Tile-Cache', status];
    if (notModified(req.headers['if-none-match'], t.etag)) {
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, [...headers, 'Content-Type', MVT_TYPE, 'Content-Length', String(t.body.byteLength)]).end(t.body);
  }

  const handler: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return req.method === 'OPTIONS' && req.url.startsWith('/tiles/') ? publicCors(req, res, next) : next();
    let path: ReturnType<typeof tilePath>;
    try { path = tilePath(req.url); } catch (e) { return fail(res, next, e); }
    if (!path) return next();
    serve(req, res, path).catch((e) => fail(res, next, e));
  };
  return Object.assign(handler, { routes: [TILE_ROUTE] });
}

/** An error answer (400, 404) carries the tile headers too, then the app's JSON error. */
function fail(res: ServerResponse, next: NextFunction, e: unknown) {
  for (let i = 0; i < TILE_HEADERS.length; i += 2) res.setHeader(TILE_HEADERS[i]!, TILE_HEADERS[i + 1]!);
  next(e);
}
