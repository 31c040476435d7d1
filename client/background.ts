// Optional background map (fond de plan). Terrier needs no internet: by default there is none and the
// map is drawn on a plain light background. To add one, give a tile URL template in Web Mercator with
// {z}, {x} and {y} (or {-y}) placeholders, either
//   - at build time:  VITE_BACKGROUND_URL='https://tiles.example.org/{z}/{x}/{y}.png' npm run build:client
//     (and optionally VITE_BACKGROUND_ATTRIBUTION='© …'), or
//   - per visit:      https://terrier.example.org/?fond=https%3A%2F%2Ftiles.example.org%2F%7Bz%7D%2F%7Bx%7D%2F%7By%7D.png
//     (and optionally &fond_attribution=…); ?fond=aucun turns a build-time background off.
// A WMTS service in the PM (Web Mercator) tile matrix set is given the same way, as its KVP GetTile
// URL with TILEMATRIX={z}&TILEROW={y}&TILECOL={x}.
import TileLayer from 'ol/layer/Tile.js';
import XYZ from 'ol/source/XYZ.js';

export type BackgroundConfig = { url: string; attribution: string | null };

/** Reads the background from the query string first, then from the build-time environment. */
export function backgroundConfig(search: string, env: { url?: string; attribution?: string }): BackgroundConfig | null {
  const params = new URLSearchParams(search);
  const fromQuery = params.get('fond');
  const raw = (fromQuery ?? env.url ?? '').trim();
  if (!raw || raw === 'aucun' || raw === 'none') return null;
  if (!/^https?:\/\//i.test(raw) && !raw.startsWith('/')) return null;
  if (!/\{z\}/.test(raw)) return null;
  const attribution = (fromQuery !== null ? params.get('fond_attribution') : env.attribution) ?? null;
  return { url: raw, attribution: attribution?.trim() || null };
}

export function createBackgroundLayer(config: BackgroundConfig): TileLayer<XYZ> {
  return new TileLayer({
    source: new XYZ({ url: config.url, attributions: config.attribution ?? undefined, maxZoom: 20 }),
    zIndex: 0,
    properties: { name: 'fond', title: 'Fond de plan' },
  });
}
