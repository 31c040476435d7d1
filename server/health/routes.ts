import { Router } from 'express';
import type { Db } from '../db.ts';
import { allow } from '../accounts/roles.ts';

export function healthRoutes(db: Db): Router {
  const r = Router();
  r.get('/api/health', allow('public'), async (_req, res) => {
    const { rows } = await db.knex.raw(
      `SELECT postgis_lib_version() AS postgis, (SELECT count(*)::int FROM cadastre_parcelles) AS parcels`);
    res.json({ status: 'ok', database: db.engine, postgis: rows[0].postgis, parcels: rows[0].parcels });
  });
  return r;
}
