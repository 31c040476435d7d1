// "Dessiner une emprise": a polygon drawn on the map (ol/interaction/Draw), its area measured live
// by turf on WGS84 coordinates, then checked by the server (POST /api/checks) and shown in the
// info panel like a parcel's check. By mouse: click the vertices, click the first one (or
// double-click) to finish. By keyboard, on the focused map: Entrée adds the map centre, Maj+Entrée
// finishes, Retour arrière removes the last vertex, Échap cancels; Échap again clears the footprint.
import Draw, { type DrawEvent } from 'ol/interaction/Draw.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import type Feature from 'ol/Feature.js';
import type Polygon from 'ol/geom/Polygon.js';
import { Fill, Stroke, Style } from 'ol/style.js';
import { toLonLat } from 'ol/proj.js';
import { area as turfArea, kinks as turfKinks, polygon as turfPolygon } from '@turf/turf';
import { errorText } from './api.ts';
import { checkFootprint, showWithCheck } from './check.ts';
import type { Description } from './describe.ts';
import { formatArea, formatInteger } from './format.ts';
import type { MapTools } from './find.ts';

/** A map ring (EPSG:3857) as a closed WGS84 ring, 8 decimals (about 1 mm). */
export function toWgs84Ring(ring: number[][]): number[][] {
  const out = ring.map((c) => toLonLat(c).map((v) => Math.round(v * 1e8) / 1e8));
  const [first, last] = [out[0], out[out.length - 1]];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push([...first]);
  return out;
}

/** The distinct vertices of a ring: consecutive duplicates and the closing point left out. */
export function vertexCount(ring: number[][]): number {
  let n = 0;
  for (let i = 0; i < ring.length; i++) {
    const c = ring[i]!, prev = ring[i - 1];
    if (i === ring.length - 1 && i > 0 && c[0] === ring[0]![0] && c[1] === ring[0]![1]) break;
    if (!prev || prev[0] !== c[0] || prev[1] !== c[1]) n++;
  }
  return n;
}

/**
 * The ring without consecutive duplicates (while drawing, the point under the cursor repeats the
 * last vertex; turf would see a zero-length side crossing its neighbours), closed.
 */
export function cleanRing(ring: number[][]): number[][] {
  const out = ring.filter((c, i) => i === 0 || c[0] !== ring[i - 1]![0] || c[1] !== ring[i - 1]![1]);
  const [first, last] = [out[0], out[out.length - 1]];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push([...first]);
  return out;
}

/** Geodesic area in m² of a closed WGS84 ring (turf); 0 until it has three distinct vertices. */
export function ringArea(wgs84Ring: number[][]): number {
  if (vertexCount(wgs84Ring) < 3) return 0;
  return turfArea(turfPolygon([cleanRing(wgs84Ring)]));
}

/** Whether the ring's sides cross (turf kinks): its area means nothing, and the server will refuse it. */
export function selfIntersects(wgs84Ring: number[][]): boolean {
  if (vertexCount(wgs84Ring) < 4) return false;
  return turfKinks(turfPolygon([cleanRing(wgs84Ring)])).features.length > 0;
}

/** "1 234 m²", or why there is no area. */
export function areaText(wgs84Ring: number[][]): string {
  return selfIntersects(wgs84Ring) ? 'non mesurable, le tracé se recoupe' : formatArea(ringArea(wgs84Ring));
}

const footprintStyle = [
  new Style({ stroke: new Stroke({ color: '#ffffff', width: 5 }) }),
  new Style({ stroke: new Stroke({ color: '#c2410c', width: 2.5, lineDash: [8, 5] }), fill: new Fill({ color: 'rgba(234, 88, 12, 0.18)' }) }),
];

const HELP = 'Cliquez les sommets sur la carte, puis le premier sommet (ou double-cliquez) pour terminer. '
  + 'Au clavier, sur la carte : Entrée ajoute le centre, Maj+Entrée termine, Retour arrière retire le dernier sommet, Échap annule.';

