// French formatting of cadastral references, areas, numbers and coordinates. Pure: no DOM, no OL.

export type ParcelProps = {
  id?: string | null;
  commune?: string | null;
  prefixe?: string | null;
  section?: string | null;
  numero?: string | null;
  contenance?: number | null;
};

const nf = (digits: number) => new Intl.NumberFormat('fr-FR', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const nf0 = nf(0), nf1 = nf(1), nf5 = nf(5);

/**
 * The full cadastral reference "96001 000 AB 0037" (commune, prefixe, section on two characters,
 * numero on four), taken from the Etalab id when it has the expected 14 characters.
 */
export function parcelReference(p: ParcelProps): string {
  const id = p.id ?? '';
  if (/^[0-9AB]{5}[0-9]{3}[0-9A-Z]{2}[0-9]{4}$/.test(id)) {
    return `${id.slice(0, 5)} ${id.slice(5, 8)} ${id.slice(8, 10)} ${id.slice(10)}`;
  }
  const section = (p.section ?? '').padStart(2, '0');
  const numero = (p.numero ?? '').padStart(4, '0');
  return `${p.commune ?? '?????'} ${p.prefixe || '000'} ${section} ${numero}`;
}

/** The short on-map label "AB 37": section and numero without leading zeros. */
export function parcelLabel(p: ParcelProps): string {
  const section = (p.section ?? '').replace(/^0+(?=.)/, '');
  const numero = (p.numero ?? '').replace(/^0+(?=.)/, '');
  return `${section} ${numero}`.trim();
}

/** "1 234 m²" (French grouping); "non renseignée" when the legal area is absent. */
export function formatArea(m2: number | null | undefined): string {
  if (m2 === null || m2 === undefined || !Number.isFinite(m2)) return 'non renseignée';
  return `${nf0.format(m2)} m²`;
}

export const TYPEZONE_LABELS: Record<string, string> = {
  U: 'Zone urbaine',
  AUc: 'Zone à urbaniser',
  AUs: 'Zone à urbaniser bloquée',
  A: 'Zone agricole',
  N: 'Zone naturelle et forestière',
  Ah: 'Zone agricole (secteur de taille et de capacité limitées)',
  Nh: 'Zone naturelle (secteur de taille et de capacité limitées)',
  Nd: 'Zone naturelle (secteur à protéger)',
};

/** "U — Zone urbaine". */
export function typezoneLabel(typezone: string | null | undefined): string {
  if (!typezone) return 'non renseigné';
  const label = TYPEZONE_LABELS[typezone];
  return label ? `${typezone} — ${label}` : typezone;
}

/** CNIG's VocationZoneUrbaType (DESTDOMI): the zone's main purpose; '06' is unused by the standard. */
export const DESTDOMI_LABELS: Record<string, string> = {
  '00': 'sans objet ou non encore définie dans le règlement',
  '01': 'habitat',
  '02': 'activité',
  '03': 'destination mixte habitat / activité',
  '04': 'loisirs et tourisme',
  '05': 'équipement',
  '07': 'activité agricole',
  '08': 'espace naturel',
  '09': 'espace remarquable (littoral, montagne)',
  '10': 'secteur de carrière',
  '99': 'autre',
};

/** "03 — destination mixte habitat / activité"; the bare code when the standard does not list it. */
export function destdomiLabel(code: string | null | undefined): string {
  if (!code) return '';
  const label = DESTDOMI_LABELS[code];
  return label ? `${code} — ${label}` : code;
}

/**
 * Where a zone's written rules are (CNIG NOMFIC / URLFIC, "fichier.pdf#page=24" opening at the zone's
 * page), else the document's règlement (DOC_URBA URLREG): a link when there is a web address, the file's
 * name alone when the delivery names a file it does not put online.
 */
export function reglement(p: { nomfic?: unknown; urlfic?: unknown; urlreg?: unknown; nomreg?: unknown }): { text: string; href?: string } | null {
  const s = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const web = (v: string) => /^https?:\/\//i.test(v);
  const nomfic = s(p.nomfic), urlfic = s(p.urlfic), urlreg = s(p.urlreg), nomreg = s(p.nomreg);
  const page = /#page=([0-9]+)$/.exec(nomfic || urlfic)?.[1];
  const file = nomfic.replace(/#page=[0-9]+$/, '');
  if (web(urlfic)) return { text: `${file || 'Règlement de la zone'}${page ? `, page ${page}` : ''}`, href: urlfic };
  if (web(urlreg)) return { text: `${nomreg || file || 'Règlement du PLU'}${page ? `, page ${page}` : ''}`, href: page && !urlreg.includes('#') ? `${urlreg}#page=${page}` : urlreg };
  if (file) return { text: `${file}${page ? `, page ${page}` : ''} (pièce écrite du document, non publiée en ligne)` };
  return null;
}

export const NATURE_GEOM_LABELS: Record<string, string> = { surf: 'surfacique', lin: 'linéaire', pct: 'ponctuelle' };

/** Lambert-93 metres: "X 700 123,4 m · Y 6 600 456,7 m". */
export function formatLambert93([x, y]: readonly number[]): string {
  return `X ${nf1.format(x ?? NaN)} m · Y ${nf1.format(y ?? NaN)} m`;
}

/** WGS84 degrees: "46,50000° N · 3,00000° E". */
export function formatWgs84([lon, lat]: readonly number[]): string {
  const la = lat ?? NaN, lo = lon ?? NaN;
  return `${nf5.format(Math.abs(la))}° ${la < 0 ? 'S' : 'N'} · ${nf5.format(Math.abs(lo))}° ${lo < 0 ? 'O' : 'E'}`;
}

export function formatInteger(n: number): string {
  return nf0.format(n);
}

/** "zoom 15,2" style: one decimal. */
export function formatZoom(z: number): string {
  return nf1.format(z);
}
