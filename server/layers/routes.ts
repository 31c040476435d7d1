import { Router } from 'express';
import type { Knex } from 'knex';
import { badRequest, notFound } from '../errors.ts';
import { allow } from '../accounts/roles.ts';
import { LAYERS, findLayer } from './registry.ts';
import { layerGeoJson, type Bbox } from './queries.ts';

const MAX_FEATURES = 20000;

export function parseBbox(raw: unknown): Bbox {
  if (typeof raw !== 'string') throw badRequest('bad_request', 'bbox is required: minLon,minLat,maxLon,maxLat in WGS84');
  const n = raw.split(',').map(Number);
  if (n.length !== 4 || n.some((v) => !Number.isFinite(v))) throw badRequest('bad_request', `bbox must be four numbers minLon,minLat,maxLon,maxLat, got "${raw}"`);
  const [minx, miny, maxx, maxy] = n as Bbox;
  if (minx >= maxx || miny >= maxy) throw badRequest('bad_request', 'bbox minimum must be below its maximum');
  if (minx < -180 || maxx > 180 || miny < -90 || maxy > 90) throw badRequest('bad_request', 'bbox must be in WGS84 degrees (longitude -180..180, latitude -90..90)');
  return [minx, miny, maxx, maxy];
}

export function layerRoutes(knex: Knex): Router {
  const r = Router();
  r.get('/api/layers', allow('public'), (_req, res) => {
    res.json(LAYERS.map(({ name, title }) => ({ name, title })));
  });
  r.get('/api/layers/:name', allow('public'), async (req, res) => {
    const layer = findLayer(String(req.params.name));
    if (!layer) throw notFound('not_found', `unknown layer "${req.params.name}"; known: ${LAYERS.map((l) => l.name).join(', ')}`);
    const bbox = parseBbox(req.query.bbox);
    const { json, count } = await layerGeoJson(knex, layer, bbox, MAX_FEATURES);
    if (count > MAX_FEATURES) throw badRequest('bad_request', `more than ${MAX_FEATURES} features in this bbox for layer ${layer.name}: zoom in`);
    res.type('application/geo+json').send(json);
  });
  return r;
}
