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
         legal_area(g.g) AS area, encode(ST_AsEWKB(g.g), 'hex') AS ewkb
  FROM g, ST_IsValidDetail(g.g) d`;

// GEOS's reasons (ST_IsValidDetail), most specific first, as a stable code and a French explanation.
const INVALIDITIES: [RegExp, string, string][] = [
  [/ring self-intersection/i, 'geometry_ring_self_intersection', 'un anneau se recoupe lui-même'],
  [/self-intersection/i, 'geometry_self_intersection', 'le contour se recoupe (auto-intersection)'],
  [/hole lies outside shell/i, 'geometry_hole_outside_shell', 'un trou sort du contour extérieur'],
  [/nested holes/i, 'geometry_nested_holes', 'un trou est contenu dans un autre'],
  [/nested shells/i, 'geometry_nested_shells', 'un polygone est contenu dans un autre du même ensemble'],
  [/interior is disconnected/i, 'geometry_interior_disconnected', 'les trous coupent l’intérieur en plusieurs morceaux'],
  [/too few points/i, 'geometry_too_few_points', 'un élément a trop peu de points'],
  [/duplicate rings/i, 'geometry_duplicate_rings', 'un anneau est répété'],
  [/invalid coordinate/i, 'geometry_invalid_coordinate', 'une coordonnée n’est pas un nombre fini'],
  [/ring is not closed/i, 'geometry_ring_not_closed', 'un anneau n’est pas fermé'],
];

function invalidity(reason: string | null): [string, string] {
  const hit = INVALIDITIES.find(([re]) => re.test(reason ?? ''));
  return hit ? [hit[1], hit[2]] : ['geometry_invalid', 'elle ne respecte pas les règles de validité de l’OGC'];
}

/**
 * The geometry projected to EPSG:2154 as hex EWKB (bind it as `?::geometry`), with its area in its
 * territory's legal projection (migration 024); 400 if invalid.
 */
export async function toLambert93(knex: Knex, geometry: Geometry, srid: Srid): Promise<{ ewkb: string; area: number }> {
  const { rows } = await knex.raw(LAMBERT93_SQL, [JSON.stringify(geometry), srid]).options({ name: 'geometry_to_l93' });
  const r = rows[0] as { valid: boolean; reason: string | null; lon: number | null; lat: number | null; area: number; ewkb: string };
  if (!r.valid) {
    const where = r.lon !== null && r.lat !== null ? ` près du point lon ${r.lon.toFixed(6)}, lat ${r.lat.toFixed(6)}` : '';
    const [code, what] = invalidity(r.reason);
    // GEOS's English reason stays out of the answer: the code says the same, stably.
    throw badRequest(code, `Géométrie invalide : ${what}${where}.`, { location: r.lon !== null ? [r.lon, r.lat] : null });
  }
  return { ewkb: r.ewkb, area: r.area };
}
