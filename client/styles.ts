// OpenLayers styles of the map layers, after the Géoportail de l'Urbanisme conventions
// (the GPU's SLD files, IGNF/geoportail-urbanisme-dev): zone colours by typezone, prescription and information colours
// by typepsc/typeinf, SUP colours and hatches by categorie (see sup-categories.ts).
import type { FeatureLike } from 'ol/Feature.js';
import Style, { type StyleFunction } from 'ol/style/Style.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Text from 'ol/style/Text.js';
import CircleStyle from 'ol/style/Circle.js';
import RegularShape from 'ol/style/RegularShape.js';
import { parcelLabel } from './format.ts';
import { supCategoryStyle, type Hatch } from './sup-categories.ts';

/** GPU fill colours of zone_urba by typezone (zone_urba.sld). */
export const TYPEZONE_COLORS: Record<string, string> = {
  U: '#e60000', AUc: '#ff6565', AUs: '#feccbe', A: '#ffff00', N: '#56aa02', Ah: '#ffff00', Nh: '#56aa02', Nd: '#56aa02',
};
/** The GPU draws zone boundaries in this violet at large scales. */
const ZONE_BOUNDARY = '#5d32ee';

/** GPU colours of PRESCRIPTION_SURF by typepsc (prescription_surf.sld). */
const TYPEPSC_COLORS: Record<string, string> = {
  '01': '#56aa02', '02': '#6e6e6e', '03': '#000000', '04': '#ff5500', '05': '#e600a9', '06': '#ff0000', '07': '#730000',
  '08': '#2d6837', '09': '#8f21aa', '10': '#343434', '11': '#6677cd', '12': '#ff5500', '13': '#694c4c', '14': '#000000',
  '15': '#ff0000', '16': '#e6e600', '17': '#8f21aa', '18': '#ff5500', '19': '#894444', '20': '#268c00', '21': '#828282',
  '22': '#828282', '23': '#ffaa00', '24': '#000000', '25': '#004da8', '26': '#268c00', '27': '#895a44', '28': '#df9bff',
  '29': '#00c5ff', '30': '#e60000', '31': '#001dff', '32': '#0000ff', '33': '#004da8', '34': '#39d881', '35': '#39d881',
  '36': '#90704c', '37': '#ff6565', '38': '#8a4dd3', '39': '#8a4dd3', '40': '#8a4dd3', '41': '#fdbf6f', '42': '#56aa02',
  '43': '#ff7f00', '44': '#8f8f8f', '45': '#ff7f7f', '46': '#56aa02', '47': '#732600', '48': '#004c73', '49': '#ff6564',
  '50': '#940abd', '51': '#940abd',
};
/** GPU colours of INFORMATION_SURF by typeinf (info_surf.sld). */
const TYPEINF_COLORS: Record<string, string> = {
  '01': '#ffebbe', '02': '#ff7f7f', '03': '#268c00', '04': '#ff0000', '05': '#5a70ff', '06': '#686868', '07': '#8400a8',
  '08': '#268c00', '09': '#cdaa66', '10': '#a87000', '11': '#e60000', '12': '#004da8', '13': '#ffd37f', '14': '#ff73df',
  '15': '#ffff00', '16': '#d7b09e', '17': '#343434', '18': '#268c00', '19': '#00734c', '20': '#ff5500', '21': '#8400a8',
  '22': '#004da8', '23': '#002673', '24': '#ffaa00', '25': '#e6e600', '26': '#a80000', '27': '#000000', '28': '#e60000',
  '29': '#734c00', '30': '#d20404', '31': '#ffffff', '32': '#ffff00', '33': '#8400a8', '34': '#a80084', '35': '#ff7a00',
  '36': '#ccce3b', '37': '#48820f', '38': '#90704c', '39': '#cdb0d4',
};

export const PRESCRIPTION_DEFAULT = '#000000';
export const INFORMATION_DEFAULT = '#7a7a7a';

