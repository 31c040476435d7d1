// Optional background map (fond de plan). Terrier needs no internet: by default there is none and the
// map is drawn on a plain light background. The server's TERRIER_BACKGROUNDS lists the sources a
// commune allows (GET /api/backgrounds); the first is shown by default, `?fond=<name>` picks
// another and `?fond=aucun` none. The page never takes a tile URL or an attribution from its own
// address: OpenLayers renders attributions as HTML, and a link with a crafted `?fond=` would
// otherwise inject markup or point the map at any server.
import TileLayer from 'ol/layer/Tile.js';
import XYZ from 'ol/source/XYZ.js';
import type { Background } from '../server/config.ts';

export type { Background };

/** The background to show: the one named by `?fond=`, else the first configured; null for none. */
export function chooseBackground(search: string, backgrounds: readonly Background[]): Background | null {
  const wanted = new URLSearchParams(search).get('fond')?.trim().toLowerCase();
  if (wanted === 'aucun' || wanted === 'none') return null;
  return backgrounds.find((b) => b.name === wanted) ?? backgrounds[0] ?? null;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The attribution as OpenLayers wants it (HTML), built from plain text: escaped, linked if a URL is given. */
export function attributionHtml(b: Pick<Background, 'attribution' | 'attributionUrl'>): string | null {
  if (!b.attribution) return null;
  const text = escapeHtml(b.attribution);
  if (!b.attributionUrl || !/^https?:\/\//i.test(b.attributionUrl)) return text;
  return `<a href="${escapeHtml(b.attributionUrl)}" target="_blank" rel="noopener noreferrer">${text}</a>`;
}

export function createBackgroundLayer(b: Background): TileLayer<XYZ> {
  return new TileLayer({
    source: new XYZ({ url: b.url, attributions: attributionHtml(b) ?? undefined, maxZoom: 20 }),
    zIndex: 0,
    properties: { name: 'fond', title: b.title },
  });
}
