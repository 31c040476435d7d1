// Validation of what a client asks the spatial check about, before any SQL runs.
import { badRequest } from '../errors.ts';
import type { CheckLimits } from '../config.ts';
import { PARCEL_ID } from '../communes/codes.ts';
import { checkExtent, parseCrs, parseGeometry, type Polygonal, type Srid } from '../geometry/input.ts';
import { parseWith, type Refusal } from '../contract/parse.ts';
import { CheckBody } from './api.ts';

export type CheckInput = {
  parcels: string[];
  geometry: Polygonal | null;
  srid: Srid;
  tolerance: { area: number; share: number; length: number };
};

// The schema says what is accepted; these say it in French, with the codes clients branch on.
const refusal = (issue: Refusal): [string, string] => {
  const [field, key] = issue.path;
  if (field === undefined) return ['body_not_object', 'Le corps de la requête doit être un objet JSON { parcels?, geometry?, crs?, tolerance? }.'];
  if (field === 'parcels') return ['parcels_invalid', '« parcels » doit être une liste d’identifiants de parcelles (14 caractères, par exemple "91216000AB0037").'];
  if (issue.code === 'unrecognized_keys') return ['tolerance_unknown', `Tolérance inconnue : « ${issue.keys[0]} ». Utilisez area (m²), share (%) ou length (m).`];
  if (key === 'share' && issue.code === 'too_big') return ['tolerance_invalid', '« tolerance.share » est un pourcentage : 100 au plus.'];
  if (key === undefined) return ['tolerance_invalid', '« tolerance » doit être un objet { area, share, length }.'];
  return ['tolerance_invalid', `« tolerance.${String(key)} » doit être un nombre positif ou nul.`];
};

export function parseCheckInput(body: unknown, limits: CheckLimits): CheckInput {
  const b = parseWith(CheckBody, body, refusal);
  let parcels: string[] = [];
  if (b.parcels !== undefined) {
    parcels = [...new Set(b.parcels.map((p) => p.trim().toUpperCase()))];
    const bad = parcels.filter((p) => !PARCEL_ID.test(p));
    if (bad.length) throw badRequest('parcel_id_malformed', `Identifiant de parcelle mal formé : ${bad.map((p) => `"${p}"`).join(', ')} ; attendu : INSEE (5) + préfixe (3) + section (2) + numéro (4), par exemple "91216000AB0037".`);
    if (parcels.length > 500) throw badRequest('parcels_too_many', `Trop de parcelles : ${parcels.length}, 500 au plus.`);
  }
  const srid = parseCrs(b.crs);
  const geometry = b.geometry === undefined || b.geometry === null ? null : parseGeometry(b.geometry, ['Polygon', 'MultiPolygon'] as const);
  if (geometry) checkExtent(geometry, srid, limits);
  if (!parcels.length && !geometry) throw badRequest('subject_missing', 'Indiquez des parcelles (« parcels », une liste d’identifiants), une géométrie (« geometry », Polygon ou MultiPolygon GeoJSON), ou les deux.');
  const t = { area: limits.edgeArea, share: limits.edgeShare, length: limits.edgeLength, ...b.tolerance };
  return { parcels, geometry, srid, tolerance: t };
}
