// The élus' dashboard, figure by figure: each function is one SQL statement over the dashboard's own
// tables (migration 018): the monthly rollups for the counts and stats_facts (one narrow row per dossier
// of its own: permits, declarations, CU; not their follow-ups) for the delays and for the days of a
// period outside its whole months; the risk lists read stats_dossiers (016) and the due dates. None of
// them holds personal data. A decision is dated by decision_on: its notification (R424-10) or the day a
// tacit decision arose (R424-1); complete_on is when the delay started (R423-19).
//
// Exact for any period: a rollup row covers a whole month, so a period [from, to] is read as its whole
// months [mfrom, mto) from the rollups plus the days outside them (at most a month at each end) from
// stats_facts. Both are kept in the writers' transactions by 018's triggers.
import type { Knex } from 'knex';
import { addDays, addMonths, type LegalDate } from '../dossiers/dates.ts';

export type Scope = { from: LegalDate; to: LegalDate; communes: string[] | null };

/** PC, PCMI, DP, PA, PD as such; CUa and CUb together as CU, as Sitadel and the issue count them. */
const TYPE = (t: string) => `CASE WHEN ${t}.type IN ('CUa', 'CUb') THEN 'CU' ELSE ${t}.type END`;
const COMMUNES = (t: string) => `(CAST(:communes AS varchar[]) IS NULL OR ${t}.insee = ANY(CAST(:communes AS varchar[])))`;
const IN_SCOPE = `d.parent_id IS NULL AND ${COMMUNES('d')}`;
/** A rollup's rows of the period's whole months. */
const MONTHS = (t: string) => `${COMMUNES(t)} AND ${t}.month >= CAST(:mfrom AS date) AND ${t}.month < CAST(:mto AS date)`;
/**
 * The facts dated `column` in the period but outside its whole months: two ranges, each an index range
 * (empty for a period of whole months; written as one range and a NOT, PostgreSQL costed a year of facts
 * and scanned the table).
 */
const EDGES = (column: string) => `${COMMUNES('f')} AND (f.${column} BETWEEN CAST(:from AS date) AND CAST(:mfrom AS date) - 1
      OR f.${column} BETWEEN CAST(:mto AS date) AND CAST(:to AS date))`;

const firstOfMonth = (d: LegalDate) => `${d.slice(0, 8)}01`;
/** The whole months of [from, to] as [mfrom, mto), first days of months; empty (mfrom = mto = from) when there is none. */
export function wholeMonths(from: LegalDate, to: LegalDate): { mfrom: LegalDate; mto: LegalDate } {
  const mfrom = from.endsWith('-01') ? from : addMonths(firstOfMonth(from), 1);
  const mto = firstOfMonth(addDays(to, 1));
  return mfrom < mto ? { mfrom, mto } : { mfrom: from, mto: from };
}

const bind = (s: Scope) => ({ from: s.from, to: s.to, communes: s.communes, ...wholeMonths(s.from, s.to) });
const rowsOf = async <T>(knex: Knex, sql: string, b: Record<string, unknown>): Promise<T[]> =>
  (await knex.raw(sql, b as Knex.ValueDict)).rows as T[];

export type ActivityRow = { month: string; type: string; filed: number; decided: number };

/** Dossiers filed and decided per month (of filing, of decision) and type. */
export const activity = (knex: Knex, s: Scope) => rowsOf<ActivityRow>(knex, `
  SELECT month, type, CAST(sum(filed) AS int) AS filed, CAST(sum(decided) AS int) AS decided
  FROM (
    SELECT to_char(r.month, 'YYYY-MM') AS month, ${TYPE('r')} AS type, r.n AS filed, 0 AS decided
    FROM stats_filed_monthly r WHERE ${MONTHS('r')}
    UNION ALL
    SELECT to_char(f.filed_on, 'YYYY-MM'), ${TYPE('f')}, 1, 0
    FROM stats_facts f WHERE ${EDGES('filed_on')}
    UNION ALL
    SELECT to_char(r.month, 'YYYY-MM'), ${TYPE('r')}, 0, r.n
    FROM stats_decided_monthly r WHERE ${MONTHS('r')}
    UNION ALL
    SELECT to_char(f.decision_on, 'YYYY-MM'), ${TYPE('f')}, 0, 1
    FROM stats_facts f WHERE ${EDGES('decision_on')}
  ) x
  GROUP BY month, type
  ORDER BY month, type`, bind(s));

export const OUTCOMES = ['accord', 'accord_prescriptions', 'refus', 'tacite', 'refus_tacite', 'rejet', 'sursis', 'retrait'] as const;
export type OutcomeRow = { outcome: (typeof OUTCOMES)[number]; type: string; count: number };

