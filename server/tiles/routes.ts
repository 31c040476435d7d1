// GET /tiles/<layer>/<z>/<x>/<y>.mvt: the public map layers as Mapbox Vector Tiles, cached in memory
// under the data version, with a strong ETag (a hash of the bytes) for browsers to revalidate.
import crypto from 'node:crypto';
import { Router, type Request } from 'express';
import type { Db } from '../db.ts';
import { notFound } from '../errors.ts';
import { allow } from '../accounts/roles.ts';
import { LAYERS, findLayer } from '../layers/registry.ts';
import { createTileCache, type CachedTile } from './cache.ts';
import { versionReader } from './queries.ts';
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

const EMPTY: CachedTile = { body: new Uint8Array(0), etag: etagOf(new Uint8Array(0)) };

export function tileRoutes(db: Db, opts: TileOptions = {}): Router {
  const render = tileRenderer(db);
  const currentVersion = versionReader(db.knex);
  const cache = createTileCache(opts.cacheBytes ?? 64 * 1024 * 1024);
  const cacheControl = `public, max-age=${opts.maxAge ?? 60}`;

  const r = Router();
  // Other sites and notebooks may draw the public layers.
  r.use('/tiles', publicCors);
  r.get('/tiles/:layer/:z/:x/:y', allow('public'), async (req, res) => {
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
      const cached = cache.get(key);
      if (cached && cached.version === (await currentVersion())) {
        t = cached.tile;
        status = 'hit';
      } else {
        const made = await render(layer, tile);
        t = { body: made.body, etag: etagOf(made.body) };
        cache.set(made.version, key, t);
        status = 'miss';
      }
    }
    res.set({ 'Cache-Control': cacheControl, ETag: t.etag, 'X-Tile-Cache': status });
    if (notModified(req, t.etag)) {
      res.status(304).end();
      return;
    }
    res.type(MVT_TYPE).send(Buffer.from(t.body.buffer, t.body.byteOffset, t.body.byteLength));
  });
  return r;
}
