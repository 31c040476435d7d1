// The SQL of a vector tile, for one layer of the registry (server/layers/registry.ts). Two forms share
// every step up to tile coordinates: each feature found through the GiST index (tile envelope, grown by
// the buffer, in Lambert-93), projected to Web Mercator, clipped to the buffered tile, simplified below
// FULL_DETAIL_ZOOM. Then
//   - mvtSql: ST_AsMVTGeom + ST_AsMVT, the whole tile made by PostGIS in one statement (PostgreSQL);
//   - featuresSql: the same geometry moved to tile coordinates (ST_Affine) and snapped to the integer
//     grid (ST_SnapToGrid), as WKB, for encode.ts (PGlite, whose PostGIS has no protobuf).
// Label points (one per feature, in the one tile that holds its ST_PointOnSurface) go to a second layer
// "<name>_labels", so that a label is drawn once even when its feature spans several tiles.
import { readVersion, type VersionTable } from '../data-version.ts';
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { LayerDef } from '../layers/registry.ts';
import { BUFFER, EXTENT, simplifyTolerance, type Tile } from './tile.ts';

export type Sql = { sql: string; bindings: (number | string)[] };

/**
 * The version a layer's tiles are cached under: the dossiers' for the layers made from the public
 * projection of the dossiers, the reference data's for every other (server/data-version.ts). Read
 * from what the layer selects, so that a layer added over public_autorisations cannot be keyed on
 * the wrong one.
 */
export const versionTableOf = (layer: LayerDef): VersionTable => (/\bpublic_autorisations\b/.test(layer.from) ? 'dossier_version' : 'data_version');

export const labelLayerName = (layer: LayerDef) => `${layer.name}_labels`;
const withLabels = (layer: LayerDef, z: number) => layer.labelsFromZoom !== undefined && z >= layer.labelsFromZoom;

/** The tile envelope (EPSG:3857), the buffered one, the latter in Lambert-93 for the index, and the scale to tile units. */
function tileCte(tile: Tile): Sql {
  return {
    sql: `tile AS (
    SELECT env, benv,
           -- segmentized first, so that the box of the projected envelope holds its curved edges
           ST_Transform(ST_Segmentize(benv, (ST_XMax(benv) - ST_XMin(benv)) / 8), 2154) AS benv2154,
           ST_XMin(env) AS xmin, ST_YMax(env) AS ymax,
           ${EXTENT} / (ST_XMax(env) - ST_XMin(env)) AS fx, ${EXTENT} / (ST_YMax(env) - ST_YMin(env)) AS fy
    FROM (SELECT ST_TileEnvelope(?, ?, ?) AS env, ST_TileEnvelope(?, ?, ?, margin => ?) AS benv) e
  )`,
    bindings: [tile.z, tile.x, tile.y, tile.z, tile.x, tile.y, BUFFER / EXTENT],
  };
}

/** A feature's geometry in Web Mercator, clipped to the buffered tile and simplified for the zoom. */
function mercatorGeometry(z: number): string {
  const clipped = 'ST_ClipByBox2D(ST_Transform(t.geom, 3857), tile.benv)';
  const tolerance = simplifyTolerance(z);
  // Topology-preserving: a valid polygon stays valid (no spikes for ST_AsMVTGeom to cut away, which the JS
  // path could not), and one smaller than the tolerance stays a small polygon rather than vanishing.
  return tolerance > 0 ? `ST_SimplifyPreserveTopology(${clipped}, ${tolerance})` : clipped;
}

/** The label point of a feature, in Web Mercator, when it lies in this tile (half-open, so in one tile only). */
const LABEL_POINT = `
    CROSS JOIN LATERAL (SELECT ST_Transform(ST_PointOnSurface(t.geom), 3857) AS lp) l
    WHERE t.geom && tile.benv2154
      AND ST_X(l.lp) >= ST_XMin(tile.env) AND ST_X(l.lp) < ST_XMax(tile.env)
      AND ST_Y(l.lp) > ST_YMin(tile.env) AND ST_Y(l.lp) <= ST_YMax(tile.env)`;

/**
 * The whole tile as PostGIS makes it: one bytea, empty when no feature is drawn (ST_AsMVT skips null
 * geometries), and the data version it was made at (same statement, same snapshot).
 */
