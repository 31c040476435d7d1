// What a search box query may mean, before any SQL: a parcel reference, a section, a commune (INSEE
// code or name), a dossier number or part of one. One query may mean several things ("2A004" is a
// Corsican commune and parcel 2A 4); the search runs every reading and ranks the answers. Pure.
import { INSEE } from '../communes/codes.ts';

export type ParcelRef = {
  insee: string | null;
  prefixe: string | null;
  /** Two characters as in the Etalab id ("0A", "AB"). */
  section: string;
  /** Digits without leading zeros; null for a section alone. */
  numero: string | null;
};

export type ParsedQuery = {
  parcel: ParcelRef | null;
  /** The query is an INSEE code. */
  insee: string | null;
  /** Lower-case, accents and punctuation folded, for commune names; null when too short or without a letter. */
  name: string | null;
  /** Upper-case without spaces, for dossier numbers (number_compact); null when it cannot be part of one. */
  dossier: string | null;
};

export const MAX_QUERY = 100;

// INSEE code, prefixe (3 digits), section (2 characters, or 1 letter meaning "0A"), numero (1 to 4
// digits), each optionally spaced: "AB 37", "AB37", "ab 0037", "0A 12", "000 AB 37", "96001 AB 37",
// "96001000AB0037", "96001 000 AB 0037". A section has a letter, so "12 37" is not a parcel.
const PARCEL = /^(?:((?:[0-9]{2}|2A|2B)[0-9]{3}) ?)?(?:([0-9]{3}) ?)?([0-9]?[A-Z]|[A-Z][0-9A-Z]) ?([0-9]{1,4})?$/;

/** Folds a commune name or a query the same way as FOLD_SQL: lower case, no accents, no hyphens or apostrophes. */
export function foldName(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/œ/g, 'oe').replace(/[-'’_.,]+/g, ' ').replace(/\s+/g, ' ').trim();
}

// The same folding in SQL (no unaccent extension on PGlite): translate() the accented letters of
// French names, then lower(). FROM and TO have the same length.
const FOLD_FROM = "ÀÂÄÁÃÉÈÊËÍÎÏÓÔÖÕÚÙÛÜÇŸàâäáãéèêëíîïóôöõúùûüçÿ-'’_.,";
const FOLD_TO = 'AAAAAEEEEIIIOOOOUUUUCYaaaaaeeeeiiioooouuuucy      ';
if (FOLD_FROM.length !== FOLD_TO.length) throw new Error('FOLD_FROM and FOLD_TO must have the same length');
/** SQL folding `col` like foldName (bind FOLD_BINDINGS after the column's own bindings). */
export const foldSql = (col: string) => `regexp_replace(lower(replace(replace(translate(${col}, ?, ?), 'œ', 'oe'), 'Œ', 'oe')), '\\s+', ' ', 'g')`;
export const FOLD_BINDINGS = [FOLD_FROM, FOLD_TO] as const;

export function parseQuery(raw: string): ParsedQuery {
  const q = raw.trim().replace(/\s+/g, ' ');
  const upper = q.toUpperCase();
  const compact = upper.replace(/ /g, '');

  let parcel: ParcelRef | null = null;
  const m = PARCEL.exec(upper);
  if (m) {
    const numero = m[4] === undefined ? null : m[4].replace(/^0+/, '');
    // "AB 0" names no parcel (numbers start at 1): read it as the section.
    parcel = { insee: m[1] ?? null, prefixe: m[2] ?? null, section: m[3]!.padStart(2, '0'), numero: numero || null };
  }
  const insee = INSEE.test(compact) ? compact : null;
  const folded = foldName(q);
  const name = folded.length >= 2 && /[a-z]/.test(folded) ? folded : null;
  // Dossier numbers are letters and digits; a fragment needs a digit and three characters, so that
  // "AB" or "37" do not list every dossier.
  const dossier = /^[0-9A-Z]{3,}$/.test(compact) && /[0-9]/.test(compact) ? compact : null;
  return { parcel, insee, name, dossier };
}