/** Resolution of EPSG:3857 zoom level 0; zoom = log2(R0 / resolution). */
const R0 = 156543.03392804097;
export const zoomForResolution = (resolution: number) => Math.log2(R0 / resolution);

/** Parcel numbers are drawn from this zoom level on. */
export const PARCEL_LABEL_MIN_ZOOM = 17;

export function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Multiplies each channel: factor < 1 darkens. Light GPU colours need it to be visible as lines. */
export function darken(hex: string, factor: number): string {
  const n = parseInt(hex.slice(1), 16);
  const c = (v: number) => Math.round(v * factor).toString(16).padStart(2, '0');
  return `#${c((n >> 16) & 255)}${c((n >> 8) & 255)}${c(n & 255)}`;
}

/** Relative luminance (0 black … 1 white) of a #rrggbb colour, for picking readable text. */
export function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  return (0.2126 * ((n >> 16) & 255) + 0.7152 * ((n >> 8) & 255) + 0.0722 * (n & 255)) / 255;
}

const patterns = new Map<string, CanvasPattern | string>();

/** A repeating hatch of thin lines in the given colour (cached); 'none' is a light tint instead. */
export function hatchPattern(color: string, hatch: Hatch, alpha = 0.7): CanvasPattern | string {
  const key = `${color}|${hatch}|${alpha}`;
  const cached = patterns.get(key);
  if (cached) return cached;
  const size = 10;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const ctx = canvas.getContext('2d');
  let result: CanvasPattern | string = withAlpha(color, 0.15);
  if (ctx && hatch !== 'none') {
    ctx.strokeStyle = withAlpha(color, alpha);
    ctx.lineWidth = 1;
    ctx.beginPath();
    // Diagonals are drawn three times, shifted by one tile, so that they join across tiles.
    const diagonal = (dir: 1 | -1) => {
      for (const o of [-size, 0, size]) {
        if (dir === 1) { ctx.moveTo(o, size); ctx.lineTo(o + size, 0); } else { ctx.moveTo(o, 0); ctx.lineTo(o + size, size); }
      }
    };
    if (hatch === 'slash' || hatch === 'cross') diagonal(1);
    if (hatch === 'backslash' || hatch === 'cross') diagonal(-1);
    if (hatch === 'horizontal') { ctx.moveTo(0, size / 2 + 0.5); ctx.lineTo(size, size / 2 + 0.5); }
    if (hatch === 'vertical') { ctx.moveTo(size / 2 + 0.5, 0); ctx.lineTo(size / 2 + 0.5, size); }
    ctx.stroke();
    result = ctx.createPattern(canvas, 'repeat') ?? result;
  }
  patterns.set(key, result);
  return result;
}

/**
 * A label point of a tile layer ("<layer>_labels", one per feature, in one tile only) rather than the
 * feature itself: labels are drawn on those, so that a feature cut by tile edges is labelled once.
 */
export const isLabelPoint = (feature: FeatureLike) => String(feature.get('layer') ?? '').endsWith('_labels');

const halo = (width = 3) => new Stroke({ color: 'rgba(255, 255, 255, 0.9)', width });
const geomType = (f: FeatureLike) => f.getGeometry()?.getType() ?? '';
const isPoint = (f: FeatureLike) => /Point$/.test(geomType(f));
const isLine = (f: FeatureLike) => /LineString$/.test(geomType(f));

// ---- Cadastre ----

const parcelStroke = new Style({ stroke: new Stroke({ color: 'rgba(60, 60, 60, 0.85)', width: 0.8 }) });
const parcelLabelStyles = new Map<string, Style>();

export const parcelStyle: StyleFunction = (feature, resolution) => {
  if (!isLabelPoint(feature)) return parcelStroke;
  if (zoomForResolution(resolution) < PARCEL_LABEL_MIN_ZOOM - 1e-6) return undefined;
  const text = parcelLabel(feature.getProperties());
  let label = parcelLabelStyles.get(text);
  if (!label) {
    label = new Style({
      text: new Text({ text, font: '11px system-ui, "DejaVu Sans", sans-serif', fill: new Fill({ color: '#222' }), stroke: halo(3), overflow: false }),
    });
    parcelLabelStyles.set(text, label);
  }
  return label;
};

