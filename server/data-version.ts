// The versions that server-side caches key on, each a never-reused value of a sequence set in the
// writer's transaction by statement triggers:
//   - data_version: the reference data (cadastre, PLU, SUP; migration 009): the tiles of those
//     layers, the spatial check's attributes;
//   - dossier_version: the dossiers (migration 017): the public layer's tiles, the public GeoJSON and
//     the open data's ETag and Last-Modified. Apart, so that a filing does not empty the caches of
//     the reference data, nor an import the public ones.
import type { Knex } from 'knex';

export type VersionTable = 'data_version' | 'dossier_version';

/** The current version, read on its own (a prepared statement: tiles read it on every request). */
export async function readVersion(knex: Knex, table: VersionTable): Promise<number> {
  const { rows } = await knex.raw(`SELECT version FROM ${table}`).options({ name: table });
  return Number(rows[0].version);
}
