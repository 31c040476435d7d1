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
  if (typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('tolerance_invalid', '« tolerance » doit être un objet { area, share, length }.');
  for (const [k, v] of Object.entries(raw)) {
    if (!(k in t)) throw badRequest('tolerance_unknown', `Tolérance inconnue : « ${k} ». Utilisez area (m²), share (%) ou length (m).`);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw badRequest('tolerance_invalid', `« tolerance.${k} » doit être un nombre positif ou nul.`);
    t[k as keyof typeof t] = v;
  }
  if (t.share > 100) throw badRequest('tolerance_invalid', '« tolerance.share » est un pourcentage : 100 au plus.');
  return t;
}

export function parseCheckInput(body: unknown, limits: CheckLimits): CheckInput {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('body_not_object', 'Le corps de la requête doit être un objet JSON { parcels?, geometry?, crs?, tolerance? }.');
  const b = body as Record<string, unknown>;
  let parcels: string[] = [];
  if (b.parcels !== undefined) {
    if (!Array.isArray(b.parcels) || !b.parcels.every((p) => typeof p === 'string')) throw badRequest('parcels_invalid', '« parcels » doit être une liste d’identifiants de parcelles (14 caractères, par exemple "91216000AB0037").');
    parcels = [...new Set(b.parcels.map((p: string) => p.trim().toUpperCase()))];
    const bad = parcels.filter((p) => !PARCEL_ID.test(p));
    if (bad.length) throw badRequest('parcel_id_malformed', `Identifiant de parcelle mal formé : ${bad.map((p) => `"${p}"`).join(', ')} ; attendu : INSEE (5) + préfixe (3) + section (2) + numéro (4), par exemple "91216000AB0037".`);
    if (parcels.length > 500) throw badRequest('parcels_too_many', `Trop de parcelles : ${parcels.length}, 500 au plus.`);
  }
  const srid = parseCrs(b.crs);
  const geometry = b.geometry === undefined || b.geometry === null ? null : parseGeometry(b.geometry, ['Polygon', 'MultiPolygon'] as const);
  if (geometry) checkExtent(geometry, srid, limits);
  if (!parcels.length && !geometry) throw badRequest('subject_missing', 'Indiquez des parcelles (« parcels », une liste d’identifiants), une géométrie (« geometry », Polygon ou MultiPolygon GeoJSON), ou les deux.');
  return { parcels, geometry, srid, tolerance: tolerance(b.tolerance, limits) };
}
