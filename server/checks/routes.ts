import { Router } from 'express';
import type { Knex } from 'knex';
import type { CheckLimits } from '../config.ts';
import { allow } from '../accounts/roles.ts';
import { parseCheckInput } from './input.ts';
import { runCheck } from './check.ts';
import { direct, type PublicQueries } from '../public-queries.ts';

export function checkRoutes(knex: Knex, limits: CheckLimits, run: PublicQueries = direct(knex)): Router {
  const r = Router();
  r.post('/api/checks', allow('public'), async (req, res) => {
    const input = parseCheckInput(req.body, limits);
    res.json(await run((k) => runCheck(k, input)));
  });
  return r;
}
