// The search box of the header (GET /api/find): a combobox whose listbox shows results as one
// types. Choosing a result flies the map to it; a parcel also opens its info panel with its
// spatial check, a dossier opens the staff desk's page (#dossier/<id>), a permit its public page
// (#autorisation/<number>, for everyone).
import type OlMap from 'ol/Map.js';
import type { z } from 'zod';
import type Feature from 'ol/Feature.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import type { Geometry } from 'ol/geom.js';
import { errorText, getJson } from './api.ts';
import { bboxToExtent, MAP_PROJECTION } from './coords.ts';
import { DATA_MIN_ZOOM, PARCELS_MIN_ZOOM } from './layers.ts';
import { getCenter } from 'ol/extent.js';
import { describe } from './describe.ts';
import { checkParcels, panelMoved, showWithCheck } from './check.ts';
import type { InfoPanel } from './info.ts';
import { autorisationHash } from './publication/etats.ts';
import type { FindResult as FindResultSchema } from '../server/find/api.ts';

/** What find.ts and draw.ts need from the page (main.ts builds it). */
export type MapTools = {
  map: OlMap;
  panel: InfoPanel;
  selection: { select: (f: Feature | null) => void };
  /** INSEE code → name, for the panel. */
  names: Record<string, string>;
  /** The commune shown, the context of "AB 37". */
  commune: () => string | null;
  /** A result of another commune makes it the one shown (the selector follows), without moving the map. */
  showCommune?: (insee: string) => void;
};

/** A result as the server's contract declares it (GET /api/find). */
export type FindResult = z.output<typeof FindResultSchema>;

export const DEBOUNCE_MS = 200;
export const MAX_QUERY = 100;

export const KIND_LABELS: Record<FindResult['kind'], string> = { parcel: 'Parcelle', section: 'Section', commune: 'Commune', epci: 'Intercommunalité', dossier: 'Dossier', autorisation: 'Autorisation' };

/** The request for a query, or null when there is nothing to ask (empty, or longer than the server accepts). */
export function findUrl(q: string, commune: string | null, limit = 10): string | null {
  const text = q.trim().replace(/\s+/g, ' ');
  if (!text || text.length > MAX_QUERY) return null;
  const params = new URLSearchParams({ q: text, limit: String(limit) });
  if (commune) params.set('commune', commune);
  return `/api/find?${params}`;
}

/** The option made active by a key, in a list of `count` options (-1: none); arrows wrap around. */
export function moveActive(active: number, key: string, count: number): number {
  if (count === 0) return -1;
  switch (key) {
    case 'ArrowDown': return active < 0 || active >= count - 1 ? 0 : active + 1;
    case 'ArrowUp': return active <= 0 ? count - 1 : active - 1;
    case 'Home': return 0;
    case 'End': return count - 1;
    default: return active;
  }
}

/** The polite announcement of a result count. */
export function resultsStatus(n: number): string {
  return n === 0 ? 'Aucun résultat' : n === 1 ? '1 résultat : flèches pour choisir, Entrée pour y aller' : `${n} résultats : flèches pour choisir, Entrée pour y aller`;
}

/** The closest zoom a result may fly to: a small parcel should not fill the screen at zoom 22. */
export const MAX_FLY_ZOOM: Record<FindResult['kind'], number> = { parcel: 19, dossier: 19, autorisation: 18, section: 18, commune: 17, epci: 17 };

/**
 * The farthest zoom a result may land at, so that its content is drawn: a commune with parcels at the
 * parcels' zoom (a whole commune fits at 13 or 14, where they are not drawn yet), others where the PLU
 * and servitudes appear.
 */
export function landingMinZoom(r: FindResult): number | undefined {
  if (r.kind === 'commune') return r.properties && 'parcelles' in r.properties && r.properties.parcelles ? PARCELS_MIN_ZOOM : DATA_MIN_ZOOM;
  if (r.kind === 'epci') return DATA_MIN_ZOOM;
  return undefined;
}

