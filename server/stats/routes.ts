// GET /api/stats: the élus' dashboard (docs/api.md). Read by élus and the staff who instruct or sign;
// figures only, from the dashboard's projection (stats_dossiers, migration 015): no personal data at all.
import { Router } from 'express';
import type { Knex } from 'knex';
import { allow } from '../accounts/roles.ts';
import { localDate, type LegalDate } from '../dossiers/dates.ts';
import { AppError } from '../errors.ts';
import { parseStatsQuery } from './input.ts';
import { dashboard } from './stats.ts';

export type StatsRouteOptions = { today?: () => LegalDate };

export function statsRoutes(knex: Knex, opts: StatsRouteOptions = {}): Router {
  const today = opts.today ?? (() => localDate());
  const r = Router();
  r.get('/api/stats', allow('elu', 'instructeur', 'signataire', 'admin'), async (req, res) => {
    const now = today();
    const query = parseStatsQuery(req.query as Record<string, unknown>, req.user!, now);
    const one = req.query.commune === undefined ? null : query.communes?.[0];
    if (one) {
      const { rows } = await knex.raw('SELECT 1 FROM communes WHERE insee = ?', [one]);
      if (!rows.length) throw new AppError(404, 'commune_unknown', `La commune ${one} n’existe pas dans Terrier.`);
    }
    res.set('Cache-Control', 'private, no-store').json(await dashboard(knex, query, now));
  });
  return r;
}
