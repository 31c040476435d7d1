// User-given GeoJSON geometries: structure checked here, before any SQL, with a clear 400 for each
// way it can be wrong; validity and projection to Lambert-93 in ./queries.ts.
import { area as geodesicArea } from '@turf/area';
import { bbox as bboxOf } from '@turf/bbox';
import { badRequest } from '../errors.ts';
import { territoryAt } from './territories.ts';

export type Srid = 4326 | 2154;
export type Geometry =
  | { type: 'Point'; coordinates: number[] }
  | { type: 'MultiPoint' | 'LineString'; coordinates: number[][] }
  | { type: 'MultiLineString' | 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };
export type Polygonal = Extract<Geometry, { type: 'Polygon' | 'MultiPolygon' }>;
// WGS84 input is accepted in metropolitan France and the overseas départements (./territories.ts):
// elsewhere no French cadastre or PLU exists. Lambert-93 input only in metropolitan France, where it
// is the legal projection; overseas its metres are not the ground's.
const FRANCE_L93 = { minX: -378305, minY: 6005281, maxX: 1320649, maxY: 7235612 };

const CRS: Record<string, Srid> = {
  'EPSG:4326': 4326, 'urn:ogc:def:crs:EPSG::4326': 4326, 'urn:ogc:def:crs:OGC:1.3:CRS84': 4326, 'WGS84': 4326,
  'EPSG:2154': 2154, 'urn:ogc:def:crs:EPSG::2154': 2154, 'LAMBERT93': 2154,
};

export function parseCrs(raw: unknown): Srid {
  if (raw === undefined || raw === null || raw === '') return 4326;
  const key = typeof raw === 'number' ? `EPSG:${raw}` : String(raw).trim();
  const srid = CRS[key] ?? CRS[key.toUpperCase()];
  if (!srid) throw badRequest('geometry_crs_unknown', `Système de coordonnées inconnu : « ${key} ». Utilisez EPSG:4326 (WGS84, longitude/latitude) ou EPSG:2154 (Lambert-93).`);
  return srid;
}

function isPosition(p: unknown): p is number[] {
  return Array.isArray(p) && (p.length === 2 || p.length === 3) && p.every((n) => typeof n === 'number' && Number.isFinite(n));
}

function checkRing(ring: unknown, where: string): number[][] {
  if (!Array.isArray(ring) || !ring.every(isPosition)) throw badRequest('geometry_coordinates_invalid', `GeoJSON invalide : ${where} doit être une liste de positions [x, y].`);
  if (ring.length < 4) throw badRequest('geometry_ring_too_short', `GeoJSON invalide : ${where} a ${ring.length} position${ring.length > 1 ? 's' : ''} ; un anneau fermé en demande au moins 4.`);
  const [a, z] = [ring[0]!, ring[ring.length - 1]!];
  if (a[0] !== z[0] || a[1] !== z[1]) throw badRequest('geometry_ring_not_closed', `GeoJSON invalide : ${where} n’est pas fermé (sa première et sa dernière position diffèrent).`);
  return ring;
}

function checkLine(line: unknown, where: string): number[][] {
  if (!Array.isArray(line) || !line.every(isPosition)) throw badRequest('geometry_coordinates_invalid', `GeoJSON invalide : ${where} doit être une liste de positions [x, y].`);
  if (line.length < 2) throw badRequest('geometry_line_too_short', `GeoJSON invalide : ${where} demande au moins 2 positions.`);
  return line;
}

function checkPolygon(poly: unknown, where: string): void {
  if (!Array.isArray(poly) || poly.length === 0) throw badRequest('geometry_coordinates_invalid', `GeoJSON invalide : ${where} doit être une liste non vide d’anneaux.`);
  poly.forEach((ring, j) => checkRing(ring, `l’anneau ${j + 1} de ${where}`));
}

function nonEmptyArray(c: unknown, type: string): unknown[] {
  if (!Array.isArray(c) || c.length === 0) throw badRequest('geometry_coordinates_invalid', `GeoJSON invalide : les coordonnées d’un ${type} doivent être une liste non vide.`);
  return c;
}

const TYPES = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'] as const;

/**
 * Checks a GeoJSON geometry's structure (`types` restricts the accepted types); validity
 * (self-intersections…) is checked by PostGIS, which can say where.
 */
export function parseGeometry<T extends Geometry['type']>(raw: unknown, types: readonly T[] = TYPES as unknown as T[]): Extract<Geometry, { type: T }> {
  const g = raw as { type?: unknown; coordinates?: unknown } | null;
  if (!g || typeof g !== 'object' || Array.isArray(g)) throw badRequest('geometry_not_object', 'GeoJSON invalide : la géométrie doit être un objet { type, coordinates }.');
  if (g.type === 'Feature') throw badRequest('geometry_is_feature', 'GeoJSON invalide : donnez la géométrie (« geometry ») de la Feature, et non la Feature elle-même.');
  if (!types.includes(g.type as T)) {
    const polygonsOnly = types.every((t) => t === 'Polygon' || t === 'MultiPolygon');
    throw badRequest(polygonsOnly ? 'geometry_not_polygon' : 'geometry_type_unsupported',
      `GeoJSON invalide : le type de géométrie doit être ${types.join(' ou ')} ; reçu : ${JSON.stringify(g.type ?? null)}.`);
  }
  const c = g.coordinates;
  switch (g.type) {
    case 'Point': if (!isPosition(c)) throw badRequest('geometry_coordinates_invalid', 'GeoJSON invalide : les coordonnées d’un Point doivent être [x, y].'); break;
    case 'MultiPoint': if (!nonEmptyArray(c, g.type).every(isPosition)) throw badRequest('geometry_coordinates_invalid', 'GeoJSON invalide : les coordonnées d’un MultiPoint doivent être des positions [x, y].'); break;
    case 'LineString': checkLine(c, 'la LineString'); break;
    case 'MultiLineString': nonEmptyArray(c, g.type).forEach((l, i) => checkLine(l, `la ligne ${i + 1}`)); break;
    case 'Polygon': checkPolygon(c, 'le polygone'); break;
    case 'MultiPolygon': nonEmptyArray(c, g.type).forEach((p, i) => checkPolygon(p, `le polygone ${i + 1}`)); break;
  }
  return g as Extract<Geometry, { type: T }>;
}

