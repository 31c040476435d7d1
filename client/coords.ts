// Projections: the map is in Web Mercator (EPSG:3857); the data and the staff's coordinates are in
// Lambert-93 (EPSG:2154), registered here with proj4; the API speaks WGS84 (EPSG:4326).
import proj4 from 'proj4';
import { register } from 'ol/proj/proj4.js';
import { get as getProjection, toLonLat, transform, transformExtent } from 'ol/proj.js';
import type { Coordinate } from 'ol/coordinate.js';
import type { Extent } from 'ol/extent.js';
import type { Bbox } from './api.ts';

export const LAMBERT93 = 'EPSG:2154';
export const MAP_PROJECTION = 'EPSG:3857';

const LAMBERT93_DEF = '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 '
  + '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

/** Defines EPSG:2154 for proj4 and OpenLayers; idempotent. */
export function registerLambert93(): void {
  if (getProjection(LAMBERT93)) return;
  proj4.defs(LAMBERT93, LAMBERT93_DEF);
  register(proj4);
}

export function toLambert93(coord: Coordinate): Coordinate {
  return transform(coord, MAP_PROJECTION, LAMBERT93);
}

export function toWgs84(coord: Coordinate): Coordinate {
  return toLonLat(coord, MAP_PROJECTION);
}

/** A map extent as the API's WGS84 bbox, clamped to the valid range (the server rejects the rest). */
export function extentToBbox(extent: Extent): Bbox {
  const [a, b, c, d] = transformExtent(extent, MAP_PROJECTION, 'EPSG:4326');
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  return [clamp(a!, -180, 180), clamp(b!, -85, 85), clamp(c!, -180, 180), clamp(d!, -85, 85)];
}

/** The API's WGS84 bbox as a map extent. */
export function bboxToExtent(bbox: Bbox): Extent {
  return transformExtent(bbox, 'EPSG:4326', MAP_PROJECTION);
}
