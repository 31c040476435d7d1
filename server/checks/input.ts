// Validation of what a client asks the spatial check about, before any SQL runs: a clear 400 for
// each way a request can be wrong.
import { badRequest } from '../errors.ts';
import type { CheckLimits } from '../config.ts';

export type Srid = 4326 | 2154;
export type Polygonal = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
export type CheckInput = {
  parcels: string[];
  geometry: Polygonal | null;
  srid: Srid;
  tolerance: { area: number; share: number; length: number };
};

export const PARCEL_ID = /^([0-9]{2}|2A|2B|97[0-9])[0-9]{3}[0-9]{3}[0-9A-Z]{2}[0-9]{4}$/;

// Lambert-93 is defined on metropolitan France and Corsica: beyond it the working projection
// distorts and no French cadastre or PLU exists there.
const FRANCE_WGS84 = { minLon: -9.86, minLat: 41.15, maxLon: 10.38, maxLat: 51.56 };
const FRANCE_L93 = { minX: -378305, minY: 6005281, maxX: 1320649, maxY: 7235612 };

const CRS: Record<string, Srid> = {
  'EPSG:4326': 4326, 'urn:ogc:def:crs:EPSG::4326': 4326, 'urn:ogc:def:crs:OGC:1.3:CRS84': 4326, 'WGS84': 4326,
  'EPSG:2154': 2154, 'urn:ogc:def:crs:EPSG::2154': 2154, 'LAMBERT93': 2154,
};

export function parseCrs(raw: unknown): Srid {
  if (raw === undefined || raw === null || raw === '') return 4326;
  const key = typeof raw === 'number' ? `EPSG:${raw}` : String(raw).trim();
  const srid = CRS[key] ?? CRS[key.toUpperCase()];
  if (!srid) throw badRequest(`unknown crs "${key}": use EPSG:4326 (WGS84 longitude/latitude) or EPSG:2154 (Lambert-93)`);
  return srid;
}

function isPosition(p: unknown): p is number[] {
  return Array.isArray(p) && (p.length === 2 || p.length === 3) && p.every((n) => typeof n === 'number' && Number.isFinite(n));
}

function checkRing(ring: unknown, where: string): number[][] {
  if (!Array.isArray(ring) || !ring.every(isPosition)) throw badRequest(`invalid GeoJSON: ${where} must be an array of [x, y] positions`);
  if (ring.length < 4) throw badRequest(`invalid GeoJSON: ${where} has ${ring.length} positions, a closed ring needs at least 4`);
  const [a, z] = [ring[0]!, ring[ring.length - 1]!];
  if (a[0] !== z[0] || a[1] !== z[1]) throw badRequest(`invalid GeoJSON: ${where} is not closed (its first and last positions differ)`);
  return ring;
}

/** Checks the GeoJSON structure; validity (self-intersections…) is checked by PostGIS, which can say where. */
export function parsePolygonal(raw: unknown): Polygonal {
  const g = raw as { type?: unknown; coordinates?: unknown } | null;
  if (!g || typeof g !== 'object' || Array.isArray(g)) throw badRequest('invalid GeoJSON: geometry must be an object with type and coordinates');
  if (g.type === 'Feature') throw badRequest('invalid GeoJSON: give the geometry of the Feature, not the Feature');
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    throw badRequest(`invalid GeoJSON: geometry type must be Polygon or MultiPolygon, got ${JSON.stringify(g.type ?? null)}`);
  }
  if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) throw badRequest(`invalid GeoJSON: ${g.type} coordinates must be a non-empty array`);
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[];
  polygons.forEach((poly, i) => {
    if (!Array.isArray(poly) || poly.length === 0) throw badRequest(`invalid GeoJSON: polygon ${i + 1} must be a non-empty array of rings`);
    poly.forEach((ring, j) => checkRing(ring, `ring ${j + 1} of polygon ${i + 1}`));
  });
  return g as Polygonal;
}

function positions(g: Polygonal): number[][] {
  return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2);
}

export function checkExtent(g: Polygonal, srid: Srid, limits: CheckLimits): void {
  const pts = positions(g);
  if (pts.length > limits.maxVertices) throw badRequest(`geometry too large: ${pts.length} vertices, at most ${limits.maxVertices}`);
  const inside = srid === 4326
    ? pts.every(([x, y]) => x! >= FRANCE_WGS84.minLon && x! <= FRANCE_WGS84.maxLon && y! >= FRANCE_WGS84.minLat && y! <= FRANCE_WGS84.maxLat)
    : pts.every(([x, y]) => x! >= FRANCE_L93.minX && x! <= FRANCE_L93.maxX && y! >= FRANCE_L93.minY && y! <= FRANCE_L93.maxY);
  if (!inside) {
    const hint = srid === 4326 && pts.some(([x]) => Math.abs(x!) > 180) ? ' (these look like projected metres: say "crs": "EPSG:2154")' : '';
    throw badRequest(`geometry outside metropolitan France, where Lambert-93 applies${hint}`);
  }
}

function tolerance(raw: unknown, limits: CheckLimits): CheckInput['tolerance'] {
  const t = { area: limits.edgeArea, share: limits.edgeShare, length: limits.edgeLength };
  if (raw === undefined || raw === null) return t;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('tolerance must be an object { area, share, length }');
  for (const [k, v] of Object.entries(raw)) {
    if (!(k in t)) throw badRequest(`unknown tolerance "${k}": use area (m²), share (%) or length (m)`);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw badRequest(`tolerance.${k} must be a non-negative number`);
    t[k as keyof typeof t] = v;
  }
  if (t.share > 100) throw badRequest('tolerance.share is a percentage, at most 100');
  return t;
}

export function parseCheckInput(body: unknown, limits: CheckLimits): CheckInput {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the request body must be a JSON object { parcels?, geometry?, crs?, tolerance? }');
  const b = body as Record<string, unknown>;
  let parcels: string[] = [];
  if (b.parcels !== undefined) {
    if (!Array.isArray(b.parcels) || !b.parcels.every((p) => typeof p === 'string')) throw badRequest('parcels must be an array of parcel ids (14 characters, e.g. "91216000AB0037")');
    parcels = [...new Set(b.parcels.map((p: string) => p.trim().toUpperCase()))];
    const bad = parcels.filter((p) => !PARCEL_ID.test(p));
    if (bad.length) throw badRequest(`malformed parcel id ${bad.map((p) => `"${p}"`).join(', ')}: expected INSEE(5) + prefixe(3) + section(2) + numero(4), e.g. "91216000AB0037"`);
    if (parcels.length > 500) throw badRequest(`too many parcels: ${parcels.length}, at most 500`);
  }
  const srid = parseCrs(b.crs);
  const geometry = b.geometry === undefined || b.geometry === null ? null : parsePolygonal(b.geometry);
  if (geometry) checkExtent(geometry, srid, limits);
  if (!parcels.length && !geometry) throw badRequest('give parcels (an array of parcel ids), a geometry (GeoJSON Polygon or MultiPolygon), or both');
  return { parcels, geometry, srid, tolerance: tolerance(b.tolerance, limits) };
}