const sectionStroke = new Style({ stroke: new Stroke({ color: '#1f1f1f', width: 1.8 }) });
const sectionLabels = new Map<string, Style>();

export const sectionStyle: StyleFunction = (feature, resolution) => {
  if (!isLabelPoint(feature)) return sectionStroke;
  const z = zoomForResolution(resolution);
  if (z < 14 || z >= PARCEL_LABEL_MIN_ZOOM) return undefined;
  const code = String(feature.get('code') ?? '');
  let label = sectionLabels.get(code);
  if (!label) {
    label = new Style({
      text: new Text({ text: code, font: 'bold 20px system-ui, "DejaVu Sans", sans-serif', fill: new Fill({ color: 'rgba(30, 30, 30, 0.45)' }), stroke: halo(3), overflow: true }),
    });
    sectionLabels.set(code, label);
  }
  return label;
};

export const communeStyle = new Style({ stroke: new Stroke({ color: '#111', width: 2.5, lineDash: [12, 4, 2, 4] }) });

// ---- PLU ----

const zoneStyles = new Map<string, Style>();
const zoneLabels = new Map<string, Style>();

/** Zone fills and boundaries; their labels are drawn by zoneLabelStyle on a layer above the others. */
export const zoneStyle: StyleFunction = (feature) => {
  if (isLabelPoint(feature)) return undefined;
  const typezone = String(feature.get('typezone') ?? '');
  let style = zoneStyles.get(typezone);
  if (!style) {
    const color = TYPEZONE_COLORS[typezone] ?? '#999999';
    style = new Style({ fill: new Fill({ color: withAlpha(color, 0.35) }), stroke: new Stroke({ color: ZONE_BOUNDARY, width: 1.2 }) });
    zoneStyles.set(typezone, style);
  }
  return style;
};

/** The zone's libelle, in a dark shade of its colour, at its label point; decluttered. */
export const zoneLabelStyle: StyleFunction = (feature) => {
  if (!isLabelPoint(feature)) return undefined;
  const typezone = String(feature.get('typezone') ?? '');
  const libelle = String(feature.get('libelle') ?? '');
  const key = `${typezone}|${libelle}`;
  let style = zoneLabels.get(key);
  if (!style) {
    const color = TYPEZONE_COLORS[typezone] ?? '#999999';
    const textColor = luminance(color) > 0.7 ? '#2b2b2b' : darken(color, 0.5);
    style = new Style({
      text: new Text({ text: libelle, font: 'bold 14px system-ui, "DejaVu Sans", sans-serif', fill: new Fill({ color: textColor }), stroke: halo(3), overflow: false }),
    });
    zoneLabels.set(key, style);
  }
  return style;
};

export function prescriptionColor(typepsc: unknown): string {
  return TYPEPSC_COLORS[String(typepsc ?? '')] ?? PRESCRIPTION_DEFAULT;
}
export function informationColor(typeinf: unknown): string {
  return TYPEINF_COLORS[String(typeinf ?? '')] ?? INFORMATION_DEFAULT;
}

const cache = new Map<string, Style>();
function cached(key: string, make: () => Style): Style {
  let s = cache.get(key);
  if (!s) { s = make(); cache.set(key, s); }
  return s;
}

/** Prescriptions: surfaces hatched, lines dashed, points as discs, in the GPU colour of typepsc. */
export const prescriptionStyle: StyleFunction = (feature) => {
  const color = prescriptionColor(feature.get('typepsc'));
  const line = luminance(color) > 0.75 ? darken(color, 0.6) : color;
  if (isPoint(feature)) {
    return cached(`psc-p-${color}`, () => new Style({
      image: new CircleStyle({ radius: 6, fill: new Fill({ color }), stroke: new Stroke({ color: '#fff', width: 1.5 }) }),
    }));
  }
  if (isLine(feature)) {
    return cached(`psc-l-${color}`, () => new Style({ stroke: new Stroke({ color: line, width: 3, lineDash: [8, 4] }) }));
  }
  return cached(`psc-s-${color}`, () => new Style({
    fill: new Fill({ color: hatchPattern(line, 'backslash', 0.6) }),
    stroke: new Stroke({ color: line, width: 1.5 }),
  }));
};