export function createDraw(root: HTMLElement, tools: MapTools): void {
  const startButton = root.querySelector<HTMLButtonElement>('#draw-start')!;
  const clearButton = root.querySelector<HTMLButtonElement>('#draw-clear')!;
  const areaEl = root.querySelector<HTMLElement>('#draw-area')!;
  const status = root.querySelector<HTMLElement>('[role="status"]')!;
  const { map } = tools;
  const mapEl = map.getTargetElement();
  if (!mapEl) throw new Error('the map must be attached to the page before createDraw');

  const source = new VectorSource<Feature>();
  map.addLayer(new VectorLayer({ source, style: footprintStyle, zIndex: 999, properties: { name: 'emprise' } }));
  let draw: Draw | null = null;
  let sketch: Polygon | null = null;

  const showArea = (ring: number[][] | null) => {
    areaEl.textContent = ring ? `Surface : ${areaText(toWgs84Ring(ring))}` : '';
    areaEl.hidden = !ring;
  };
  const sketchRing = () => sketch?.getCoordinates()[0] ?? [];

  const stop = () => {
    if (draw) { map.removeInteraction(draw); draw = null; }
    sketch = null;
    startButton.setAttribute('aria-pressed', 'false');
    root.dataset.state = source.getFeatures().length ? 'done' : 'idle';
  };
  const clear = () => {
    const had = source.getFeatures().length > 0;
    source.clear();
    clearButton.hidden = true;
    showArea(null);
    status.textContent = had ? 'Emprise effacée' : '';
    if (had) tools.panel.hide();
    root.dataset.state = 'idle';
  };
  const cancel = () => {
    draw?.abortDrawing();
    stop();
    showArea(null);
    status.textContent = 'Dessin annulé';
  };

  const start = () => {
    clear();
    draw = new Draw({ source, type: 'Polygon', stopClick: true });
    draw.on('drawstart', (e: DrawEvent) => {
      sketch = e.feature.getGeometry() as Polygon;
      sketch.on('change', () => showArea(sketchRing()));
    });
    draw.on('drawabort', () => { sketch = null; showArea(null); });
    draw.on('drawend', (e: DrawEvent) => { void finished(e.feature); });
    map.addInteraction(draw);
    startButton.setAttribute('aria-pressed', 'true');
    root.dataset.state = 'drawing';
    status.textContent = HELP;
    mapEl.focus();
  };

  const finished = async (feature: Feature) => {
    stop();
    clearButton.hidden = false;
    const ring = toWgs84Ring((feature.getGeometry() as Polygon).getCoordinates()[0]!);
    const area = areaText(ring);
    const crossed = selfIntersects(ring);
    areaEl.textContent = `Surface : ${area}`;
    areaEl.hidden = false;
    status.textContent = crossed ? 'Tracé qui se recoupe : contrôle demandé au serveur…' : `Emprise de ${area} : contrôle en cours…`;
    const head: Description[] = [{
      layer: 'footprint', kind: 'Emprise dessinée', title: crossed ? 'Emprise dont le tracé se recoupe' : `Emprise de ${area}`,
      rows: [
        { label: 'Surface mesurée', value: area, field: 'footprint-area' },
        { label: 'Sommets', value: formatInteger(vertexCount(ring)), field: 'footprint-vertices' },
      ],
    }];
    try {
      await showWithCheck(tools.panel, head, 'Emprise dessinée (surface géodésique, WGS84)',
        () => checkFootprint({ type: 'Polygon', coordinates: [ring] }), { heading: 'Emprise dessinée', check: 'Contraintes sur l’emprise' });
      status.textContent = `Emprise de ${area} contrôlée : voir la fiche.`;
    } catch (err) {
      status.textContent = `Emprise refusée : ${errorText(err)}`;
    }
  };

  startButton.addEventListener('click', () => (draw ? cancel() : start()));
  clearButton.addEventListener('click', () => { clear(); startButton.focus(); });
  root.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    if (draw) cancel(); else clear();
  });

  // Keys on the map while drawing are the drawing's: they must not reach the map's own handlers
  // (Entrée queries the centre, Échap closes the panel), hence a capture listener above the map.
  mapEl.parentElement!.addEventListener('keydown', (e) => {
    if (e.target !== mapEl) return;
    if (!draw) {
      // Échap on the map: the panel closes (main.ts) and the footprint goes with it.
      if (e.key === 'Escape' && source.getFeatures().length) clear();
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey) {
      const c = map.getView().getCenter();
      if (c) draw.appendCoordinates([c]);
      showArea(sketchRing());
    } else if (e.key === 'Enter') {
      // The sketch's ring ends with the point under the cursor and the closing point: not placed vertices.
      if (vertexCount(sketchRing().slice(0, -2)) < 3) status.textContent = 'Il faut au moins trois sommets pour une emprise.';
      else draw.finishDrawing();
    } else if (e.key === 'Backspace') {
      draw.removeLastPoint();
      showArea(sketch ? sketchRing() : null);
    } else if (e.key === 'Escape') {
      cancel();
    } else {
      return;
    }
    e.preventDefault();
    e.stopPropagation();
  }, { capture: true });
}
