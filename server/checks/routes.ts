import { Router } from 'express';
import type { Knex } from 'knex';
import type { CheckLimits } from '../config.ts';
import { allow } from '../accounts/roles.ts';
import { parseCheckInput } from './input.ts';
import { runCheck } from './check.ts';

export function checkRoutes(knex: Knex, limits: CheckLimits): Router {
  const r = Router();
  r.post('/api/checks', allow('public'), async (req, res) => {
    res.json(await runCheck(knex, parseCheckInput(req.body, limits)));
  });
  return r;
}
