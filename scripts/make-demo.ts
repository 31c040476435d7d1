/**
 * Deterministic generator of the demo commune "Terrier-sur-Lande" (INSEE 96001): cadastre (Etalab
 * format), PLU (CNIG standard) and SUP (CNIG SUP 2016b), written under fixtures/demo/. Fictional on
 * purpose: the département 96 does not exist, contacts are ".invalid", and every file says so.
 *
 * The files are committed and diffed, so runs must be byte-identical: a seeded PRNG, and every
 * coordinate rounded to the centimetre when it is created, so that a shared vertex is the same
 * pair of numbers everywhere and rounding can neither open a gap nor create an overlap.
 *
 * Layout: a jittered grid of street centrelines whose outer ring is the commune; cells shrunk by
 * half a street are blocks (streets are gaps), cut into strips. Sections and zones are unions of
 * cells, except a few zone borders ("chords") cutting across cells so that parcels straddle them.
 *
 *   npx tsx scripts/make-demo.ts [outDir]     (default: fixtures/demo)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { difference, featureCollection, intersect, multiPolygon, union } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';

export const INSEE = '96001';
const NOM = 'Terrier-sur-Lande (commune fictive)';
const NOTE = 'Données fictives générées par scripts/make-demo.ts — commune fictive, aucune valeur réglementaire';
const CRS = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } };
const IDURBA = `${INSEE}_PLU_20240115`;
const DATE = '20240115';
const REGLEMENT = `${INSEE}_reglement_20240115.pdf`;
const SEED = 96001;
const X0 = 699000; // Lambert-93 south-west corner of the grid
const Y0 = 6599000;
// Column widths / row heights of the street grid (m): narrow in the village, wide in the fields.
const COLS = [450, 400, 320, 200, 110, 100, 100, 120, 220, 380];
const ROWS = [420, 360, 200, 110, 100, 115, 260, 400];
const NC = COLS.length;
const NR = ROWS.length;

// ---------------------------------------------------------------- prng
type Rng = { (): number; range(lo: number, hi: number): number; pick<T>(xs: readonly T[]): T };
function makeRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (() => {
    // mulberry32
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }) as Rng;
  next.range = (lo, hi) => lo + (hi - lo) * next();
  next.pick = (xs) => xs[Math.floor(next() * xs.length)]!;
  return next;
}

// ---------------------------------------------------------------- geometry helpers
export type Pt = [number, number];
export type Ring = Pt[]; // open ring (closing point added on output), outer rings counter-clockwise
export type Poly = Ring[]; // outer ring then holes
type Seg = { a: Pt; b: Pt; cuts: { t: number; p: Pt }[] };

const r2 = (v: number) => Math.round(v * 100) / 100;
const pt = (x: number, y: number): Pt => [r2(x), r2(y)];
const lerp = (a: Pt, b: Pt, t: number): Pt => pt(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t);
const dist = (a: Pt, b: Pt) => Math.hypot(b[0] - a[0], b[1] - a[1]);
const close = (r: Ring): Pt[] => [...r, r[0]!];
const same = (a: Pt, b: Pt) => a[0] === b[0] && a[1] === b[1];
const cross = (o: Pt, a: Pt, b: Pt) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
const centroid = (r: Ring): Pt => pt(r.reduce((s, p) => s + p[0], 0) / r.length, r.reduce((s, p) => s + p[1], 0) / r.length);
const cumul = (xs: number[]) => {
  const out = [0];
  for (const w of xs) out.push(out[out.length - 1]! + w);
  return out;
};

/** Signed planar area (m², positive when counter-clockwise); turf's area() is geodesic, not for Lambert-93. */
export function ringArea(ring: readonly (readonly number[])[]): number {
  const [x0, y0] = ring[0]!;
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!, b = ring[(i + 1) % ring.length]!;
    s += (a[0]! - x0!) * (b[1]! - y0!) - (b[0]! - x0!) * (a[1]! - y0!);
  }
  return s / 2;
}
export const multiPolygonArea = (coords: number[][][][]) =>
  coords.reduce((s, poly) => s + poly.reduce((t, r, k) => t + (k ? -1 : 1) * Math.abs(ringArea(r)), 0), 0);

function circle(c: Pt, radius: number, n: number): Ring {
  return Array.from({ length: n }, (_, k) => pt(c[0] + radius * Math.cos((2 * Math.PI * k) / n), c[1] + radius * Math.sin((2 * Math.PI * k) / n)));
}

/** Convex hull (monotone chain), counter-clockwise. */
function hull(points: Pt[]): Ring {
  const ps = [...points].sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  const half = (list: Pt[]) => {
    const h: Pt[] = [];
    for (const p of list) {
      while (h.length >= 2 && cross(h[h.length - 2]!, h[h.length - 1]!, p) <= 0) h.pop();
      h.push(p);
    }
    return h.slice(0, -1);
  };
  return [...half(ps), ...half([...ps].reverse())];
}