export function mvtSql(layer: LayerDef, tile: Tile): Sql {
  const cte = tileCte(tile);
  const labels = withLabels(layer, tile.z);
  const sql = `
  WITH ${cte.sql},
  features AS (
    SELECT (${layer.properties})::jsonb AS properties,
           ST_AsMVTGeom(${mercatorGeometry(tile.z)}, tile.env, ${EXTENT}, ${BUFFER}, true) AS geom
    FROM tile, ${layer.from}
    WHERE t.geom && tile.benv2154
  )${labels ? `,
  labels AS (
    SELECT (${layer.properties})::jsonb AS properties, ST_AsMVTGeom(l.lp, tile.env, ${EXTENT}, 0, true) AS geom
    FROM tile, ${layer.from}${LABEL_POINT}
  )` : ''}
  SELECT (SELECT version FROM ${versionTableOf(layer)}) AS version,
         coalesce((SELECT ST_AsMVT(features, ?, ${EXTENT}, 'geom') FROM features), '\\x'::bytea)${labels ? `
      || coalesce((SELECT ST_AsMVT(labels, ?, ${EXTENT}, 'geom') FROM labels), '\\x'::bytea)` : ''} AS mvt`;
  return { sql, bindings: [...cte.bindings, layer.name, ...(labels ? [labelLayerName(layer)] : [])] };
}

/**
 * Every feature of the tile in tile coordinates (integers, y down), as WKB with its properties: what
 * ST_AsMVTGeom would give, without its validity repair (a renderer fills by even-odd anyway). Like
 * it, drops lines and polygons less than half a tile unit wide and high. label = true for label points.
 */
export function featuresSql(layer: LayerDef, tile: Tile): Sql {
  const cte = tileCte(tile);
  const toTile = (g: string) => `ST_Affine(${g}, tile.fx, 0, 0, -tile.fy, -tile.xmin * tile.fx, tile.ymax * tile.fy)`;
  const sql = `
  WITH ${cte.sql},
  features AS MATERIALIZED ( -- g is computed once, not once per use below
    SELECT ${layer.properties} AS properties, ${toTile(mercatorGeometry(tile.z))} AS g
    FROM tile, ${layer.from}
    WHERE t.geom && tile.benv2154
  )
  SELECT false AS label, properties, ST_AsBinary(ST_SnapToGrid(g, 1)) AS wkb
  FROM features
  WHERE NOT ST_IsEmpty(g)
    AND (ST_Dimension(g) = 0 OR ST_XMax(g) - ST_XMin(g) >= 0.5 OR ST_YMax(g) - ST_YMin(g) >= 0.5)${withLabels(layer, tile.z) ? `
  UNION ALL
  SELECT true, ${layer.properties}, ST_AsBinary(ST_SnapToGrid(${toTile('l.lp')}, 1))
  FROM tile, ${layer.from}${LABEL_POINT}` : ''}`;
  return { sql, bindings: cte.bindings };
}

export type FeatureRow = { label: boolean; properties: Record<string, unknown>; wkb: Uint8Array };

/**
 * A name for a statement's text, so that pg prepares it once per connection (a layer's tile SQL varies
 * only with the zoom: labels or not, the simplification tolerance).
 */
export const statementName = (prefix: string, sql: string) => `${prefix}_${crypto.createHash('sha1').update(sql).digest('hex').slice(0, 12)}`;

/** A tile's bytes and the data version of the data it was made from. */
export type MadeTile = { version: number; body: Uint8Array };

export async function postgisTile(knex: Knex, layer: LayerDef, tile: Tile): Promise<MadeTile> {
  const { sql, bindings } = mvtSql(layer, tile);
  const { rows } = await knex.raw(sql, bindings).options({ name: statementName('tile_mvt', sql) });
  return { version: Number(rows[0].version), body: rows[0].mvt as Uint8Array };
}

export async function tileFeatures(knex: Knex, layer: LayerDef, tile: Tile): Promise<FeatureRow[]> {
  const { sql, bindings } = featuresSql(layer, tile);
  return (await knex.raw(sql, bindings).options({ name: statementName('tile_features', sql) })).rows;
}

/**
 * readVersion (server/data-version.ts) for a server under load: callers that arrive while a version query runs share the
 * next one, which starts after they asked, so none gets a version read before its request (which
 * could predate a write it must see). One query in flight at a time, however many tiles are asked for.
 */
export function versionReader(knex: Knex, table: VersionTable): () => Promise<number> {
  let inFlight: Promise<number> | null = null;
  let queued: Promise<number> | null = null;
  const start = () => {
    const p = readVersion(knex, table);
    inFlight = p;
    const done = () => { if (inFlight === p) inFlight = null; };
    p.then(done, done);
    return p;
  };
  return () => {
    if (!inFlight) return start();
    queued ??= inFlight.then(() => undefined, () => undefined).then(() => { queued = null; return start(); });
    return queued;
  };
}
