// The dashboard's answer: every figure of queries.ts for a period, the same period a year before for
// the comparison, and the risk as of today. Shares are computed here from the counts (one source).
import type { Knex } from 'knex';
import { addYears, type LegalDate } from '../dossiers/dates.ts';
import * as q from './queries.ts';

/** The tacit decisions to warn about: those arising within this many days. */
export const RISK_DAYS = 15;
const RISK_LIMIT = 200;
const CONSTRAINT_LIMIT = 15;

const share = (n: number, total: number) => (total ? Math.round((n / total) * 10000) / 10000 : null);
const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

export async function dashboard(knex: Knex, scope: q.Scope, today: LegalDate) {
  const previous: q.Scope = { ...scope, from: addYears(scope.from, -1), to: addYears(scope.to, -1) };
  // One statement after another (PGlite has a single connection, and on PostgreSQL the pool is shared),
  // in one read-only transaction: every figure sees the same snapshot. No parallel workers: each
  // statement reads a few thousand rollup rows, and starting workers cost 200–300 ms of a 10 ms
  // statement on a loaded machine (docs/benchmarks.md, "Élus' dashboard").
  const figures = await knex.transaction(async (trx) => {
    await trx.raw('SET LOCAL max_parallel_workers_per_gather = 0');
    const activity = await q.activity(trx, scope);
    const activityPrevious = await q.activity(trx, previous);
    const outcomeRows = await q.outcomes(trx, scope);
    const delayRows = await q.delays(trx, scope);
    const rateRows = await q.rates(trx, scope);
    const risk = await q.risk(trx, scope.communes, today, RISK_DAYS, RISK_LIMIT);
    const housing = await q.housing(trx, scope);
    const sections = await q.sections(trx, scope);
    const constraints = await q.constraints(trx, scope, CONSTRAINT_LIMIT);
    return { activity, activityPrevious, outcomeRows, delayRows, rateRows, risk, housing, sections, constraints };
  }, { readOnly: true });
  const { activity, activityPrevious, outcomeRows, delayRows, rateRows, risk, housing, sections, constraints } = figures;

  const decisions = outcomeRows.filter((r) => r.outcome !== 'retrait').reduce((s, r) => s + r.count, 0);
  const outcomes = q.OUTCOMES.map((outcome) => {
    const rows = outcomeRows.filter((r) => r.outcome === outcome);
    const count = rows.reduce((s, r) => s + r.count, 0);
    return { outcome, count, share: share(count, decisions), byType: Object.fromEntries(rows.map((r) => [r.type, r.count])) };
  });
  const delays = delayRows.map((r) => ({
    type: r.type ?? 'total', decisions: r.decisions, express: r.express,
    medianDays: round1(r.median_days), p90Days: round1(r.p90_days), legalDays: round1(r.legal_days),
    within: r.within, withinShare: share(r.within, r.decisions),
  }));
  const rates = rateRows.map((r) => ({
    type: r.type ?? 'total', filed: r.filed, majorated: r.majorated, majoratedShare: share(r.majorated, r.filed),
    incomplete: r.incomplete, incompleteShare: share(r.incomplete, r.filed),
  }));
  return {
    period: { from: scope.from, to: scope.to }, previousPeriod: { from: previous.from, to: previous.to },
    communes: scope.communes, today,
    activity, activityPrevious,
    outcomes: { decisions, rows: outcomes },
    delays, rates,
    risk: { days: RISK_DAYS, soon: risk.soon, late: risk.late },
    housing: housing.map((r) => ({ month: r.month, destination: r.destination, permits: r.permits, dwellings: r.dwellings, floorArea: r.floor_area })),
    sections: sections.map((r) => ({ insee: r.insee, section: r.section, permits: r.permits, dwellings: r.dwellings, geometry: r.geometry })),
    constraints,
  };
}