function positions(g: Geometry): number[][] {
  switch (g.type) {
    case 'Point': return [g.coordinates];
    case 'MultiPoint': case 'LineString': return g.coordinates;
    case 'MultiLineString': case 'Polygon': return g.coordinates.flat();
    case 'MultiPolygon': return g.coordinates.flat(2);
  }
}

/** The most a public request may ask the database to work on. */
export type GeometryLimits = { maxVertices: number; maxAreaKm2: number };

// French figures: 20 002 sommets, 812 km², 25,04 km², 0,0016 km².
const fr = (n: number) => n.toLocaleString('fr-FR', n >= 100 ? { maximumFractionDigits: 0 } : { maximumSignificantDigits: 4 });

// Shoelace area of a ring in projected metres (Lambert-93 input).
const ringArea = (ring: number[][]) => Math.abs(ring.reduce((s, [x, y], i) => {
  const [x2, y2] = ring[(i + 1) % ring.length]!;
  return s + x! * y2! - x2! * y!;
}, 0)) / 2;

const planarArea = (polygons: number[][][][]) =>
  polygons.reduce((s, [outer, ...holes]) => s + ringArea(outer!) - holes.reduce((h, r) => h + ringArea(r), 0), 0);

/** km² of a surface: geodesic for WGS84 (within a few per mille of Lambert-93's), planar for Lambert-93. */
export function areaKm2(g: Geometry, srid: Srid): number {
  if (srid === 4326) return geodesicArea(g) / 1e6;
  return planarArea((g.type === 'MultiPolygon' ? g.coordinates : [g.coordinates]) as number[][][][]) / 1e6;
}

/** km² of a geometry's bounding box, which is what a spatial index hands the database to look at. */
export function extentKm2(g: Geometry, srid: Srid): number {
  const [x0, y0, x1, y1] = bboxOf(g) as [number, number, number, number];
  if (x0 === x1 || y0 === y1) return 0;
  if (srid === 2154) return ((x1 - x0) * (y1 - y0)) / 1e6;
  return geodesicArea({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] }) / 1e6;
}

/**
 * The bounding box may be this many times the area limit: two specks at both ends of France have a
 * tiny area but make the index return everything between them; a compact footprint's box is under
 * twice its area, a corridor's more.
 */
export const EXTENT_FACTOR = 16;

/** Refuses, before any SQL, a geometry outside the served territories or bigger than the limits. */
export function checkExtent(g: Geometry, srid: Srid, limits: GeometryLimits): void {
  const pts = positions(g);
  if (pts.length > limits.maxVertices) {
    throw badRequest('geometry_too_many_vertices', `La géométrie a ${fr(pts.length)} sommets, au-delà de la limite de ${fr(limits.maxVertices)}.`);
  }
  // One territory for the whole geometry: a footprint cannot straddle the Atlantic.
  const territory = srid === 4326 ? territoryAt(pts[0]![0]!, pts[0]![1]!) : undefined;
  const inside = srid === 4326
    ? territory !== undefined && pts.every(([x, y]) => territoryAt(x!, y!) === territory)
    : pts.every(([x, y]) => x! >= FRANCE_L93.minX && x! <= FRANCE_L93.maxX && y! >= FRANCE_L93.minY && y! <= FRANCE_L93.maxY);
  if (!inside) {
    const hint = srid === 4326 && pts.some(([x]) => Math.abs(x!) > 180) ? ' ; ces coordonnées semblent en mètres projetés : indiquez "crs": "EPSG:2154"' : '';
    throw badRequest('geometry_outside_france', `Géométrie hors de la France métropolitaine (en Lambert-93) et des départements d’outre-mer (en WGS84)${hint}.`);
  }
  if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
    const km2 = areaKm2(g, srid);
    if (km2 > limits.maxAreaKm2) throw badRequest('geometry_too_large', `La géométrie couvre ${fr(km2)} km², au-delà de la limite de ${fr(limits.maxAreaKm2)} km².`);
  }
  const extent = extentKm2(g, srid), maxExtent = EXTENT_FACTOR * limits.maxAreaKm2;
  if (extent > maxExtent) {
    throw badRequest('geometry_too_large', `L’emprise de la géométrie (son rectangle englobant) couvre ${fr(extent)} km², au-delà de la limite de ${fr(maxExtent)} km².`);
  }
}
