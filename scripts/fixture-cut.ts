// Cutting real open data into small test fixtures without changing what is kept: GeoJSON features are
// copied as they are, shapefile and dBase records byte for byte (so encodings, field types and 3D
// shapes stay those of the delivery). Used by scripts/make-fixtures.ts.
import fs from 'node:fs';
import path from 'node:path';

export type Bbox = [number, number, number, number];
export type Feature = { type: 'Feature'; id?: string | number; properties: Record<string, any>; geometry: any };
export type FeatureCollection = { type: 'FeatureCollection'; features: Feature[]; [member: string]: unknown };

export const readJson = <T = any>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8'));

/** A FeatureCollection with the same members as its source, one feature per line (readable diffs). */
export function writeFeatures(file: string, source: FeatureCollection, features: Feature[]): number {
  const { features: _, ...members } = source;
  const head = JSON.stringify(members).slice(0, -1);
  const text = `${head}${head.length > 1 ? ',' : ''}"features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
  write(file, text);
  return features.length;
}

/** A table published as a JSON array of records. */
export function writeRecords(file: string, rows: unknown[]): number {
  write(file, `[\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`);
  return rows.length;
}

export function write(file: string, body: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, body);
}

export function copy(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(from, to, { recursive: true });
}

export function bboxOf(geometry: any): Bbox {
  const b: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: any): void => {
    if (typeof c[0] === 'number') {
      b[0] = Math.min(b[0], c[0]); b[1] = Math.min(b[1], c[1]); b[2] = Math.max(b[2], c[0]); b[3] = Math.max(b[3], c[1]);
    } else c.forEach(walk);
  };
  if (geometry) walk(geometry.coordinates);
  return b;
}
export const centre = (b: Bbox) => [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] as const;
export const contains = (w: Bbox, [x, y]: readonly [number, number]) => x >= w[0] && x <= w[2] && y >= w[1] && y <= w[3];
export const meets = (a: Bbox, b: Bbox) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
export const grow = (b: Bbox, d: number): Bbox => [b[0] - d, b[1] - d, b[2] + d, b[3] + d];

// --- dBase (.dbf): header, fixed-length records, 0x1A at the end.

export type Dbf = { header: Buffer; records: Buffer[]; rows: Record<string, string>[] };

export function readDbf(file: string): Dbf {
  const buf = fs.readFileSync(file);
  const count = buf.readUInt32LE(4), headerLength = buf.readUInt16LE(8), recordLength = buf.readUInt16LE(10);
  const fields: { name: string; offset: number; length: number }[] = [];
  for (let at = 32, offset = 1; at < headerLength - 1 && buf[at] !== 0x0d; at += 32) {
    const name = buf.toString('latin1', at, at + 11).replace(/\0.*$/s, '').toUpperCase();
    const length = buf[at + 16]!;
    fields.push({ name, offset, length });
    offset += length;
  }
  const records: Buffer[] = [];
  const rows: Record<string, string>[] = [];
  for (let i = 0; i < count; i++) {
    const r = buf.subarray(headerLength + i * recordLength, headerLength + (i + 1) * recordLength);
    records.push(r);
    // Enough to select records by ASCII keys (ids, codes, INSEE); the bytes written are the original ones.
    rows.push(Object.fromEntries(fields.map((f) => [f.name, r.toString('latin1', f.offset, f.offset + f.length).trim()])));
  }
  return { header: buf.subarray(0, headerLength), records, rows };
}

export function writeDbf(file: string, dbf: Dbf, keep: number[]): void {
  const header = Buffer.from(dbf.header);
  header.writeUInt32LE(keep.length, 4);
  write(file, Buffer.concat([header, ...keep.map((i) => dbf.records[i]!), Buffer.from([0x1a])]));
}

/** Copies the records `keep` (0-based, in file order) of a dBase table. */
export function cutDbf(from: string, to: string, keep: (row: Record<string, string>, i: number) => boolean): number[] {
  const dbf = readDbf(from);
  const idx = dbf.rows.flatMap((r, i) => (keep(r, i) ? [i] : []));
  writeDbf(to, dbf, idx);
  return idx;
}

// --- shapefile (.shp + .shx + .dbf, with .prj/.cpg/.qpj copied; spatial indexes are left out, they would be stale).

/** The 2D bbox of each record of a .shp (null shapes: null). */
export function shpBboxes(shp: string): (Bbox | null)[] {
  const buf = fs.readFileSync(shp);
  const out: (Bbox | null)[] = [];
  for (let at = 100; at + 8 <= buf.length;) {
    const length = buf.readInt32BE(at + 4) * 2;
    const type = buf.readInt32LE(at + 8);
    const c = at + 12;
    if (type === 0) out.push(null);
    else if (type === 1 || type === 11 || type === 21) out.push([buf.readDoubleLE(c), buf.readDoubleLE(c + 8), buf.readDoubleLE(c), buf.readDoubleLE(c + 8)]);
    else out.push([buf.readDoubleLE(c), buf.readDoubleLE(c + 8), buf.readDoubleLE(c + 16), buf.readDoubleLE(c + 24)]);
    at += 8 + length;
  }
  return out;
}

/** Copies the records `keep` (0-based) of the shapefile `stem` (path without extension) to `toStem`. */
export function cutShapefile(stem: string, toStem: string, keep: number[]): void {
  const shp = fs.readFileSync(`${stem}.shp`);
  const bboxes = shpBboxes(`${stem}.shp`);
  const starts: number[] = [];
  for (let at = 100; at + 8 <= shp.length; at += 8 + shp.readInt32BE(at + 4) * 2) starts.push(at);
  const parts: Buffer[] = [];
  const index: Buffer[] = [];
  let offset = 100;
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  keep.forEach((i, n) => {
    const at = starts[i]!;
    const rec = Buffer.from(shp.subarray(at, at + 8 + shp.readInt32BE(at + 4) * 2));
    rec.writeInt32BE(n + 1, 0);
    parts.push(rec);
    const entry = Buffer.alloc(8);
    entry.writeInt32BE(offset / 2, 0); entry.writeInt32BE(rec.length / 2 - 4, 4);
    index.push(entry);
    offset += rec.length;
    const b = bboxes[i];
    if (b) { box[0] = Math.min(box[0], b[0]); box[1] = Math.min(box[1], b[1]); box[2] = Math.max(box[2], b[2]); box[3] = Math.max(box[3], b[3]); }
  });
  const header = (fileBytes: number) => {
    const h = Buffer.from(shp.subarray(0, 100));
    h.writeInt32BE(fileBytes / 2, 24);
    if (keep.length) box.forEach((v, k) => h.writeDoubleLE(v, 36 + 8 * k));
    return h;
  };
  write(`${toStem}.shp`, Buffer.concat([header(offset), ...parts]));
  write(`${toStem}.shx`, Buffer.concat([header(100 + 8 * keep.length), ...index]));
  const dbf = ['.dbf', '.DBF'].map((e) => stem + e).find((f) => fs.existsSync(f))!;
  writeDbf(`${toStem}${path.extname(dbf)}`, readDbf(dbf), keep);
  for (const ext of ['.prj', '.cpg', '.CPG', '.qpj']) if (fs.existsSync(stem + ext)) copy(stem + ext, toStem + ext);
}

/** Rows of a shapefile's dBase table. */
export function shpRows(stem: string): Record<string, string>[] {
  return readDbf(['.dbf', '.DBF'].map((e) => stem + e).find((f) => fs.existsSync(f))!).rows;
}
