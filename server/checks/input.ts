// Validation of what a client asks the spatial check about, before any SQL runs.
import { badRequest } from '../errors.ts';
import type { CheckLimits } from '../config.ts';
import { PARCEL_ID } from '../communes/codes.ts';
import { checkExtent, parseCrs, parseGeometry, type Polygonal, type Srid } from '../geometry/input.ts';

export type CheckInput = {
  parcels: string[];
  geometry: Polygonal | null;
  srid: Srid;
  tolerance: { area: number; share: number; length: number };
};



function tolerance(raw: unknown, limits: CheckLimits): CheckInput['tolerance'] {
  const t = { area: limits.edgeArea, share: limits.edgeShare, length: limits.edgeLength };
  if (raw === undefined || raw === null) return t;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('bad_request', 'tolerance must be an object { area, share, length }');
  for (const [k, v] of Object.entries(raw)) {
    if (!(k in t)) throw badRequest('bad_request', `unknown tolerance "${k}": use area (m²), share (%) or length (m)`);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw badRequest('bad_request', `tolerance.${k} must be a non-negative number`);
    t[k as keyof typeof t] = v;
  }
  if (t.share > 100) throw badRequest('bad_request', 'tolerance.share is a percentage, at most 100');
  return t;
}

export function parseCheckInput(body: unknown, limits: CheckLimits): CheckInput {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('bad_request', 'the request body must be a JSON object { parcels?, geometry?, crs?, tolerance? }');
  const b = body as Record<string, unknown>;
  let parcels: string[] = [];
  if (b.parcels !== undefined) {
    if (!Array.isArray(b.parcels) || !b.parcels.every((p) => typeof p === 'string')) throw badRequest('bad_request', 'parcels must be an array of parcel ids (14 characters, e.g. "91216000AB0037")');
    parcels = [...new Set(b.parcels.map((p: string) => p.trim().toUpperCase()))];
    const bad = parcels.filter((p) => !PARCEL_ID.test(p));
    if (bad.length) throw badRequest('bad_request', `malformed parcel id ${bad.map((p) => `"${p}"`).join(', ')}: expected INSEE(5) + prefixe(3) + section(2) + numero(4), e.g. "91216000AB0037"`);
    if (parcels.length > 500) throw badRequest('bad_request', `too many parcels: ${parcels.length}, at most 500`);
  }
  const srid = parseCrs(b.crs);
  const geometry = b.geometry === undefined || b.geometry === null ? null : parseGeometry(b.geometry, ['Polygon', 'MultiPolygon'] as const);
  if (geometry) checkExtent(geometry, srid, limits);
  if (!parcels.length && !geometry) throw badRequest('bad_request', 'give parcels (an array of parcel ids), a geometry (GeoJSON Polygon or MultiPolygon), or both');
  return { parcels, geometry, srid, tolerance: tolerance(b.tolerance, limits) };
}
