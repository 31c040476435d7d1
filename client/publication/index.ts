// The public side, mounted on the map page by main.ts for everyone (no account): the routes
// #autorisation/<number> (a permit's public page) and #registre (the register of a commune and a
// month) in a panel beside the map, the "Registre" link of the header, the filter form of the public
// layer, and the outline of the open permit on the map.
import type OlMap from 'ol/Map.js';
import type Feature from 'ol/Feature.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import { isEmpty } from 'ol/extent.js';
import type { Commune } from '../api.ts';
import { selectionStyle } from '../styles.ts';
import type { AutorisationPage } from './api.ts';
import { monthLabel, parsePublicRoute } from './etats.ts';
import { renderAutorisation } from './page.ts';
import { renderRegister } from './register.ts';

export type PublicationDeps = {
  map: OlMap;
  communes: Commune[];
  /** The commune shown on the map: the register opens on it. */
  commune: () => string | null;
  /** Closes the info panel (the page says more than its card). */
  hideInfo: () => void;
};

const format = new GeoJSON();

/** The open permit on the map: its land outlined (its point when the land is unknown), as the selection is drawn. */
function createFocusLayer(map: OlMap) {
  const source = new VectorSource<Feature>();
  const layer = new VectorLayer({ source, style: selectionStyle, zIndex: 995, properties: { name: 'public-focus' } });
  map.addLayer(layer);
  return (p: AutorisationPage | null) => {
    source.clear();
    if (!p) return;
    const opts = { dataProjection: 'EPSG:4326', featureProjection: map.getView().getProjection() };
    if (p.terrain) source.addFeature(format.readFeature({ type: 'Feature', geometry: p.terrain, properties: {} }, opts) as Feature);
    else if (p.geometry) source.addFeature(format.readFeature({ type: 'Feature', geometry: p.geometry, properties: {} }, opts) as Feature);
    const extent = source.getExtent();
    // Close enough to see the parcels and the street (zoom 18), never closer.
    if (extent && !isEmpty(extent)) map.getView().fit(extent, { padding: [60, 60, 60, 60], maxZoom: 18, duration: 500 });
  };
}

export function mountPublication(panel: HTMLElement, deps: PublicationDeps): void {
  const { map } = deps;
  const showOnMap = createFocusLayer(map);
  let inflight: AbortController | null = null;

  // The page's title names what is open (the printed register's header too); main.ts names the commune.
  let mapTitle = document.title;
  const render = () => {
    const route = parsePublicRoute(location.hash);
    if (panel.hidden) mapTitle = document.title;
    inflight?.abort();
    inflight = null;
    panel.hidden = route.view === 'none';
    panel.dataset.view = route.view;
    document.body.dataset.publicView = route.view;
    // The panel's width depends on the view: the map takes what is left.
    map.updateSize();
    if (route.view === 'none') { showOnMap(null); panel.replaceChildren(); document.title = mapTitle; return; }
    const ctl = new AbortController();
    inflight = ctl;
    const focusTitle = () => { if (inflight === ctl) panel.querySelector<HTMLElement>('#public-title')?.focus({ preventScroll: false }); };
    if (route.view === 'autorisation') {
      document.title = `${route.number} — Terrier`;
      deps.hideInfo();
      void renderAutorisation(panel, route.number, { showOnMap }, ctl.signal).then(focusTitle);
    } else {
      showOnMap(null);
      const insee = route.commune ?? deps.commune();
      const nom = deps.communes.find((c) => c.insee === insee)?.nom;
      document.title = `Registre des autorisations d’urbanisme${nom ? ` — ${nom}` : ''}${route.mois ? ` — ${monthLabel(route.mois)}` : ''} — Terrier`;
      void renderRegister(panel, deps.communes, insee, route.mois, ctl.signal).then(focusTitle);
    }
  };
  window.addEventListener('hashchange', render);
  render();
}