/**
 * Decisions of the period by outcome and type; withdrawals (L424-5) by their own date, on top: a
 * withdrawn permit was first an accord. The outcome is 018's stats_outcome(): a CU négatif counts with
 * the refusals, an information CU or a positive one with the accords.
 */
export const outcomes = (knex: Knex, s: Scope) => rowsOf<OutcomeRow>(knex, `
  SELECT outcome, type, CAST(sum(n) AS int) AS count
  FROM (
    SELECT r.outcome, ${TYPE('r')} AS type, r.n FROM stats_decided_monthly r WHERE ${MONTHS('r')}
    UNION ALL
    SELECT f.outcome, ${TYPE('f')}, 1 FROM stats_facts f WHERE ${EDGES('decision_on')}
    UNION ALL
    SELECT 'retrait', ${TYPE('r')}, r.n FROM stats_withdrawn_monthly r WHERE ${MONTHS('r')}
    UNION ALL
    SELECT 'retrait', ${TYPE('f')}, 1 FROM stats_facts f WHERE ${EDGES('withdrawn_on')}
  ) x
  GROUP BY outcome, type
  ORDER BY outcome, type`, bind(s));

export type DelayRow = {
  type: string | null; decisions: number; express: number;
  median_days: number | null; p90_days: number | null; legal_days: number | null; within: number;
};

/** The decisions the delays count: not a rejection for missing pieces, the delay's start and deadline known. */
const DELAY_FACTS = `f.decision_outcome <> 'rejected' AND f.complete_on IS NOT NULL AND f.decision_deadline IS NOT NULL`;
/** percentile_cont(p) over a histogram c(value, cum, total): PostgreSQL's own interpolation between the rows of rank floor and ceil of p × (total - 1). */
const PERCENTILE = (p: number, measure: string) => {
  const h = `CAST(${p} AS float8) * CAST(c.total - 1 AS float8)`;
  const at = (rank: string) => `min(c.value) FILTER (WHERE c.measure = '${measure}' AND c.cum > ${rank})`;
  return `${at(`floor(${h})`)} + (${h} - floor(${h})) * (${at(`ceil(${h})`)} - ${at(`floor(${h})`)})`;
};

/**
 * Instruction time of the express decisions of the period, complete → notified, in days (median and
 * 90th percentile), next to the legal delay (its median, majorations included: the deadline kept by
 * the engine). A dossier is decided within the delay when the express decision was notified by the
 * deadline; a tacit decision is by definition past it. Rejections for missing pieces are no decision
 * on the project and are left out. `type` null: every type together.
 * Read from the delay histograms (stats_delays_monthly) and the facts around the whole months, summed
 * per value; the percentiles are percentile_cont's, computed on the counts (same floats: the test
 * compares them with percentile_cont over the dossiers).
 */
export const delays = (knex: Knex, s: Scope) => rowsOf<DelayRow>(knex, `
  WITH h AS (
    SELECT type, measure, value, sum(n) AS n, sum(express) AS express, sum(within) AS within
    FROM (
      SELECT ${TYPE('r')} AS type, r.measure, r.value, r.n, r.express, r.within
      FROM stats_delays_monthly r WHERE ${MONTHS('r')}
      UNION ALL
      SELECT ${TYPE('f')}, 'legal', f.decision_deadline - f.complete_on, 1,
        CASE WHEN NOT f.decision_tacit THEN 1 ELSE 0 END,
        CASE WHEN NOT f.decision_tacit AND f.decision_on <= f.decision_deadline THEN 1 ELSE 0 END
      FROM stats_facts f WHERE ${EDGES('decision_on')} AND ${DELAY_FACTS}
      UNION ALL
      SELECT ${TYPE('f')}, 'days', f.decision_on - f.complete_on, 1, 1, 0
      FROM stats_facts f WHERE ${EDGES('decision_on')} AND ${DELAY_FACTS} AND NOT f.decision_tacit
    ) x
    GROUP BY GROUPING SETS ((type, measure, value), (measure, value))
  ), c AS (
    SELECT h.*, sum(n) OVER (PARTITION BY type, measure ORDER BY value) AS cum, sum(n) OVER (PARTITION BY type, measure) AS total
    FROM h
  ), per AS (
    SELECT c.type,
      CAST(sum(c.n) FILTER (WHERE c.measure = 'legal') AS int) AS decisions,
      CAST(sum(c.express) FILTER (WHERE c.measure = 'legal') AS int) AS express,
      CAST(sum(c.within) FILTER (WHERE c.measure = 'legal') AS int) AS within
    FROM c GROUP BY c.type
  ), days AS (
    SELECT c.type, ${PERCENTILE(0.5, 'days')} AS median_days, ${PERCENTILE(0.9, 'days')} AS p90_days
    FROM c WHERE c.measure = 'days' GROUP BY c.type, c.total
  ), legal AS (
    SELECT c.type, ${PERCENTILE(0.5, 'legal')} AS legal_days
    FROM c WHERE c.measure = 'legal' GROUP BY c.type, c.total
  )
  -- Every type met, and the total row even when there is no decision (as GROUP BY ROLLUP gives it).
  SELECT t.type, coalesce(per.decisions, 0) AS decisions, coalesce(per.express, 0) AS express,
    days.median_days, days.p90_days, legal.legal_days, coalesce(per.within, 0) AS within
  FROM (SELECT type FROM per WHERE type IS NOT NULL UNION ALL SELECT NULL) t
  LEFT JOIN per ON per.type IS NOT DISTINCT FROM t.type
  LEFT JOIN days ON days.type IS NOT DISTINCT FROM t.type
  LEFT JOIN legal ON legal.type IS NOT DISTINCT FROM t.type
  ORDER BY t.type NULLS LAST`, bind(s));

