// GET /api/stats parameters, checked into a typed period and commune scope (400 / 404, French messages).
import type { SessionUser } from '../accounts/roles.ts';
import { INSEE } from '../communes/codes.ts';
import { addYears, frDate, isLegalDate, type LegalDate } from '../dossiers/dates.ts';
import { AppError, badRequest } from '../errors.ts';

export type StatsQuery = { from: LegalDate; to: LegalDate; communes: string[] | null };

const ALLOWED = ['from', 'to', 'commune'];
/** A longer period would ask for every dossier of the base for little use; ten years covers any council's question. */
export const MAX_YEARS = 10;

function once(q: Record<string, unknown>, key: string): string | undefined {
  const v = q[key];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw badRequest('param_repeated', `Le paramètre « ${key} » doit être donné une seule fois.`);
  return v.trim();
}

/** Without a period: the current year up to today. */
export function parseStatsQuery(q: Record<string, unknown>, user: SessionUser, today: LegalDate): StatsQuery {
  const extra = Object.keys(q).filter((k) => !ALLOWED.includes(k));
  if (extra.length) throw badRequest('field_unknown', `Paramètre inconnu : ${extra.join(', ').slice(0, 80)} (possibles : ${ALLOWED.join(', ')}).`);
  const rawFrom = once(q, 'from'), rawTo = once(q, 'to');
  if ((rawFrom === undefined) !== (rawTo === undefined)) throw badRequest('period_incomplete', 'La période demande deux dates : « from » et « to » (AAAA-MM-JJ).');
  const from = rawFrom ?? `${today.slice(0, 4)}-01-01`;
  const to = rawTo ?? today;
  for (const [k, v] of [['from', from], ['to', to]] as const) {
    if (!isLegalDate(v)) throw badRequest('period_invalid', `« ${k} » doit être une date AAAA-MM-JJ réelle (reçu « ${String(v).slice(0, 20)} »).`);
  }
  if (from > to) throw badRequest('period_reversed', `La période commence le ${frDate(from)}, après sa fin le ${frDate(to)}.`);
  if (addYears(from, MAX_YEARS) < to) throw badRequest('period_too_long', `La période ne peut dépasser ${MAX_YEARS} ans (du ${frDate(from)} au ${frDate(to)}).`);
  const commune = once(q, 'commune');
  if (commune === undefined) return { from, to, communes: user.communes.length ? user.communes : null };
  if (!INSEE.test(commune)) throw badRequest('insee_malformed', `« commune » doit être un code INSEE à 5 caractères (reçu « ${commune.slice(0, 20)} »).`);
  // Outside the account's scope: 404, as for a dossier, so as not to tell what exists there.
  if (user.communes.length && !user.communes.includes(commune)) throw new AppError(404, 'commune_unknown', `La commune ${commune} n’existe pas dans Terrier.`);
  return { from, to, communes: [commune] };
}
