// A tile address (z/x/y of the Web Mercator XYZ grid, as OpenLayers and every web map use) and the
// rules that do not depend on the engine: extent, buffer, simplification by zoom.
import { badRequest } from '../errors.ts';

export type Tile = { z: number; x: number; y: number };

/** Tile coordinates run 0…EXTENT on each side (the MVT default: 1/16 pixel on a 256-pixel tile). */
export const EXTENT = 4096;
/** Geometries are kept this far (tile units, 4 pixels) beyond the tile, so strokes join across tiles. */
export const BUFFER = 64;
/**
 * Deepest zoom served. The client asks for tiles up to zoom 18 and enlarges those beyond; the server
 * accepts a few more levels for other clients.
 */
export const MAX_ZOOM = 22;
/** Tiles from this zoom on are not simplified: the client enlarges them up to 16× (zoom 22). */
export const FULL_DETAIL_ZOOM = 17;

const WORLD = 2 * Math.PI * 6378137; // EPSG:3857 width of the world, metres

/** Side of a tile in EPSG:3857 metres. */
export const tileSize = (z: number) => WORLD / 2 ** z;

/**
 * Douglas-Peucker tolerance (EPSG:3857 metres) applied to geometries in a tile: about a pixel of a
 * 256-pixel tile below FULL_DETAIL_ZOOM, nothing from there on.
 */
export function simplifyTolerance(z: number): number {
  return z < FULL_DETAIL_ZOOM ? tileSize(z) / 256 : 0;
}

const INTEGER = /^(0|[1-9][0-9]{0,8})$/;

/** Parses the z, x and "y.mvt" path segments; 400 naming what is wrong. */
export function parseTile(zRaw: string, xRaw: string, yFile: string): Tile {
  const m = /^(.*)\.mvt$/.exec(yFile);
  if (!m) throw badRequest('tile_address_malformed', `Une tuile s’adresse en /tiles/<couche>/<z>/<x>/<y>.mvt ; reçu : "${yFile}" pour <y>.mvt.`);
  const yRaw = m[1]!;
  for (const [name, raw] of [['z', zRaw], ['x', xRaw], ['y', yRaw]] as const) {
    if (!INTEGER.test(raw)) throw badRequest('tile_coordinate_invalid', `La coordonnée ${name} de la tuile doit être un entier positif ou nul ; reçu : "${raw}".`);
  }
  const z = Number(zRaw), x = Number(xRaw), y = Number(yRaw);
  if (z > MAX_ZOOM) throw badRequest('tile_zoom_out_of_range', `Le zoom de la tuile doit être compris entre 0 et ${MAX_ZOOM} ; reçu : ${z}.`);
  const n = 2 ** z;
  if (x >= n || y >= n) throw badRequest('tile_coordinate_out_of_range', `Au zoom ${z}, x et y doivent être compris entre 0 et ${n - 1} ; reçu : x=${x}, y=${y}.`);
  return { z, x, y };
}
