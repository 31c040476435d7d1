// The contract of the élus' figures. Its query schema also validates GET /api/stats's parameters (input.ts).
import { z } from 'zod';
import { INSEE } from '../communes/codes.ts';
import { param, refuse, refusing, strictQuery } from '../contract/parse.ts';
import type { ApiRoute } from '../contract/route.ts';
import { geometry, isoDate } from '../contract/shapes.ts';
import { addYears, frDate, isLegalDate } from '../dossiers/dates.ts';
import { OUTCOMES } from './queries.ts';

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
const int = z.number().int();
/** A share of a total, 0 to 1; null when the total is nought. */
const share = z.number().nullable();
const days = z.number().nullable();
const month = z.string().regex(/^\d{4}-\d{2}$/);
const activity = z.object({ month, type: z.string(), filed: int, decided: int });
export const RiskItem = z.object({ id: int, number: z.string(), type: z.string(), event: z.string(), due_on: isoDate });
// Exact (no extra field passes): the dashboard reads every figure from it, and it must carry no personal data.
export const Stats = z.object({
  period, previousPeriod: period, communes: z.array(z.string()).nullable().describe('Les communes du compte ; null : toutes'), today: isoDate,
  activity: z.array(activity), activityPrevious: z.array(activity),
  outcomes: z.object({ decisions: int, rows: z.array(z.object({ outcome: z.enum(OUTCOMES), count: int, share, byType: z.record(z.string(), int) })) }),
  delays: z.array(z.object({ type: z.string(), decisions: int, express: int, medianDays: days, p90Days: days, legalDays: days, within: int, withinShare: share })),
  rates: z.array(z.object({ type: z.string(), filed: int, majorated: int, majoratedShare: share, incomplete: int, incompleteShare: share })),
  risk: z.object({ days: int, soon: z.array(RiskItem), late: z.array(RiskItem) }),
  housing: z.array(z.object({ month, destination: z.string(), permits: int, dwellings: int, floorArea: z.number() })),
  sections: z.array(z.object({ insee: z.string(), section: z.string(), permits: int, dwellings: int, geometry: geometry.nullable() })),
  constraints: z.array(z.object({ kind: z.enum(['servitude', 'zone']), label: z.string(), dossiers: int })),
});

export const STATS_API: ApiRoute[] = [{
  method: 'get', path: '/api/stats', audience: ['elu', 'instructeur', 'signataire', 'admin'],
  summary: 'Les chiffres du tableau de bord des élus sur une période (dépôts, décisions, délais, logements, contraintes)',
  description: 'Sans aucune donnée personnelle ; les communes sont celles du compte. Période de dix ans au plus.',
  query: STATS_QUERY,
  response: Stats,
  errors: [400, 401, 403, 404], example: { query: 'from=2026-01-01&to=2026-06-30', as: 'admin' },
}];
