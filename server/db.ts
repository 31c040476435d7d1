// Opens the database: PGlite with PostGIS embedded (default) or PostgreSQL + PostGIS through pg.
// Both sit behind one knex instance so that every query module is engine-agnostic.
import fs from 'node:fs';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import knexPostgis from 'knex-postgis';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';

export type Engine = 'pglite' | 'postgresql';

export type Db = {
  knex: Knex;
  st: ReturnType<typeof knexPostgis>;
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
  | { dataDir: string | null; loadDataDir?: Blob };

export async function openDb(opts: OpenOptions): Promise<Db> {
  if ('databaseUrl' in opts) {
    const knex = knexFactory({ client: 'pg', connection: opts.databaseUrl, pool: opts.pool ?? { min: 0, max: 8 } });
    await knex.raw('CREATE EXTENSION IF NOT EXISTS postgis');
    return {
      knex,
      st: knexPostgis(knex),
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
  });
  await pglite.exec('CREATE EXTENSION IF NOT EXISTS postgis');
  const knex = knexFactory({ client: ClientPgLite, dialect: 'postgres', connection: () => ({ pglite }) } as Knex.Config);
  return {
    knex,
    st: knexPostgis(knex),
    engine: 'pglite',
    // PGlite has a single connection, so exec() runs inside whatever transaction knex has open on it.
    execScript: async (_conn, sql) => { await pglite.exec(sql); },
    close: async () => { await knex.destroy(); if (!pglite.closed) await pglite.close(); },
    pglite,
  };
}