/** Planar buffer of a polyline: union of per-segment capsules (turf's buffer works on WGS84 only). */
function bufferLine(line: Pt[], radius: number): Poly[] {
  const capsules = line.slice(1).map((b, k) => [hull([...circle(line[k]!, radius, 32), ...circle(b, radius, 32)])]);
  return fromTurf(union(featureCollection(capsules.map((c) => toTurf([c])))));
}
const bufferPolygon = (r: Ring, radius: number): Poly[] => [[hull(r.flatMap((p) => circle(p, radius, 32)))]];

const toTurf = (polys: Poly[]): Feature<MultiPolygon> => multiPolygon(polys.map((p) => p.map(close)));

/** Back from polyclip: round to the centimetre, drop the duplicates and slivers rounding creates. */
function fromTurf(f: Feature<Polygon | MultiPolygon> | null): Poly[] {
  if (!f) return [];
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  const out: Poly[] = [];
  for (const poly of polys) {
    const rings = poly.map((raw, k) => {
      const r: Ring = [];
      for (const c of raw.slice(0, -1)) {
        const p = pt(c[0]!, c[1]!);
        if (!r.length || !same(r[r.length - 1]!, p)) r.push(p);
      }
      while (r.length > 1 && same(r[0]!, r[r.length - 1]!)) r.pop();
      return r.length >= 3 && (k === 0) === ringArea(r) < 0 ? r.reverse() : r;
    });
    if (rings[0]!.length >= 3 && Math.abs(ringArea(rings[0]!)) > 1) out.push(rings.filter((r) => r.length >= 3 && Math.abs(ringArea(r)) > 1));
  }
  return out;
}
const clip = (a: Poly[], b: Poly[]) => fromTurf(intersect(featureCollection([toTurf(a), toTurf(b)])));
const minus = (a: Poly[], b: Poly[]) => fromTurf(difference(featureCollection([toTurf(a), toTurf(b)])));

/**
 * Exact union of CCW rings that share edges vertex for vertex (cells, pieces, parcels): edges
 * seen in both directions are interior and cancel, the rest chain into rings. No new vertex is
 * computed, so neighbouring unions keep sharing their borders exactly.
 */
export function dissolve(rings: Ring[]): Poly[] {
  const key = (p: Pt) => `${p[0]},${p[1]}`;
  const edges = new Map<string, [Pt, Pt]>();
  for (const r of rings)
    r.forEach((a, i) => {
      const b = r[(i + 1) % r.length]!;
      const back = `${key(b)}>${key(a)}`;
      if (edges.has(back)) edges.delete(back);
      else edges.set(`${key(a)}>${key(b)}`, [a, b]);
    });
  const next = new Map<string, Pt>();
  for (const [a, b] of edges.values()) {
    if (next.has(key(a))) throw new Error(`dissolve: rings touch at a single point ${key(a)}`);
    next.set(key(a), b);
  }
  const loops: Ring[] = [];
  const seen = new Set<string>();
  for (const [start] of edges.values()) {
    const loop: Ring = [];
    for (let p = start; !seen.has(key(p)); p = next.get(key(p))!) {
      seen.add(key(p));
      loop.push(p);
    }
    if (loop.length) loops.push(loop);
  }
  // Sections, zones and the DPU are drawn so that none encloses another: a hole is a drawing mistake.
  if (loops.some((l) => ringArea(l) < 0)) throw new Error('dissolve: unexpected hole');
  return loops.map((l) => [l]);
}

// ---------------------------------------------------------------- cadastre
type Grid = { nodes: Pt[][]; extra: Map<string, { t: number; p: Pt }[]> };
type Block = { i: number; j: number; kind: 'dense' | 'medium' | 'rural'; ring: Ring };
export type Parcel = { ring: Ring; block: number; section: string; numero?: string };

function makeGrid(rng: Rng): Grid {
  const xs = cumul(COLS), ys = cumul(ROWS);
  const phase = [0, 1, 2, 3].map(() => rng.range(0, 2 * Math.PI));
  // Smooth swell plus noise, so that the boundary looks drawn by history rather than by a ruler.
  const wave = (s: number, side: number) => 70 * Math.sin(s / 300 + phase[side]!) + rng.range(-15, 15);
  const nodes = xs.map((x0, i) =>
    ys.map((y0, j) => {
      let x = x0, y = y0;
      const onX = i === 0 || i === NC, onY = j === 0 || j === NR;
      if (onX && onY) {
        x += (i === 0 ? 1 : -1) * rng.range(0.2, 0.36) * COLS[i === 0 ? 0 : NC - 1]!;
        y += (j === 0 ? 1 : -1) * rng.range(0.2, 0.36) * ROWS[j === 0 ? 0 : NR - 1]!;
      } else if (onX) x += wave(y, i === 0 ? 0 : 1);
      else if (onY) y += wave(x, j === 0 ? 2 : 3);
      else {
        const m = 0.1 * Math.min(COLS[i - 1]!, COLS[i]!, ROWS[j - 1]!, ROWS[j]!);
        x += rng.range(-m, m);
        y += rng.range(-m, m);
      }
      return pt(X0 + x, Y0 + y);
    }),
  );
  return { nodes, extra: new Map() };
}

