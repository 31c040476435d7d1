// The contract of the map's read-only routes: layers, communes, backgrounds, health.
import { z } from 'zod';
import type { ApiRoute } from '../contract/route.ts';
import { bbox, featureCollection, insee } from '../contract/shapes.ts';
import { bboxParam } from '../geometry/bbox.ts';

/** A layer's parameter: its bbox (others are ignored: a public route, whatever a cache-buster adds). */
export const LayerQuery = z.object({ bbox: bboxParam });

export const LayerInfo = z.object({ name: z.string(), title: z.string() });
export const Commune = z.object({ insee, nom: z.string(), parcelles: z.number().int(), bbox: bbox.nullable() });
/** The public learns only status; the engine, PostGIS version and count come to an admin or a local probe. */
export const Health = z.object({ status: z.enum(['ok']), database: z.string().optional(), postgis: z.string().optional(), parcels: z.number().int().optional() });

export const MAP_API: ApiRoute[] = [
  {
    method: 'get', path: '/api/layers', audience: ['public'], summary: 'Les couches de données de la carte',
    response: z.array(LayerInfo), example: {},
  },
  {
    method: 'get', path: '/api/layers/:name', audience: ['public'], summary: 'Une couche en GeoJSON sur une emprise',
    query: LayerQuery, response: featureCollection(z.record(z.string(), z.unknown())), errors: [400, 404, 429],
    example: { params: { name: 'zone_urba' }, query: 'bbox=2.99,46.49,3.01,46.51' },
  },
  {
    method: 'get', path: '/api/communes', audience: ['public'], summary: 'Les communes qui ont des données, avec leur emprise',
    response: z.array(Commune), example: {},
  },
  {
    method: 'get', path: '/api/backgrounds', audience: ['public'], summary: 'Les fonds de carte proposés (TERRIER_BACKGROUNDS)',
    response: z.array(z.looseObject({ name: z.string() })), example: {},
  },
  {
    method: 'get', path: '/api/health', audience: ['public'], summary: 'État du service (détails réservés aux appels locaux)',
    response: Health, errors: [503], example: {},
  },
];
