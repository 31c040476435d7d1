// GET /tiles/<layer>/<z>/<x>/<y>.mvt: the public map layers as Mapbox Vector Tiles, cached in memory
// under their version (the reference data's, or the dossiers' for the public layer: versionTableOf),
// with a strong ETag (a hash of the bytes, computed once and cached with them) for browsers to revalidate.
import crypto from 'node:crypto';
import { Router, type Request } from 'express';
import type { Db } from '../db.ts';
import { notFound } from '../errors.ts';
import { allow } from '../accounts/roles.ts';
import { LAYERS, findLayer } from '../layers/registry.ts';
import { createTileCache, type CachedTile } from './cache.ts';
import { versionReader, versionTableOf } from './queries.ts';
import { alwaysEmpty, tileRenderer } from './render.ts';
import { parseTile } from './tile.ts';
import { publicCors } from '../publication/routes.ts';

export type TileOptions = {
  /** Bytes of encoded tiles kept in memory (default 64 MB). */
  cacheBytes?: number;
  /** Seconds a browser may reuse a tile before revalidating it (default 60: an import shows within a minute). */
  maxAge?: number;
};

export const MVT_TYPE = 'application/vnd.mapbox-vector-tile';

const etagOf = (body: Uint8Array) => `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

/** If-None-Match matches this ETag (weak comparison, as RFC 9110 prescribes for it). */
function notModified(req: Request, etag: string): boolean {
  const header = req.get('if-none-match');
  if (!header) return false;
  return header.split(',').some((t) => { const v = t.trim().replace(/^W\//, ''); return v === '*' || v === etag; });
}

const EMPTY: CachedTile = { body: Buffer.alloc(0), etag: etagOf(new Uint8Array(0)) };

/**
 * Headers every tile answer carries, set here rather than by helmet, which app.ts mounts after the
 * tiles (its CSP and the rest are for pages; a tile needs only these). The CORP header lets other
 * sites' maps draw the tiles, as the CORS "*" does for their scripts.
 */
const TILE_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Cross-Origin-Resource-Policy': 'cross-origin' };

export function tileRoutes(db: Db, opts: TileOptions = {}): Router {
  const render = tileRenderer(db);
  const currentVersion = { data_version: versionReader(db.knex, 'data_version'), dossier_version: versionReader(db.knex, 'dossier_version') };
  const cache = createTileCache(opts.cacheBytes ?? 64 * 1024 * 1024);
  const cacheControl = `public, max-age=${opts.maxAge ?? 60}`;

  const r = Router();
  // Other sites and notebooks may draw the public layers.
  r.use('/tiles', publicCors);
  r.get('/tiles/:layer/:z/:x/:y', allow('public'), async (req, res) => {
    for (const k in TILE_HEADERS) res.setHeader(k, TILE_HEADERS[k as keyof typeof TILE_HEADERS]); // errors (400, 404) too
    const layer = findLayer(String(req.params.layer));
    if (!layer) throw notFound('layer_unknown', `Couche de tuiles inconnue : « ${req.params.layer} ». Couches disponibles : ${LAYERS.map((l) => l.name).join(', ')}.`);
    const tile = parseTile(String(req.params.z), String(req.params.x), String(req.params.y));
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
    // Written straight to the response (not res.set / res.send, which would look up charsets and
    // compare the ETag again): the fixed cost of a tile is paid by the hundred.
    res.setHeader('Cache-Control', cacheControl);
    res.setHeader('ETag', t.etag);
    res.setHeader('X-Tile-Cache', status);
    if (notModified(req, t.etag)) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.setHeader('Content-Type', MVT_TYPE);
    res.setHeader('Content-Length', t.body.byteLength);
    res.end(t.body);
  });
  return r;
}