const vKey = (i: number, j: number) => `v${i},${j}`; // node(i,j) → node(i,j+1)
const hKey = (i: number, j: number) => `h${i},${j}`; // node(i,j) → node(i+1,j)
function edgePoints(g: Grid, key: string, reverse: boolean): Pt[] {
  const pts = [...(g.extra.get(key) ?? [])].sort((a, b) => a.t - b.t).map((e) => e.p);
  return reverse ? pts.reverse() : pts;
}
function cellQuad(g: Grid, i: number, j: number): Ring {
  const n = g.nodes;
  return [n[i]![j]!, n[i + 1]![j]!, n[i + 1]![j + 1]!, n[i]![j + 1]!];
}
/** Cell ring including the points other cells registered on its edges, so shared edges match. */
function cellRing(g: Grid, i: number, j: number): Ring {
  const [a, b, c, d] = cellQuad(g, i, j) as [Pt, Pt, Pt, Pt];
  return [a, ...edgePoints(g, hKey(i, j), false), b, ...edgePoints(g, vKey(i + 1, j), false), c,
    ...edgePoints(g, hKey(i, j + 1), true), d, ...edgePoints(g, vKey(i, j), true)];
}

const blockKind = (i: number, j: number): Block['kind'] =>
  i >= 4 && i <= 7 && j >= 3 && j <= 5 ? 'dense' : i >= 3 && i <= 8 && j >= 2 && j <= 6 ? 'medium' : 'rural';

/** Offsets each edge of a convex CCW quad inwards by its own distance. */
function shrinkQuad(q: Ring, d: number[]): Ring {
  const lines = q.map((a, k) => {
    const b = q[(k + 1) % 4]!, len = dist(a, b);
    const n: Pt = [-(b[1] - a[1]) / len, (b[0] - a[0]) / len];
    return { p: [a[0] + n[0] * d[k]!, a[1] + n[1] * d[k]!] as Pt, v: [b[0] - a[0], b[1] - a[1]] as Pt };
  });
  return q.map((_, k) => {
    const l1 = lines[(k + 3) % 4]!, l2 = lines[k]!;
    const s = ((l2.p[0] - l1.p[0]) * l2.v[1] - (l2.p[1] - l1.p[1]) * l2.v[0]) / (l1.v[0] * l2.v[1] - l1.v[1] * l2.v[0]);
    return pt(l1.p[0] + s * l1.v[0], l1.p[1] + s * l1.v[1]);
  });
}

/** Registers a cut on a segment; a cut within 1 m of an existing one reuses it (no slivers). */
function cutAt(s: Seg, t: number): { t: number; p: Pt } {
  if (t <= 0) return { t: 0, p: s.a };
  if (t >= 1) return { t: 1, p: s.b };
  const near = s.cuts.find((c) => Math.abs(c.t - t) * dist(s.a, s.b) < 1);
  if (near) return near;
  const c = { t, p: lerp(s.a, s.b, t) };
  s.cuts.push(c);
  return c;
}
const cutsBetween = (s: Seg, t0: number, t1: number) =>
  s.cuts.filter((c) => c.t > Math.min(t0, t1) && c.t < Math.max(t0, t1)).sort((a, b) => (t0 < t1 ? a.t - b.t : b.t - a.t)).map((c) => c.p);

/** Cuts a block into one or two rows of strips facing its long sides; strips share exact vertices. */
function subdivide(quad: Ring, kind: Block['kind'], rng: Rng): Ring[] {
  let [a, b, c, d] = quad as [Pt, Pt, Pt, Pt];
  if (dist(a, b) + dist(d, c) < dist(b, c) + dist(a, d)) [a, b, c, d] = [b, c, d, a];
  const len = (dist(a, b) + dist(d, c)) / 2, depth = (dist(a, d) + dist(b, c)) / 2;
  const nRows = kind === 'rural' && depth < 300 ? 1 : 2;
  const lines: Seg[] = [{ a, b, cuts: [] }];
  if (nRows === 2) lines.push({ a: lerp(a, d, rng.range(0.44, 0.56)), b: lerp(b, c, rng.range(0.44, 0.56)), cuts: [] });
  lines.push({ a: d, b: c, cuts: [] });
  const rows = lines.slice(1).map((upper, r) => {
    const lower = lines[r]!, rowArea = (len * depth) / nRows;
    const n = kind === 'dense' ? Math.max(2, Math.round(len / rng.range(15, 21)))
      : Math.max(1, Math.round(rowArea / (kind === 'medium' ? 3000 : 25000)));
    const params = () => Array.from({ length: n + 1 }, (_, k) => (k === 0 || k === n ? k / n : (k + rng.range(-0.22, 0.22)) / n));
    const lo = params().map((t) => cutAt(lower, t)), up = params().map((t) => cutAt(upper, t));
    return { lower, upper, lo, up };
  });
  return rows.flatMap(({ lower, upper, lo, up }) =>
    lo.slice(1).map((l1, k) => {
      const l0 = lo[k]!, u0 = up[k]!, u1 = up[k + 1]!;
      return [l0.p, ...cutsBetween(lower, l0.t, l1.t), l1.p, u1.p, ...cutsBetween(upper, u1.t, u0.t), u0.p];
    }),
  );
}

