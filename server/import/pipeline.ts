// The loop every table goes through: read a feature, map it to a row (or reject it with a reason),
// check its geometry's shape, hand it to the batch writer. Kinds differ only by their Targets and the
// values they fix (idurba, partition…).
import type { Knex } from 'knex';
import { writer } from './batch.ts';
import { readCatalog, toRow, type Catalog, type Target } from './fields.ts';
import { openLayer, type Feature, type Layer, type ReadOptions } from './read.ts';
import { newFileReport, rejected, repaired, type FileReport, type ImportReport, type Progress } from './report.ts';
import type { Source } from './files.ts';
import { toWkbHex } from './wkb.ts';

export type Options = {
  /** EPSG code for files that declare no CRS. */
  srid?: number;
  onProgress?: (p: Progress) => void;
};

const DEPTH: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };
// The depth at which a GeoJSON array is a ring (polygons) or a line: they need 4 and 2 positions.
const RING: Record<string, number> = { Polygon: 1, MultiPolygon: 2 };
const LINE: Record<string, number> = { LineString: 0, MultiLineString: 1 };

export type Shape = { positions: number; openRings: number };

/**
 * The size of a GeoJSON geometry, or why it cannot even be parsed. Only the shape is checked here
 * (nesting, numbers, enough positions); validity (self-intersections…) is PostGIS's job.
 */
export function geometryShape(g: unknown): Shape | string {
  if (g === null || typeof g !== 'object') return 'no geometry';
  const { type, coordinates, geometries } = g as { type?: string; coordinates?: unknown; geometries?: unknown };
  if (type === 'GeometryCollection') {
    if (!Array.isArray(geometries)) return 'malformed GeometryCollection';
    const total = { positions: 0, openRings: 0 };
    for (const part of geometries) {
      const c = geometryShape(part);
      if (typeof c === 'string') return c;
      total.positions += c.positions; total.openRings += c.openRings;
    }
    return total;
  }
  const depth = type === undefined ? undefined : DEPTH[type];
  if (depth === undefined) return `unknown geometry type ${JSON.stringify(type ?? null)}`;
  const shape = { positions: 0, openRings: 0 };
  let problem: string | null = null;
  const walk = (c: unknown, d: number, level: number): boolean => {
    if (!Array.isArray(c)) return false;
    if (d === 0) {
      shape.positions++;
      return c.length >= 2 && c.length <= 4 && c.every((x) => typeof x === 'number' && Number.isFinite(x));
    }
    for (const x of c) if (!walk(x, d - 1, level + 1)) return false;
    if (level === RING[type!]) {
      const [a, z] = [c[0] as number[], c[c.length - 1] as number[]];
      const open = a[0] !== z[0] || a[1] !== z[1];
      if (c.length + (open ? 1 : 0) < 4) { problem = 'a polygon ring with fewer than 4 positions'; return false; }
      if (open) shape.openRings++;
    } else if (level === LINE[type!] && c.length < 2) { problem = 'a line with fewer than 2 positions'; return false; }
    return true;
  };
  if (walk(coordinates, depth, 0)) return shape;
  return problem ?? `malformed ${type} coordinates`;
}

const catalogs = new WeakMap<object, Map<string, Promise<Catalog>>>();

/** Column facts per table, read once per transaction. */
export function catalogOf(conn: Knex.Transaction, table: string): Promise<Catalog> {
  let m = catalogs.get(conn);
  if (!m) catalogs.set(conn, (m = new Map()));
  let c = m.get(table);
  if (!c) m.set(table, (c = readCatalog(conn, table)));
  return c;
}

/** The first feature of a layer, and the layer still yielding every feature including that one. */
export async function peek(layer: Layer): Promise<{ first: Feature | null; layer: Layer }> {
  const it = layer.features[Symbol.asyncIterator]();
  const head = await it.next();
  const first = head.done ? null : head.value;
  const features = (async function* () {
    if (!first) return;
    yield first;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  })();
  return { first, layer: { ...layer, features } };
}

export function open(src: Source, opts: Options): Promise<Layer> {
  const read: ReadOptions = {
    srid: opts.srid,
    onProgress: opts.onProgress && ((done, total, features) => opts.onProgress!({ file: src.path, done, total, features })),
  };
  return openLayer(src, read);
}

export type LayerJob = {
  target: Target;
  /** Values set by the import, or computed from the feature; a string rejects the feature. */
  fixed?: (f: Feature) => Record<string, unknown> | string;
  /** Runs before each batch is written, in order (e.g. deleting the communes about to be replaced). */
  beforeBatch?: (rows: Record<string, unknown>[]) => Promise<void>;
  /** Sees each row that will be written. */
  onRow?: (row: Record<string, unknown>, f: Feature) => void;
};

/** Imports one file into one table; adds its FileReport to the import report. */
export async function importLayer(conn: Knex.Transaction, layer: Layer, job: LayerJob, report: ImportReport): Promise<FileReport> {
  const { target } = job;
  const fr = newFileReport(layer.source.path, target.table);
  report.files.push(fr);
  const catalog = await catalogOf(conn, target.table);
  let w: ReturnType<typeof writer> | null = null;
  for await (const f of layer.features) {
    fr.read++;
    // Parsing a read chunk runs ~1,000 features without giving the event loop a turn; the replies of
    // the database to the batch in flight would wait, and the database with them.
    if (fr.read % 64 === 0) await new Promise((r) => setImmediate(r));
    const fixed = job.fixed ? job.fixed(f) : {};
    const row = typeof fixed === 'string' ? fixed : toRow(target, catalog, f.properties, fixed);
    const label = f.id ?? (typeof row === 'string' ? `#${f.n}` : target.label?.(row, f.n) ?? `#${f.n}`);
    if (typeof row === 'string') { rejected(fr, label, row); continue; }
    let vertices = 1;
    let wkb: string | undefined;
    if (target.geometry) {
      const shape = geometryShape(f.geometry);
      if (typeof shape === 'string') { rejected(fr, label, shape); continue; }
      if (shape.openRings) repaired(fr, label, `${shape.openRings} unclosed ring(s) closed`);
      vertices = shape.positions;
      wkb = toWkbHex(f.geometry);
    }
    // The CRS is known once a feature has been read, so the writer starts with the first row.
    w ??= writer(conn, target, target.geometry ? layer.crs() : null, fr, job.beforeBatch);
    job.onRow?.(row, f);
    await w.add(row, label, wkb, vertices);
  }
  await w?.finish();
  return fr;
}
