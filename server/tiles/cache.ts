// The server's cache of encoded tiles: least recently used first out, bounded by the bytes it holds
// (one budget for every layer). Each tile belongs to a version table (server/data-version.ts): the
// reference layers to data_version, the public layer to dossier_version. The tiles of one table were
// all made at one version of it; a tile made at a newer version drops that table's older tiles (none
// can be served again) and leaves the other table's alone, so a filing keeps the parcels' tiles.
import type { VersionTable } from '../data-version.ts';

export type CachedTile = { body: Uint8Array; etag: string };

export type TileCache = {
  /** The tile cached under this key, with the version (of its table) it was made at. */
  get: (key: string) => { tile: CachedTile; version: number } | undefined;
  set: (table: VersionTable, version: number, key: string, tile: CachedTile) => void;
  stats: () => { entries: number; bytes: number; versions: Partial<Record<VersionTable, number>> };
};

type Entry = { tile: CachedTile; table: VersionTable };

export function createTileCache(maxBytes: number): TileCache {
  const entries = new Map<string, Entry>();
  let bytes = 0;
  const current: Partial<Record<VersionTable, number>> = {};
  const size = (t: CachedTile) => t.body.byteLength + t.etag.length + 64;
  return {
    get(key) {
      const e = entries.get(key);
      if (!e) return undefined;
      entries.delete(key); // most recently used goes last
      entries.set(key, e);
      return { tile: e.tile, version: current[e.table]! };
    },
    set(table, version, key, tile) {
      const cur = current[table];
      if (cur !== undefined && version < cur) return; // made before a write another tile has seen
      if (version !== cur) {
        for (const [k, e] of entries) if (e.table === table) { entries.delete(k); bytes -= size(e.tile); }
        current[table] = version;
      }
      if (size(tile) > maxBytes) return;
      const old = entries.get(key);
      if (old) { bytes -= size(old.tile); entries.delete(key); }
      entries.set(key, { tile, table });
      bytes += size(tile);
      for (const [k, e] of entries) {
        if (bytes <= maxBytes) break;
        entries.delete(k);
        bytes -= size(e.tile);
      }
    },
    stats: () => ({ entries: entries.size, bytes, versions: { ...current } }),
  };
}
