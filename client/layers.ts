// The data layers of the map, as vector tiles from /tiles/<layer>/{z}/{x}/{y}.mvt (server/tiles). The
// client knows how to draw the layers below; any other layer the server lists gets a neutral style.
// A tile also carries "<layer>_labels", one label point per feature, so that a feature spanning
// several tiles is labelled once: styles tell the two apart by the feature's "layer" property.
import VectorTileLayer from 'ol/layer/VectorTile.js';
import VectorTileSource from 'ol/source/VectorTile.js';
import MVT from 'ol/format/MVT.js';
import { createXYZ } from 'ol/tilegrid.js';
import type RenderFeature from 'ol/render/Feature.js';
import type { StyleLike } from 'ol/style/Style.js';
import {
  assietteStyle, communeStyle, defaultStyle, generateurStyle, informationStyle, parcelStyle, prescriptionStyle,
  sectionStyle, zoneLabelStyle, zoneStyle,
} from './styles.ts';
import { autorisationStyle } from './publication/style.ts';


export type LayerDef = {
  name: string;
  /** French title for the layer switcher (the server's title wins when it gives one). */
  title: string;
  style: StyleLike;
  /** Property that identifies a feature: its pieces in several tiles are one feature (click, selection). */
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

/** As the server's registry: parcel tiles are empty below this zoom. */
export const PARCELS_MIN_ZOOM = 15;
/** Below this zoom (a whole département or more), the thematic layers are not drawn. */
export const DATA_MIN_ZOOM = 11;
/** Tiles are made down to this zoom and enlarged beyond (the server keeps 1/16 pixel there for it). */
export const TILE_MAX_ZOOM = 18;

/** Known layers, from top to bottom as the switcher lists them. */
export const LAYER_DEFS: readonly LayerDef[] = [
  // The public permits (client/publication): points above everything, labels decluttered with the parcels'.
  { name: 'autorisations', title: 'Autorisations d’urbanisme', style: autorisationStyle, idProperty: 'num_dau', minZoom: DATA_MIN_ZOOM,
    visible: true, zIndex: 90, declutter: true },
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

export type TileLayer = VectorTileLayer<VectorTileSource<RenderFeature>, RenderFeature>;

/** 256-pixel tiles, so that a tile's zoom is the view's (the server's zoom rules are the client's). */
const TILE_GRID = createXYZ({ maxZoom: TILE_MAX_ZOOM, tileSize: 256 });

export const tileUrl = (name: string) => `/tiles/${encodeURIComponent(name)}/{z}/{x}/{y}.mvt`;

export function createTileLayer(def: LayerDef, events: LoadEvents = {}): TileLayer {
  const source = new VectorTileSource<RenderFeature>({ format: new MVT(), url: tileUrl(def.name), tileGrid: TILE_GRID });
  source.on('tileloadstart', () => events.onLoadStart?.(def.name));
  source.on('tileloadend', () => events.onLoadEnd?.(def.name, null));
  source.on('tileloaderror', () => events.onLoadEnd?.(def.name, 'Chargement impossible.'));
  return new VectorTileLayer({
    source,
    style: def.style,
    visible: def.visible,
    zIndex: def.zIndex,
    declutter: def.declutter ?? false,
    // OL's minZoom is exclusive; a hair below makes the layer appear at exactly that zoom.
    minZoom: def.minZoom !== undefined ? def.minZoom - 1e-6 : undefined,
    properties: { name: def.name, title: def.title, idProperty: def.idProperty },
  });
}

/** A layer drawing only the labels of another layer's tiles, shown and hidden with it. */
export function createLabelLayer(layer: TileLayer, def: LayerDef): TileLayer | null {
  if (!def.labelStyle) return null;
  const labels = new VectorTileLayer<VectorTileSource<RenderFeature>, RenderFeature>({
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
