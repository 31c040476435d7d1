// How the public routes reach the database: on PostgreSQL, in a read-only transaction whose
// statements are cancelled past a time limit (57014, answered 503 by errors.ts), so that one costly
// request cannot hold a connection for long. PGlite runs one statement at a time in this process and
// does not honour statement_timeout (measured: a 20 s statement ran to its end), so there the work is
// bounded before it starts instead: area and vertex limits, _limit caps, feature caps per bbox.
import type { Knex } from 'knex';
import type { Db } from './db.ts';

/** Runs a public request's queries, on the connection or transaction it is given. */
export type PublicQueries = <T>(fn: (knex: Knex) => Promise<T>) => Promise<T>;

export const direct = (knex: Knex): PublicQueries => (fn) => fn(knex);

export function publicQueries(db: Db, timeoutMs: number): PublicQueries {
  if (db.engine === 'pglite' || !timeoutMs) return direct(db.knex);
  const ms = Math.floor(timeoutMs);
  return (fn) => db.knex.transaction(async (trx) => {
    await trx.raw(`SET LOCAL statement_timeout = ${ms}`);
    return fn(trx);
  }, { readOnly: true });
}