// Sections are unions of cells so that parcels (inside shrunk cells) are inside their section.
const SECTIONS: { code: string; cells: (i: number, j: number) => boolean }[] = [
  { code: 'A', cells: (i, j) => i <= 3 && j >= 4 },
  { code: 'B', cells: (i, j) => i <= 3 && j <= 3 },
  { code: 'AB', cells: (i, j) => i >= 4 && i <= 7 && j >= 2 && j <= 6 },
  { code: 'AC', cells: (i, j) => (i >= 4 && j === 7) || (i >= 8 && j >= 2) },
  { code: 'ZA', cells: (i, j) => i >= 4 && j <= 1 },
];
const sectionOf = (i: number, j: number) => SECTIONS.find((s) => s.cells(i, j))!.code;
const cells = () => Array.from({ length: NR }, (_, j) => Array.from({ length: NC }, (_, i) => [i, j] as const)).flat();

function makeCadastre(g: Grid, rng: Rng) {
  const blocks: Block[] = [];
  const parcels: Parcel[] = [];
  for (const [i, j] of cells()) {
    const quad = cellQuad(g, i, j);
    if (!quad.every((p, k) => cross(p, quad[(k + 1) % 4]!, quad[(k + 2) % 4]!) > 0)) throw new Error(`cell ${i},${j} not convex`);
    const kind = blockKind(i, j), half = kind === 'rural' ? 3 : 4;
    // Half a street on inner edges; 1 m on the commune limit, where the boundary is not a street.
    const d = [j === 0, i === NC - 1, j === NR - 1, i === 0].map((outer) => (outer ? 1 : half));
    const ring = shrinkQuad(quad, d);
    blocks.push({ i, j, kind, ring });
    for (const r of subdivide(ring, kind, rng)) parcels.push({ ring: r, block: blocks.length - 1, section: sectionOf(i, j) });
  }
  for (const { code } of SECTIONS) {
    let n = 0; // numbering leaves a few gaps, as merges and divisions do in real plans
    for (const p of parcels.filter((q) => q.section === code)) p.numero = String((n += rng() < 0.08 ? 2 : 1));
  }
  return { blocks, parcels };
}

type Model = { rng: Rng; g: Grid; blocks: Block[]; parcels: Parcel[]; commune: Poly[] };
const blockOf = (m: Model, i: number, j: number) => m.blocks.findIndex((b) => b.i === i && b.j === j);
const parcelsOf = (m: Model, i: number, j: number) => m.parcels.filter((p) => p.block === blockOf(m, i, j));
const spot = (m: Model, i: number, j: number, k: number) => centroid(parcelsOf(m, i, j)[k]!.ring); // a point inside a parcel
const local = (x: number, y: number) => pt(X0 + x, Y0 + y);

function cadastreFiles({ g, parcels, commune, rng }: Model) {
  const sectionId = (code: string) => `${INSEE}000${code.padStart(2, '0')}`;
  const sections = SECTIONS.map(({ code, cells: has }) =>
    feature({ id: sectionId(code), commune: INSEE, prefixe: '000', code, created: '2007-03-19', updated: '2023-06-02' },
      mpoly(dissolve(cells().filter(([i, j]) => has(i, j)).map(([i, j]) => cellRing(g, i, j)))), sectionId(code)));
  const missing = Math.floor(parcels.length / 3); // Etalab has parcels without contenance: keep one
  const feats = parcels.map((p, k) => {
    const id = sectionId(p.section) + p.numero!.padStart(4, '0');
    const created = rng.pick(['2004-03-12', '2008-06-20', '2011-09-05', '2015-01-27']);
    const props: Record<string, unknown> = { id, commune: INSEE, prefixe: '000', section: p.section, numero: p.numero };
    const contenance = Math.round(ringArea(p.ring) * rng.range(0.97, 1.03)); // the legal area is not the drawn one
    if (k !== missing) props.contenance = contenance;
    Object.assign(props, { arpente: false, created, updated: rng.pick(['2019-05-14', '2021-11-03', '2023-04-12', '2024-02-28']) });
    return feature(props, mpoly([[p.ring]]), id);
  });
  feats.sort((a, b) => (a.id! < b.id! ? -1 : 1));
  const cad = (name: string, features: Feat[]) => [`cadastre/cadastre-${INSEE}-${name}.json`, fc(`cadastre-${INSEE}-${name}`, features)];
  return Object.fromEntries([
    cad('communes', [feature({ id: INSEE, nom: NOM }, mpoly(commune), INSEE)]),
    cad('sections', sections),
    cad('parcelles', feats),
  ]);
}

