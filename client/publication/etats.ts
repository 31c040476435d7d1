// The public states of a permit (Sitadel-like), their French labels and their map symbols, the
// filters of the public layer and the public hash routes. Pure: no DOM, no OpenLayers.
//
// Each state has a colour of the Okabe–Ito palette (distinguishable with the common colour-vision
// deficiencies) AND a shape, so that colour is never the only cue: circle while instructed, square
// once granted, triangle when refused or deferred, cross when the permit ended without works,
// diamond and hexagon once works started and ended.

export const ETATS = ['en_cours', 'accorde', 'tacite', 'refuse', 'sursis', 'retire', 'annule', 'perime', 'commence', 'acheve'] as const;
export type Etat = (typeof ETATS)[number];

export type Shape = 'circle' | 'square' | 'triangle' | 'triangle-down' | 'cross' | 'diamond' | 'hexagon';

export const ETAT_LABELS: Record<Etat, string> = {
  en_cours: 'En cours d’instruction',
  accorde: 'Accordé',
  tacite: 'Accordé tacitement',
  refuse: 'Refusé',
  sursis: 'Sursis à statuer',
  retire: 'Retiré',
  annule: 'Annulé par le juge',
  perime: 'Périmé',
  commence: 'Travaux commencés',
  acheve: 'Travaux achevés',
};

export const ETAT_SYMBOLS: Record<Etat, { color: string; shape: Shape }> = {
  en_cours: { color: '#0072b2', shape: 'circle' },
  accorde: { color: '#009e73', shape: 'square' },
  tacite: { color: '#56b4e9', shape: 'square' },
  refuse: { color: '#d55e00', shape: 'triangle' },
  sursis: { color: '#e69f00', shape: 'triangle-down' },
  retire: { color: '#000000', shape: 'cross' },
  annule: { color: '#882255', shape: 'cross' },
  perime: { color: '#8c8c8c', shape: 'cross' },
  commence: { color: '#cc79a7', shape: 'diamond' },
  acheve: { color: '#f0e442', shape: 'hexagon' },
};

/** Any other value the server may send one day: drawn, in grey, as a plain circle. */
export const UNKNOWN_SYMBOL = { color: '#6b6b6b', shape: 'circle' as Shape };

/** 'Accordé', 'en cours', 'en-cours' → 'accorde', 'en_cours': the server's value, whatever its spelling. */
export function etatKey(v: unknown): string {
  return String(v ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').trim().toLowerCase().replace(/[\s-]+/g, '_');
}

export const isEtat = (v: string): v is Etat => (ETATS as readonly string[]).includes(v);

export function etatLabel(v: unknown): string {
  const k = etatKey(v);
  return isEtat(k) ? ETAT_LABELS[k] : String(v ?? '');
}

export function etatSymbol(v: unknown): { color: string; shape: Shape } {
  const k = etatKey(v);
  return isEtat(k) ? ETAT_SYMBOLS[k] : UNKNOWN_SYMBOL;
}

/** The points of a symbol's polygon in a 20 × 20 box centred on (10, 10), radius r; null for a circle. */
export function shapePoints(shape: Shape, r = 7): [number, number][] | null {
  const poly = (n: number, start: number, radius = r) =>
    Array.from({ length: n }, (_, i) => {
      const a = start + (2 * Math.PI * i) / n;
      return [10 + radius * Math.cos(a), 10 + radius * Math.sin(a)] as [number, number];
    });
  switch (shape) {
    case 'circle': return null;
    case 'square': return poly(4, Math.PI / 4, r * 1.15);
    case 'triangle': return poly(3, -Math.PI / 2, r * 1.25);
    case 'triangle-down': return poly(3, Math.PI / 2, r * 1.25);
    case 'diamond': return poly(4, 0, r * 1.2);
    case 'hexagon': return poly(6, 0, r * 1.05);
    case 'cross': {
      // An "X" of two bars 0.45 r wide.
      const w = 0.32 * r, l = r * 1.05;
      const pts: [number, number][] = [[-w, -l], [w, -l], [w, -w], [l, -w], [l, w], [w, w], [w, l], [-w, l], [-w, w], [-l, w], [-l, -w], [-w, -w]];
      const c = Math.SQRT1_2;
      return pts.map(([x, y]) => [10 + c * (x - y), 10 + c * (x + y)]);
    }
  }
}

/** The legend's swatch: the map symbol as SVG markup, with its dark outline and white halo. */
export function symbolSvg(v: unknown, size = 20): string {
  const { color, shape } = etatSymbol(v);
  const pts = shapePoints(shape);
  const body = (stroke: string, width: number, fill: string) => (pts
    ? `<polygon points="${pts.map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`).join(' ')}" fill="${fill}" stroke="${stroke}" stroke-width="${width}" stroke-linejoin="round"/>`
    : `<circle cx="10" cy="10" r="7" fill="${fill}" stroke="${stroke}" stroke-width="${width}"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 20 20" aria-hidden="true" focusable="false">`
    + `${body('#ffffff', 4, '#ffffff')}${body('#1a1a1a', 1.5, color)}</svg>`;
}

