// The vector layers of the map, each loaded by bbox from /api/layers/:name. The client knows how to
// draw the layers below; any other layer the server lists gets a neutral style.
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import type Feature from 'ol/Feature.js';
import type { StyleLike } from 'ol/style/Style.js';
import { buffer, getHeight, getWidth, type Extent } from 'ol/extent.js';
import { layerUrl, getJson, ApiError } from './api.ts';
import { extentToBbox, MAP_PROJECTION } from './coords.ts';
import {
  assietteStyle, communeStyle, defaultStyle, generateurStyle, informationStyle, parcelStyle, prescriptionStyle,
  sectionStyle, zoneLabelStyle, zoneStyle,
} from './styles.ts';

export type LayerDef = {
  name: string;
  /** French title for the layer switcher (the server's title wins when it gives one). */
  title: string;
  style: StyleLike;
  /** Property that identifies a feature, so that overlapping bbox loads do not duplicate it. */
  idProperty: string;
  /** Loaded and drawn only from this zoom level on. */
  minZoom?: number;
  /** French hint shown while the layer is on but the zoom is below minZoom. */
  zoomHint?: string;
  visible: boolean;
  /** Draw order: higher is on top. */
  zIndex: number;
  declutter?: boolean;
  /** Labels drawn on a layer of their own at labelZIndex, above the fills of the layers in between. */
  labelStyle?: StyleLike;
  labelZIndex?: number;
};

export const PARCELS_MIN_ZOOM = 15;
/** Below this zoom (a whole département or more), the thematic layers would exceed the API's limit. */
export const DATA_MIN_ZOOM = 11;

/** Known layers, from top to bottom as the switcher lists them. */
export const LAYER_DEFS: readonly LayerDef[] = [
  { name: 'parcelles', title: 'Parcelles', style: parcelStyle, idProperty: 'id', minZoom: PARCELS_MIN_ZOOM,
    zoomHint: 'Zoomez pour afficher les parcelles', visible: true, zIndex: 80, declutter: true },
  { name: 'sections', title: 'Sections cadastrales', style: sectionStyle, idProperty: 'id', minZoom: DATA_MIN_ZOOM, visible: true, zIndex: 70 },
  { name: 'generateurs_sup', minZoom: DATA_MIN_ZOOM, title: 'Servitudes (générateurs)', style: generateurStyle, idProperty: 'gid', visible: true, zIndex: 60 },
  { name: 'assiettes_sup', minZoom: DATA_MIN_ZOOM, title: 'Servitudes (assiettes)', style: assietteStyle, idProperty: 'gid', visible: true, zIndex: 50 },
  { name: 'prescriptions', minZoom: DATA_MIN_ZOOM, title: 'Prescriptions du PLU', style: prescriptionStyle, idProperty: 'gid', visible: true, zIndex: 40 },
  { name: 'informations', minZoom: DATA_MIN_ZOOM, title: 'Informations du PLU', style: informationStyle, idProperty: 'gid', visible: true, zIndex: 30 },
  { name: 'zone_urba', minZoom: DATA_MIN_ZOOM, title: 'Zonage du PLU', style: zoneStyle, idProperty: 'gid', visible: true, zIndex: 20,
    labelStyle: zoneLabelStyle, labelZIndex: 65 },
  { name: 'communes', title: 'Limites communales', style: communeStyle, idProperty: 'insee', visible: true, zIndex: 10 },
];

export function defFor(name: string, serverTitle?: string): LayerDef {
  const known = LAYER_DEFS.find((d) => d.name === name);
  if (known) return { ...known, title: serverTitle || known.title };
  return { name, title: serverTitle || name, style: defaultStyle, idProperty: 'gid', minZoom: DATA_MIN_ZOOM, visible: false, zIndex: 45 };
}

export type LoadEvents = {
  onLoadStart?: (name: string) => void;
  onLoadEnd?: (name: string, error: string | null) => void;
};

/**
 * Loads the view extent grown by a quarter on each side, so that small pans do not refetch; features
 * already loaded (same id) are skipped by the source.
 */
function bufferedBbox(extent: Extent): Extent[] {
  return [buffer(extent, Math.max(getWidth(extent), getHeight(extent)) / 4)];
}

export function createVectorLayer(def: LayerDef, events: LoadEvents = {}): VectorLayer<VectorSource<Feature>> {
  const format = new GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: MAP_PROJECTION });
  const source: VectorSource<Feature> = new VectorSource<Feature>({
    strategy: bufferedBbox,
    loader: (extent, _resolution, _projection, success, failure) => {
      events.onLoadStart?.(def.name);
      getJson<object>(layerUrl(def.name, extentToBbox(extent)))
        .then((json) => {
          const features = format.readFeatures(json) as Feature[];
          for (const f of features) {
            const id = f.get(def.idProperty);
            if (id !== undefined && id !== null) f.setId(`${def.name}.${id}`);
          }
          source.addFeatures(features);
          success?.(features);
          events.onLoadEnd?.(def.name, null);
        })
        .catch((err: unknown) => {
          failure?.();
          const message = err instanceof ApiError && err.status === 400 && /zoom in/i.test(err.message)
            ? 'Trop d’objets dans cette vue : zoomez.'
            : 'Chargement impossible.';
          events.onLoadEnd?.(def.name, message);
        });
    },
  });
  const layer = new VectorLayer({
    source,
    style: def.style,
    visible: def.visible,
    zIndex: def.zIndex,
    declutter: def.declutter ?? false,
    // OL's minZoom is exclusive; a hair below makes the layer appear at exactly that zoom.
    minZoom: def.minZoom !== undefined ? def.minZoom - 1e-6 : undefined,
    properties: { name: def.name, title: def.title },
  });
  return layer;
}

/** A layer drawing only the labels of another layer's features, shown and hidden with it. */
export function createLabelLayer(layer: VectorLayer<VectorSource<Feature>>, def: LayerDef): VectorLayer<VectorSource<Feature>> | null {
  if (!def.labelStyle) return null;
  const labels = new VectorLayer({
    source: layer.getSource()!,
    style: def.labelStyle,
    zIndex: def.labelZIndex ?? def.zIndex,
    declutter: `labels-${def.name}`,
    visible: layer.getVisible(),
    minZoom: layer.getMinZoom(),
    properties: { name: `${def.name}-labels` },
  });
  layer.on('change:visible', () => labels.setVisible(layer.getVisible()));
  return labels;
}
