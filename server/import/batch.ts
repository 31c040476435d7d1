// Writes rows in batches, ONE statement per batch: the batch travels as a single JSON parameter,
// json_to_recordset turns it into rows, PostGIS transforms, checks and repairs the geometries, and
// the same statement inserts what is usable and returns what happened to the rest. This runs the
// same on PGlite and on PostgreSQL, and keeps a round trip per thousands of features.
//
// PGlite's GEOS answers many operations on invalid geometries with an empty result instead of an
// error, so validity is tested explicitly (ST_IsValid) before and after ST_MakeValid.
import type { Knex } from 'knex';
import type { Crs } from './crs.ts';
import { SQL_TYPE, type Target } from './fields.ts';
import { rejected, repaired, type FileReport } from './report.ts';

const EXTRACT = { polygon: 3, line: 2, point: 1 } as const;
const ACCEPTED = {
  polygon: ['POLYGON', 'MULTIPOLYGON'],
  line: ['LINESTRING', 'MULTILINESTRING'],
  point: ['POINT', 'MULTIPOINT'],
} as const;
const NOUN = { polygon: 'surfacique', line: 'linéaire', point: 'ponctuelle' } as const;

const MAX_ROWS = 2000;
const MAX_VERTICES = 200_000;

export function batchSql(target: Target, srid: number | null): string {
  const cols = target.columns.map((c) => c.name);
  const types = target.columns.map((c) => `${c.name} ${SQL_TYPE[c.type ?? 'text']}`);
  const conflict = !target.key ? ''
    : target.upsert
      ? `ON CONFLICT (${target.key.join(', ')}) DO UPDATE SET ${[...cols.filter((c) => !target.key!.includes(c)), ...(target.geometry ? ['geom'] : [])]
        .map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`
      : `ON CONFLICT (${target.key.join(', ')}) DO NOTHING`;
  const returning = target.key ? target.key.join(', ') : '1 AS one';
  const duplicates = target.key && !target.upsert
    ? `UNION ALL
SELECT o.n, 'duplicate', NULL, NULL, NULL FROM o
 WHERE ${target.geometry ? 'o.usable AND ' : ''}NOT EXISTS (SELECT 1 FROM ins WHERE ${target.key.map((k) => `ins.${k} = o.${k}`).join(' AND ')})`
    : '';
  if (!target.geometry) {
    return `WITH o AS (
  SELECT * FROM json_to_recordset(?::json) AS r(n integer, ${types.join(', ')})
), ins AS (
  INSERT INTO ${target.table} (${cols.join(', ')})
  SELECT ${cols.join(', ')} FROM o
  ${conflict}
  RETURNING ${returning}
)
SELECT NULL::integer AS n, 'inserted' AS status, (SELECT count(*) FROM ins)::text AS detail, NULL AS type, NULL::boolean AS empty
${duplicates}`;
  }
  const kind = target.geometry;
  const source = `ST_GeomFromWKB(decode(r.w, 'hex'), ${srid})`;
  // MATERIALIZED: inlined, each reference to g0 or geom would parse, transform and validate again.
  return `WITH p AS MATERIALIZED (
  SELECT r.n, ${cols.map((c) => `r.${c}`).join(', ')}, ${srid === 2154 ? source : `ST_Transform(${source}, 2154)`} AS g0
    FROM json_to_recordset(?::json) AS r(n integer, w text, ${types.join(', ')})
), v AS MATERIALIZED (
  SELECT p.*, ST_IsValid(g0) AS valid FROM p
), m AS MATERIALIZED (
  SELECT v.*, ST_Multi(ST_CollectionExtract(CASE WHEN valid THEN g0 ELSE ST_MakeValid(g0) END, ${EXTRACT[kind]})) AS geom FROM v
), o AS (
  SELECT m.*, NOT ST_IsEmpty(geom) AND (valid OR ST_IsValid(geom)) AS usable FROM m
), ins AS (
  INSERT INTO ${target.table} (${cols.join(', ')}, geom)
  SELECT ${cols.join(', ')}, geom FROM o WHERE usable
  ${conflict}
  RETURNING ${returning}
)
SELECT NULL::integer AS n, 'inserted' AS status, (SELECT count(*) FROM ins)::text AS detail, NULL AS type, NULL::boolean AS empty
UNION ALL
SELECT o.n, CASE WHEN o.usable THEN 'repaired' ELSE 'rejected' END,
       CASE WHEN o.valid THEN NULL ELSE ST_IsValidReason(o.g0) END, GeometryType(o.g0), ST_IsEmpty(o.g0)
  FROM o
 WHERE NOT (o.usable AND o.valid AND GeometryType(o.g0) IN (${ACCEPTED[kind].map((t) => `'${t}'`).join(', ')}))
${duplicates}`;
}

type Outcome = { n: number | null; status: string; detail: string | null; type: string | null; empty: boolean | null };

