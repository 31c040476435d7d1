// Background map (fond de plan). The server's TERRIER_BACKGROUNDS lists the sources a commune allows
// (GET /api/backgrounds; by default IGN's Plan IGN and orthophotos from the public Géoplateforme). The
// page offers them as radio buttons, plus "Aucun"; `?fond=<name>` picks one, `?fond=aucun` none, and
// the last choice is remembered per browser. The page never takes a tile URL or an attribution from
// its own address: OpenLayers renders attributions as HTML, and a link with a crafted `?fond=` would
// otherwise inject markup or point the map at any server.
//
// Terrier must work without the internet: a background is only shown once one tile of it has loaded
// (one request, not a screenful of failing ones), offline none is asked for, and meanwhile the map
// draws its data on its plain background while the chooser says the background is unavailable.
import type OlMap from 'ol/Map.js';
import TileLayer from 'ol/layer/Tile.js';
import XYZ from 'ol/source/XYZ.js';
import type { Background } from '../server/config.ts';

export type { Background };

/** The background to show: the one named by `?fond=`, else the one remembered, else the first configured; null for none. */
export function chooseBackground(search: string, backgrounds: readonly Background[], remembered: string | null = null): Background | null {
  const wanted = (new URLSearchParams(search).get('fond') ?? remembered)?.trim().toLowerCase();
  if (wanted === 'aucun' || wanted === 'none') return null;
  return backgrounds.find((b) => b.name === wanted) ?? backgrounds[0] ?? null;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The attribution as OpenLayers wants it (HTML), built from plain text: escaped, linked if a URL is given. */
export function attributionHtml(b: Pick<Background, 'attribution' | 'attributionUrl'>): string | null {
  if (!b.attribution) return null;
  const text = escapeHtml(b.attribution);
  if (!b.attributionUrl || !/^https?:\/\//i.test(b.attributionUrl)) return text;
  return `<a href="${escapeHtml(b.attributionUrl)}" target="_blank" rel="noopener noreferrer">${text}</a>`;
}

function createSource(b: Background): XYZ {
  return new XYZ({ url: b.url, attributions: attributionHtml(b) ?? undefined, attributionsCollapsible: false, maxZoom: b.maxZoom });
}

/** The one layer the chosen background is drawn in, under every data layer; empty until one is available. */
export function createBackgroundLayer(): TileLayer<XYZ> {
  return new TileLayer({ zIndex: 0, visible: false, properties: { name: 'fond' } });
}

const STORAGE_KEY = 'terrier.fond';
const remembered = (): string | null => { try { return localStorage.getItem(STORAGE_KEY); } catch { return null; } };
const remember = (name: string) => { try { localStorage.setItem(STORAGE_KEY, name); } catch { /* storage disabled: not remembered */ } };

/**
 * The chooser (radio buttons and a status line) in `container`. Call once the view is on the commune:
 * the probe tile is the one under the view's centre, so a server covering only its region answers.
 */
export function mountBackgroundChooser(container: HTMLElement, map: OlMap, layer: TileLayer<XYZ>, backgrounds: readonly Background[]): void {
  if (!backgrounds.length) {
    // TERRIER_BACKGROUNDS=aucun: no choice to offer, only what the map looks like.
    const none = document.createElement('p');
    none.className = 'switcher-status background-status';
    none.id = 'fond-etat';
    none.textContent = 'Aucun fond de plan configuré : la carte s’affiche sur fond uni.';
    container.replaceChildren(none);
    return;
  }
  const list = document.createElement('ul');
  list.className = 'switcher';
  const status = document.createElement('p');
  status.className = 'switcher-status background-status';
  status.id = 'fond-etat';
  status.setAttribute('role', 'status');
  const setStatus = (text: string, kind: '' | 'loading' | 'error' = '') => { status.textContent = text; status.dataset.kind = kind; };

  let current: Background | null = chooseBackground(location.search, backgrounds, remembered());
  let attempt = 0;
  let unavailable = false;

  const show = (b: Background | null) => {
    const token = ++attempt;
    current = b;
    unavailable = false;
    layer.setVisible(false);
    layer.setSource(null);
    if (!b) { setStatus(''); return; }
    if (!navigator.onLine) {
      unavailable = true;
      setStatus('Fond de plan indisponible hors connexion : la carte s’affiche sur fond uni.', 'error');
      return;
    }
    setStatus('chargement…', 'loading');
    const source = createSource(b);
    const view = map.getView();
    const z = Math.max(0, Math.min(b.maxZoom, Math.round(view.getZoom() ?? 0)));
    const coord = source.getTileGrid()!.getTileCoordForCoordAndZ(view.getCenter() ?? [0, 0], z);
    const url = source.getTileUrlFunction()(coord, 1, view.getProjection());
    const probe = new Image();
    probe.onload = () => {
      if (token !== attempt) return;
      layer.setSource(source);
      layer.setVisible(true);
      setStatus('');
    };
    probe.onerror = () => {
      if (token !== attempt) return;
      unavailable = true;
      setStatus(`Fond de plan « ${b.title} » indisponible (serveur de tuiles injoignable) : la carte s’affiche sur fond uni.`, 'error');
    };
    if (url) probe.src = url; else probe.onerror(new Event('error'));
    // A tile that fails once the background is shown leaves a hole, not an error: say so once.
    source.on('tileloaderror', () => {
      if (token === attempt && !status.textContent) setStatus('Certaines tuiles du fond de plan n’ont pas pu être chargées.', 'error');
    });
  };

  const options: (Background | null)[] = [...backgrounds, null];
  for (const b of options) {
    const li = document.createElement('li');
    li.className = 'switcher-item';
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = 'fond';
    input.value = b?.name ?? 'aucun';
    input.id = `fond-${input.value}`;
    input.checked = b === current;
    input.setAttribute('aria-describedby', status.id);
    input.addEventListener('change', () => {
      if (!input.checked) return;
      remember(input.value);
      show(b);
    });
    const label = document.createElement('label');
    label.htmlFor = input.id;
    label.textContent = b ? b.title : 'Aucun (fond uni)';
    li.append(input, label);
    list.append(li);
  }
  container.replaceChildren(list, status);
  // Back online: try again the background that could not be reached.
  window.addEventListener('online', () => { if (unavailable) show(current); });
  show(current);
}