export function createFind(root: HTMLElement, tools: MapTools): void {
  const input = root.querySelector<HTMLInputElement>('[role="combobox"]')!;
  const list = root.querySelector<HTMLElement>('[role="listbox"]')!;
  const status = root.querySelector<HTMLElement>('[role="status"]')!;
  let results: FindResult[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Typed but not searched yet (debounce running): results are stale.
  let pending = false;
  let inflight: AbortController | null = null;

  // A click on the map shows something else in the panel: a parcel's check still running must not overwrite it.
  tools.map.on('singleclick', panelMoved);

  const open = (yes: boolean) => {
    list.hidden = !yes;
    input.setAttribute('aria-expanded', String(yes));
    if (!yes) setActive(-1);
  };
  const setActive = (i: number) => {
    active = i;
    list.querySelectorAll<HTMLElement>('[role="option"]').forEach((el, j) => el.setAttribute('aria-selected', String(j === i)));
    const el = i >= 0 ? document.getElementById(`find-option-${i}`) : null;
    if (el) { input.setAttribute('aria-activedescendant', el.id); el.scrollIntoView({ block: 'nearest' }); } else input.removeAttribute('aria-activedescendant');
  };
  const render = () => {
    list.replaceChildren(...results.map((r, i) => {
      const li = document.createElement('li');
      li.id = `find-option-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.dataset.kind = r.kind;
      li.dataset.id = r.id;
      const kind = document.createElement('span');
      kind.className = 'find-kind';
      kind.textContent = KIND_LABELS[r.kind];
      const label = document.createElement('span');
      label.className = 'find-label';
      label.textContent = r.label;
      const detail = document.createElement('span');
      detail.className = 'find-detail';
      detail.textContent = r.detail;
      li.append(kind, label, detail);
      // mousedown rather than click: choosing must happen before the input loses the focus.
      li.addEventListener('mousedown', (e) => { e.preventDefault(); choose(r); });
      return li;
    }));
    open(results.length > 0 || input.value.trim() !== '');
    if (!results.length && input.value.trim()) {
      const li = document.createElement('li');
      li.className = 'find-empty';
      li.textContent = 'Aucun résultat (parcelle « AB 37 », section, commune ou n° d’autorisation)';
      list.replaceChildren(li);
    }
  };

  const search = async () => {
    pending = false;
    clearTimeout(timer);
    const url = findUrl(input.value, tools.commune());
    inflight?.abort();
    if (!url) {
      results = [];
      open(false);
      status.textContent = input.value.trim() ? `Recherche trop longue (au plus ${MAX_QUERY} caractères)` : '';
      return;
    }
    const ctl = new AbortController();
    inflight = ctl;
    root.setAttribute('aria-busy', 'true');
    try {
      const body = await getJson<{ results: FindResult[] }>(url, ctl.signal);
      results = body.results;
      render();
      status.textContent = resultsStatus(results.length);
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      results = [];
      open(false);
      status.textContent = `Recherche impossible : ${errorText(err)}`;
    } finally {
      if (inflight === ctl) { inflight = null; root.removeAttribute('aria-busy'); }
    }
  };

  const choose = (r: FindResult) => {
    clearTimeout(timer);
    pending = false;
    inflight?.abort();
    input.value = r.label;
    open(false);
    status.textContent = `${KIND_LABELS[r.kind]} ${r.label}`;
    // Else "AB 37" typed next would still be looked for in the commune the header names.
    if (r.commune) tools.showCommune?.(r.commune);
    if (r.bbox) {
      // The parcel's panel covers the right of the map: keep the parcel clear of it.
      const right = r.kind === 'parcel' ? 380 : 40;
      const view = tools.map.getView();
      const extent = bboxToExtent(r.bbox);
      const size = tools.map.getSize() ?? [800, 600];
      const fitZoom = view.getZoomForResolution(view.getResolutionForExtent(extent, [Math.max(1, size[0]! - right - 40), Math.max(1, size[1]! - 80)]));
      const min = landingMinZoom(r);
      if (min !== undefined && fitZoom !== undefined && fitZoom < min) view.animate({ center: getCenter(extent), zoom: min, duration: 700 });
      else view.fit(extent, { padding: [40, right, 40, 40], duration: 700, maxZoom: MAX_FLY_ZOOM[r.kind] });
    }
    if (r.kind === 'parcel') showParcel(tools, r);
    else if (r.kind === 'dossier') location.hash = `#dossier/${r.id}`;
    else if (r.kind === 'autorisation') location.hash = autorisationHash(r.id);
  };

  input.addEventListener('input', () => {
    pending = true;
    clearTimeout(timer);
    timer = setTimeout(search, DEBOUNCE_MS);
  });
  input.addEventListener('keydown', (e) => {
    const expanded = !list.hidden;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!expanded && results.length) open(true);
      setActive(moveActive(active, e.key, results.length));
    } else if ((e.key === 'Home' || e.key === 'End') && expanded && active >= 0) {
      e.preventDefault();
      setActive(moveActive(active, e.key, results.length));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      // Enter before the debounce ran: search now and take the first result; none active: the first too.
      if (pending) { void search().then(() => { if (results[0]) choose(results[0]); }); return; }
      const r = results[Math.max(active, 0)];
      if (r) choose(r);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (expanded) open(false);
      else { input.value = ''; results = []; status.textContent = ''; }
    }
  });
  input.addEventListener('blur', () => open(false));
  input.addEventListener('focus', () => { if (results.length && input.value.trim()) open(true); });
}

/** The info panel of a found parcel: its description at once, its spatial check when it comes, its outline on the map. */
function showParcel(tools: MapTools, r: FindResult): void {
  const props = r.properties ?? { id: r.id };
  const head = [describe('parcelles', props, tools.names)];
  showWithCheck(tools.panel, head, `Recherche : ${r.label}`, () => checkParcels([r.id]), { heading: 'Parcelle trouvée' }).catch(() => { /* shown in the panel */ });
  tools.selection.select(null);
  // The outline comes from the server (map features may be tiles, without the parcel's whole geometry).
  outline(r).then((f) => { if (f) tools.selection.select(f); }).catch(() => { /* the panel is what matters */ });
}

async function outline(r: FindResult): Promise<Feature | null> {
  const p = r.properties as { commune?: string; section?: string; numero?: string; prefixe?: string } | undefined;
  if (!p?.commune || !p.section || !p.numero) return null;
  const params = new URLSearchParams({ code_insee: p.commune, section: p.section, numero: p.numero, com_abs: p.prefixe ?? '000' });
  const fc = await getJson<{ features: unknown[] }>(`/api/cadastre/parcelle?${params}`);
  const f = fc.features[0];
  if (!f) return null;
  return new GeoJSON().readFeature(f, { dataProjection: 'EPSG:4326', featureProjection: MAP_PROJECTION }) as Feature<Geometry>;
}
