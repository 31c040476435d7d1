// The JS MVT encoder on hand-made tile-space geometries, decoded back by @mapbox/vector-tile.
import { describe, expect, it } from 'vitest';
import { toWkbHex } from '../import/wkb.ts';
import { encodeTile } from './encode.ts';
import { decodeTile, ringArea } from './testing.ts';

const wkb = (g: unknown) => new Uint8Array(Buffer.from(toWkbHex(g), 'hex'));
const square = (x: number, y: number, s: number) => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];
const one = (geometry: unknown, properties: Record<string, unknown> = {}) =>
  decodeTile(encodeTile([{ name: 'l', extent: 4096, features: [{ properties, wkb: wkb(geometry) }] }]));

describe('encodeTile', () => {
  it('writes attributes as ST_AsMVT reads a jsonb column: strings, integers, doubles, booleans; nulls and nested values left out', () => {
    const props = { s: 'AB', i: 254881, n: -3, d: 1.5, b: true, z: null, o: { a: 1 } };
    const tile = one({ type: 'Point', coordinates: [10, 20] }, props);
    expect(tile.l!.features[0]!.properties).toEqual({ s: 'AB', i: 254881, n: -3, d: 1.5, b: true });
    expect(tile.l!.extent).toBe(4096);
  });

  it('orients exterior rings positive and holes negative in tile coordinates, whichever way they came', () => {
    for (const reversed of [false, true]) {
      const outer = square(0, 0, 100), hole = square(20, 20, 10);
      const rings = reversed ? [outer.reverse(), hole] : [outer, hole.reverse()];
      const [f] = one({ type: 'Polygon', coordinates: rings }).l!.features;
      expect(f!.type).toBe(3);
      expect(f!.geometry.map((r) => Math.sign(ringArea(r)))).toEqual([1, -1]);
      expect(f!.bbox).toEqual([0, 0, 100, 100]);
    }
  });

  it('keeps each polygon of a multipolygon, in order, with its vertices', () => {
    const [f] = one({ type: 'MultiPolygon', coordinates: [[square(0, 0, 10)], [square(50, 50, 10)]] }).l!.features;
    expect(f!.geometry.map((r) => r.length)).toEqual([5, 5]); // decoded rings are closed again
    expect(f!.geometry[1]![0]).toEqual({ x: 50, y: 50 });
  });

  it('leaves out what the integer grid collapsed: flat rings, one-point lines, and a layer left empty', () => {
    const flat = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [20, 0], [0, 0]]] };
    const dot = { type: 'LineString', coordinates: [[5, 5], [5, 5]] };
    expect(decodeTile(encodeTile([{ name: 'l', extent: 4096, features: [flat, dot].map((g) => ({ properties: {}, wkb: wkb(g) })) }]))).toEqual({});
    // A hole that collapsed goes; its polygon stays.
    const [f] = one({ type: 'Polygon', coordinates: [square(0, 0, 100), [[1, 1], [2, 2], [3, 3], [1, 1]]] }).l!.features;
    expect(f!.geometry.length).toBe(1);
  });

  it('writes a multipoint once per distinct point, and lines with their vertices', () => {
    const [p] = one({ type: 'MultiPoint', coordinates: [[1, 2], [1, 2], [3, 4]] }).l!.features;
    expect(p!.type).toBe(1);
    expect(p!.geometry.flat()).toEqual([{ x: 1, y: 2 }, { x: 3, y: 4 }]);
    const [l] = one({ type: 'MultiLineString', coordinates: [[[0, 0], [0, 0], [10, -5]], [[-64, 4160], [4160, -64]]] }).l!.features;
    expect(l!.type).toBe(2);
    expect(l!.geometry).toEqual([[{ x: 0, y: 0 }, { x: 10, y: -5 }], [{ x: -64, y: 4160 }, { x: 4160, y: -64 }]]);
  });
});
