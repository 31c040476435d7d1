import { Router } from 'express';
import type { Knex } from 'knex';
import { badRequest, notFound } from '../errors.ts';
import { allow } from '../accounts/roles.ts';
import { LAYERS, findLayer } from './registry.ts';
import { layerGeoJson, type Bbox } from './queries.ts';

const MAX_FEATURES = 20000;

export function parseBbox(raw: unknown): Bbox {
  if (typeof raw !== 'string') throw badRequest('bbox_required', '« bbox » est obligatoire : minLon,minLat,maxLon,maxLat en WGS84.');
  const n = raw.split(',').map(Number);
  if (n.length !== 4 || n.some((v) => !Number.isFinite(v))) throw badRequest('bbox_malformed', `« bbox » doit compter quatre nombres minLon,minLat,maxLon,maxLat ; reçu : "${raw}".`);
  const [minx, miny, maxx, maxy] = n as Bbox;
  if (minx >= maxx || miny >= maxy) throw badRequest('bbox_inverted', '« bbox » : chaque minimum doit être inférieur au maximum correspondant.');
  if (minx < -180 || maxx > 180 || miny < -90 || maxy > 90) throw badRequest('bbox_not_wgs84', '« bbox » doit être en degrés WGS84 (longitude de -180 à 180, latitude de -90 à 90).');
  return [minx, miny, maxx, maxy];
}

export function layerRoutes(knex: Knex): Router {
  const r = Router();
  r.get('/api/layers', allow('public'), (_req, res) => {
    res.json(LAYERS.map(({ name, title }) => ({ name, title })));
  });
  r.get('/api/layers/:name', allow('public'), async (req, res) => {
    const layer = findLayer(String(req.params.name));
    if (!layer) throw notFound('layer_unknown', `Couche inconnue : « ${req.params.name} ». Couches disponibles : ${LAYERS.map((l) => l.name).join(', ')}.`);
    const bbox = parseBbox(req.query.bbox);
    const { json, count } = await layerGeoJson(knex, layer, bbox, MAX_FEATURES);
    if (count > MAX_FEATURES) throw badRequest('bbox_too_many_features', `Plus de ${MAX_FEATURES} objets de la couche ${layer.name} dans cette emprise : zoomez.`);
    res.type('application/geo+json').send(json);
  });
  return r;
}
