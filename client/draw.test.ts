import { describe, expect, it } from 'vitest';
import { fromLonLat } from 'ol/proj.js';
import proj4 from 'proj4';
import { areaText, ringArea, selfIntersects, toWgs84Ring, vertexCount } from './draw.ts';

// A 100 m × 100 m square in Lambert-93 near its origin (lon 3°, lat 46.5°), where the projection's
// scale error is below 0.1 %: its geodesic area is 10 000 m² within that error.
const L93 = '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +units=m +no_defs';
const square = [[700000, 6600000], [700100, 6600000], [700100, 6600100], [700000, 6600100]].map((c) => proj4(L93, 'WGS84', c));

describe('the footprint ring', () => {
  it('map coordinates become a closed WGS84 ring', () => {
    const ring = toWgs84Ring(square.map((c) => fromLonLat(c)));
    expect(ring).toHaveLength(5);
    expect(ring[4]).toEqual(ring[0]);
    ring.slice(0, 4).forEach((c, i) => { expect(c[0]).toBeCloseTo(square[i]![0]!, 7); expect(c[1]).toBeCloseTo(square[i]![1]!, 7); });
  });

  it('counts distinct vertices: the cursor repeating the last one and the closing point do not count', () => {
    const [a, b, c] = square as [number[], number[], number[]];
    expect(vertexCount([a, b, c, a])).toBe(3);
    expect(vertexCount([a, b, c, c, a])).toBe(3);
    expect(vertexCount([a, a])).toBe(1);
  });
});

describe('the area measured by turf', () => {
  it('a 100 m square of Lambert-93 measures 10 000 m² (± 0.3 %, the projection and the spherical earth)', () => {
    const m2 = ringArea(toWgs84Ring(square.map((c) => fromLonLat(c))));
    expect(Math.abs(m2 - 10_000) / 10_000).toBeLessThan(0.003);
  });

  it('is 0 until three vertices are placed', () => {
    expect(ringArea([square[0]!, square[1]!, square[0]!])).toBe(0);
  });

  it('a ring whose sides cross has no area to show, said in French', () => {
    const [a, b, c, d] = square as [number[], number[], number[], number[]];
    const bowTie = [a, c, b, d, a];
    expect(selfIntersects(bowTie)).toBe(true);
    expect(areaText(bowTie)).toBe('non mesurable, le tracé se recoupe');
    expect(selfIntersects([a, b, c, d, a])).toBe(false);
    // While drawing, the cursor repeats the last vertex: that is no crossing.
    expect(selfIntersects([a, b, c, d, d, a])).toBe(false);
    expect(ringArea([a, b, c, d, d, a])).toBeCloseTo(ringArea([a, b, c, d, a]), 6);
    expect(areaText([a, b, c, d, a])).toMatch(/^\d{1,2}\s\d{3} m²$/);
  });
});
