// Makes a tile's bytes. The one place where Terrier branches on the engine (docs/architecture.md):
// PostgreSQL's PostGIS encodes the tile itself (ST_AsMVT); PGlite's has no protobuf, so the same
// tile-space geometries are encoded here in JS. jsTile also runs on PostgreSQL, which the tests and
// the benchmark use to compare the two encoders on the same data.
import type { Knex } from 'knex';
import type { Db } from '../db.ts';
import type { LayerDef } from '../layers/registry.ts';
import { encodeTile } from './encode.ts';
import { labelLayerName, postgisTile, tileFeatures } from './queries.ts';
import { EXTENT, type Tile } from './tile.ts';

export type TileRenderer = (layer: LayerDef, tile: Tile) => Promise<Uint8Array>;

const EMPTY = new Uint8Array(0);

export async function jsTile(knex: Knex, layer: LayerDef, tile: Tile): Promise<Uint8Array> {
  const rows = await tileFeatures(knex, layer, tile);
  return encodeTile([
    { name: layer.name, extent: EXTENT, features: rows.filter((r) => !r.label) },
    { name: labelLayerName(layer), extent: EXTENT, features: rows.filter((r) => r.label) },
  ]);
}

export function tileRenderer(db: Db): TileRenderer {
  const make = db.engine === 'postgresql' ? postgisTile : jsTile;
  // Below its minimum zoom a layer's tile is empty, without a query: parcels are not legible there.
  return async (layer, tile) => (layer.minZoom !== undefined && tile.z < layer.minZoom ? EMPTY : make(db.knex, layer, tile));
}
