// The OpenLayers map (Web Mercator view), its controls, and feature look-up at a point.
import OlMap from 'ol/Map.js';
import View from 'ol/View.js';
import Feature from 'ol/Feature.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
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
      attributionOptions: { collapsible: true, tipLabel: 'Sources du fond de plan' },
    }).extend([new ScaleLine({ units: 'metric', minWidth: 80 })]),
    interactions: defaultInteractions({ altShiftDragRotate: false, pinchRotate: false }),
  });
}

export function fitBbox(map: OlMap, bbox: Bbox, duration = 0): void {
  map.getView().fit(bboxToExtent(bbox), { padding: [24, 24, 24, 24], duration });
}

export type Hit = { layer: string; feature: Feature };

/**
 * The features of the visible vector layers at a point: polygons containing it, and lines and
 * points within a few pixels of it. Computed on the geometries rather than
 * by canvas hit detection, so it does not depend on fills or styles.
 */
export function featuresAt(map: OlMap, layers: Map<string, VectorLayer<VectorSource<Feature>>>, coordinate: Coordinate, tolerancePx = 5): Hit[] {
  const view = map.getView();
  const tolerance = tolerancePx * (view.getResolution() ?? 1);
  const around = boundingExtent([coordinate]);
  buffer(around, tolerance, around);
  const hits: Hit[] = [];
  for (const [name, layer] of layers) {
    if (!layer.isVisible(view)) continue;
    for (const feature of layer.getSource()?.getFeaturesInExtent(around) ?? []) {
      const g = feature.getGeometry();
      if (!g) continue;
      let hit: boolean;
      if (/Polygon$/.test(g.getType())) {
        hit = g.intersectsCoordinate(coordinate);
      } else {
        const [x, y] = g.getClosestPoint(coordinate);
        hit = Math.hypot(x! - coordinate[0]!, y! - coordinate[1]!) <= tolerance;
      }
      if (hit) hits.push({ layer: name, feature });
    }
  }
  return hits;
}

/** A layer that outlines the selected feature above everything else. */
export function createSelectionLayer(): { layer: VectorLayer<VectorSource<Feature>>; select: (f: Feature | null) => void } {
  const source = new VectorSource<Feature>();
  const layer = new VectorLayer({ source, style: selectionStyle, zIndex: 1000, properties: { name: 'selection' } });
  return {
    layer,
    select(f) {
      source.clear();
      const g = f?.getGeometry();
      if (g) source.addFeature(new Feature(g.clone()));
    },
  };
}
