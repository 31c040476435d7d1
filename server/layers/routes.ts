import { Router } from 'express';
import type { Knex } from 'knex';
import { badRequest, notFound } from '../errors.ts';
import { allow } from '../accounts/roles.ts';
import { LAYERS, findLayer } from './registry.ts';
import { layerGeoJson } from './queries.ts';
import { clampToTerritories, type Bbox } from '../geometry/bbox.ts';
import { parseWith } from '../contract/parse.ts';
import { LayerQuery } from './api.ts';
import { direct, type PublicQueries } from '../public-queries.ts';

const MAX_FEATURES = 20000;

/** A layer's query: its bbox (api.ts). */
export const parseLayerQuery = (q: Record<string, unknown>): Bbox => parseWith(LayerQuery, q).bbox;

export function layerRoutes(knex: Knex, run: PublicQueries = direct(knex)): Router {
  const r = Router();
  r.get('/api/layers', allow('public'), (_req, res) => {
    res.json(LAYERS.map(({ name, title }) => ({ name, title })));
  });
  r.get('/api/layers/:name', allow('public'), async (req, res) => {
    const layer = findLayer(String(req.params.name));
    if (!layer) throw notFound('layer_unknown', `Couche inconnue : « ${req.params.name} ». Couches disponibles : ${LAYERS.map((l) => l.name).join(', ')}.`);
    const bbox = clampToTerritories(parseLayerQuery(req.query));
    if (!bbox) return void res.type('application/geo+json').json({ type: 'FeatureCollection', features: [] });
    const { json, count } = await run((k) => layerGeoJson(k, layer, bbox, MAX_FEATURES));
    if (count > MAX_FEATURES) throw badRequest('bbox_too_many_features', `Plus de ${MAX_FEATURES} objets de la couche ${layer.name} dans cette emprise : zoomez.`);
    res.type('application/geo+json').send(json);
  });
  return r;
}
