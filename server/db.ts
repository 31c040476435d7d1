// Opens the database: PGlite with PostGIS embedded (default) or PostgreSQL + PostGIS through pg.
// Both sit behind one knex instance so that every query module is engine-agnostic.
import fs from 'node:fs';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';

export type Engine = 'pglite' | 'postgresql';

export type Db = {
  knex: Knex;
  engine: Engine;
  /** Runs a multi-statement SQL script on the given connection or transaction. */
  execScript: (conn: Knex | Knex.Transaction, sql: string) => Promise<void>;
  close: () => Promise<void>;
  /** The embedded instance, for dumping a template data dir in tests; absent on PostgreSQL. */
  pglite?: PGlite;
};

// Dates are legal dates (a filing date, a DATAPPRO): keep them as 'YYYY-MM-DD' strings,
// never as JS Dates shifted by the server's time zone. Counts come back as numbers.
const DATE = 1082, INT8 = 20, NUMERIC = 1700;
pg.types.setTypeParser(DATE, (v) => v);
pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(NUMERIC, (v) => Number(v));
const pgliteParsers = { [DATE]: (v: string) => v, [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => Number(v) };

export type OpenOptions =
  | { databaseUrl: string; pool?: { min: number; max: number } }
  | { dataDir: string | null; loadDataDir?: Blob; /** postgresql.conf lines, for bench/memory.ts */ postgresqlconf?: string[] };

export async function openDb(opts: OpenOptions): Promise<Db> {
  if ('databaseUrl' in opts) {
    const knex = knexFactory({ client: 'pg', connection: opts.databaseUrl, pool: opts.pool ?? { min: 0, max: 8 }, compileSqlOnError: false });
    await knex.raw('CREATE EXTENSION IF NOT EXISTS postgis');
    return {
      knex,
      engine: 'postgresql',
      // Without bindings pg uses the simple query protocol, which accepts several statements.
      execScript: async (conn, sql) => { await conn.raw(sql); },
      close: () => knex.destroy(),
    };
  }
  if (opts.dataDir) fs.mkdirSync(opts.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    dataDir: opts.dataDir ?? undefined,
    loadDataDir: opts.loadDataDir,
    extensions: { postgis },
    parsers: pgliteParsers,
    // PGlite's defaults size its buffers for a server (shared_buffers 160 MB, inside the WebAssembly
    // memory, which never shrinks); its pages are already in memory (in-memory FS) or in the OS page
    // cache (data dir). 16 MB saves ~140 MB of RSS for the same work (bench/memory.ts, README).
    postgresqlconf: opts.postgresqlconf ?? ['shared_buffers=16MB', 'wal_buffers=1MB', 'temp_buffers=2MB'],
  });
  await pglite.exec('CREATE EXTENSION IF NOT EXISTS postgis');
  // compileSqlOnError: false keeps bindings (a 2 MB import batch) out of error messages.
  const client = GuardedClientPgLite as unknown as typeof knexFactory.Client;
  const knex = knexFactory({ client, dialect: 'postgres', connection: () => ({ pglite }), compileSqlOnError: false } as Knex.Config);
  return {
    knex,
    engine: 'pglite',
    // PGlite has a single connection, so exec() runs inside whatever transaction knex has open on it.
    execScript: async (_conn, sql) => { await pglite.exec(sql); },
    close: async () => { await knex.destroy(); if (!pglite.closed) await pglite.close(); },
    pglite,
  };
}

// PGlite's PostGIS cannot raise a GEOS exception (a TopologyException in an overlay, say): the
// query then answers zero rows and zero columns instead of an error. A SELECT always has columns,
// so such an answer is turned into the error it should have been; a spatial answer is never
// silently empty. The guard is a subclass of the client, not a patch of one instance, because
// knex gives each transaction a client made from the class's prototype.
const RETURNS_COLUMNS = /^\s*(\(\s*)*(select|with\b(?![\s\S]*\b(insert|update|delete)\b))/i;

/** PGlite answered without columns a query that must have some: an error PostGIS could not report. */
export class SilentFailure extends Error {}

// knex-pglite types its client as knex's base Client, whose _query is not declared.
const Base = ClientPgLite as unknown as new (config: Knex.Config) => { _query(conn: unknown, obj: { sql: string }): Promise<any> };

class GuardedClientPgLite extends Base {
  override async _query(conn: unknown, obj: { sql: string }) {
    const res = await super._query(conn, obj);
    if (res?.response?.fields?.length === 0 && RETURNS_COLUMNS.test(obj.sql)) {
      throw new SilentFailure(`PGlite returned no columns for a query that must return some (an error PostGIS could not report): ${obj.sql.trim().slice(0, 120)}`);
    }
    return res;
  }
}
