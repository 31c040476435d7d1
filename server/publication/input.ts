// The public routes' parameters, checked into typed values: a 400 with a stable code and a French message.
import { badRequest } from '../errors.ts';
import { INSEE } from '../communes/codes.ts';
import { ETATS, PUBLISHED_TYPES, type Etat } from './columns.ts';

export type Bbox = [number, number, number, number];
export type MapQuery = { bbox: Bbox; types: string[] | null; etats: Etat[] | null; annee: number | null };

const MIN_YEAR = 1950;
const MAX_LAT = 85.0511;

function only(q: Record<string, unknown>, allowed: readonly string[]): void {
  const extra = Object.keys(q).filter((k) => !allowed.includes(k));
  if (extra.length) throw badRequest('field_unknown', `Paramètre inconnu : ${extra.join(', ')} (possibles : ${allowed.join(', ')}).`);
}

function once(q: Record<string, unknown>, key: string): string | undefined {
  const v = q[key];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw badRequest('param_repeated', `Le paramètre « ${key} » doit être donné une seule fois.`);
  return v.trim();
}

export function parseBbox(raw: string | undefined): Bbox {
  if (raw === undefined) throw badRequest('bbox_required', '« bbox » est obligatoire : minLon,minLat,maxLon,maxLat en WGS84.');
  const n = raw.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (n.length !== 4 || n.some((v) => !Number.isFinite(v))) throw badRequest('bbox_malformed', `« bbox » doit compter quatre nombres minLon,minLat,maxLon,maxLat (reçu « ${raw.slice(0, 80)} »).`);
  const [minx, miny, maxx, maxy] = n as Bbox;
  if (minx < -180 || maxx > 180 || miny < -90 || maxy > 90) throw badRequest('bbox_not_wgs84', '« bbox » doit être en degrés WGS84 (longitude de -180 à 180, latitude de -90 à 90).');
  if (minx >= maxx || miny >= maxy) throw badRequest('bbox_inverted', '« bbox » : chaque minimum doit être inférieur au maximum correspondant.');
  // The poles have no image in Lambert-93 (PostGIS fails on them): clamp to the Web Mercator latitudes,
  // which hold every place Terrier may know.
  return [minx, Math.max(miny, -MAX_LAT), maxx, Math.min(maxy, MAX_LAT)];
}

export function parseTypes(raw: string | undefined): string[] | null {
  if (raw === undefined) return null;
  const list = [...new Set(raw.split(',').map((s) => s.trim()))];
  const bad = list.filter((t) => !(PUBLISHED_TYPES as readonly string[]).includes(t));
  if (bad.length) throw badRequest('type_unknown', `Type inconnu : ${bad.join(', ').slice(0, 80)} (possibles : ${PUBLISHED_TYPES.join(', ')}).`);
  return list;
}

export function parseEtats(raw: string | undefined): Etat[] | null {
  if (raw === undefined) return null;
  const list = [...new Set(raw.split(',').map((s) => s.trim()))];
  const bad = list.filter((t) => !(ETATS as readonly string[]).includes(t));
  if (bad.length) throw badRequest('etat_unknown', `État inconnu : ${bad.join(', ').slice(0, 80)} (possibles : ${ETATS.join(', ')}).`);
  return list as Etat[];
}

export function parseAnnee(raw: string | undefined, thisYear = new Date().getUTCFullYear()): number | null {
  if (raw === undefined) return null;
  if (!/^[0-9]{4}$/.test(raw) || Number(raw) < MIN_YEAR || Number(raw) > thisYear + 1) {
    throw badRequest('annee_invalid', `« annee » doit être une année de ${MIN_YEAR} à ${thisYear + 1} (reçu « ${raw.slice(0, 20)} »).`);
  }
  return Number(raw);
}

export function parseCommune(raw: string | undefined, required: boolean): string | null {
  if (raw === undefined) {
    if (required) throw badRequest('commune_missing', '« commune » est obligatoire : le code INSEE de la commune (5 caractères).');
    return null;
  }
  const c = raw.toUpperCase();
  if (!INSEE.test(c)) throw badRequest('insee_malformed', `« commune » doit être un code INSEE de 5 caractères (reçu « ${raw.slice(0, 20)} »).`);
  return c;
}

export function parseMois(raw: string | undefined): { first: string; last: string; mois: string } {
  if (raw === undefined) throw badRequest('mois_missing', '« mois » est obligatoire, sous la forme AAAA-MM.');
  const m = /^([0-9]{4})-(0[1-9]|1[0-2])$/.exec(raw);
  if (!m || Number(m[1]) < MIN_YEAR || Number(m[1]) > 2999) throw badRequest('mois_invalid', `« mois » doit être écrit AAAA-MM, par exemple 2026-03 (reçu « ${raw.slice(0, 20)} »).`);
  const y = Number(m[1]), mo = Number(m[2]);
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return { mois: raw, first: `${raw}-01`, last: `${raw}-${String(days).padStart(2, '0')}` };
}

export function parseMapQuery(q: Record<string, unknown>): MapQuery {
  only(q, ['bbox', 'type', 'etat', 'annee']);
  return { bbox: parseBbox(once(q, 'bbox')), types: parseTypes(once(q, 'type')), etats: parseEtats(once(q, 'etat')), annee: parseAnnee(once(q, 'annee')) };
}

export function parseRegisterQuery(q: Record<string, unknown>) {
  only(q, ['commune', 'mois']);
  return { commune: parseCommune(once(q, 'commune'), true)!, ...parseMois(once(q, 'mois')) };
}

export function parseExportQuery(q: Record<string, unknown>) {
  only(q, ['commune', 'annee']);
  return { commune: parseCommune(once(q, 'commune'), false), annee: parseAnnee(once(q, 'annee')) };
}

/**
 * A permit's number as typed or in a URL: the display form ("PC 096001 26 X0001") or compact
 * ("PC09600126X0001"), any case; null when it cannot be a published number.
 */
export function displayNumber(raw: string): string | null {
  const c = raw.replace(/\s+/g, '').toUpperCase();
  // A linked record (migration 017) is its permit's number plus M, T, DOC or DAACT and a rank.
  const m = /^(PC|DP|PA|PD)([0-9][0-9AB][0-9]{4})([0-9]{2})([0-9A-Z]{5})((?:M|T|DOC|DAACT)[0-9]{2})?$/.exec(c);
  return m ? `${m[1]} ${m[2]} ${m[3]} ${m[4]}${m[5] ?? ''}` : null;
}
