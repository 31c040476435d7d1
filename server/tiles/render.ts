// Makes a tile's bytes. The one place where Terrier branches on the engine (docs/architecture.md):
// PostgreSQL's PostGIS encodes the tile itself (ST_AsMVT); PGlite's has no protobuf, so the same
// tile-space geometries are encoded here in JS. jsTile also runs on PostgreSQL, which the tests and
// the benchmark use to compare the two encoders on the same data.
import { readVersion } from '../data-version.ts';
import type { Knex } from 'knex';
import type { Db } from '../db.ts';
import type { LayerDef } from '../layers/registry.ts';
import { encodeTile } from './encode.ts';
import { labelLayerName, postgisTile, tileFeatures, versionTableOf, type MadeTile } from './queries.ts';
import { EXTENT, type Tile } from './tile.ts';

export type TileRenderer = (layer: LayerDef, tile: Tile) => Promise<MadeTile>;

/**
 * The JS path. The version is read before the features: the tile is then made from data at least as
 * new as its version, never older (a write in between only makes the cache miss once more).
 */
export async function jsTile(knex: Knex, layer: LayerDef, tile: Tile): Promise<MadeTile> {
  const version = await readVersion(knex, versionTableOf(layer));
  const rows = await tileFeatures(knex, layer, tile);
  const body = encodeTile([
    { name: layer.name, extent: EXTENT, features: rows.filter((r) => !r.label) },
    { name: labelLayerName(layer), extent: EXTENT, features: rows.filter((r) => r.label) },
  ]);
  return { version, body };
}

export function tileRenderer(db: Db): TileRenderer {
  const make = db.engine === 'postgresql' ? postgisTile : jsTile;
  return (layer, tile) => make(db.knex, layer, tile);
}

/** Below its minimum zoom a layer's tile is empty whatever the data: parcels are not legible there. */
export const alwaysEmpty = (layer: LayerDef, tile: Tile) => layer.minZoom !== undefined && tile.z < layer.minZoom;