// ---------------------------------------------------------------- plu
// Cell map, top row first; "X/Y" cells are cut by a chord, X above it and Y below.
const ZONE_MAP = [
  'N     N     N     N     Ap    Ap    Ap    A     A     A',
  'N     N     2AU   UB    UB    UB    UB    UB    1AU   A',
  'A     A     A     UB    UA    UA    UA    UA    UX    A',
  'A     A     A     UB    UA    UA    UA    UA    UX    A',
  'A     A     A     UB    UA/UB UA/UB UA/UB UA/UB UE    A',
  'Nzh   Nzh   Nzh   NL    UB    UB    UB    UB    UE    Nzh',
  'Nzh   Nzh/A Nzh/A A     A     A     A     A     A     A',
  'N     N     A     A     A     A     A     A     A     A',
].map((row) => row.trim().split(/\s+/));
const CHORDS = [
  { row: 3, from: 4, to: 8, t0: 0.3, t1: 0.72 }, // UA/UB border across the southern village blocks
  { row: 1, from: 1, to: 3, t0: 0.62, t1: 0.45 }, // wetland edge across two fields
];
// formdomi is destdomi followed by 01 where one urban form dominates, 00 where none does.
const ZONES: Record<string, [typezone: string, libelong: string, destdomi: string, formdomi: string]> = {
  UA: ['U', 'Zone urbaine du centre ancien', '03', '0301'],
  UB: ['U', 'Zone urbaine d’extension pavillonnaire', '01', '0101'],
  UE: ['U', 'Zone urbaine d’équipements publics', '05', '0501'],
  UX: ['U', 'Zone urbaine d’activités économiques', '02', '0201'],
  '1AU': ['AUc', 'Zone à urbaniser ouverte, à vocation d’habitat', '01', '0101'],
  '2AU': ['AUs', 'Zone à urbaniser fermée, ouverture subordonnée à une modification du PLU', '01', '0100'],
  A: ['A', 'Zone agricole', '07', '0700'],
  Ap: ['A', 'Zone agricole protégée pour la qualité des paysages', '07', '0700'],
  N: ['N', 'Zone naturelle et forestière', '08', '0800'],
  Nzh: ['N', 'Zone naturelle des zones humides de la Lande', '08', '0800'],
  NL: ['N', 'Zone naturelle de loisirs (bords de Lande)', '04', '0400'],
};

/** Chord ends go on the grid edges, so that the cells on both sides of an edge include them. */
function registerChords(g: Grid, rng: Rng): Map<string, Pt> {
  const at = new Map<string, Pt>();
  for (const { row, from, to, t0, t1 } of CHORDS)
    for (let i = from; i <= to; i++) {
      const t = t0 + ((t1 - t0) * (i - from)) / (to - from) + rng.range(-0.04, 0.04);
      const p = lerp(g.nodes[i]![row]!, g.nodes[i]![row + 1]!, t);
      g.extra.set(vKey(i, row), [...(g.extra.get(vKey(i, row)) ?? []), { t, p }]);
      at.set(vKey(i, row), p);
    }
  return at;
}

type Piece = { zone: string; ring: Ring };
/** Zone pieces: whole cells, or the two halves of a cell a chord runs through. */
function zonePieces(g: Grid, chord: Map<string, Pt>): Piece[] {
  return cells().flatMap(([i, j]) => {
    const label = ZONE_MAP[NR - 1 - j]![i]!, ring = cellRing(g, i, j);
    if (!label.includes('/')) return [{ zone: label, ring }];
    const [above, below] = label.split('/') as [string, string];
    const ia = ring.indexOf(chord.get(vKey(i + 1, j))!), ib = ring.indexOf(chord.get(vKey(i, j))!);
    return [{ zone: above, ring: ring.slice(ia, ib + 1) }, { zone: below, ring: [...ring.slice(ib), ...ring.slice(0, ia + 1)] }];
  });
}

/** Irregular oval (woods, archaeological site); star-shaped around its centre, hence simple. */
function blob(rng: Rng, c: Pt, rx: number, ry: number, n: number): Ring {
  return Array.from({ length: n }, (_, k) => {
    const a = (2 * Math.PI * k) / n, s = rng.range(0.85, 1.1);
    return pt(c[0] + rx * s * Math.cos(a), c[1] + ry * s * Math.sin(a));
  });
}
/** The cemetery is the largest parcel of its block; its reserved extension (ER 2) a neighbour sharing an edge. */
function cemetery(m: Model) {
  const [ring, ...others] = parcelsOf(m, 8, 3).map((p) => p.ring).sort((p, q) => ringArea(q) - ringArea(p));
  return { ring: ring!, extension: others.find((r) => r.filter((q) => ring!.includes(q)).length >= 2)! };
}

