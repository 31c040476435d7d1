// The server's cache of encoded tiles: least recently used first out, bounded by the bytes it holds.
// Entries are keyed by the map data version (queries.ts mapDataVersion); when the version moves on,
// everything cached under older versions is dropped at once, since it can never be served again.
export type CachedTile = { body: Uint8Array; etag: string };

export type TileCache = {
  get: (version: number, key: string) => CachedTile | undefined;
  set: (version: number, key: string, tile: CachedTile) => void;
  stats: () => { entries: number; bytes: number; hits: number; misses: number; version: number | null };
};

export function createTileCache(maxBytes: number): TileCache {
  const entries = new Map<string, CachedTile>();
  let bytes = 0, hits = 0, misses = 0;
  let current: number | null = null;
  const size = (t: CachedTile) => t.body.byteLength + t.etag.length + 64;
  const at = (version: number) => {
    if (version === current) return true;
    if (current !== null && version < current) return false; // a request that read the version before a write
    entries.clear();
    bytes = 0;
    current = version;
    return true;
  };
  return {
    get(version, key) {
      const t = at(version) ? entries.get(key) : undefined;
      if (!t) { misses++; return undefined; }
      hits++;
      entries.delete(key); // most recently used goes last
      entries.set(key, t);
      return t;
    },
    set(version, key, t) {
      if (!at(version) || size(t) > maxBytes) return;
      const old = entries.get(key);
      if (old) { bytes -= size(old); entries.delete(key); }
      entries.set(key, t);
      bytes += size(t);
      for (const [k, v] of entries) {
        if (bytes <= maxBytes) break;
        entries.delete(k);
        bytes -= size(v);
      }
    },
    stats: () => ({ entries: entries.size, bytes, hits, misses, version: current }),
  };
}
