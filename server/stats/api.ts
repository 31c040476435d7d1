// The contract of the élus' figures. Its query schema also validates GET /api/stats's parameters (input.ts).
import { z } from 'zod';
import { INSEE } from '../communes/codes.ts';
import { param, refuse, refusing, strictQuery } from '../contract/parse.ts';
import type { ApiRoute } from '../contract/route.ts';
import { isoDate } from '../contract/shapes.ts';
import { addYears, frDate, isLegalDate } from '../dossiers/dates.ts';

/** A longer period would ask for every dossier of the base for little use; ten years covers any council's question. */
const MAX_YEARS = 10;

const invalid = (k: string, v: string) => refusing('period_invalid', `« ${k} » doit être une date AAAA-MM-JJ réelle (reçu « ${v.slice(0, 20)} »).`);

export const STATS_QUERY = strictQuery({
  from: param('from').describe('Premier jour de la période, AAAA-MM-JJ, avec « to » (sans période : du 1er janvier à aujourd’hui)'),
  to: param('to').describe('Dernier jour de la période, AAAA-MM-JJ, avec « from »'),
  commune: param('commune').describe('Code INSEE, parmi les communes du compte'),
}, (keys, allowed) => `Paramètre inconnu : ${keys.join(', ').slice(0, 80)} (possibles : ${allowed.join(', ')}).`)
  // Checked on the whole query, after each parameter is given once: the period before the commune, as
  // a request with both wrong is told of its period first.
  .superRefine(({ from, to, commune }, ctx) => {
    if ((from === undefined) !== (to === undefined)) return refuse(ctx, refusing('period_incomplete', 'La période demande deux dates : « from » et « to » (AAAA-MM-JJ).'));
    if (from !== undefined && to !== undefined) {
      if (!isLegalDate(from)) return refuse(ctx, invalid('from', from));
      if (!isLegalDate(to)) return refuse(ctx, invalid('to', to));
      if (from > to) return refuse(ctx, refusing('period_reversed', `La période commence le ${frDate(from)}, après sa fin le ${frDate(to)}.`));
      if (addYears(from, MAX_YEARS) < to) return refuse(ctx, refusing('period_too_long', `La période ne peut dépasser ${MAX_YEARS} ans (du ${frDate(from)} au ${frDate(to)}).`));
    }
    if (commune !== undefined && !INSEE.test(commune)) return refuse(ctx, refusing('insee_malformed', `« commune » doit être un code INSEE à 5 caractères (reçu « ${commune.slice(0, 20)} »).`));
  });

const period = z.object({ from: isoDate, to: isoDate });
export const STATS_API: ApiRoute[] = [{
  method: 'get', path: '/api/stats', audience: ['elu', 'instructeur', 'signataire', 'admin'],
  summary: 'Les chiffres du tableau de bord des élus sur une période (dépôts, décisions, délais, logements, contraintes)',
  description: 'Sans aucune donnée personnelle ; les communes sont celles du compte. Période de dix ans au plus.',
  query: STATS_QUERY,
  response: z.looseObject({
    period, previousPeriod: period, communes: z.array(z.string()), today: isoDate,
    activity: z.array(z.object({ month: z.string(), type: z.string(), filed: z.number().int(), decided: z.number().int() })),
  }),
  errors: [400, 401, 403, 404], example: { query: 'from=2026-01-01&to=2026-06-30', as: 'admin' },
}];
