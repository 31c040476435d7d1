// The public layer's pieces besides its style: the parcels' outline layer that goes with it (its own
// tiles, /tiles/autorisations_parcelles/…, from zoom 17, shown and hidden with the points), and the
// sidebar form filtering both by type, state and year of filing. The filter is applied client-side to
// the tiles' features (style.ts), so changing it draws at once, without a request.
import type Layer from 'ol/layer/Layer.js';
import { createTileLayer, type LayerDef, type LoadEvents, type TileLayer } from '../layers.ts';
import { field, h } from '../desk/dom.ts';
import { ETATS, ETAT_LABELS, NO_FILTER, PUBLIC_TYPES, isFiltered, type Filter } from './etats.ts';
import { typeLabel } from './card.ts';
import { autorisationStyle, setFilter } from './style.ts';

/** As the server's tiles: the parcels of each dossier are in autorisations_parcelles from this zoom on. */
export const PARCELS_OUTLINE_MIN_ZOOM = 17;
export const POINTS_LAYER = 'autorisations';
export const PARCELS_LAYER = 'autorisations_parcelles';

export const PARCELS_DEF: LayerDef = {
  name: PARCELS_LAYER, title: 'Parcelles des autorisations', style: autorisationStyle, idProperty: 'num_dau',
  minZoom: PARCELS_OUTLINE_MIN_ZOOM, visible: true, zIndex: 88,
};

/** The parcels' outline layer, following the points layer's visibility. */
export function createParcelsLayer(points: TileLayer, events: LoadEvents = {}): TileLayer {
  const parcels = createTileLayer(PARCELS_DEF, events);
  parcels.setVisible(points.getVisible());
  points.on('change:visible', () => parcels.setVisible(points.getVisible()));
  return parcels;
}

export type FilterForm = {
  /** Adds years seen in the loaded tiles to the year list (kept sorted, newest first). */
  addYears: (years: Iterable<unknown>) => void;
  filter: () => Filter;
};

/** The filter form, in `container`; `layers` are redrawn on every change. */
export function createFilterForm(container: HTMLElement, layers: Layer[]): FilterForm {
  const type = h('select', { id: 'filtre-type', name: 'type' },
    h('option', { value: '' }, 'Tous les types'), ...PUBLIC_TYPES.map((t) => h('option', { value: t }, `${t} — ${typeLabel(t)}`)));
  const etat = h('select', { id: 'filtre-etat', name: 'etat' },
    h('option', { value: '' }, 'Tous les états'), ...ETATS.map((e) => h('option', { value: e }, ETAT_LABELS[e])));
  const annee = h('select', { id: 'filtre-annee', name: 'annee' }, h('option', { value: '' }, 'Toutes les années'));
  const reset = h('button', { type: 'reset', class: 'desk-button small', id: 'filtre-reset', hidden: true }, 'Tout afficher');
  const status = h('p', { class: 'public-filter-status', role: 'status', id: 'filtre-etat-message' });
  const form = h('form', { class: 'public-filters', id: 'filtre-autorisations', 'aria-label': 'Filtrer les autorisations d’urbanisme' },
    field('Type', type), field('État', etat), field('Année de dépôt', annee), reset, status);
  let current: Filter = NO_FILTER;
  const apply = () => {
    current = { type: type.value, etat: etat.value, annee: annee.value };
    setFilter(current);
    reset.hidden = !isFiltered(current);
    status.textContent = isFiltered(current) ? 'Filtre appliqué à la carte.' : '';
    for (const l of layers) l.changed();
  };
  form.addEventListener('change', apply);
  // The reset event comes before the fields are emptied.
  form.addEventListener('reset', () => setTimeout(apply));
  form.addEventListener('submit', (e) => e.preventDefault());
  container.replaceChildren(form);

  const years = new Set<string>([String(new Date().getFullYear())]);
  const renderYears = () => {
    const chosen = annee.value;
    const sorted = [...years].sort().reverse();
    annee.replaceChildren(h('option', { value: '' }, 'Toutes les années'), ...sorted.map((y) => h('option', { value: y }, y)));
    annee.value = sorted.includes(chosen) ? chosen : '';
  };
  renderYears();
  return {
    addYears(list) {
      let added = false;
      for (const y of list) {
        const s = String(y ?? '');
        if (/^\d{4}$/.test(s) && !years.has(s)) { years.add(s); added = true; }
      }
      if (added) renderYears();
    },
    filter: () => current,
  };
}
