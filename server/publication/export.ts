// The open-data export, streamed: rows are read in batches and written as they come, so a million
// rows never sit in memory. On PostgreSQL a server-side cursor (pg-query-stream); on PGlite, which
// is in-process and has no cursor across calls, pages by keyset on the number. This and
// tiles/render.ts are the only places that branch on the engine (docs/architecture.md).
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import QueryStream from 'pg-query-stream';
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

async function* keysetRows(db: Db, f: ExportFilter, isClosed: () => boolean): AsyncGenerator<Row[]> {
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

export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = Array.isArray(v) ? v.join('|') : v instanceof Date ? v.toISOString() : String(v);
  return /[",\r\n;]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvHeader = () => `${CSV_COLUMNS.map((c) => c.name.toUpperCase()).join(',')}\r\n`;
export const csvLine = (r: Row) => `${CSV_COLUMNS.map((c) => csvField(r[c.name])).join(',')}\r\n`;

export function geojsonFeature(r: Row): string {
  const geometry = r.longitude === null || r.longitude === undefined ? null : { type: 'Point', coordinates: [Number(r.longitude), Number(r.latitude)] };
  return JSON.stringify({ type: 'Feature', id: r.num_dau, geometry, properties: r });
}

/** Writes, respecting back-pressure: waits for 'drain' when the socket's buffer is full. */
async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await Promise.race([once(out, 'drain'), once(out, 'close')]);
}

export async function streamExport(db: Db, f: ExportFilter, format: 'csv' | 'geojson', out: Writable): Promise<void> {
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
