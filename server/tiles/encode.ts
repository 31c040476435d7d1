// Mapbox Vector Tile 2.1 encoder, for PGlite (whose PostGIS has no protobuf, so no ST_AsMVT). The
// database has already clipped, simplified and snapped each geometry to integer tile coordinates
// (queries.ts); this reads that WKB, orients the rings as the specification demands, and writes the
// protobuf with the same attribute encoding as ST_AsMVT on a jsonb column.
import { PbfWriter } from 'pbf';

export type TileFeature = { properties: Record<string, unknown>; wkb: Uint8Array };
export type TileLayer = { name: string; extent: number; features: TileFeature[] };

const POINT = 1, LINESTRING = 2, POLYGON = 3; // MVT GeomType
const MOVE_TO = 1, LINE_TO = 2, CLOSE_PATH = 7;

type Ring = number[]; // flat x0, y0, x1, y1, …
type Parts = { type: number; parts: Ring[][] }; // points: one part of one "ring" of all points

/** Reads 2D WKB of integer coordinates; collections keep their parts of the highest dimension. */
export function readWkb(wkb: Uint8Array): Parts | null {
  const view = new DataView(wkb.buffer, wkb.byteOffset, wkb.byteLength);
  let pos = 0;
  const out: Record<number, Ring[][]> = { [POINT]: [], [LINESTRING]: [], [POLYGON]: [] };
  const read = (): void => {
    const little = view.getUint8(pos) === 1;
    const type = view.getUint32(pos + 1, little) % 1000;
    pos += 5;
    const u32 = () => { const v = view.getUint32(pos, little); pos += 4; return v; };
    const points = (n: number): Ring => {
      const r: Ring = new Array(2 * n);
      for (let i = 0; i < n; i++) {
        r[2 * i] = view.getFloat64(pos, little);
        r[2 * i + 1] = view.getFloat64(pos + 8, little);
        pos += 16;
      }
      return r;
    };
    switch (type) {
      case 1: { const p = points(1); if (!Number.isNaN(p[0])) out[POINT]!.push([p]); return; } // POINT EMPTY is NaN NaN
      case 2: out[LINESTRING]!.push([points(u32())]); return;
      case 3: { const n = u32(); const rings: Ring[] = []; for (let i = 0; i < n; i++) rings.push(points(u32())); out[POLYGON]!.push(rings); return; }
      case 4: case 5: case 6: case 7: { const n = u32(); for (let i = 0; i < n; i++) read(); return; }
      default: throw new Error(`WKB geometry type ${type} is not supported in a tile`);
    }
  };
  read();
  for (const type of [POLYGON, LINESTRING, POINT]) if (out[type]!.length) return { type, parts: out[type]! };
  return null;
}

/** Twice the signed area in tile coordinates (y down): positive for the MVT's exterior rings. */
function ringArea(r: Ring): number {
  let a = 0;
  const n = r.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) a += r[j]! * r[i + 1]! - r[i]! * r[j + 1]!;
  return a;
}

function reverseRing(r: Ring): Ring {
  const out: Ring = new Array(r.length);
  for (let i = 0, n = r.length; i < n; i += 2) { out[n - 2 - i] = r[i]!; out[n - 1 - i] = r[i + 1]!; }
  return out;
}

/** Drops consecutive repeated points (and, for rings, the closing point). */
function dedupe(r: Ring, closed: boolean): Ring {
  const out: Ring = [];
  for (let i = 0; i < r.length; i += 2) {
    const n = out.length;
    if (n && out[n - 2] === r[i] && out[n - 1] === r[i + 1]) continue;
    out.push(r[i]!, r[i + 1]!);
  }
  if (closed && out.length >= 4 && out[0] === out[out.length - 2] && out[1] === out[out.length - 1]) out.length -= 2;
  return out;
}

const zigzag = (n: number) => (n << 1) ^ (n >> 31);
const command = (id: number, count: number) => (id & 7) | (count << 3);

