// From source attributes to column values. Each kind describes its tables as data (a Target: which
// column comes from which source fields, of which type); lengths and NOT NULL come from the database
// catalog itself, so a value the table would refuse is rejected here, with a reason, one feature at a
// time, instead of failing a whole batch.
import type { Knex } from 'knex';

/**
 * text: verbatim string; code: a 2-digit CNIG code (7 → "07"), code4 a 4-digit one; yyyymmdd: a CNIG date (2017-10-13 →
 * 20171013); date: an ISO date for a date column; flag: CNIG T/F; integer, boolean, json: as named.
 */
export type ColumnType = 'text' | 'code' | 'code4' | 'yyyymmdd' | 'date' | 'integer' | 'boolean' | 'flag' | 'json';

export type Column = {
  name: string;
  /** Source property names (lowercase), first present wins; default [name]. */
  from?: string[];
  type?: ColumnType;
  /** Value when the source has none (e.g. prefixe "000"). */
  default?: unknown;
  /** Canonical form of a value (e.g. typezone "auc" → "AUc"). */
  normalize?: (v: unknown) => unknown;
  /** Extra rule: returns why the value is refused. */
  check?: (v: unknown) => string | null;
};

export type Target = {
  table: string;
  /** Geometry family kept from the source (ST_CollectionExtract); absent for tables without geometry. */
  geometry?: 'polygon' | 'line' | 'point';
  columns: Column[];
  /** Natural key: duplicates are skipped and reported (ON CONFLICT DO NOTHING)… */
  key?: string[];
  /** …or, with upsert, the last one wins (ON CONFLICT DO UPDATE). */
  upsert?: boolean;
  /** How a feature is named in the report. */
  label?: (row: Record<string, unknown>, n: number) => string;
};

export const SQL_TYPE: Record<ColumnType, string> = {
  text: 'text', code: 'text', code4: 'text', yyyymmdd: 'text', flag: 'text', date: 'date', integer: 'integer', boolean: 'boolean', json: 'jsonb',
};

export type ColumnInfo = { maxLength: number | null; required: boolean };
export type Catalog = Map<string, ColumnInfo>;

/** Lengths and NOT NULL of a table's columns, read from the database so they cannot drift from the schema. */
export async function readCatalog(conn: Knex | Knex.Transaction, table: string): Promise<Catalog> {
  const { rows } = await conn.raw(
    `SELECT column_name, character_maximum_length, is_nullable
       FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?`, [table]);
  return new Map(rows.map((r: { column_name: string; character_maximum_length: number | null; is_nullable: string }) =>
    [r.column_name, { maxLength: r.character_maximum_length, required: r.is_nullable === 'NO' }]));
}

function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  return JSON.stringify(v);
}

const pad2 = (s: string) => (/^\d$/.test(s) ? `0${s}` : s);

function isoDate(s: string): string | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$/.exec(s);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

export function convert(type: ColumnType, v: unknown): unknown {
  switch (type) {
    case 'text': return text(v);
    case 'code': { const s = text(v); return s === null ? null : pad2(s); }
    case 'code4': { const s = text(v); return s !== null && /^\d{1,3}$/.test(s) ? s.padStart(4, '0') : s; }
    case 'yyyymmdd': { const s = text(v); return s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s.replace(/-/g, '') : s; }
    case 'date': { const s = text(v); return s === null ? null : isoDate(s); }
    case 'integer': {
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
      return typeof n === 'number' && Number.isInteger(n) && Math.abs(n) < 2 ** 31 ? n : null;
    }
    case 'boolean':
    case 'flag': {
      const s = typeof v === 'boolean' ? v : typeof v === 'string' ? v.trim().toLowerCase() : v;
      const b = s === true || s === 't' || s === 'true' || s === 'o' || s === 'oui' || s === 'y' || s === '1' || s === 1 ? true
        : s === false || s === 'f' || s === 'false' || s === 'n' || s === 'non' || s === '0' || s === 0 ? false : null;
      return type === 'boolean' ? b : b === null ? text(v) : b ? 'T' : 'F';
    }
    case 'json': return v ?? null;
  }
}

/**
 * One row for the target, or the reason the feature is refused. `fixed` holds values set by the
 * import itself (idurba, partition, nature_geom…), which win over the source.
 */
export function toRow(target: Target, catalog: Catalog, props: Record<string, unknown>, fixed: Record<string, unknown> = {}):
  Record<string, unknown> | string {
  const row: Record<string, unknown> = {};
  for (const col of target.columns) {
    let value: unknown;
    if (col.name in fixed) value = fixed[col.name];
    else {
      const key = (col.from ?? [col.name]).find((k) => props[k] !== undefined && props[k] !== null && props[k] !== '');
      value = convert(col.type ?? 'text', key === undefined ? null : props[key]);
      if (value === null && col.default !== undefined) value = col.default;
      if (value !== null && col.normalize) value = col.normalize(value);
    }
    const info = catalog.get(col.name);
    if (value === null || value === undefined) {
      if (info?.required) return `no ${col.name}`;
      row[col.name] = null;
      continue;
    }
    if (typeof value === 'string' && info?.maxLength && value.length > info.maxLength) {
      return `${col.name} "${value.length > 60 ? `${value.slice(0, 60)}…` : value}" is longer than the ${info.maxLength} characters the standard allows`;
    }
    const why = col.check?.(value);
    if (why) return why;
    row[col.name] = value;
  }
  return row;
}

/** Properties not mapped to a column (e.g. a générateur's category-specific fields), for a jsonb column. */
export function extras(target: Target, props: Record<string, unknown>, ignore: Set<string>): Record<string, unknown> {
  const used = new Set(target.columns.flatMap((c) => c.from ?? [c.name]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) if (!used.has(k) && !ignore.has(k) && v !== null && v !== '') out[k] = v;
  return out;
}