/** Why a geometry was repaired or refused, in words, from what the batch statement returned. */
function explain(kind: keyof typeof EXTRACT, o: Outcome): string {
  if (o.empty) return 'géométrie vide';
  const accepted = (ACCEPTED[kind] as readonly string[]).includes(o.type ?? '');
  if (o.status === 'repaired') {
    return o.detail ? `invalid geometry (${o.detail}) made valid` : `kept the ${NOUN[kind]} part of a ${o.type}`;
  }
  if (o.detail) return `géométrie invalide (${o.detail}) dont il ne reste rien de ${NOUN[kind]} une fois rendue valide`;
  return accepted ? 'géométrie inutilisable' : `un ${o.type} là où une géométrie ${NOUN[kind]} est attendue`;
}

// SQLSTATE classes that belong to the rows (bad value, constraint, PostGIS parse error), as opposed
// to a broken connection or a bug in the statement, which must abort the import.
const isRowError = (err: unknown) => /^(22|23|XX)/.test(String((err as { code?: string }).code ?? ''));

/** The database's own words: knex prefixes them with the statement and its bindings (the whole batch). */
export function dbMessage(err: unknown): string {
  const m = String((err as Error)?.message ?? err);
  const i = m.lastIndexOf(' - ');
  return i >= 0 ? m.slice(i + 3) : m;
}

let savepoints = 0;

export type Writer = {
  /** `wkb`: the geometry as hex WKB (see wkb.ts). */
  add(row: Record<string, unknown>, label: string, wkb?: string, vertices?: number): Promise<void>;
  /** Waits for every batch to be written. */
  finish(): Promise<void>;
};

/**
 * A writer for one file into one table. Batches are pipelined: the next batch is parsed and built
 * while the database works on the previous one. A batch that fails on a row is split in halves
 * (inside a savepoint) until the offending row is found and rejected with the database's reason.
 */
export function writer(conn: Knex.Transaction, target: Target, crs: Crs | null, report: FileReport,
  beforeBatch?: (rows: Record<string, unknown>[]) => Promise<void>): Writer {
  const sql = batchSql(target, crs?.srid ?? null);
  let rows: Record<string, unknown>[] = [];
  let labels: string[] = [];
  let vertices = 0;
  let pending: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  const seen = new Set<string>();

  const apply = (batchLabels: string[], outcomes: Outcome[]) => {
    for (const o of outcomes) {
      if (o.status === 'inserted') report.imported += Number(o.detail);
      else if (o.status === 'duplicate') rejected(report, batchLabels[o.n!]!, 'doublon : la même clé a déjà été importée de cette livraison');
      else if (o.status === 'repaired') repaired(report, batchLabels[o.n!]!, explain(target.geometry!, o));
      else rejected(report, batchLabels[o.n!]!, explain(target.geometry!, o));
    }
  };

  const run = async (batch: Record<string, unknown>[], batchLabels: string[]): Promise<void> => {
    const sp = `import_batch_${++savepoints}`;
    await conn.raw(`SAVEPOINT ${sp}`);
    try {
      const { rows: outcomes } = await conn.raw(sql, [JSON.stringify(batch)]);
      await conn.raw(`RELEASE SAVEPOINT ${sp}`);
      apply(batchLabels, outcomes as Outcome[]);
    } catch (err) {
      await conn.raw(`ROLLBACK TO SAVEPOINT ${sp}`);
      await conn.raw(`RELEASE SAVEPOINT ${sp}`);
      if (!isRowError(err)) {
        throw Object.assign(new Error(`writing ${report.file} into ${target.table}: ${dbMessage(err)}`), { code: (err as { code?: string }).code });
      }
      if (batch.length === 1) {
        rejected(report, batchLabels[batch[0]!.n as number]!, `refusé par la base de données : ${dbMessage(err)}`);
        return;
      }
      const mid = batch.length >> 1;
      await run(batch.slice(0, mid), batchLabels);
      await run(batch.slice(mid), batchLabels);
    }
  };

  const flush = async () => {
    if (!rows.length) return;
    const batch = rows, batchLabels = labels;
    rows = []; labels = []; vertices = 0; seen.clear();
    await pending;
    if (failure) throw failure;
    pending = (async () => {
      await beforeBatch?.(batch);
      await run(batch, batchLabels);
    })().catch((err) => { failure = err; });
  };

  return {
    async add(row, label, wkb, count = 1) {
      if (target.key && !target.upsert) {
        // Duplicates inside one batch would be skipped silently by ON CONFLICT; name them here.
        const k = target.key.map((c) => String(row[c])).join('|');
        if (seen.has(k)) { rejected(report, label, 'doublon : la même clé apparaît deux fois dans le fichier'); return; }
        seen.add(k);
      } else if (target.key && target.upsert) {
        const k = target.key.map((c) => String(row[c])).join('|');
        if (seen.has(k)) await flush(); // ON CONFLICT DO UPDATE cannot touch a row twice in one statement
        seen.add(k);
      }
      const r = target.geometry ? { n: rows.length, w: wkb, ...row } : { n: rows.length, ...row };
      rows.push(r);
      labels.push(label);
      vertices += count;
      if (rows.length >= MAX_ROWS || vertices >= MAX_VERTICES) await flush();
    },
    async finish() {
      await flush();
      await pending;
      if (failure) throw failure;
    },
  };
}
