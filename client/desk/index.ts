// The instructeur's desk, mounted on the map page by main.ts: the staff login in the header, the
// desk panel beside the map with its hash routes (#dossiers, #dossier/<id>, #nouveau), the
// selection of parcels for a filing, and the staff layer of dossiers. The public sees only the map.
import type OlMap from 'ol/Map.js';
import type { Coordinate } from 'ol/coordinate.js';
import { getJson, type Commune } from '../api.ts';
import { createSession, type Session } from './session.ts';
import { createDeskLayers } from './maplayers.ts';
import { renderList } from './list.ts';
import { renderFiling, receiptView, type Selection } from './filing.ts';
import { renderDossier } from './dossier.ts';
import { h, message } from './dom.ts';
import { mayFile } from './labels.ts';
import { legendView } from './symbols.ts';

export type DeskDeps = {
  map: OlMap;
  communes: Commune[];
  /** The parcel's id under a map coordinate, from the map's own layers (for Ctrl + click). */
  parcelAt: (coordinate: Coordinate) => string | null;
  /** The info panel's body: a parcel shown there gets a "Sélectionner" button. */
  infoBody: HTMLElement;
  /** Closes the info panel (a dossier page shows its parcels where the panel would hide them). */
  hideInfo: () => void;
};

export type Route = { view: 'list' } | { view: 'dossier'; id: number } | { view: 'filing' } | { view: 'map' };

/** The desk's route of a location hash. */
export function parseRoute(hash: string): Route {
  if (hash === '#dossiers') return { view: 'list' };
  if (hash === '#nouveau') return { view: 'filing' };
  const m = /^#dossier\/([1-9][0-9]{0,15})$/.exec(hash);
  if (m) return { view: 'dossier', id: Number(m[1]) };
  return { view: 'map' };
}

const byId = (id: string) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  return el;
};

