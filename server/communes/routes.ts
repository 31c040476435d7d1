import { Router } from 'express';
import type { Knex } from 'knex';
import { allow } from '../accounts/roles.ts';

export function communeRoutes(knex: Knex): Router {
  const r = Router();
  // The communes with their WGS84 extent, so the client can open on them: the outline's, else the
  // envelope of what was imported (migration 020).
  r.get('/api/communes', allow('public'), async (_req, res) => {
    const { rows } = await knex.raw(`
      SELECT c.insee, c.nom,
             (SELECT count(*)::int FROM cadastre_parcelles p WHERE p.commune = c.insee) AS parcelles,
             CASE WHEN b IS NULL THEN NULL ELSE json_build_array(
               ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)) END AS bbox
      FROM communes c, LATERAL (SELECT ST_Transform(COALESCE(c.geom, c.emprise), 4326) AS b) x
      ORDER BY c.insee`);
    res.json(rows);
  });
  return r;
}
