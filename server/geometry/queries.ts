// A user's geometry in Lambert-93, checked by PostGIS. PGlite's PostGIS answers operations on an
// invalid geometry with an empty result rather than an error, so validity is tested explicitly and an
// invalid geometry never reaches a spatial query.
import type { Knex } from 'knex';
import { badRequest } from '../errors.ts';
import type { Geometry, Srid } from './input.ts';

const LAMBERT93_SQL = `
  WITH g AS (SELECT ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(?), ?::int), 2154) AS g)
  SELECT d.valid, d.reason,
         ST_X(ST_Transform(ST_SetSRID(d.location, 2154), 4326)) AS lon,
         ST_Y(ST_Transform(ST_SetSRID(d.location, 2154), 4326)) AS lat,
         ST_Area(g.g) AS area, encode(ST_AsEWKB(g.g), 'hex') AS ewkb
  FROM g, ST_IsValidDetail(g.g) d`;

/** The geometry projected to EPSG:2154 as hex EWKB (bind it as `?::geometry`), with its area; 400 if invalid. */
export async function toLambert93(knex: Knex, geometry: Geometry, srid: Srid): Promise<{ ewkb: string; area: number }> {
  const { rows } = await knex.raw(LAMBERT93_SQL, [JSON.stringify(geometry), srid]).options({ name: 'geometry_to_l93' });
  const r = rows[0] as { valid: boolean; reason: string | null; lon: number | null; lat: number | null; area: number; ewkb: string };
  if (!r.valid) {
    const where = r.lon !== null && r.lat !== null ? ` near lon ${r.lon.toFixed(6)}, lat ${r.lat.toFixed(6)}` : '';
    throw badRequest('bad_request', `invalid geometry: ${r.reason ?? 'not valid'}${where}`, { reason: r.reason, location: r.lon !== null ? [r.lon, r.lat] : null });
  }
  return { ewkb: r.ewkb, area: r.area };
}
