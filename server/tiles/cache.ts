// The server's cache of encoded tiles: least recently used first out, bounded by the bytes it holds.
// Everything in it was made at one data version (server/data-version.ts); a tile made at a newer
// version empties it, since nothing older can be served again.
export type CachedTile = { body: Uint8Array; etag: string };

export type TileCache = {
  /** The tile cached under this key, with the data version it was made at. */
  get: (key: string) => { tile: CachedTile; version: number } | undefined;
  set: (version: number, key: string, tile: CachedTile) => void;
  stats: () => { entries: number; bytes: number; version: number | null };
};

export function createTileCache(maxBytes: number): TileCache {
  const entries = new Map<string, CachedTile>();
  let bytes = 0;
  let current: number | null = null;
  const size = (t: CachedTile) => t.body.byteLength + t.etag.length + 64;
  return {
    get(key) {
      const tile = entries.get(key);
      if (!tile || current === null) return undefined;
      entries.delete(key); // most recently used goes last
      entries.set(key, tile);
      return { tile, version: current };
    },
    set(version, key, tile) {
      if (current !== null && version < current) return; // made before a write another tile has seen
      if (version !== current) { entries.clear(); bytes = 0; current = version; }
      if (size(tile) > maxBytes) return;
      const old = entries.get(key);
      if (old) { bytes -= size(old); entries.delete(key); }
      entries.set(key, tile);
      bytes += size(tile);
      for (const [k, v] of entries) {
        if (bytes <= maxBytes) break;
        entries.delete(k);
        bytes -= size(v);
      }
    },
    stats: () => ({ entries: entries.size, bytes, version: current }),
  };
}
