// GET /api/stats parameters: their form is checked by the contract's schema (api.ts); what needs the
// account and the day is decided here (the default period, the commune scope: 404).
import type { SessionUser } from '../accounts/roles.ts';
import { parseWith } from '../contract/parse.ts';
import type { LegalDate } from '../dossiers/dates.ts';
import { AppError } from '../errors.ts';
import { STATS_QUERY } from './api.ts';

export type StatsQuery = { from: LegalDate; to: LegalDate; communes: string[] | null };

/** Without a period: the current year up to today. */
export function parseStatsQuery(q: Record<string, unknown>, user: SessionUser, today: LegalDate): StatsQuery {
  const { from = `${today.slice(0, 4)}-01-01`, to = today, commune } = parseWith(STATS_QUERY, q);
  if (commune === undefined) return { from, to, communes: user.communes.length ? user.communes : null };
  // Outside the account's scope: 404, as for a dossier, so as not to tell what exists there.
  if (user.communes.length && !user.communes.includes(commune)) throw new AppError(404, 'commune_unknown', `La commune ${commune} n’existe pas dans Terrier.`);
  return { from, to, communes: [commune] };
}
