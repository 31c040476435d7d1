// The OpenLayers map (Web Mercator view), its controls, and feature look-up at a point.
import OlMap from 'ol/Map.js';
import View from 'ol/View.js';
import Feature, { type FeatureLike } from 'ol/Feature.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import VectorTileLayer from 'ol/layer/VectorTile.js';
import type VectorTileSource from 'ol/source/VectorTile.js';
import LayerGroup from 'ol/layer/Group.js';
import RenderFeature, { toFeature } from 'ol/render/Feature.js';
import type BaseLayer from 'ol/layer/Base.js';
import type { Coordinate } from 'ol/coordinate.js';
import { boundingExtent, buffer } from 'ol/extent.js';
import { defaults as defaultControls } from 'ol/control/defaults.js';
import ScaleLine from 'ol/control/ScaleLine.js';
import { defaults as defaultInteractions } from 'ol/interaction/defaults.js';
import { fromLonLat } from 'ol/proj.js';
import type { Bbox } from './api.ts';
import { bboxToExtent, MAP_PROJECTION } from './coords.ts';
import { selectionStyle } from './styles.ts';

/** Metropolitan France, when there is no commune to open on. */
const FRANCE_CENTER = fromLonLat([2.6, 46.6]);

export function createMap(target: HTMLElement, layers: BaseLayer[]): OlMap {
  return new OlMap({
    target,
    layers,
    view: new View({ projection: MAP_PROJECTION, center: FRANCE_CENTER, zoom: 6, minZoom: 5, maxZoom: 22, enableRotation: false }),
    controls: defaultControls({
      rotate: false,
      zoomOptions: { zoomInTipLabel: 'Zoom avant', zoomOutTipLabel: 'Zoom arrière' },
      // Not collapsible: IGN asks for its attribution to stay in view (each source says so itself).
      attributionOptions: { tipLabel: 'Sources du fond de plan' },
    }).extend([new ScaleLine({ units: 'metric', minWidth: 80 })]),
    interactions: defaultInteractions({ altShiftDragRotate: false, pinchRotate: false }),
  });
}

export function fitBbox(map: OlMap, bbox: Bbox, duration = 0): void {
  map.getView().fit(bboxToExtent(bbox), { padding: [24, 24, 24, 24], duration });
}

export type Hit = { layer: string; feature: Feature };

/** A vector layer, or a vector tile layer of server/tiles (whose features are RenderFeatures, cut by tile edges). */
export type DataLayer = VectorLayer<VectorSource<Feature>> | VectorTileLayer<VectorTileSource<RenderFeature>, RenderFeature>;

/** Where a hit made from tile pieces comes from, so that the selection can outline the whole feature. */
const tileOrigin = new WeakMap<Feature, { layer: VectorTileLayer<VectorTileSource<RenderFeature>, RenderFeature>; name: string; idProperty: string; id: unknown }>();

/**
 * The features of the visible data layers at a point: polygons containing it, and lines and points
 * within a few pixels of it. Computed on the geometries rather than by canvas hit detection, so it
 * does not depend on fills or styles. A tile layer's feature comes as a Feature (its piece in the tile
 * under the point), once even where tiles overlap; label points are not features.
 */
export function featuresAt(map: OlMap, layers: Map<string, DataLayer>, coordinate: Coordinate, tolerancePx = 5): Hit[] {
  const view = map.getView();
  const tolerance = tolerancePx * (view.getResolution() ?? 1);
  const around = boundingExtent([coordinate]);
  buffer(around, tolerance, around);
  const hits: Hit[] = [];
  const isHit = (g: NonNullable<ReturnType<Feature['getGeometry']>>) => {
    if (/Polygon$/.test(g.getType())) return g.intersectsCoordinate(coordinate);
    const [x, y] = g.getClosestPoint(coordinate);
    return Math.hypot(x! - coordinate[0]!, y! - coordinate[1]!) <= tolerance;
  };
  for (const [name, layer] of layers) {
    if (!layer.isVisible(view)) continue;
    if (layer instanceof VectorTileLayer) {
      const idProperty = String(layer.get('idProperty') ?? 'gid');
      const seen = new Set<unknown>();
      for (const piece of layer.getFeaturesInExtent(around) as FeatureLike[]) {
        if (!(piece instanceof RenderFeature) || piece.get('layer') !== name) continue;
        const id = piece.get(idProperty);
        if (seen.has(id)) continue;
        const feature = toFeature(piece);
        const g = feature.getGeometry();
        if (!g || !isHit(g)) continue;
        seen.add(id);
        feature.unset('layer', true);
        tileOrigin.set(feature, { layer, name, idProperty, id });
        hits.push({ layer: name, feature });
      }
      continue;
    }
    for (const feature of layer.getSource()?.getFeaturesInExtent(around) ?? []) {
      const g = feature.getGeometry();
      if (g && isHit(g)) hits.push({ layer: name, feature });
    }
  }
  return hits;
}

/**
 * A layer that outlines the selected feature above everything else. A feature found in tiles is
 * outlined whole, tile by tile, by a tile layer sharing its source (a piece would show the tile's cut);
 * any other feature by its geometry.
 */
export function createSelectionLayer(): { layer: BaseLayer; select: (f: Feature | null) => void } {
  const source = new VectorSource<Feature>();
  const vector = new VectorLayer({ source, style: selectionStyle, zIndex: 1000, properties: { name: 'selection' } });
  let selected: { name: string; idProperty: string; id: unknown } | null = null;
  const tiles = new VectorTileLayer<VectorTileSource<RenderFeature>, RenderFeature>({
    zIndex: 1000,
    renderMode: 'vector',
    visible: false,
    style: (f) => (selected && f.get('layer') === selected.name && f.get(selected.idProperty) === selected.id ? selectionStyle : undefined),
    properties: { name: 'selection-tiles' },
  });
  return {
    layer: new LayerGroup({ layers: [vector, tiles], properties: { name: 'selection' } }),
    select(f) {
      source.clear();
      const origin = f ? tileOrigin.get(f) : undefined;
      selected = origin ? { name: origin.name, idProperty: origin.idProperty, id: origin.id } : null;
      if (origin) {
        if (tiles.getSource() !== origin.layer.getSource()) tiles.setSource(origin.layer.getSource());
        tiles.setMinZoom(origin.layer.getMinZoom());
        tiles.setVisible(true);
        tiles.changed();
        return;
      }
      tiles.setVisible(false);
      const g = f?.getGeometry();
      if (g) source.addFeature(new Feature(g.clone()));
    },
  };
}
