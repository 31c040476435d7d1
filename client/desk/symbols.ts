// The staff dossiers layer readable over the PLU colours (issue #19): every dossier outlined in its
// state's colour over a white halo (the PLU's fills never swallow it), a light hatch-free fill, a
// state symbol at its interior point (a shape per family, for colour-blind readers), and its number
// as a haloed label the layer declutters. The legend next to the layer draws the same symbols.
import type { FeatureLike } from 'ol/Feature.js';
import type Geometry from 'ol/geom/Geometry.js';
import type MultiPolygon from 'ol/geom/MultiPolygon.js';
import type Polygon from 'ol/geom/Polygon.js';
import { Circle, Fill, RegularShape, Stroke, Style, Text } from 'ol/style.js';
import { FAMILY_COLOURS, FAMILY_LABELS, stateFamily, type StateFamily } from './labels.ts';
import { h } from './dom.ts';

/** A shape per family: points of a RegularShape (0: a circle), and its rotation. */
const SHAPES: Record<StateFamily, { points: number; angle?: number }> = {
  instruction: { points: 0 }, incomplet: { points: 3 }, decision: { points: 4, angle: Math.PI / 4 }, accorde: { points: 4 },
  refuse: { points: 3, angle: Math.PI }, declaration: { points: 6 }, clos: { points: 5 },
};

function marker(family: StateFamily, radius = 6) {
  const fill = new Fill({ color: FAMILY_COLOURS[family] });
  const stroke = new Stroke({ color: '#ffffff', width: 2 });
  const s = SHAPES[family];
  return s.points === 0 ? new Circle({ radius, fill, stroke }) : new RegularShape({ points: s.points, radius: radius + 1, angle: s.angle ?? 0, fill, stroke });
}

const interiorPoint = (g: Geometry | undefined) => {
  if (!g) return undefined;
  const t = g.getType();
  if (t === 'Polygon') return (g as Polygon).getInteriorPoint();
  if (t === 'MultiPolygon') return (g as MultiPolygon).getInteriorPoints();
  return undefined;
};

const base = new Map<string, Style[]>();

/** The style of a dossier of the staff layer: halo, outline, fill, symbol and (close up) its number. */
export function dossierStyle(f: FeatureLike, resolution: number): Style[] {
  const family = stateFamily(String(f.get('state') ?? ''));
  const colour = FAMILY_COLOURS[family];
  let styles = base.get(family);
  if (!styles) {
    styles = [
      new Style({ stroke: new Stroke({ color: 'rgba(255, 255, 255, 0.95)', width: 6 }), zIndex: 1 }),
      new Style({ stroke: new Stroke({ color: colour, width: 2.5 }), fill: new Fill({ color: `${colour}33` }), zIndex: 2 }),
    ];
    base.set(family, styles);
  }
  const out = [...styles];
  // The symbol and the label at the interior point, so that they sit inside the parcels.
  if (resolution < 20) {
    out.push(new Style({ geometry: (feature) => interiorPoint((feature as { getGeometry: () => Geometry | undefined }).getGeometry()), image: marker(family), zIndex: 3 }));
  }
  if (resolution < 2.5) {
    out.push(new Style({
      geometry: (feature) => interiorPoint((feature as { getGeometry: () => Geometry | undefined }).getGeometry()),
      text: new Text({ text: String(f.get('number') ?? ''), font: '600 12px system-ui, sans-serif', offsetY: -14,
        fill: new Fill({ color: '#111111' }), stroke: new Stroke({ color: '#ffffff', width: 4 }), padding: [2, 2, 2, 2] }),
      zIndex: 4,
    }));
  }
  return out;
}

/** The legend of the layer: each family's outline and symbol, drawn as SVG, with its label. */
export function legendView(): HTMLElement {
  const svgNs = 'http://www.w3.org/2000/svg';
  const swatch = (family: StateFamily) => {
    const svg = document.createElementNS(svgNs, 'svg');
    svg.setAttribute('width', '28'); svg.setAttribute('height', '18'); svg.setAttribute('aria-hidden', 'true'); svg.classList.add('desk-legend-symbol');
    const rect = document.createElementNS(svgNs, 'rect');
    Object.entries({ x: '2', y: '2', width: '24', height: '14', rx: '2', fill: `${FAMILY_COLOURS[family]}33`, stroke: FAMILY_COLOURS[family], 'stroke-width': '2.5' })
      .forEach(([k, v]) => rect.setAttribute(k, v));
    const s = SHAPES[family];
    const mark = document.createElementNS(svgNs, s.points === 0 ? 'circle' : 'polygon');
    if (s.points === 0) Object.entries({ cx: '14', cy: '9', r: '4.5' }).forEach(([k, v]) => mark.setAttribute(k, v));
    else {
      const pts = Array.from({ length: s.points }, (_, i) => {
        const a = (s.angle ?? 0) + (2 * Math.PI * i) / s.points - Math.PI / 2;
        return `${(14 + 5.5 * Math.cos(a)).toFixed(1)},${(9 + 5.5 * Math.sin(a)).toFixed(1)}`;
      });
      mark.setAttribute('points', pts.join(' '));
    }
    Object.entries({ fill: FAMILY_COLOURS[family], stroke: '#ffffff', 'stroke-width': '1.5' }).forEach(([k, v]) => mark.setAttribute(k, v));
    svg.append(rect, mark);
    return svg;
  };
  return h('ul', { class: 'desk-legend', id: 'desk-legend', 'aria-label': 'Légende de la couche des dossiers' },
    ...(Object.keys(FAMILY_LABELS) as StateFamily[]).map((f) => h('li', { 'data-family': f }, swatch(f), ` ${FAMILY_LABELS[f]}`)));
}
