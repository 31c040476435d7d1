// A WGS84 bbox from a query string, and the part of it where Terrier's data can be. Every stored
// geometry is in Lambert-93, whose projection fails towards the poles (a bbox touching latitude
// -90 cannot be projected at all): the bbox is clamped first to the box holding metropolitan France
// and the overseas départements, over which Lambert-93 stays finite and invertible.
import { z } from 'zod';
import { refusing } from '../contract/parse.ts';
import { TERRITORIES } from './territories.ts';

export type Bbox = [number, number, number, number];

/** The box around every territory Terrier serves (from Guadeloupe to Réunion), in WGS84 degrees. */
const SERVED_WGS84: Bbox = [
  Math.min(...TERRITORIES.map((t) => t.bounds[0])), Math.min(...TERRITORIES.map((t) => t.bounds[1])),
  Math.max(...TERRITORIES.map((t) => t.bounds[2])), Math.max(...TERRITORIES.map((t) => t.bounds[3])),
];

/**
 * The bbox parameter of a query (required): four numbers minLon,minLat,maxLon,maxLat in WGS84 degrees,
 * each refusal with its code. Not param(): a repeated bbox reads as missing, as it always has.
 */
export const bboxParam = z.string({ error: () => refusing('bbox_required', '« bbox » est obligatoire : minLon,minLat,maxLon,maxLat en WGS84.') })
  .transform((raw, ctx): Bbox => {
    const refuse = (code: string, message: string) => { ctx.addIssue({ code: 'custom', input: raw, message: refusing(code, message) }); return z.NEVER; };
    const n = raw.split(',').map((v) => (v.trim() === '' ? NaN : Number(v)));
    if (n.length !== 4 || n.some((v) => !Number.isFinite(v))) return refuse('bbox_malformed', `« bbox » doit compter quatre nombres minLon,minLat,maxLon,maxLat ; reçu : "${raw}".`);
    const [minx, miny, maxx, maxy] = n as Bbox;
    if (minx >= maxx || miny >= maxy) return refuse('bbox_inverted', '« bbox » : chaque minimum doit être inférieur au maximum correspondant.');
    if (minx < -180 || maxx > 180 || miny < -90 || maxy > 90) return refuse('bbox_not_wgs84', '« bbox » doit être en degrés WGS84 (longitude de -180 à 180, latitude de -90 à 90).');
    return [minx, miny, maxx, maxy];
  })
  .describe('minLon,minLat,maxLon,maxLat (ouest,sud,est,nord) en WGS84');

/** The bbox cut to the served territories' box; null when they do not meet (nothing can be there). */
export function clampToTerritories(b: Bbox): Bbox | null {
  const [a, c] = [SERVED_WGS84, b];
  const out: Bbox = [Math.max(a[0], c[0]), Math.max(a[1], c[1]), Math.min(a[2], c[2]), Math.min(a[3], c[3])];
  return out[0] < out[2] && out[1] < out[3] ? out : null;
}

/**
 * The step (degrees) to segmentize a bbox by before projecting it to Lambert-93: WGS84 parallels are
 * arcs there, so the box of four projected corners misses part of a wide bbox (the top of France
 * in a world bbox) or a few metres along a small one in Réunion; 32 steps a side keep it within mm.
 */
export const segment = (b: Bbox): number => Math.max(b[2] - b[0], b[3] - b[1]) / 32;
