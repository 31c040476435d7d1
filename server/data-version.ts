// The version of the reference data (cadastre, PLU, SUP), bumped by every write to those tables
// (sql/migrations/009_data_version.sql). Caches of things made from that data key on it.
import type { Knex } from 'knex';

/** The SQL expression of the current version, to read it inside another statement (same snapshot). */
export const DATA_VERSION_SQL = '(SELECT version FROM data_version)';

/** The current version, read on its own. */
export async function readDataVersion(knex: Knex): Promise<number> {
  const { rows } = await knex.raw(`SELECT ${DATA_VERSION_SQL} AS version`);
  return Number(rows[0].version);
}
