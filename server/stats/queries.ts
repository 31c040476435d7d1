// The élus' dashboard, figure by figure: each function is one SQL statement over the dashboard's
// projection (stats_dossiers, migration 015: the facts figures count, no applicant, no free text) and
// the due dates, never the dossiers table, so no personal data can reach a figure. Only dossiers of
// their own (permits, declarations, CU; not their follow-ups) count. A decision is dated by
// decision_on: its notification (R424-10) or the day a tacit decision arose (R424-1); complete_on is
// when the delay started (R423-19).
import type { Knex } from 'knex';
import type { LegalDate } from '../dossiers/dates.ts';

export type Scope = { from: LegalDate; to: LegalDate; communes: string[] | null };

/** PC, PCMI, DP, PA, PD as such; CUa and CUb together as CU, as Sitadel and the issue count them. */
const TYPE = `CASE WHEN d.type IN ('CUa', 'CUb') THEN 'CU' ELSE d.type END`;
const IN_SCOPE = `d.parent_id IS NULL AND (CAST(:communes AS varchar[]) IS NULL OR d.insee = ANY(CAST(:communes AS varchar[])))`;
const DECIDED_ON = 'd.decision_on';

const bind = (s: Scope) => ({ from: s.from, to: s.to, communes: s.communes });
const rowsOf = async <T>(knex: Knex, sql: string, b: Record<string, unknown>): Promise<T[]> =>
  (await knex.raw(sql, b as Knex.ValueDict)).rows as T[];

export type ActivityRow = { month: string; type: string; filed: number; decided: number };

/** Dossiers filed and decided per month (of filing, of decision) and type. */
export const activity = (knex: Knex, s: Scope) => rowsOf<ActivityRow>(knex, `
  SELECT month, type, CAST(sum(filed) AS int) AS filed, CAST(sum(decided) AS int) AS decided
  FROM (
    SELECT to_char(d.filed_on, 'YYYY-MM') AS month, ${TYPE} AS type, 1 AS filed, 0 AS decided
    FROM stats_dossiers d
    WHERE ${IN_SCOPE} AND d.filed_on BETWEEN CAST(:from AS date) AND CAST(:to AS date)
    UNION ALL
    SELECT to_char(${DECIDED_ON}, 'YYYY-MM'), ${TYPE}, 0, 1
    FROM stats_dossiers d
    WHERE ${IN_SCOPE} AND ${DECIDED_ON} BETWEEN CAST(:from AS date) AND CAST(:to AS date)
  ) x
  GROUP BY month, type
  ORDER BY month, type`, bind(s));

export const OUTCOMES = ['accord', 'accord_prescriptions', 'refus', 'tacite', 'refus_tacite', 'rejet', 'sursis', 'retrait'] as const;
export type OutcomeRow = { outcome: (typeof OUTCOMES)[number]; type: string; count: number };

/**
 * Decisions of the period by outcome and type; withdrawals (L424-5) by their own date, on top: a
 * withdrawn permit was first an accord. A CU négatif counts with the refusals, an information CU
 * or a positive one with the accords.
 */
export const outcomes = (knex: Knex, s: Scope) => rowsOf<OutcomeRow>(knex, `
  SELECT outcome, type, CAST(count(*) AS int) AS count
  FROM (
    SELECT ${TYPE} AS type,
      CASE
        WHEN d.decision_outcome = 'rejected' THEN 'rejet'
        WHEN d.decision_tacit AND d.decision_outcome = 'granted' THEN 'tacite'
        WHEN d.decision_tacit THEN 'refus_tacite'
        WHEN d.decision_kind IN ('accord_prescriptions', 'non_opposition_prescriptions') THEN 'accord_prescriptions'
        WHEN d.decision_kind IN ('refus', 'opposition', 'cu_negatif') THEN 'refus'
        WHEN d.decision_kind = 'sursis' THEN 'sursis'
        ELSE 'accord'
      END AS outcome
    FROM stats_dossiers d
    WHERE ${IN_SCOPE} AND ${DECIDED_ON} BETWEEN CAST(:from AS date) AND CAST(:to AS date)
    UNION ALL
    SELECT ${TYPE}, 'retrait'
    FROM stats_dossiers d
    WHERE ${IN_SCOPE} AND d.withdrawn_on BETWEEN CAST(:from AS date) AND CAST(:to AS date)
  ) x
  GROUP BY outcome, type
  ORDER BY outcome, type`, bind(s));

export type DelayRow = {
  type: string | null; decisions: number; express: number;
  median_days: number | null; p90_days: number | null; legal_days: number | null; within: number;
};

/**
 * Instruction time of the express decisions of the period, complete → notified, in days (median and
 * 90th percentile), next to the legal delay (its median, majorations included: the deadline kept by
 * the engine). A dossier is decided within the delay when the express decision was notified by the
 * deadline; a tacit decision is by definition past it. Rejections for missing pieces are no decision
 * on the project and are left out. `type` null: every type together.
 */
