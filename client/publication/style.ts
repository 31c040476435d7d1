// The map style of the public layer "Autorisations d'urbanisme" (tiles /tiles/autorisations/…): each
// dossier a symbol coloured and shaped by its state (etats.ts), with a dark outline and a white halo
// so that it stays readable over the PLU's fills (a red U zone, a yellow A zone); its parcels, in the
// tiles from zoom 17, as an outline of the same colour over a white casing, never a fill; its number
// as a label from zoom 16, decluttered (the symbols are obstacles the labels avoid, never hidden).
// The filter of the sidebar form is applied here: a feature that does not pass it is not drawn.
import type { FeatureLike } from 'ol/Feature.js';
import Style, { type StyleFunction } from 'ol/style/Style.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Text from 'ol/style/Text.js';
import CircleStyle from 'ol/style/Circle.js';
import RegularShape from 'ol/style/RegularShape.js';
import type ImageStyle from 'ol/style/Image.js';
import { zoomForResolution } from '../styles.ts';
import { etatKey, etatSymbol, matches, NO_FILTER, type Filter, type Shape } from './etats.ts';

/** Numbers are written beside the symbols from this zoom on. */
export const LABEL_MIN_ZOOM = 16;

const OUTLINE = '#1a1a1a';
const HALO = '#ffffff';

let current: Filter = NO_FILTER;
export const setFilter = (f: Filter) => { current = f; };
export const passes = (f: FeatureLike) => matches(f.getProperties(), current);

/** An OpenLayers image of a shape: filled, outlined; `halo` draws it larger in white, to go underneath. */
function shapeImage(shape: Shape, color: string, radius: number, halo: boolean): ImageStyle {
  const common = { declutterMode: 'obstacle' as const };
  const stroke = halo ? new Stroke({ color: HALO, width: 5 }) : new Stroke({ color: OUTLINE, width: 1.5 });
  const fill = new Fill({ color: halo ? HALO : color });
  switch (shape) {
    case 'circle': return new CircleStyle({ radius, fill, stroke, ...common });
    case 'square': return new RegularShape({ points: 4, radius: radius * 1.15, angle: Math.PI / 4, fill, stroke, ...common });
    case 'triangle': return new RegularShape({ points: 3, radius: radius * 1.3, angle: 0, fill, stroke, ...common });
    case 'triangle-down': return new RegularShape({ points: 3, radius: radius * 1.3, angle: Math.PI, fill, stroke, ...common });
    case 'diamond': return new RegularShape({ points: 4, radius: radius * 1.25, angle: 0, fill, stroke, ...common });
    case 'hexagon': return new RegularShape({ points: 6, radius: radius * 1.1, angle: 0, fill, stroke, ...common });
    case 'cross':
      // An X is only strokes: casing white, then dark, then the state's colour.
      return new RegularShape({ points: 4, radius: radius * 1.2, radius2: 0, angle: Math.PI / 4, ...common,
        stroke: halo ? new Stroke({ color: HALO, width: 7.5 }) : new Stroke({ color: color === '#000000' ? color : OUTLINE, width: 4.5 }) });
  }
}

const cache = new Map<string, Style[]>();
function cached(key: string, make: () => Style[]): Style[] {
  let s = cache.get(key);
  if (!s) { s = make(); cache.set(key, s); }
  return s;
}

function pointStyles(etat: string, radius: number): Style[] {
  const { color, shape } = etatSymbol(etat);
  return cached(`p|${etat}|${radius}`, () => {
    const styles = [new Style({ image: shapeImage(shape, color, radius, true), zIndex: 1 }), new Style({ image: shapeImage(shape, color, radius, false), zIndex: 2 })];
    // The cross's colour line, inside its dark casing (grey "périmé" must not read as black "retiré").
    if (shape === 'cross' && color !== '#000000') {
      styles.push(new Style({ zIndex: 3, image: new RegularShape({ points: 4, radius: radius * 1.2, radius2: 0, angle: Math.PI / 4, declutterMode: 'obstacle', stroke: new Stroke({ color, width: 2 }) }) }));
    }
    return styles;
  });
}

const labelStyles = new Map<string, Style>();
function labelStyle(number: string): Style {
  let s = labelStyles.get(number);
  if (!s) {
    s = new Style({
      zIndex: 4,
      text: new Text({
        text: number, font: '600 11px system-ui, "DejaVu Sans", sans-serif', offsetY: 15, overflow: false,
        fill: new Fill({ color: '#1a1a1a' }), stroke: new Stroke({ color: HALO, width: 3 }),
      }),
    });
    labelStyles.set(number, s);
  }
  return s;
}

export const autorisationStyle: StyleFunction = (feature, resolution) => {
  if (!passes(feature)) return undefined;
  const etat = etatKey(feature.get('etat_dau'));
  const type = feature.getGeometry()?.getType() ?? '';
  if (/Polygon$/.test(type) || /LineString$/.test(type)) {
    const { color } = etatSymbol(etat);
    return cached(`s|${color}`, () => [
      new Style({ stroke: new Stroke({ color: HALO, width: 5 }), zIndex: 0 }),
      new Style({ stroke: new Stroke({ color, width: 2.5 }), zIndex: 0 }),
    ]);
  }
  const zoom = zoomForResolution(resolution);
  const styles = pointStyles(etat, zoom < 14 ? 5 : 7);
  const number = String(feature.get('num_dau') ?? '');
  return zoom >= LABEL_MIN_ZOOM - 1e-6 && number ? [...styles, labelStyle(number)] : styles;
};
