// Terrier's map page: header (commune, server status), layer switcher and legend, the map with its
// coordinates bar, and the info panel of the clicked point.
import 'ol/ol.css';
import './style.css';
import type OlMap from 'ol/Map.js';
import type BaseLayer from 'ol/layer/Base.js';
import type { Coordinate } from 'ol/coordinate.js';
import { api, errorText, type Commune, type LayerInfo } from './api.ts';
import { registerLambert93, toLambert93, toWgs84 } from './coords.ts';
import { formatInteger, formatLambert93, formatWgs84, formatZoom } from './format.ts';
import { createLabelLayer, createTileLayer, defFor, LAYER_DEFS, PARCELS_MIN_ZOOM, type LayerDef, type TileLayer } from './layers.ts';
import { createBackgroundLayer, mountBackgroundChooser, type Background } from './background.ts';
import { createMap, createSelectionLayer, featuresAt, fitBbox } from './map.ts';
import { createSwitcher, type SwitcherEntry } from './switcher.ts';
import { createLegend } from './legend.ts';
import { createInfoPanel } from './info.ts';
import { mountSheets } from './sheets.ts';
import { describe, INFO_ORDER } from './describe.ts';
import { checkDescriptions, checkParcels } from './check.ts';
import { createFind } from './find.ts';
import { createDraw } from './draw.ts';
import { mountDesk } from './desk/index.ts';
import { mountPublication } from './publication/index.ts';
import { mountStats } from './stats/index.ts';
import { createFilterForm, createParcelsLayer, PARCELS_LAYER, POINTS_LAYER } from './publication/layer.ts';
import { passes } from './publication/style.ts';
import { describeAutorisation } from './publication/card.ts';
import { publicApi } from './publication/api.ts';
import type { Description } from './describe.ts';

type VLayer = TileLayer;

/** Test and debugging hook: the map and its layers by name. */
declare global {
  interface Window { terrier?: { map: OlMap; layers: Map<string, VLayer>; communes: Commune[] } }
}

const byId = <T extends HTMLElement = HTMLElement>(id: string) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  return el as T;
};

registerLambert93();