export const delays = (knex: Knex, s: Scope) => rowsOf<DelayRow>(knex, `
  SELECT type,
    CAST(count(*) AS int) AS decisions,
    CAST(count(*) FILTER (WHERE NOT tacit) AS int) AS express,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FILTER (WHERE NOT tacit) AS median_days,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY days) FILTER (WHERE NOT tacit) AS p90_days,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY legal_days) AS legal_days,
    CAST(count(*) FILTER (WHERE NOT tacit AND decided_on <= deadline) AS int) AS within
  FROM (
    SELECT ${TYPE} AS type, ${DECIDED_ON} AS decided_on, d.decision_deadline AS deadline,
      d.decision_tacit AS tacit,
      ${DECIDED_ON} - d.complete_on AS days,
      d.decision_deadline - d.complete_on AS legal_days
    FROM stats_dossiers d
    WHERE ${IN_SCOPE} AND ${DECIDED_ON} BETWEEN CAST(:from AS date) AND CAST(:to AS date)
      AND d.decision_outcome <> 'rejected'
      AND d.complete_on IS NOT NULL AND d.decision_deadline IS NOT NULL
  ) x
  GROUP BY ROLLUP (type)
  ORDER BY type NULLS LAST`, bind(s));

export type RateRow = { type: string | null; filed: number; majorated: number; incomplete: number };

/** Of the dossiers filed in the period: how many had their delay majorated (R423-24 ff.), how many were found incomplete (R423-38). */
export const rates = (knex: Knex, s: Scope) => rowsOf<RateRow>(knex, `
  SELECT type,
    CAST(count(*) AS int) AS filed,
    CAST(count(*) FILTER (WHERE majorated) AS int) AS majorated,
    CAST(count(*) FILTER (WHERE incomplete) AS int) AS incomplete
  FROM (
    SELECT ${TYPE} AS type, d.majorated, d.incomplete
    FROM stats_dossiers d
    WHERE ${IN_SCOPE} AND d.filed_on BETWEEN CAST(:from AS date) AND CAST(:to AS date)
  ) x
  GROUP BY ROLLUP (type)
  ORDER BY type NULLS LAST`, bind(s));

export type RiskRow = { id: number; number: string; type: string; event: string; due_on: string };

/**
 * Now, whatever the period: the dossiers whose tacit decision arises within `days` days (after
 * today, up to today + days), and those already late — the scheduler's overdue list (a due event
 * whose day has come and that is not applied yet, as GET /api/dossiers?overdue=true).
 */
export async function risk(knex: Knex, communes: string[] | null, today: LegalDate, days: number, limit: number) {
  const b = { communes, today, days, limit };
  const soon = await rowsOf<RiskRow>(knex, `
    SELECT d.id, d.number, d.type, u.event, CAST(u.due_on AS text) AS due_on
    FROM dossier_due u JOIN stats_dossiers d ON d.id = u.dossier_id
    WHERE u.event = 'TACIT_DECISION' AND d.state LIKE 'instruction%'
      AND u.due_on > CAST(:today AS date) AND u.due_on <= CAST(:today AS date) + CAST(:days AS int)
      AND ${IN_SCOPE}
    ORDER BY u.due_on, d.id
    LIMIT :limit`, b);
  const late = await rowsOf<RiskRow>(knex, `
    SELECT DISTINCT ON (d.id) d.id, d.number, d.type, u.event, CAST(u.due_on AS text) AS due_on
    FROM dossier_due u JOIN stats_dossiers d ON d.id = u.dossier_id
    WHERE u.due_on <= CAST(:today AS date) AND ${IN_SCOPE.replace('d.parent_id IS NULL AND ', '')}
    ORDER BY d.id, u.due_on, u.rank, u.key
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
  SELECT to_char(${DECIDED_ON}, 'YYYY-MM') AS month,
    coalesce(d.destination, 'non_renseignee') AS destination,
    CAST(count(*) AS int) AS permits,
    CAST(coalesce(sum(d.nb_logements), 0) AS int) AS dwellings,
    CAST(coalesce(sum(d.surface_plancher_creee), 0) AS float8) AS floor_area
  FROM stats_dossiers d
  WHERE ${IN_SCOPE} AND d.type IN ('PC', 'PCMI', 'DP', 'PA', 'PD')
    AND d.decision_outcome = 'granted'
    AND ${DECIDED_ON} BETWEEN CAST(:from AS date) AND CAST(:to AS date)
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
      SELECT d.insee, left(d.parcels[1], 10) AS section_id,
        CAST(count(*) AS int) AS permits, CAST(coalesce(sum(d.nb_logements), 0) AS int) AS dwellings
      FROM stats_dossiers d
      WHERE ${IN_SCOPE} AND d.type IN ('PC', 'PCMI', 'DP', 'PA', 'PD') AND cardinality(d.parcels) > 0
        AND d.filed_on BETWEEN CAST(:from AS date) AND CAST(:to AS date)
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
  SELECT kind, label, CAST(count(DISTINCT id) AS int) AS dossiers
  FROM (
    SELECT d.id, 'servitude' AS kind, x ->> 'categorie' AS label
    FROM stats_dossiers d, jsonb_array_elements(coalesce(d.constraints -> 'servitudes', '[]'::jsonb)) x
    WHERE ${IN_SCOPE} AND d.filed_on BETWEEN CAST(:from AS date) AND CAST(:to AS date)
    UNION ALL
    SELECT d.id, 'zone', x ->> 'libelle'
    FROM stats_dossiers d, jsonb_array_elements(coalesce(d.constraints -> 'zones', '[]'::jsonb)) x
    WHERE ${IN_SCOPE} AND d.filed_on BETWEEN CAST(:from AS date) AND CAST(:to AS date)
  ) c
  WHERE label IS NOT NULL
  GROUP BY kind, label
  ORDER BY dossiers DESC, kind, label
  LIMIT :limit`, { ...bind(s), limit });
