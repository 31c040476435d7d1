// The attributes of the objects a check finds, kept in memory by (layer, gid). Building them in
// the check's statement (json_build_object over the zone and its document, the assiette and its
// générateur, servitude and gestionnaire) made it 42–47 % slower in the database; they change only
// when layers are imported or edited. Entries are frozen: every check shares them.
// Never stale: every write to those tables sets data_version to a never-reused value
// (sql/migrations/009_data_version.sql), the check's statement reads it, and the cache is
// emptied when it differs from the version its entries were read at. Entries missing from the
// cache are read in one query, which must have read the same version as the statement; if a
// write committed in between, the caller measures again.
import type { Knex } from 'knex';
import { fetchAttributes, type Layer } from './queries.ts';

type Properties = Record<string, any>;
type Cache = { version: number; entries: Map<string, Properties> };

/** At most this many objects per database; the least recently used go first. */
export const MAX_ENTRIES = 20_000;

// One cache per database: keyed by the knex client's config, which a transaction's client shares.
const caches = new WeakMap<object, Cache>();
const cacheOf = (knex: Knex): Cache => {
  const key = knex.client.config as object;
  let c = caches.get(key);
  if (!c) caches.set(key, (c = { version: -1, entries: new Map() }));
  return c;
};

const keyOf = (layer: Layer, gid: number) => `${layer}:${gid}`;

function deepFreeze(o: unknown): void {
  if (o === null || typeof o !== 'object' || Object.isFrozen(o)) return;
  Object.freeze(o);
  for (const v of Object.values(o)) deepFreeze(v);
}

/**
 * The attributes of the given objects as of `dataVersion` (read by the check's statement), or null
 * if the data changed since that statement.
 */
export async function attributesOf(knex: Knex, dataVersion: number, objects: { layer: Layer; gid: number }[]): Promise<Map<string, Properties> | null> {
  const cache = cacheOf(knex);
  if (cache.version !== dataVersion) {
    cache.entries.clear();
    cache.version = dataVersion;
  }
  const out = new Map<string, Properties>();
  const missing: Record<Layer, number[]> = { zone_urba: [], prescription: [], information: [], servitude: [] };
  let misses = 0;
  for (const { layer, gid } of objects) {
    const k = keyOf(layer, gid);
    const p = cache.entries.get(k);
    if (p === undefined) { missing[layer].push(gid); misses++; continue; }
    // Least recently used first in the Map's order.
    cache.entries.delete(k);
    cache.entries.set(k, p);
    out.set(k, p);
  }
  if (misses === 0) return out;
  const fetched = await fetchAttributes(knex, missing);
  if (fetched.dataVersion !== dataVersion) return null;
  for (const { layer, gid, properties } of fetched.rows) {
    const k = keyOf(layer, gid);
    deepFreeze(properties);
    out.set(k, properties);
    // Another check may have moved the cache to a newer version meanwhile: keep it for that one.
    if (cache.version !== dataVersion) continue;
    cache.entries.set(k, properties);
    if (cache.entries.size > MAX_ENTRIES) cache.entries.delete(cache.entries.keys().next().value!);
  }
  return out;
}

export { keyOf as attributeKey };