/** Mounts the desk; its session is shared with the dashboard (client/stats). */
export function mountDesk(deps: DeskDeps): Session {
  const { map } = deps;
  const panel = byId('desk');
  const nav = byId('desk-nav');
  const layerBox = byId('desk-layer');
  const session = createSession(byId('account'));
  const layers = createDeskLayers(map, (msg) => console.warn(msg));
  let flash: HTMLElement[] = [];

  // --- the selection of parcels for a filing (geometries from the server, never from the map's features)
  const selected = new Map<string, unknown>();
  const selectionChanged = () => {
    layers.showSelection([...selected.values()]);
    decoratePanel();
    if (parseRoute(location.hash).view === 'filing') render();
  };
  const selection: Selection = {
    ids: () => [...selected.keys()],
    remove: (id) => { selected.delete(id); selectionChanged(); },
    clear: () => { selected.clear(); selectionChanged(); },
  };
  async function toggleParcel(id: string): Promise<void> {
    if (selected.has(id)) { selection.remove(id); return; }
    const q = new URLSearchParams({ code_insee: id.slice(0, 5), com_abs: id.slice(5, 8), section: id.slice(8, 10), numero: id.slice(10) });
    const fc = await getJson<{ features: unknown[] }>(`/api/cadastre/parcelle?${q}`);
    if (!fc.features.length) return;
    selected.set(id, fc.features[0]);
    selectionChanged();
    if (parseRoute(location.hash).view !== 'filing') location.hash = '#nouveau';
  }

  // The info panel is redrawn by the map page (click, then the spatial check): add the button each time.
  function decoratePanel(): void {
    const section = deps.infoBody.querySelector<HTMLElement>('[data-layer="parcelles"]');
    section?.querySelector('.desk-select')?.remove();
    const ref = section?.querySelector('[data-field="reference"]')?.textContent?.replace(/\s+/g, '');
    const user = session.user();
    if (!section || !ref || !user || !mayFile(user.role)) return;
    const isIn = selected.has(ref);
    const b = h('button', { type: 'button', class: 'desk-button small desk-select', 'aria-pressed': String(isIn) },
      isIn ? 'Retirer de la sélection' : 'Sélectionner pour un dépôt');
    b.addEventListener('click', () => { toggleParcel(ref).catch((err: unknown) => console.warn(err)); });
    section.append(b);
  }
  new MutationObserver(() => { if (!deps.infoBody.querySelector('.desk-select')) decoratePanel(); })
    .observe(deps.infoBody, { childList: true });

  map.on('singleclick', (e) => {
    if (!session.user()) return;
    const ev = e.originalEvent as MouseEvent;
    if (ev.ctrlKey || ev.metaKey) {
      const id = deps.parcelAt(e.coordinate);
      if (id && mayFile(session.user()!.role)) toggleParcel(id).catch((err: unknown) => console.warn(err));
      return;
    }
    const dossier = layers.visible() ? layers.dossierAt(e.pixel) : null;
    if (dossier) location.hash = `#dossier/${dossier}`;
  });

  // --- the staff layer's switch and legend, in the sidebar
  const toggle = h('input', { type: 'checkbox', id: 'couche-dossiers', checked: true });
  toggle.addEventListener('change', () => layers.dossiers.setVisible(toggle.checked && !!session.user()));
  layerBox.replaceChildren(
    h('h2', { id: 'desk-layer-title' }, 'Dossiers (personnel)'),
    h('label', { class: 'desk-check' }, toggle, ' Dossiers par état'),
    legendView());

  // --- routes
  let renderToken = 0;
  function render(): void {
    const route = parseRoute(location.hash);
    const user = session.user();
    const token = ++renderToken;
    const wasHidden = panel.hidden;
    panel.hidden = route.view === 'map';
    if (wasHidden !== panel.hidden) map.updateSize();
    const focusTitle = () => { if (token === renderToken) panel.querySelector<HTMLElement>('#desk-title')?.focus(); };
    if (route.view !== 'dossier') layers.showDossierParcels(null);
    if (route.view === 'map') return;
    if (!user) {
      panel.replaceChildren(h('h2', { id: 'desk-title', tabindex: '-1' }, 'Bureau de l’instruction'),
        message('info', 'Connectez-vous (en haut à droite) pour accéder aux dossiers.'));
      session.askLogin('Les dossiers sont réservés au personnel : connectez-vous.');
      return;
    }
    if (route.view === 'list') { renderList(panel, deps.communes, mayFile(user.role), user.role); focusTitle(); return; }
    if (route.view === 'filing') {
      if (!mayFile(user.role)) {
        panel.replaceChildren(h('h2', { id: 'desk-title', tabindex: '-1' }, 'Nouveau dossier'), message('error', 'Votre rôle ne permet pas d’enregistrer un dépôt.'));
      } else {
        const focused = document.activeElement;
        renderFiling(panel, selection, (d) => {
          flash = [receiptView(d)];
          layers.refresh();
          location.hash = `#dossier/${d.id}`;
        });
        // Re-rendered by a change of selection from the map: leave the focus where the user is.
        if (!(focused instanceof HTMLElement) || !map.getTargetElement()?.contains(focused)) focusTitle();
      }
      return;
    }
    if (!deps.infoBody.closest('[hidden]')) deps.hideInfo();
    const pageFlash = flash;
    flash = [];
    renderDossier(panel, route.id, { role: () => session.user()?.role ?? '', showParcels: layers.showDossierParcels, onChanged: layers.refresh }, pageFlash)
      .then(focusTitle, (err: unknown) => console.warn(err));
  }

  session.onChange((user) => {
    nav.hidden = !user;
    nav.querySelector<HTMLElement>('a[href="#nouveau"]')!.hidden = !user || !mayFile(user.role);
    layerBox.hidden = !user;
    layers.dossiers.setVisible(!!user && toggle.checked);
    if (!user) { selected.clear(); layers.showSelection([]); }
    decoratePanel();
    render();
  });
  window.addEventListener('hashchange', render);
  void session.ready.then(render);
  return session;
}
