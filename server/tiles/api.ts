// The contract of the vector tiles.
import type { ApiRoute } from '../contract/route.ts';

export const TILES_API: ApiRoute[] = [{
  method: 'get', path: '/tiles/:layer/:z/:x/:y', audience: ['public'],
  summary: 'Tuile vectorielle (Mapbox Vector Tile) d’une couche : /tiles/<couche>/{z}/{x}/{y}.mvt',
  description: 'ETag fort et Cache-Control ; 304 sur If-None-Match. Couches : celles de /api/layers.',
  response: { mediaType: 'application/vnd.mapbox-vector-tile', description: 'La tuile (vide : 200 sans octet)' }, errors: [400, 404],
}];
