// Helpers for the tile tests and the benchmark: tile addresses from WGS84, decoding an MVT, and
// comparing two tiles feature by feature.
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type { Tile } from './tile.ts';

/** The XYZ tile holding a WGS84 point at zoom z. */
export function tileAt(lon: number, lat: number, z: number): Tile {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return {
    z,
    x: Math.min(n - 1, Math.floor(((lon + 180) / 360) * n)),
    y: Math.min(n - 1, Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)),
  };
}

/** Every tile of zoom z over a WGS84 bbox. */
export function tilesOver([minLon, minLat, maxLon, maxLat]: number[], z: number): Tile[] {
  const a = tileAt(minLon!, maxLat!, z), b = tileAt(maxLon!, minLat!, z);
  const out: Tile[] = [];
  for (let x = a.x; x <= b.x; x++) for (let y = a.y; y <= b.y; y++) out.push({ z, x, y });
  return out;
}

export type Pt = { x: number; y: number };
export type DecodedFeature = { type: number; properties: Record<string, unknown>; geometry: Pt[][]; bbox: [number, number, number, number] };
export type Decoded = Record<string, { extent: number; features: DecodedFeature[] }>;

export function decodeTile(bytes: Uint8Array): Decoded {
  const vt = new VectorTile(new PbfReader(bytes));
  const out: Decoded = {};
  for (const [name, layer] of Object.entries(vt.layers)) {
    const features: DecodedFeature[] = [];
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      features.push({
        type: f.type, properties: { ...f.properties },
        geometry: f.loadGeometry().map((ring) => ring.map((p) => ({ x: p.x, y: p.y }))),
        bbox: f.bbox() as [number, number, number, number],
      });
    }
    out[name] = { extent: layer.extent, features };
  }
  return out;
}

/** Twice the signed area of a ring in tile coordinates (y down): positive for exterior rings. */
export function ringArea(r: Pt[]): number {
  let a = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += r[j]!.x * r[i]!.y - r[i]!.x * r[j]!.y;
  return a;
}

function segmentDistance(p: Pt, a: Pt, b: Pt): number {
  const dx = b.x - a.x, dy = b.y - a.y;
  const len = dx * dx + dy * dy;
  const t = len ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len)) : 0;
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** Largest distance from a vertex of one geometry to the other's lines (rings closed), both ways. */
export function vertexDistance(a: DecodedFeature, b: DecodedFeature): number {
  const one = (from: DecodedFeature, to: DecodedFeature) => {
    const closed = to.type === 3;
    let worst = 0;
    for (const p of from.geometry.flat()) {
      let best = Infinity;
      for (const part of to.geometry) {
        if (part.length === 1) best = Math.min(best, Math.hypot(p.x - part[0]!.x, p.y - part[0]!.y));
        for (let i = 1; i < part.length; i++) best = Math.min(best, segmentDistance(p, part[i - 1]!, part[i]!));
        if (closed && part.length > 2) best = Math.min(best, segmentDistance(p, part[part.length - 1]!, part[0]!));
      }
      worst = Math.max(worst, best);
    }
    return worst;
  };
  return Math.max(one(a, b), one(b, a));
}

const PIXEL = 4096 / 256; // tile units per pixel of a 256-pixel tile

/**
 * The same feature drawn by two encoders: vertices within a pixel of the other's outline. Hairline
 * slivers (under 2 px², e.g. a 1 m wide strip at zoom 15) that collapse on the integer grid are the
 * exception: ST_AsMVTGeom's wagyu cuts the collapsed part away, the JS path keeps it as drawn.
 */
export function sameDrawing(a: DecodedFeature, b: DecodedFeature): boolean {
  if (a.type !== b.type) return false;
  if (vertexDistance(a, b) <= PIXEL) return true;
  const area = (f: DecodedFeature) => Math.abs(f.geometry.reduce((s, r) => s + ringArea(r), 0)) / 2;
  return a.type === 3 && area(a) < 2 * PIXEL * PIXEL && area(b) < 2 * PIXEL * PIXEL;
}

/** A feature's identity in a tile: its layer and its properties. */
export const featureKey = (layer: string, f: DecodedFeature) =>
  `${layer} ${JSON.stringify(Object.fromEntries(Object.entries(f.properties).sort(([x], [y]) => (x < y ? -1 : 1))))}`;
