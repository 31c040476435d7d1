// The open-data export, streamed, so a million rows never sit in memory. On PostgreSQL the CSV is
// made by COPY … TO STDOUT (pg-copy-streams) from the same SELECT, piped with back-pressure, and the
// GeoJSON rows come through a server-side cursor (pg-query-stream); on PGlite, which is in-process
// and has no cursor across calls, pages by keyset on the number, formatted here exactly as COPY
// formats them. This and tiles/render.ts are the only places that branch on the engine.
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import QueryStream from 'pg-query-stream';
import { to as copyTo } from 'pg-copy-streams';
import type { Db } from '../db.ts';
import { CSV_COLUMNS } from './columns.ts';
import { exportWhere } from './queries.ts';

export type ExportFilter = { commune: string | null; annee: number | null };
type Row = Record<string, unknown>;

const CSV_SQL = CSV_COLUMNS.map((c) => `t.${c.name}`).join(', ');
const BATCH = 2000;

/** The export's statement with its filter (also what the benchmark hands to COPY). */
export function exportSql(f: ExportFilter, after: boolean): { sql: string; values: unknown[] } {
  const w = exportWhere(f);
  if (after) w.where.push('t.num_dau > ?');
  return { sql: `SELECT ${CSV_SQL} FROM public_autorisations t ${w.where.length ? `WHERE ${w.where.join(' AND ')}` : ''} ORDER BY t.num_dau`, values: w.values };
}

const toDollar = (sql: string) => { let i = 0; return sql.replace(/\?/g, () => `$${++i}`); };

/** Literal SQL for COPY, which takes no parameters: the filter's values are checked codes and years, quoted anyway. */
const literal = (v: unknown): string => (Array.isArray(v) ? `ARRAY[${v.map(literal).join(',')}]` : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

/** The CSV as COPY writes it: the upper-case header, arrays joined by "|", NULL as an empty field. */
export function copySql(f: ExportFilter): string {
  const w = exportWhere(f);
  let i = 0;
  const where = w.where.join(' AND ').replace(/\?/g, () => literal(w.values[i++]));
  const cols = CSV_COLUMNS.map((c) => `${c.type === 'array' ? `array_to_string(t.${c.name}, '|')` : `t.${c.name}`} AS "${c.name.toUpperCase()}"`).join(', ');
  return `COPY (SELECT ${cols} FROM public_autorisations t ${where ? `WHERE ${where}` : ''} ORDER BY t.num_dau) TO STDOUT WITH (FORMAT csv, HEADER true)`;
}

async function pgCopy(db: Db, f: ExportFilter, out: Writable): Promise<void> {
  const client = db.knex.client as { acquireConnection(): Promise<any>; releaseConnection(c: unknown): Promise<void> };
  const conn = await client.acquireConnection();
  try {
    await pipeline(conn.query(copyTo(copySql(f))), out, { end: false });
  } catch (err) {
    // A COPY cut short (the client left) leaves the connection mid-protocol: knex must not reuse it.
    conn.__knex__disposed = err;
    throw err;
  } finally {
    await client.releaseConnection(conn);
  }
}

async function* pgRows(db: Db, f: ExportFilter, isClosed: () => boolean): AsyncGenerator<Row[]> {
  const { sql, values } = exportSql(f, false);
  const client = db.knex.client as { acquireConnection(): Promise<any>; releaseConnection(c: unknown): Promise<void> };
  const conn = await client.acquireConnection();
  const stream = conn.query(new QueryStream(toDollar(sql), values, { batchSize: BATCH }));
  try {
    let batch: Row[] = [];
    for await (const row of stream) {
      batch.push(row as Row);
      if (batch.length === BATCH) { yield batch; batch = []; if (isClosed()) return; }
    }
    if (batch.length) yield batch;
  } finally {
    stream.destroy();
    await client.releaseConnection(conn);
  }
}

export async function* keysetRows(db: Db, f: ExportFilter, isClosed: () => boolean): AsyncGenerator<Row[]> {
  let last: string | null = null;
  for (;;) {
    const { sql, values } = exportSql(f, last !== null);
    const { rows } = await db.knex.raw(`${sql} LIMIT ${BATCH}`, (last !== null ? [...values, last] : values) as never);
    if (!rows.length) return;
    yield rows;
    if (rows.length < BATCH || isClosed()) return;
    last = rows[rows.length - 1].num_dau as string;
  }
}

export const exportBatches = (db: Db, f: ExportFilter, isClosed: () => boolean) =>
  (db.engine === 'postgresql' ? pgRows(db, f, isClosed) : keysetRows(db, f, isClosed));

// --- formats ---------------------------------------------------------------------------------------

/** A field as PostgreSQL's COPY CSV writes it: quoted when it holds a comma, a quote or a line break, or is empty text. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = Array.isArray(v) ? v.join('|') : v instanceof Date ? v.toISOString() : String(v);
  return s === '' || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvHeader = () => `${CSV_COLUMNS.map((c) => c.name.toUpperCase()).join(',')}\n`;
export const csvLine = (r: Row) => `${CSV_COLUMNS.map((c) => csvField(r[c.name])).join(',')}\n`;

export function geojsonFeature(r: Row): string {
  const geometry = r.longitude === null || r.longitude === undefined ? null : { type: 'Point', coordinates: [Number(r.longitude), Number(r.latitude)] };
  return JSON.stringify({ type: 'Feature', id: r.num_dau, geometry, properties: r });
}

/** Writes, respecting back-pressure: waits for 'drain' (or the client leaving) when the socket's buffer is full. */
async function write(out: Writable, chunk: string): Promise<void> {
  if (out.write(chunk)) return;
  await new Promise<void>((resolve) => {
    const done = () => { out.off('drain', done); out.off('close', done); resolve(); };
    out.on('drain', done);
    out.on('close', done);
  });
}

export async function streamExport(db: Db, f: ExportFilter, format: 'csv' | 'geojson', out: Writable): Promise<void> {
  if (format === 'csv' && db.engine === 'postgresql') return pgCopy(db, f, out);
  let closed = false;
  out.once('close', () => { closed = true; });
  if (format === 'csv') await write(out, csvHeader());
  else await write(out, '{"type":"FeatureCollection","features":[\n');
  let first = true;
  for await (const batch of exportBatches(db, f, () => closed)) {
    if (closed) break;
    let chunk = '';
    for (const r of batch) {
      if (format === 'csv') chunk += csvLine(r);
      else { chunk += (first ? '' : ',\n') + geojsonFeature(r); first = false; }
    }
    await write(out, chunk);
  }
  if (format === 'geojson' && !closed) await write(out, '\n]}\n');
}