export type RateRow = { type: string | null; filed: number; majorated: number; incomplete: number };

/** Of the dossiers filed in the period: how many had their delay majorated (R423-24 ff.), how many were found incomplete (R423-38). */
export const rates = (knex: Knex, s: Scope) => rowsOf<RateRow>(knex, `
  SELECT type,
    CAST(coalesce(sum(n), 0) AS int) AS filed,
    CAST(coalesce(sum(majorated), 0) AS int) AS majorated,
    CAST(coalesce(sum(incomplete), 0) AS int) AS incomplete
  FROM (
    SELECT ${TYPE('r')} AS type, r.n, r.majorated, r.incomplete FROM stats_filed_monthly r WHERE ${MONTHS('r')}
    UNION ALL
    SELECT ${TYPE('f')}, 1, CAST(f.majorated AS int), CAST(f.incomplete AS int) FROM stats_facts f WHERE ${EDGES('filed_on')}
  ) x
  GROUP BY ROLLUP (type)
  ORDER BY type NULLS LAST`, bind(s));

export type RiskRow = { id: number; number: string; type: string; event: string; due_on: string };

/**
 * Now, whatever the period: the dossiers whose tacit decision arises within `days` days (after
 * today, up to today + days), and those already late — the scheduler's overdue list (a due event
 * whose day has come and that is not applied yet, as GET /api/dossiers?overdue=true).
 * Ordered by dossier_due's own columns (equal to the dossier's id), so that its indexes give the order
 * and the join stops at the limit: ordered by d.id, 4,000 due rows each fetched their dossier, 1–2 s on
 * 1M dossiers out of cache.
 */
export async function risk(knex: Knex, communes: string[] | null, today: LegalDate, days: number, limit: number) {
  const b = { communes, today, days, limit };
  const soon = await rowsOf<RiskRow>(knex, `
    SELECT d.id, d.number, d.type, u.event, CAST(u.due_on AS text) AS due_on
    FROM dossier_due u JOIN stats_dossiers d ON d.id = u.dossier_id
    WHERE u.event = 'TACIT_DECISION' AND d.state LIKE 'instruction%'
      AND u.due_on > CAST(:today AS date) AND u.due_on <= CAST(:today AS date) + CAST(:days AS int)
      AND ${IN_SCOPE}
    ORDER BY u.due_on, u.dossier_id
    LIMIT :limit`, b);
  const late = await rowsOf<RiskRow>(knex, `
    SELECT DISTINCT ON (u.dossier_id) d.id, d.number, d.type, u.event, CAST(u.due_on AS text) AS due_on
    FROM dossier_due u JOIN stats_dossiers d ON d.id = u.dossier_id
    WHERE u.due_on <= CAST(:today AS date) AND ${COMMUNES('d')}
    ORDER BY u.dossier_id, u.due_on, u.rank, u.key
    LIMIT :limit`, b);
  return { soon: soon.map(normId), late: late.map(normId) };
}
const normId = (r: RiskRow): RiskRow => ({ ...r, id: Number(r.id) });

export type HousingRow = { month: string; destination: string; permits: number; dwellings: number; floor_area: number };

/**
 * Sitadel's figures for the commune: permits and declarations granted (express or tacit) in the
 * period, per month of the decision and destination: dwellings created and floor area created.
 */