function pluFiles(m: Model, pieces: Piece[]) {
  const { g, rng } = m;
  const common = { nomfic: REGLEMENT, urlfic: null, insee: INSEE };
  const seq: Record<string, number> = {};
  const zones = Object.entries(ZONES).flatMap(([libelle, [typezone, libelong, destdomi, formdomi]]) =>
    dissolve(pieces.filter((p) => p.zone === libelle).map((p) => p.ring)).map((poly) => {
      const symbole = `ZONE_${typezone}_${String((seq[typezone] = (seq[typezone] ?? 0) + 1)).padStart(3, '0')}`;
      return feature({ idurba: IDURBA, lib_idzone: null, libelle, libelong, typezone, destdomi, formdomi, destoui: null, destcdt: null,
        destnon: null, ...common, datappro: DATE, datvalid: DATE, symbole }, mpoly([poly]));
    }));
  type Row = [libelle: string, txt: string, type: string, stype: string, geometry: object];
  const psc = (rows: Row[]) => rows.map(([libelle, txt, typepsc, stypepsc, geometry]) => feature({ idurba: IDURBA, lib_idpsc: null,
    libelle, txt, typepsc, stypepsc, nature: null, ...common, datvalid: DATE, symbole: `PSC_${typepsc}_${stypepsc}` }, geometry));
  const inf = (rows: Row[]) => rows.map(([libelle, txt, typeinf, stypeinf, geometry]) => feature({ idurba: IDURBA, lib_idinfo: null,
    libelle, txt, typeinf, stypeinf, ...common, datvalid: DATE, symbole: `INFO_${typeinf}_${stypeinf}` }, geometry));
  // ER 1 widens the street west of block (4,2): a band from 3 to 9 m east of the centreline, mostly on private land.
  const [s0, s1] = [g.nodes[4]![2]!, g.nodes[4]![3]!], len = dist(s0, s1);
  const east = (p: Pt, d: number): Pt => pt(p[0] + ((s1[1] - s0[1]) / len) * d, p[1] - ((s1[0] - s0[0]) / len) * d);
  const side = (i: number, j: number, k: number): Pt[] => {
    const r = m.blocks[blockOf(m, i, j)]!.ring;
    return [r[k]!, r[(k + 1) % 4]!];
  };
  const urban = pieces.filter((p) => !['A', 'N'].includes(ZONES[p.zone]![0]));
  const plu = (name: string, features: Feat[]) => [`plu/${INSEE}_${name}.json`, fc(`${INSEE}_${name}`, features)];
  return Object.fromEntries([
    plu('DOC_URBA', [feature({ idurba: IDURBA, typedoc: 'PLU', etat: '03', nomproc: 'E', datappro: DATE, datefin: null, siren: null,
      nomreg: REGLEMENT, urlreg: null, nomplan: null, urlplan: null, siteweb: null, typeref: '01', dateref: '2023' }, null)]),
    plu('ZONE_URBA', zones),
    plu('PRESCRIPTION_SURF', psc([
      ['Espace boisé classé', 'Bois des Garennes', '01', '00', mpoly(clip([[blob(rng, local(560, 1760), 380, 140, 20)]], m.commune))],
      ['Espace boisé classé', 'Bosquet de la Croix', '01', '00', mpoly([[blob(rng, local(1900, 350), 70, 50, 12)]])],
      ['Emplacement réservé n°1 : élargissement de voie', 'ER 1', '05', '01', mpoly([[[east(s0, 3), east(s0, 9), east(s1, 9), east(s1, 3)]]])],
      ['Emplacement réservé n°2 : extension du cimetière', 'ER 2', '05', '01', mpoly([[cemetery(m).extension]])],
      ['Secteur d’orientation d’aménagement et de programmation', 'OAP n°1 : Les Vergers', '18', '00', mpoly([[cellRing(g, 8, 6)]])],
    ])),
    plu('PRESCRIPTION_LIN', psc([
      ['Linéaire commercial à protéger', 'Grande Rue', '22', '00', mline([4, 5, 6].map((i) => side(i, 4, 0)))],
      ['Haie à protéger', 'Haie bocagère du chemin des Prés', '07', '01', mline([4, 5, 6].map((i) => side(i, 0, 2)))],
    ])),
    plu('PRESCRIPTION_PCT', psc([
      ['Élément bâti à protéger', 'Lavoir', '07', '01', mpoint([spot(m, 4, 4, 1)])],
      ['Élément bâti à protéger', 'Maison de maître', '07', '01', mpoint([spot(m, 6, 5, 2)])],
      ['Arbre remarquable', 'Chêne de la Lande', '07', '02', mpoint([spot(m, 2, 1, 0)])],
    ])),
    plu('INFO_SURF', inf([
      ['Périmètre du droit de préemption urbain', 'DPU sur les zones U et AU', '04', '00', mpoly(dissolve(urban.map((p) => p.ring)))],
      ['Site archéologique', 'Zone de présomption de prescription archéologique', '16', '00', mpoly([[blob(rng, local(1650, 330), 160, 110, 16)]])],
    ])),
    plu('INFO_LIN', inf([
      ['Secteur affecté par le bruit', 'RD 996 : catégorie 4, secteur de 30 m de part et d’autre', '14', '00',
        mline([g.nodes.map((col) => col[4]!)])],
    ])),
    plu('INFO_PCT', inf([['Site archéologique', 'Vestige ponctuel : motte castrale', '16', '00', mpoint([spot(m, 1, 0, 0)])]])),
  ]);
}