// ---- Filters of the public layer (applied to the tiles' features, client-side) ----

export type Filter = { type: string; etat: string; annee: string };
export const NO_FILTER: Filter = { type: '', etat: '', annee: '' };

export const isFiltered = (f: Filter) => Boolean(f.type || f.etat || f.annee);

/** The published types (CU are never published: information to one applicant). */
export const PUBLIC_TYPES = ['PC', 'PCMI', 'DP', 'PA', 'PD'] as const;

/** Whether a feature's properties (type_dau, etat_dau, annee: the tiles' names) pass the filter; an empty field lets everything through. */
export function matches(p: Record<string, unknown>, f: Filter): boolean {
  if (f.type && String(p.type_dau ?? '') !== f.type) return false;
  if (f.etat && etatKey(p.etat_dau) !== f.etat) return false;
  if (f.annee && String(p.annee ?? '') !== f.annee) return false;
  return true;
}

// ---- Public hash routes ----

export type PublicRoute = { view: 'autorisation'; number: string } | { view: 'registre'; commune: string | null; mois: string | null } | { view: 'none' };

export const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * `#autorisation/<number>` (the number URI-encoded: it holds spaces) and `#registre`, optionally
 * `#registre/<insee>/<YYYY-MM>`, so that a register page can be linked and reloaded.
 */
export function parsePublicRoute(hash: string): PublicRoute {
  const a = /^#autorisation\/(.+)$/.exec(hash);
  if (a) {
    let number: string;
    try { number = decodeURIComponent(a[1]!).trim(); } catch { number = a[1]!; }
    return number ? { view: 'autorisation', number } : { view: 'none' };
  }
  const r = /^#registre(?:\/([0-9][0-9AB][0-9]{3}))?(?:\/(\d{4}-\d{2}))?$/.exec(hash);
  if (r) return { view: 'registre', commune: r[1] ?? null, mois: r[2] && MONTH.test(r[2]) ? r[2] : null };
  return { view: 'none' };
}

export const autorisationHash = (number: string) => `#autorisation/${encodeURIComponent(number)}`;
export const registreHash = (commune: string, mois: string) => `#registre/${commune}/${mois}`;

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** '2026-03' → 'mars 2026'. */
export function monthLabel(mois: string): string {
  const m = MONTH.exec(mois);
  return m ? `${MONTHS[Number(m[2]) - 1]} ${m[1]}` : mois;
}

/** The month before '2026-01' is '2025-12'. */
export function previousMonth(mois: string): string {
  const m = MONTH.exec(mois);
  if (!m) return mois;
  const y = Number(m[1]), n = Number(m[2]);
  return n === 1 ? `${y - 1}-12` : `${y}-${String(n - 1).padStart(2, '0')}`;
}