/** Informations: light fill and dotted outline for surfaces, dotted lines, squares for points. */
export const informationStyle: StyleFunction = (feature) => {
  const color = informationColor(feature.get('typeinf'));
  const line = luminance(color) > 0.6 ? darken(color, 0.55) : color;
  if (isPoint(feature)) {
    return cached(`inf-p-${color}`, () => new Style({
      image: new RegularShape({ points: 4, radius: 7, angle: Math.PI / 4, fill: new Fill({ color }), stroke: new Stroke({ color: line === color ? '#fff' : line, width: 1.5 }) }),
    }));
  }
  if (isLine(feature)) {
    return cached(`inf-l-${color}`, () => new Style({ stroke: new Stroke({ color: line, width: 2.5, lineDash: [2, 5], lineCap: 'round' }) }));
  }
  return cached(`inf-s-${color}`, () => new Style({
    fill: new Fill({ color: withAlpha(color, 0.2) }),
    stroke: new Stroke({ color: line, width: 1.5, lineDash: [2, 5], lineCap: 'round' }),
  }));
};

// ---- SUP ----

/** Assiettes: colour and hatch of their categorie; lines dashed and thick, points as discs. */
export const assietteStyle: StyleFunction = (feature) => {
  const { color, hatch } = supCategoryStyle(feature.get('categorie') ?? feature.get('suptype'));
  if (isPoint(feature)) {
    return cached(`ass-p-${color}`, () => new Style({
      image: new CircleStyle({ radius: 7, fill: new Fill({ color: withAlpha(color, 0.85) }), stroke: new Stroke({ color: '#fff', width: 1.5 }) }),
    }));
  }
  if (isLine(feature)) {
    return cached(`ass-l-${color}`, () => new Style({ stroke: new Stroke({ color, width: 3, lineDash: [10, 6] }) }));
  }
  return cached(`ass-s-${color}-${hatch}`, () => new Style({
    fill: new Fill({ color: hatchPattern(color, hatch, 0.65) }),
    stroke: new Stroke({ color, width: 2 }),
  }));
};

/** Generators: thin outlines, thin lines, small diamonds. */
export const generateurStyle: StyleFunction = (feature) => {
  const { color } = supCategoryStyle(feature.get('categorie'));
  if (isPoint(feature)) {
    return cached(`gen-p-${color}`, () => new Style({
      image: new RegularShape({ points: 4, radius: 6, fill: new Fill({ color }), stroke: new Stroke({ color: '#fff', width: 1.5 }) }),
    }));
  }
  return cached(`gen-${color}`, () => new Style({ stroke: new Stroke({ color, width: isLine(feature) ? 1.5 : 1 }) }));
};

/** Any layer the client has no style for yet (the server's registry can grow first). */
export const defaultStyle = new Style({
  fill: new Fill({ color: 'rgba(80, 80, 80, 0.08)' }),
  stroke: new Stroke({ color: '#505050', width: 1.2 }),
  image: new CircleStyle({ radius: 5, fill: new Fill({ color: '#505050' }), stroke: new Stroke({ color: '#fff', width: 1.5 }) }),
});

/** The clicked feature, drawn over everything. */
export const selectionStyle: Style[] = [
  new Style({ stroke: new Stroke({ color: '#ffffff', width: 6 }) }),
  new Style({
    stroke: new Stroke({ color: '#0046c8', width: 3 }),
    fill: new Fill({ color: 'rgba(0, 70, 200, 0.12)' }),
    image: new CircleStyle({ radius: 9, stroke: new Stroke({ color: '#0046c8', width: 3 }), fill: new Fill({ color: 'rgba(0, 70, 200, 0.2)' }) }),
  }),
];