// ---------------------------------------------------------------- sup
const SOURCE = 'Plan cadastral (fictif)';
const GEST = [
  ['000000001', 'Unité départementale de l’architecture et du patrimoine (fictive)', 'udap'],
  ['000000002', 'Direction départementale des territoires (fictive), service risques', 'ddt'],
  ['000000003', 'Gestionnaire du réseau de transport d’électricité (fictif)', 'reseau'],
  ['000000004', 'Mairie de Terrier-sur-Lande (fictive)', 'mairie'],
] as const;
type Nature = 'S' | 'L' | 'P';
type SupDef = {
  cat: string; gest: number; nom: string; litt: string; ech: number;
  acte: [nomacte: string, reference: string, typeacte: string, datedecis: string];
  gen: [nature: Nature, nomgen: string, typegen: string, geometry: object, type: string | null, tension: string | null];
  ass: [nature: Nature, nomass: string, typeass: string, modegeoass: string, paramcalc: string | null, geometry: object][];
};

function supDefs(m: Model): SupDef[] {
  const church = spot(m, 5, 4, 2);
  const river = [[-150, 860], [300, 905], [700, 835], [1100, 900], [1500, 870], [1900, 815], [2300, 885], [2600, 850]].map(([x, y]) => local(x!, y!));
  const line = [[-150, 1440], [900, 1600], [1800, 1700], [2600, 1880]].map(([x, y]) => local(x!, y!));
  // The alignment plan puts the future street front 2 m behind the current one (half a street is 4 m).
  const align = [4, 5, 6, 7, 8].map((i) => pt(m.g.nodes[i]![4]![0], m.g.nodes[i]![4]![1] + 6));
  const red = bufferLine(river, 40), cem = cemetery(m).ring;
  return [
    { cat: 'AC1', gest: 0, nom: 'Église Saint-Fictif', litt: 'Abords de l’église Saint-Fictif, monument historique inscrit', ech: 2000,
      acte: ['Arrêté d’inscription au titre des monuments historiques', 'Arrêté n° 0000-MH-001 (fictif)', 'Arrêté', '19270612'],
      gen: ['P', 'Église Saint-Fictif', 'Monument historique', mpoint([church]), 'Inscrit', null],
      ass: [['S', 'Périmètre des abords de l’église', 'Périmètre des abords', 'Zone tampon', '500', mpoly([[circle(church, 500, 72)]])]] },
    { cat: 'PM1', gest: 1, nom: 'PPRi de la Lande', litt: 'Plan de prévention du risque inondation de la vallée de la Lande', ech: 5000,
      acte: ['Arrêté préfectoral d’approbation du PPRi', 'Arrêté n° 0000-DDT-002 (fictif)', 'Arrêté préfectoral', '20120330'],
      gen: ['S', 'Périmètre du PPRi de la Lande', 'Périmètre du plan', mpoly(bufferLine(river, 320)), null, null],
      ass: [['S', 'Zone rouge du PPRi', 'Zone rouge', 'Numérisation', null, mpoly(clip(red, m.commune))],
        ['S', 'Zone bleue du PPRi', 'Zone bleue', 'Numérisation', null, mpoly(clip(minus(bufferLine(river, 130), red), m.commune))]] },
    { cat: 'I4', gest: 2, nom: 'Ligne 63 kV Lande – Garennes', litt: 'Ligne aérienne 63 kV Lande – Garennes (fictive)', ech: 10000,
      acte: ['Arrêté de déclaration d’utilité publique de la ligne', 'Arrêté n° 0000-DUP-003 (fictif)', 'Arrêté préfectoral', '19780905'],
      gen: ['L', 'Ligne 63 kV Lande – Garennes', 'Ligne électrique aérienne', mline([line]), 'Aérien', '63 kV'],
      ass: [['S', 'Couloir de la ligne 63 kV', 'Zone grevée', 'Zone tampon', '30', mpoly(clip(bufferLine(line, 30), m.commune))],
        ['L', 'Tracé de la ligne 63 kV', 'Ligne électrique', 'Duplication', null, mline([line])]] },
    { cat: 'INT1', gest: 3, nom: 'Cimetière communal', litt: 'Servitude de voisinage du cimetière communal', ech: 2000,
      acte: ['Délibération de création du cimetière', 'Délibération n° 0000-004 (fictive)', 'Délibération', '18920417'],
      gen: ['S', 'Cimetière communal', 'Cimetière', mpoly([[cem]]), null, null],
      ass: [['S', 'Zone de 100 m autour du cimetière', 'Zone de protection', 'Zone tampon', '100', mpoly(bufferPolygon(cem, 100))]] },
    { cat: 'EL7', gest: 3, nom: 'Plan d’alignement de la Grande Rue', litt: 'Plan d’alignement de la Grande Rue (RD 996)', ech: 1000,
      acte: ['Arrêté approuvant le plan d’alignement', 'Arrêté n° 0000-AL-005 (fictif)', 'Arrêté', '19650208'],
      gen: ['L', 'Plan d’alignement de la Grande Rue', 'Plan d’alignement', mline([align]), null, null],
      ass: [['L', 'Alignement de la Grande Rue', 'Alignement', 'Duplication', null, mline([align])]] },
  ];
}