export const housing = (knex: Knex, s: Scope) => rowsOf<HousingRow>(knex, `
  SELECT month, destination,
    CAST(sum(n) AS int) AS permits,
    CAST(sum(dwellings) AS int) AS dwellings,
    CAST(sum(floor_area) AS float8) AS floor_area
  FROM (
    SELECT to_char(r.month, 'YYYY-MM') AS month, r.destination, r.n, r.dwellings, r.floor_area
    FROM stats_housing_monthly r WHERE ${MONTHS('r')}
    UNION ALL
    SELECT to_char(f.decision_on, 'YYYY-MM'), coalesce(f.destination, 'non_renseignee'), 1, coalesce(f.dwellings, 0), coalesce(f.floor_area, 0)
    FROM stats_facts f
    WHERE ${EDGES('decision_on')} AND f.type IN ('PC', 'PCMI', 'DP', 'PA', 'PD') AND f.decision_outcome = 'granted'
  ) x
  GROUP BY 1, 2
  ORDER BY 1, 2`, bind(s));

export type SectionRow = { insee: string; section: string; permits: number; dwellings: number; geometry: unknown };

/**
 * Permits and declarations filed in the period by cadastral section (of their first parcel), with
 * the section's outline (WGS84) for a choropleth: the cadastre's own section, or, where the delivery
 * has no sections layer, the union of its parcels, asked apart only then (a correlated fallback in
 * the same statement made PostgreSQL's planner cost it high and spend 240 ms compiling it with JIT).
 */
export async function sections(knex: Knex, s: Scope): Promise<SectionRow[]> {
  const rows = await rowsOf<SectionRow & { section_id: string }>(knex, `
    WITH counted AS (
      SELECT insee, section_id, CAST(sum(n) AS int) AS permits, CAST(sum(dwellings) AS int) AS dwellings
      FROM (
        SELECT r.insee, r.section_id, r.n, r.dwellings FROM stats_sections_monthly r WHERE ${MONTHS('r')}
        UNION ALL
        SELECT f.insee, f.section_id, 1, coalesce(f.dwellings, 0)
        FROM stats_facts f
        WHERE ${EDGES('filed_on')} AND f.type IN ('PC', 'PCMI', 'DP', 'PA', 'PD') AND f.section_id IS NOT NULL
      ) x
      GROUP BY 1, 2
    )
    SELECT c.section_id, c.insee, substr(c.section_id, 9, 2) AS section, c.permits, c.dwellings,
      CAST(ST_AsGeoJSON(ST_Transform(t.geom, 4326), 6) AS json) AS geometry
    FROM counted c LEFT JOIN cadastre_sections t ON t.id = c.section_id
    ORDER BY c.section_id`, bind(s));
  const missing = rows.filter((r) => r.geometry === null).map((r) => r.section_id);
  if (missing.length) {
    const unions = await rowsOf<{ section_id: string; geometry: unknown }>(knex, `
      SELECT left(p.id, 10) AS section_id, CAST(ST_AsGeoJSON(ST_Transform(ST_Multi(ST_Union(p.geom)), 4326), 6) AS json) AS geometry
      FROM cadastre_parcelles p
      WHERE p.commune = ANY(CAST(:communes AS varchar[])) AND left(p.id, 10) = ANY(CAST(:ids AS varchar[]))
      GROUP BY 1`, { communes: [...new Set(missing.map((id) => id.slice(0, 5)))], ids: missing });
    const byId = new Map(unions.map((u) => [u.section_id, u.geometry]));
    for (const r of rows) if (r.geometry === null) r.geometry = byId.get(r.section_id) ?? null;
  }
  return rows.map(({ section_id: _, ...r }) => r);
}

export type ConstraintRow = { kind: 'servitude' | 'zone'; label: string; dossiers: number };

/** The constraints most often met at filing (public part: servitudes by category, PLU zones), dossiers filed in the period. */
export const constraints = (knex: Knex, s: Scope, limit: number) => rowsOf<ConstraintRow>(knex, `
  SELECT kind, label, CAST(sum(n) AS int) AS dossiers
  FROM (
    SELECT r.kind, r.label, r.n FROM stats_constraints_monthly r WHERE ${MONTHS('r')}
    UNION ALL
    SELECT 'servitude', l, 1 FROM stats_facts f, unnest(f.servitudes) l WHERE ${EDGES('filed_on')}
    UNION ALL
    SELECT 'zone', l, 1 FROM stats_facts f, unnest(f.zones) l WHERE ${EDGES('filed_on')}
  ) c
  GROUP BY kind, label
  ORDER BY dossiers DESC, kind, label
  LIMIT :limit`, { ...bind(s), limit });