async function start(): Promise<void> {
  mountSheets();
  const healthEl = byId('health');
  const communeName = byId('commune-name');
  const communeSelect = byId<HTMLSelectElement>('commune-select');
  const mapEl = byId('map');
  const hintEl = byId('map-hint');
  const coordsEl = byId('coords');

  api.health()
    .then((h) => {
      healthEl.textContent = healthText(h);
      healthEl.dataset.state = h.status === 'ok' ? 'ok' : 'error';
    })
    .catch(() => {
      healthEl.textContent = 'Serveur injoignable : les données ne peuvent pas être chargées.';
      healthEl.dataset.state = 'error';
    });

  const [layerInfos, communes, backgrounds] = await Promise.all([
    api.layers().catch((): LayerInfo[] => LAYER_DEFS.map(({ name, title }) => ({ name, title }))),
    api.communes().catch((): Commune[] => []),
    api.backgrounds().catch((): Background[] => []),
  ]);

  // Layers: the server's list, drawn with the client's styles, ordered by zIndex. The public permits
  // are there for everyone even if the list omits them; their parcels' outline is no layer of its
  // own in the switcher but follows the points (client/publication/layer.ts).
  if (!layerInfos.some((l) => l.name === POINTS_LAYER)) layerInfos.push({ name: POINTS_LAYER, title: defFor(POINTS_LAYER).title });
  const defs: LayerDef[] = layerInfos.filter((l) => l.name !== PARCELS_LAYER).map((l) => defFor(l.name, l.title)).sort((a, b) => b.zIndex - a.zIndex);
  const vectorLayers = new Map<string, VLayer>();
  const pending = new Map<string, number>();
  let switcher: ReturnType<typeof createSwitcher> | null = null;
  for (const def of defs) {
    vectorLayers.set(def.name, createTileLayer(def, {
      onLoadStart: (name) => {
        pending.set(name, (pending.get(name) ?? 0) + 1);
        switcher?.setStatus(name, 'chargement…', 'loading');
      },
      onLoadEnd: (name, error) => {
        const n = Math.max(0, (pending.get(name) ?? 1) - 1);
        pending.set(name, n);
        if (error) switcher?.setStatus(name, error, 'error');
        else if (n === 0) switcher?.setStatus(name, null);
      },
    }));
  }

  const loadEvents = (name: string) => ({
    onLoadStart: () => {
      pending.set(name, (pending.get(name) ?? 0) + 1);
      switcher?.setStatus(POINTS_LAYER, 'chargement…', 'loading');
    },
    onLoadEnd: (_: string, error: string | null) => {
      const n = Math.max(0, (pending.get(name) ?? 1) - 1);
      pending.set(name, n);
      if (error) switcher?.setStatus(POINTS_LAYER, error, 'error');
      else if (n === 0 && !pending.get(POINTS_LAYER)) switcher?.setStatus(POINTS_LAYER, null);
    },
  });
  const permits = vectorLayers.get(POINTS_LAYER)!;
  const permitParcels = createParcelsLayer(permits, loadEvents(PARCELS_LAYER));
  vectorLayers.set(PARCELS_LAYER, permitParcels);

  const backgroundLayer = createBackgroundLayer();
  const selection = createSelectionLayer();
  const labelLayers = defs.map((d) => createLabelLayer(vectorLayers.get(d.name)!, d)).filter((l) => l !== null);
  const allLayers: BaseLayer[] = [backgroundLayer, ...vectorLayers.values(), ...labelLayers, selection.layer];
  const map = createMap(mapEl, allLayers);
  window.terrier = { map, layers: vectorLayers, communes };

  // Layer switcher and legend.
  const entries: SwitcherEntry[] = defs.map((d) => ({
    name: d.name, title: d.title, layer: vectorLayers.get(d.name)!, minZoom: d.minZoom, zoomHint: d.zoomHint,
  }));
  const updateHint = () => {
    const zoom = map.getView().getZoom() ?? 0;
    const parcels = vectorLayers.get('parcelles');
    hintEl.hidden = !(parcels?.getVisible() && zoom < PARCELS_MIN_ZOOM);
    switcher?.update();
  };
  switcher = createSwitcher(byId('layer-switcher'), map, entries, updateHint);
  const legend = createLegend(byId('legend'));
  let legendQueued = false;
  const refreshLegend = () => {
    if (legendQueued) return;
    legendQueued = true;
    requestAnimationFrame(() => {
      legendQueued = false;
      const categories: string[] = [];
      const extent = map.getView().calculateExtent(map.getSize());
      for (const name of ['assiettes_sup', 'generateurs_sup']) {
        const layer = vectorLayers.get(name);
        if (!layer?.isVisible(map.getView())) continue;
        for (const f of layer.getFeaturesInExtent(extent)) {
          const c = f.get('categorie') ?? f.get('suptype');
          if (c) categories.push(String(c));
        }
      }
      legend.setSupCategories(categories);
    });
  };
  // The public layer's filter form; its years are those of the permits loaded.
  const filters = createFilterForm(byId('public-filters'), [permits, permitParcels]);
  // Once every tile of the view is drawn: the SUP categories in view, the years of the permits, and
  // no layer left "loading" (a tile dropped by OpenLayers while loading reports no end).
  map.on('rendercomplete', () => {
    for (const [name, n] of pending) if (n > 0) { pending.set(name, 0); switcher?.setStatus(name === PARCELS_LAYER ? POINTS_LAYER : name, null); }
    refreshLegend();
    if (permits.isVisible(map.getView())) {
      filters.addYears(permits.getFeaturesInExtent(map.getView().calculateExtent(map.getSize())).map((f) => f.get('annee')));
    }
  });

  // Commune: open on the first one; a selector when there are several.
  const names = Object.fromEntries(communes.map((c) => [c.insee, c.nom]));
  const nameCommune = (c: Commune | undefined) => {
    communeName.textContent = c ? `${c.nom} (${c.insee})` : 'Aucune commune chargée';
    document.title = c ? `Terrier — ${c.nom}` : 'Terrier';
  };
  const openCommune = (c: Commune | undefined, duration = 0) => {
    nameCommune(c);
    if (c?.bbox) fitBbox(map, c.bbox, duration);
  };
  const showCommune = (insee: string) => {
    const c = communes.find((x) => x.insee === insee);
    if (!c) return;
    if (!communeSelect.hidden) communeSelect.value = insee;
    nameCommune(c);
  };
  if (communes.length > 1) {
    communeSelect.replaceChildren(...communes.map((c) => new Option(`${c.nom} (${c.insee})`, c.insee)));
    communeSelect.hidden = false;
    communeName.classList.add('visually-hidden');
    communeSelect.addEventListener('change', () => openCommune(communes.find((c) => c.insee === communeSelect.value), 400));
  }
  openCommune(communes[0]);
  // The background chooser probes the tile under the commune's centre, so only once the view is there.
  mountBackgroundChooser(byId('background-chooser'), map, backgroundLayer, backgrounds);
  if (!communes.length) {
    hintEl.textContent = 'Aucune commune dans la base : importez des données (npm run import).';
    hintEl.hidden = false;
  }

  // Coordinates under the mouse (or of the map centre when the mouse is elsewhere) and zoom level.
  const showCoords = (coord: Coordinate | undefined, what: string) => {
    if (!coord) { coordsEl.textContent = ''; return; }
    const zoom = map.getView().getZoom() ?? 0;
    coordsEl.innerHTML = '';
    const parts: [string, string][] = [
      ['Lambert-93', formatLambert93(toLambert93(coord))],
      ['WGS84', formatWgs84(toWgs84(coord))],
      ['Zoom', formatZoom(zoom)],
    ];
    const label = document.createElement('span');
    label.className = 'coords-what';
    label.textContent = what;
    coordsEl.append(label);
    for (const [k, v] of parts) {
      const span = document.createElement('span');
      const b = document.createElement('b');
      b.textContent = `${k} : `;
      span.append(b, v);
      coordsEl.append(span);
    }
  };
  // The last pixel under the mouse: after a zoom or pan, the coordinates there are shown again.
  let lastPixel: number[] | null = null;
  map.on('pointermove', (e) => {
    if (e.dragging) return;
    lastPixel = e.pixel;
    showCoords(e.coordinate, 'Curseur');
  });
  mapEl.addEventListener('pointerleave', () => {
    lastPixel = null;
    showCoords(map.getView().getCenter(), 'Centre');
  });
  map.on('moveend', () => {
    updateHint();
    if (lastPixel) showCoords(map.getCoordinateFromPixel(lastPixel), 'Curseur');
    else showCoords(map.getView().getCenter(), 'Centre');
  });

  // Info panel: click, or Enter on the focused map to query its centre.
  const panel = createInfoPanel(byId('info-panel'), byId('info-body'), byId<HTMLButtonElement>('info-close'), mapEl, () => selection.select(null));
  let queryToken = 0;
  const query = (coordinate: Coordinate) => {
    const seenPermits = new Set<unknown>();
    const hits = featuresAt(map, vectorLayers, coordinate)
      .filter((h) => INFO_ORDER.includes(h.layer) || !LAYER_DEFS.some((d) => d.name === h.layer))
      // A permit hidden by the filter is not under the click; one under both its point and its parcels is one card.
      .filter((h) => {
        if (h.layer !== POINTS_LAYER && h.layer !== PARCELS_LAYER) return true;
        const n = h.feature.get('num_dau');
        if (!passes(h.feature) || seenPermits.has(n)) return false;
        seenPermits.add(n);
        return true;
      })
      .sort((a, b) => rank(a.layer) - rank(b.layer));
    const descriptions = hits.map((h) => describe(h.layer, h.feature.getProperties(), names));
    selection.select(hits[0]?.feature ?? null);
    const where = `Lambert-93 : ${formatLambert93(toLambert93(coordinate))}`;
    // What comes later (only while the panel still shows this click): the parcel's check right after
    // the parcel itself, and each permit's full public record in place of its tile's few fields.
    const token = ++queryToken;
    let check: Description[] = [];
    const redraw = () => {
      if (token !== queryToken) return;
      const i = descriptions.findIndex((d) => d.layer === 'parcelles');
      panel.show(i < 0 ? [...descriptions, ...check] : [...descriptions.slice(0, i + 1), ...check, ...descriptions.slice(i + 1)], where);
    };
    redraw();
    const parcel = hits.find((h) => h.layer === 'parcelles')?.feature.get('id');
    if (typeof parcel === 'string') {
      checkParcels([parcel]).then((r) => { check = checkDescriptions(r); redraw(); }).catch((err: unknown) => {
        check = [{ layer: 'check', kind: 'Contrôle spatial', title: 'Contrôle impossible', rows: [{ label: 'Erreur', value: errorText(err) }] }];
        redraw();
      });
    }
    hits.forEach((h, i) => {
      if (h.layer !== POINTS_LAYER && h.layer !== PARCELS_LAYER) return;
      publicApi.autorisation(String(h.feature.get('num_dau'))).then((p) => {
        descriptions[i] = describeAutorisation({ ...p.autorisation }, names);
        redraw();
      }).catch(() => { /* the tile's fields stay */ });
    });
  };
  map.on('singleclick', (e) => query(e.coordinate));
  mapEl.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target === mapEl) {
      const c = map.getView().getCenter();
      if (c) query(c);
    } else if (e.key === 'Escape') {
      panel.hide();
    }
  });

  // --- Find and draw (client/find.ts, client/draw.ts): the header's search box, the footprint tool ---
  const tools = { map, panel, selection, names, commune: () => (communeSelect.hidden ? communes[0]?.insee : communeSelect.value) ?? null, showCommune };
  createFind(byId('find'), tools);
  createDraw(byId('draw-tools'), tools);
  // --- end find and draw ---

  updateHint();
  showCoords(map.getView().getCenter(), 'Centre');

  // ---- Desk (client/desk): staff login, dossiers, filing from parcels selected on the map ----
  const session = mountDesk({
    map, communes, infoBody: byId('info-body'), hideInfo: () => panel.hide(),
    parcelAt: (c) => {
      const id = featuresAt(map, vectorLayers, c).find((h) => h.layer === 'parcelles')?.feature.get('id');
      return typeof id === 'string' ? id : null;
    },
  });
  // ---- end of desk ----

  // ---- Public side (client/publication): a permit's page, the register ----
  mountPublication(byId('public-panel'), { map, communes, commune: tools.commune, hideInfo: () => panel.hide() });
  // ---- end of public side ----

  // ---- Élus' dashboard (client/stats): #tableau-de-bord ----
  mountStats(byId('stats-page'), { communes, session, onLayout: () => map.updateSize() });
}

/** The header's status line, for a citizen: whether the service answers and how much of the cadastre
 * it holds, never the database engine or its version (those stay in /api/health for an admin). */
function healthText(h: { status: string; parcels?: number }): string {
  if (h.status !== 'ok') return 'Service momentanément indisponible';
  if (h.parcels === undefined) return 'Service en ligne';
  return `Service en ligne · ${formatInteger(h.parcels)} parcelle${h.parcels > 1 ? 's' : ''} au cadastre`;
}

function rank(layer: string): number {
  const i = INFO_ORDER.indexOf(layer);
  return i === -1 ? INFO_ORDER.length : i;
}

start().catch((err: unknown) => {
  const el = document.getElementById('health');
  if (el) { el.textContent = 'Erreur au démarrage de la carte.'; el.dataset.state = 'error'; }
  throw err;
});
