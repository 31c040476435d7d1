// The contract of the élus' figures.
import { z } from 'zod';
import type { ApiRoute } from '../contract/route.ts';
import { isoDate } from '../contract/shapes.ts';

const period = z.object({ from: isoDate, to: isoDate });
export const STATS_API: ApiRoute[] = [{
  method: 'get', path: '/api/stats', audience: ['elu', 'instructeur', 'signataire', 'admin'],
  summary: 'Les chiffres du tableau de bord des élus sur une période (dépôts, décisions, délais, logements, contraintes)',
  description: 'Sans aucune donnée personnelle ; les communes sont celles du compte. Période de dix ans au plus.',
  query: z.object({ from: isoDate, to: isoDate, commune: z.string().describe('Code INSEE, parmi les communes du compte') }).partial(),
  response: z.looseObject({
    period, previousPeriod: period, communes: z.array(z.string()), today: isoDate,
    activity: z.array(z.object({ month: z.string(), type: z.string(), filed: z.number().int(), decided: z.number().int() })),
  }),
  errors: [400, 401, 403, 404], example: { query: 'from=2026-01-01&to=2026-06-30', as: 'admin' },
}];
