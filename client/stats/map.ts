// The map of the dashboard: the cadastral sections coloured by the number of permits filed in the
// period (a choropleth in five classes of a sequential blue, with the count written on each), and the
// published permits themselves as the public layer's points. OpenLayers, as the rest of the client.
import type OlMap from 'ol/Map.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import { Fill, Stroke, Style, Text } from 'ol/style.js';
import type { FeatureLike } from 'ol/Feature.js';
import { createMap } from '../map.ts';
import { MAP_PROJECTION } from '../coords.ts';
import { createTileLayer, defFor } from '../layers.ts';
import { POINTS_LAYER } from '../publication/layer.ts';
import type { Stats } from './figures.ts';

/** Five classes, light to dark (ColorBrewer Blues). */
export const CLASSES = ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'];

/** Class breaks by equal steps up to the maximum: a class index for a count (0 for none). */
export function classOf(n: number, max: number): number {
  if (n <= 0 || max <= 0) return 0;
  return Math.min(CLASSES.length - 1, Math.ceil((n / max) * (CLASSES.length - 1)));
}

export type StatsMap = { show: (s: Stats) => void; map: OlMap };

export function createStatsMap(target: HTMLElement, legend: HTMLElement): StatsMap {
  const source = new VectorSource();
  let max = 1;
  const style = (f: FeatureLike) => {
    const n = Number(f.get('permits'));
    return new Style({
      fill: new Fill({ color: CLASSES[classOf(n, max)] + 'cc' }),
      stroke: new Stroke({ color: '#333', width: 1 }),
      text: new Text({ text: `${f.get('section')} : ${n}`, font: '600 12px system-ui, sans-serif', fill: new Fill({ color: '#000' }), stroke: new Stroke({ color: '#fff', width: 3 }) }),
    });
  };
  const sections = new VectorLayer({ source, style, zIndex: 1 });
  const points = createTileLayer(defFor(POINTS_LAYER));
  points.setZIndex(2);
  const map = createMap(target, [sections, points]);
  const format = new GeoJSON({ featureProjection: MAP_PROJECTION });
  return {
    map,
    show(s) {
      max = Math.max(1, ...s.sections.map((r) => r.permits));
      source.clear();
      source.addFeatures(s.sections.filter((r) => r.geometry).map((r) => format.readFeature({
        type: 'Feature', geometry: r.geometry, properties: { insee: r.insee, section: r.section, permits: r.permits, dwellings: r.dwellings },
      }) as never));
      const fmt = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
      legend.replaceChildren(...CLASSES.slice(1).flatMap((c, i) => {
        // classOf: class c holds the counts in ((c - 1) × max / 4, c × max / 4].
        const lo = Math.floor((i * max) / (CLASSES.length - 1)) + 1, hi = Math.floor(((i + 1) * max) / (CLASSES.length - 1));
        if (lo > hi) return []; // no whole count falls in this class (fewer permits than classes)
        const li = document.createElement('li');
        const sw = document.createElement('span');
        sw.className = 'stats-swatch';
        sw.style.background = c;
        li.append(sw, lo === hi ? `${fmt.format(hi)} autorisation${hi > 1 ? 's' : ''}` : `${fmt.format(lo)} à ${fmt.format(hi)} autorisations`);
        return [li];
      }));
      map.updateSize();
      if (source.getFeatures().length) map.getView().fit(source.getExtent()!, { padding: [24, 24, 24, 24], maxZoom: 17 });
    },
  };
}