function supFiles(m: Model) {
  const out: Record<string, Feat[]> = Object.fromEntries(['GESTIONNAIRE_SUP', 'SERVITUDE', 'ACTE_SUP', 'SERVITUDE_ACTE_SUP',
    ...['S', 'L', 'P'].flatMap((k) => [`GENERATEUR_SUP_${k}`, `ASSIETTE_SUP_${k}`])].map((name) => [name, []]));
  for (const [idgest, nomgest, user] of GEST)
    out.GESTIONNAIRE_SUP!.push(feature({ idgest, nomgest, nomcorres: 'Correspondant fictif', numtel: '00 00 00 00 00',
      courriel: `${user}@exemple.invalid`, adresse: '1 rue Imaginaire, 96000 Nulle-Part (adresse fictive)' }, null));
  for (const { cat, gest, nom, litt, ech, acte, gen, ass } of supDefs(m)) {
    const idsup = `${cat}_${INSEE}_01`, idgen = `${idsup}_G1`, idacte = `${idsup}_ACTE1`;
    const [nomacte, reference, typeacte, datedecis] = acte, [idgest, quiprod] = GEST[gest]!;
    out.SERVITUDE!.push(feature({ idsup, idgest, nomsup: nom, nomsuplitt: litt, categorie: cat, idintgest: null,
      descriptio: `${litt} (données fictives)`, nomreg: `${idsup}_reglement.pdf`, urlreg: null, datemaj: '20240301', echnum: ech,
      validegest: 'T', obsvalidat: null, modeprod: 'numérisation', quiprod, docsource: null }, null));
    out.ACTE_SUP!.push(feature({ idacte, nomacte, reference, typeacte, fichier: `${idacte}.pdf`, decision: 'Création', datedecis,
      datepub: datedecis, aplan: 'T' }, null));
    out.SERVITUDE_ACTE_SUP!.push(feature({ idsup, idacte }, null));
    const [nature, nomgen, typegen, geometry, type, tension] = gen;
    out[`GENERATEUR_SUP_${nature}`]!.push(feature({ idgen, idsup, nomgen, typegen, modegenere: 'Numérisation', srcgeogen: SOURCE,
      datesrcgen: '20230101', refbdext: null, idbdext: null, categorie: cat, type, tension }, geometry));
    ass.forEach(([nat, nomass, typeass, modegeoass, paramcalc, geom], k) =>
      out[`ASSIETTE_SUP_${nat}`]!.push(feature({ idass: `${idsup}_A${k + 1}`, idgen, nomass, typeass, modegeoass, paramcalc,
        srcgeoass: SOURCE, datesrcass: '20230101', categorie: cat, suptype: cat.toLowerCase() }, geom)));
  }
  return Object.fromEntries(Object.entries(out).map(([name, features]) => [`sup/${name}.json`, fc(name, features)]));
}

// ---------------------------------------------------------------- output
type Feat = { type: 'Feature'; id?: string; geometry: object | null; properties: Record<string, unknown> };
const feature = (properties: Record<string, unknown>, geometry: object | null, id?: string): Feat =>
  id === undefined ? { type: 'Feature', geometry, properties } : { type: 'Feature', id, geometry, properties };
const fc = (name: string, features: Feat[]) => ({ type: 'FeatureCollection', name, crs: CRS, fictional: true, note: NOTE, features });
const mpoly = (polys: Poly[]) => ({ type: 'MultiPolygon', coordinates: polys.map((p) => p.map(close)) });
const mline = (lines: Pt[][]) => ({ type: 'MultiLineString', coordinates: lines });
const mpoint = (pts: Pt[]) => ({ type: 'MultiPoint', coordinates: pts });

/** The model behind the files, for tests (blocks are not published). */
export function buildDemo() {
  const rng = makeRng(SEED);
  const g = makeGrid(rng);
  const chords = registerChords(g, rng);
  const { blocks, parcels } = makeCadastre(g, rng);
  const m: Model = { rng, g, blocks, parcels, commune: dissolve(cells().map(([i, j]) => cellRing(g, i, j))) };
  const files: Record<string, object> = { ...cadastreFiles(m), ...pluFiles(m, zonePieces(g, chords)), ...supFiles(m) };
  return { blocks, parcels, files };
}

export const makeDemo = (): Record<string, object> => buildDemo().files;

/** One feature per line, so that a regeneration diffs feature by feature. */
export function serialize(doc: object): string {
  const { features, ...head } = doc as { features: unknown[] };
  return `${JSON.stringify(head).slice(0, -1)},"features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}

export function writeDemo(outDir: string): string[] {
  return Object.entries(makeDemo()).map(([rel, doc]) => {
    const file = join(outDir, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, serialize(doc));
    return file;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const outDir = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'demo'));
  for (const file of writeDemo(outDir)) console.log(file);
}
