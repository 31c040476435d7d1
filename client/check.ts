// The spatial check of a clicked parcel or a drawn footprint (POST /api/checks), turned into panel
// sections: what it lies in, with shares, and what that implies for instruction, article by article.
import { ApiError, csrfHeaders, errorText } from './api.ts';
import type { Description } from './describe.ts';
import type { InfoPanel } from './info.ts';

// The answer's shape is the server's contract (a type-only import: no schema code reaches the bundle).
import type { CheckAnswer as CheckResult, CheckConstraint as Constraint } from '../server/checks/api.ts';

export type { CheckResult };

export const checkParcels = (parcels: string[], signal?: AbortSignal) => postCheck({ parcels }, signal);

/** The check of a drawn footprint: a GeoJSON Polygon in WGS84 (the server refuses an invalid one with a 400). */
export const checkFootprint = (geometry: { type: 'Polygon'; coordinates: number[][][] }, signal?: AbortSignal) =>
  postCheck({ geometry, crs: 'EPSG:4326' }, signal);

async function postCheck(input: Record<string, unknown>, signal?: AbortSignal): Promise<CheckResult> {
  const res = await fetch('/api/checks', {
    method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...csrfHeaders() }, body: JSON.stringify(input), signal,
  });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, body?.error?.code, body?.error?.message ?? `Erreur ${res.status} du serveur`);
  return body as CheckResult;
}

const nf = (n: number, digits = 0) => n.toLocaleString('fr-FR', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const share = (c: Constraint) => (c.share !== undefined ? `${nf(c.share, c.share >= 99.95 || c.share < 0.05 ? 0 : 1)} % (${nf(c.area ?? 0)} m²)`
  : c.length !== undefined ? `${nf(c.length, 1)} m` : `${c.count ?? 1} objet${(c.count ?? 1) > 1 ? 's' : ''}`);

function label(c: Constraint): string {
  const p = c.properties;
  if (c.layer === 'zone_urba') return `Zone ${p.libelle} (${p.typezone})`;
  if (c.layer === 'servitude') return `${p.categorie} — ${p.nomsuplitt ?? p.nomass ?? 'servitude'}`;
  return [p.txt, p.libelle].filter(Boolean).join(' — ') || 'Objet du PLU';
}

export function checkDescriptions(r: CheckResult, title = 'Contraintes sur la parcelle'): Description[] {
  const rows = [
    { label: 'Surface', value: `${nf(r.subject.area)} m²`, field: 'check-area' },
    // No PLU loaded here: said, so that no zone does not read as no constraint.
    ...(r.plu && !r.plu.loaded && r.plu.message ? [{ label: 'PLU', value: r.plu.message, field: 'check-no-plu' }] : []),
    ...r.zones.map((z) => ({ label: label(z), value: share(z), field: 'check-zone' })),
    ...r.prescriptions.map((c) => ({ label: label(c), value: share(c), field: 'check-prescription' })),
    ...r.informations.map((c) => ({ label: label(c), value: share(c), field: 'check-information' })),
    ...r.servitudes.map((c) => ({ label: label(c), value: share(c), field: 'check-servitude' })),
  ];
  if (r.edgeContacts.length) {
    rows.push({ label: 'Contacts en limite (non retenus)', value: r.edgeContacts.map(label).join(' ; '), field: 'check-edge' });
  }
  const out: Description[] = [{ layer: 'check', kind: 'Contrôle spatial', title, rows }];
  for (const c of r.consequences) {
    out.push({
      layer: 'consequence', kind: "Conséquence pour l'instruction", title: c.label,
      rows: [
        { label: 'Article', value: c.article },
        ...(c.consultation ? [{ label: 'Consultation', value: c.consultation }] : []),
        ...(c.majoration ? [{ label: 'Délai', value: c.majoration.mode === 'add'
          ? `+${c.majoration.months} mois (${c.majoration.article})` : `porté à ${c.majoration.months} mois (${c.majoration.article})` }] : []),
        ...(c.silenceMeansRefusal ? [{ label: 'Silence', value: `vaut refus (${c.silenceMeansRefusal.article})` }] : []),
      ],
    });
  }
  return out;
}

let shown = 0;

/** The panel moved on (a click on the map): a check still running must not overwrite it. */
export const panelMoved = () => { shown++; };

/**
 * Shows `head` in the panel at once, then the check's sections after it when the server answers,
 * unless the panel moved on meanwhile. A refused check (e.g. a self-intersecting footprint) is
 * shown with the server's reason; the promise still rejects so the caller can tell too.
 */
export async function showWithCheck(
  panel: InfoPanel, head: Description[], where: string, run: () => Promise<CheckResult>,
  titles: { heading?: string; check?: string } = {},
): Promise<CheckResult> {
  const token = ++shown;
  const title = titles.check;
  const show = (items: Description[]) => panel.show(items, where, titles.heading);
  show(head);
  try {
    const r = await run();
    if (token === shown) show([...head, ...checkDescriptions(r, title)]);
    return r;
  } catch (err) {
    if (token === shown) {
      show([...head, { layer: 'check', kind: 'Contrôle spatial', title: 'Contrôle impossible',
        rows: [{ label: 'Motif', value: errorText(err), field: 'check-error' }] }]);
    }
    throw err;
  }
}
