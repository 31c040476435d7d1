// The public routes' parameters, read through their contract schemas (api.ts): a 400 with a stable code
// and a French message, or the typed values the queries take.
import { parseWith } from '../contract/parse.ts';
import type { Etat } from './columns.ts';
import { EXPORT_QUERY, MAP_QUERY, REGISTER_QUERY } from './api.ts';

export type Bbox = [number, number, number, number];
export type MapQuery = { bbox: Bbox; types: string[] | null; etats: Etat[] | null; annee: number | null };

export function parseMapQuery(q: Record<string, unknown>): MapQuery {
  const { bbox, type, etat, annee } = parseWith(MAP_QUERY, q);
  return { bbox, types: type, etats: etat, annee };
}

export function parseRegisterQuery(q: Record<string, unknown>) {
  const { commune, mois } = parseWith(REGISTER_QUERY, q);
  return { commune, ...mois };
}

export const parseExportQuery = (q: Record<string, unknown>) => parseWith(EXPORT_QUERY, q);

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