/** The MVT geometry commands of a feature, or null when nothing drawable is left. */
export function geometryCommands(g: Parts): { type: number; commands: number[] } | null {
  const cmd: number[] = [];
  let cx = 0, cy = 0;
  const moveBy = (x: number, y: number) => { cmd.push(zigzag(x - cx), zigzag(y - cy)); cx = x; cy = y; };
  if (g.type === POINT) {
    const seen = new Set<string>();
    const pts: number[] = [];
    for (const [p] of g.parts as [Ring][]) {
      const key = `${p[0]},${p[1]}`;
      if (!seen.has(key)) { seen.add(key); pts.push(p[0]!, p[1]!); }
    }
    cmd.push(command(MOVE_TO, pts.length / 2));
    for (let i = 0; i < pts.length; i += 2) moveBy(pts[i]!, pts[i + 1]!);
  } else if (g.type === LINESTRING) {
    for (const [line] of g.parts) {
      const l = dedupe(line!, false);
      if (l.length < 4) continue;
      cmd.push(command(MOVE_TO, 1)); moveBy(l[0]!, l[1]!);
      cmd.push(command(LINE_TO, l.length / 2 - 1));
      for (let i = 2; i < l.length; i += 2) moveBy(l[i]!, l[i + 1]!);
    }
  } else {
    for (const polygon of g.parts) {
      for (const [i, raw] of polygon.entries()) {
        let r = dedupe(raw, true);
        if (r.length < 6) { if (i === 0) break; continue; }
        const a = ringArea(r);
        if (a === 0) { if (i === 0) break; continue; }
        // The exterior ring has a positive area, holes a negative one.
        if ((i === 0) !== (a > 0)) r = reverseRing(r);
        cmd.push(command(MOVE_TO, 1)); moveBy(r[0]!, r[1]!);
        cmd.push(command(LINE_TO, r.length / 2 - 1));
        for (let k = 2; k < r.length; k += 2) moveBy(r[k]!, r[k + 1]!);
        cmd.push(command(CLOSE_PATH, 1));
      }
    }
  }
  return cmd.length > 1 ? { type: g.type, commands: cmd } : null;
}

type Value = { kind: 'string' | 'double' | 'uint' | 'sint' | 'bool'; v: string | number | boolean };

function writeValue(value: Value, pbf: PbfWriter): void {
  switch (value.kind) {
    case 'string': pbf.writeStringField(1, value.v as string); break;
    case 'double': pbf.writeDoubleField(3, value.v as number); break;
    case 'uint': pbf.writeVarintField(5, value.v as number); break;
    case 'sint': pbf.writeSVarintField(6, value.v as number); break;
    case 'bool': pbf.writeBooleanField(7, value.v as boolean); break;
  }
}

/** As ST_AsMVT reads a jsonb column: strings, booleans, integers, doubles; nulls and nested values left out. */
function toValue(v: unknown): Value | null {
  if (typeof v === 'string') return { kind: 'string', v };
  if (typeof v === 'boolean') return { kind: 'bool', v };
  if (typeof v === 'number' && Number.isFinite(v)) {
    if (!Number.isInteger(v)) return { kind: 'double', v };
    return { kind: v >= 0 ? 'uint' : 'sint', v };
  }
  return null;
}

type EncodedFeature = { tags: number[]; type: number; commands: number[] };

function writeLayer(layer: { name: string; extent: number; keys: string[]; values: Value[]; features: EncodedFeature[] }, pbf: PbfWriter): void {
  pbf.writeVarintField(15, 2);
  pbf.writeStringField(1, layer.name);
  for (const f of layer.features) pbf.writeMessage(2, writeFeature, f);
  for (const k of layer.keys) pbf.writeStringField(3, k);
  for (const v of layer.values) pbf.writeMessage(4, writeValue, v);
  pbf.writeVarintField(5, layer.extent);
}

function writeFeature(f: EncodedFeature, pbf: PbfWriter): void {
  if (f.tags.length) pbf.writePackedVarint(2, f.tags);
  pbf.writeVarintField(3, f.type);
  pbf.writePackedVarint(4, f.commands);
}

/** One MVT of the given layers; layers without a drawable feature are left out (no layer: an empty tile). */
export function encodeTile(layers: TileLayer[]): Uint8Array {
  const pbf = new PbfWriter();
  for (const layer of layers) {
    const keys = new Map<string, number>();
    const values = new Map<string, number>();
    const valueList: Value[] = [];
    const features: EncodedFeature[] = [];
    for (const f of layer.features) {
      const parts = readWkb(f.wkb);
      const geometry = parts && geometryCommands(parts);
      if (!geometry) continue;
      const tags: number[] = [];
      for (const [k, raw] of Object.entries(f.properties)) {
        const value = toValue(raw);
        if (!value) continue;
        let ki = keys.get(k);
        if (ki === undefined) { ki = keys.size; keys.set(k, ki); }
        const vk = `${value.kind}:${String(value.v)}`;
        let vi = values.get(vk);
        if (vi === undefined) { vi = valueList.length; values.set(vk, vi); valueList.push(value); }
        tags.push(ki, vi);
      }
      features.push({ tags, ...geometry });
    }
    if (features.length) pbf.writeMessage(3, writeLayer, { name: layer.name, extent: layer.extent, keys: [...keys.keys()], values: valueList, features });
  }
  return pbf.finish();
}
