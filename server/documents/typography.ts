// French typography for printed documents: dates in words, non-breaking spaces before the high
// punctuation and inside guillemets, typographic apostrophes; and the one character set the
// standard PDF fonts can print (WinAnsi), so that nothing prints as a blank.
import type { LegalDate } from '../dossiers/dates.ts';

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
export const NBSP = '\u00a0';

/** '2026-01-31' → '31 janvier 2026'; the first of the month is '1er'. */
export function frLongDate(date: LegalDate): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  const day = Number(m[3]);
  return `${day === 1 ? '1er' : day} ${MONTHS[Number(m[2]) - 1]} ${Number(m[1])}`;
}

/** 3 → 'trois mois'; in words up to twelve, as letters write delays. */
export function frMonths(n: number): string {
  const words = ['zéro', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze'];
  return `${words[n] ?? String(n)} mois`;
}

/** French spacing and quotes on a line of text (markup included: it touches no '*' nor leading sign). */
export function frTypography(s: string): string {
  return s
    .replace(/"([^"\n]*)"/g, '«$1»')
    .replace(/«[ \u00a0\u202f]*/g, `«${NBSP}`)
    .replace(/[ \u00a0\u202f]*»/g, `${NBSP}»`)
    .replace(/[ \u202f]+([;:!?])(?=\s|$)/g, `${NBSP}$1`)
    .replace(/(\p{L})'/gu, '$1’')
    .replace(/\b([Nn]°)\s*/g, `$1${NBSP}`)
    .replace(/(\d) (m²|mois|jours?|ans?|€|%)(?=[\s.,;:)]|$)/g, `$1${NBSP}$2`)
    .replace(/\b(article|articles|Article) (?=[LRAD]\d)/g, `$1${NBSP}`);
}

// WinAnsi (PDF's standard encoding): Latin-1 plus these; anything else is replaced.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const REPLACE: Record<string, string> = { '\u202f': NBSP, '\u2009': ' ', '\u2011': '-', '\u2010': '-', '\u2212': '-', '\u2032': '’', '\u00ad': '' };

/** The text as the standard PDF fonts can print it. */
export function winAnsi(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 10 || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else if (REPLACE[ch] !== undefined) out += REPLACE[ch];
    else {
      const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += /^[\x20-\x7e]$/.test(base) ? base : '?';
    }
  }
  return out;
}
