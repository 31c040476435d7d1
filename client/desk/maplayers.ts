// The desk's layers on the map: the parcels selected for filing, the open dossier's parcels, and
// the staff-only layer of dossiers coloured by state. Geometries always come from the server as
// GeoJSON (the map's own layers may be vector tiles, whose features are only for rendering).
import type OlMap from 'ol/Map.js';
import type Feature from 'ol/Feature.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import GeoJSONFormat from 'ol/format/GeoJSON.js';
import { bbox as bboxStrategy } from 'ol/loadingstrategy.js';
import { extentToBbox } from '../coords.ts';
import { bboxParam } from '../api.ts';
import { Fill, Stroke, Style } from 'ol/style.js';
import { dossierStyle } from './symbols.ts';
import { isEmpty } from 'ol/extent.js';
import { errorText, getJson } from '../api.ts';

type VLayer = VectorLayer<VectorSource<Feature>>;
const format = new GeoJSONFormat();

const readFeatures = (map: OlMap, json: unknown) =>
  format.readFeatures(json, { dataProjection: 'EPSG:4326', featureProjection: map.getView().getProjection() }) as Feature[];

const selectedStyle = [
  new Style({ stroke: new Stroke({ color: '#ffffff', width: 5 }) }),
  new Style({ stroke: new Stroke({ color: '#d9480f', width: 2.5, lineDash: [8, 5] }), fill: new Fill({ color: 'rgba(217, 72, 15, 0.18)' }) }),
];
const dossierParcelStyle = [
  new Style({ stroke: new Stroke({ color: '#ffffff', width: 6 }) }),
  new Style({ stroke: new Stroke({ color: '#7b3fb5', width: 3 }), fill: new Fill({ color: 'rgba(123, 63, 181, 0.2)' }) }),
];

export type DeskLayers = {
  dossiers: VLayer;
  /** Shows these parcels (GeoJSON from the server) as the filing selection. */
  showSelection: (features: unknown[]) => void;
  /** Shows and fits the open dossier's parcels; null clears. */
  showDossierParcels: (json: unknown | null) => void;
  /** The dossier of the staff layer under a pixel, if any. */
  dossierAt: (pixel: number[]) => number | null;
  /** Reloads the staff layer (after a filing or an event). */
  refresh: () => void;
  visible: () => boolean;
};

export function createDeskLayers(map: OlMap, onError: (message: string) => void): DeskLayers {
  const selection = new VectorLayer({ source: new VectorSource<Feature>(), style: selectedStyle, zIndex: 990, properties: { name: 'desk-selection' } });
  const parcels = new VectorLayer({ source: new VectorSource<Feature>(), style: dossierParcelStyle, zIndex: 980, properties: { name: 'desk-dossier' } });
  const source = new VectorSource<Feature>({
    strategy: bboxStrategy,
    loader: (extent, _resolution, _projection, success, failure) => {
      getJson(`/api/dossiers/map?bbox=${bboxParam(extentToBbox(extent))}`)
        .then((json) => {
          const features = readFeatures(map, json);
          source.addFeatures(features);
          success?.(features);
        })
        .catch((err: unknown) => {
          source.removeLoadedExtent(extent);
          onError(`Couche des dossiers : ${errorText(err)}`);
          failure?.();
        });
    },
  });
  // Dossier ids are the features' ids, so reloading an extent never duplicates one.
  // Decluttered with the public permits' layer (client/publication), which labels the same numbers.
  const dossiers = new VectorLayer({ source, style: dossierStyle, zIndex: 970, visible: false, minZoom: 12, declutter: true, properties: { name: 'desk-dossiers' } });
  for (const l of [dossiers, parcels, selection]) map.addLayer(l);

  return {
    dossiers,
    showSelection(features) {
      selection.getSource()!.clear();
      selection.getSource()!.addFeatures(readFeatures(map, { type: 'FeatureCollection', features }));
    },
    showDossierParcels(json) {
      const s = parcels.getSource()!;
      s.clear();
      if (!json) return;
      s.addFeatures(readFeatures(map, json));
      const extent = s.getExtent();
      if (extent && !isEmpty(extent)) map.getView().fit(extent, { padding: [60, 60, 60, 60], maxZoom: 18, duration: 300 });
    },
    dossierAt(pixel) {
      let id: number | null = null;
      map.forEachFeatureAtPixel(pixel, (f) => { id = Number(f.get('id')); return true; }, { layerFilter: (l) => l === dossiers, hitTolerance: 2 });
      return id;
    },
    refresh() { source.refresh(); },
    visible: () => dossiers.isVisible(map.getView()),
  };
}
