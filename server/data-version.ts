// The version of the reference data (cadastre, PLU, SUP), bumped by every write to those tables
// (sql/migrations/009_data_version.sql). Caches of things made from that data key on it.
import type { Knex } from 'knex';

/** The current version, read on its own (a prepared statement: tiles read it on every request). */
export async function readDataVersion(knex: Knex): Promise<number> {
  const { rows } = await knex.raw('SELECT version FROM data_version').options({ name: 'data_version' });
  return Number(rows[0].version);
}
