// Migration 018's dashboard tables (stats_facts and the monthly rollups) against a recomputation from
// the source (the projection stats_dossiers of 016, with the expressions the figures used before 018):
// they must follow every insert, update and delete in the writer's transaction, vanish with a rolled
// back one, be rebuilt by stats_sync(), and give the figures of any period, cut mid-month or not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { testDb } from '../testing/db.ts';
import { loadSmallCommune } from '../testing/small-commune.ts';
import * as q from './queries.ts';

let db: Db;

// Dossiers written set-based, as a bulk load would (one statement, so one trigger call), with every
// variety the figures tell apart: each type (CUa and CUb merged), express and tacit decisions of each
// kind and outcome, rejections, withdrawals, majorations, requests for pieces, missing destination,
// no parcel, duplicated and null constraint labels, no constraints at all; spread over 2025–2026.
const insertDossiers = (from: number, to: number) => `
INSERT INTO dossiers (number, number_compact, type, insee, parcels, filed_on, applicant, applicant_name, works, receipt, state, context, decision_deadline, constraints)
SELECT 'T ' || i, 'T' || i, type, '96001',
  CASE WHEN i % 9 = 0 THEN '{}' ELSE ARRAY['96001000AB000' || (1 + i % 4)] END::varchar[],
  filed, jsonb_build_object('kind', 'person', 'lastName', 'Secret ' || i), 'Secret ' || i,
  jsonb_build_object('description', 'privé', 'destination', (ARRAY['habitation', 'commerce_activites_service', NULL])[1 + i % 3],
    'floorArea', 10 + i % 200, 'dwellings', i % 4),
  '{}'::jsonb, 'instruction.delai.complet',
  jsonb_build_object('completeOn', CASE WHEN i % 11 = 0 THEN NULL ELSE (filed + i % 30)::text END,
    'majorations', CASE WHEN i % 6 = 0 THEN '[{"article": "R423-24 c"}]'::jsonb ELSE '[]'::jsonb END,
    'completeness', jsonb_build_object('requestedOn', CASE WHEN i % 4 = 0 THEN (filed + 5)::text END),
    'withdrawnOn', CASE WHEN i % 13 = 0 AND decided IS NOT NULL THEN (decided + 40)::text END,
    'decision', CASE WHEN decided IS NULL THEN NULL ELSE jsonb_build_object(
      'kind', (ARRAY['accord', 'accord_prescriptions', 'non_opposition_prescriptions', 'refus', 'opposition', 'cu_negatif', 'sursis', 'cu_information', NULL])[1 + i % 9],
      'outcome', (ARRAY['granted', 'granted', 'refused', 'rejected', 'sursis'])[1 + i % 5],
      'tacit', i % 7 = 0, 'on', decided::text) END),
  filed + 60 + i % 3 * 30,
  CASE WHEN i % 10 = 0 THEN NULL ELSE jsonb_build_object(
    'zones', jsonb_build_array(jsonb_build_object('properties', jsonb_build_object('libelle', 'U' || (i % 3))),
                               jsonb_build_object('properties', jsonb_build_object('libelle', 'U' || (i % 3))),
                               jsonb_build_object('properties', jsonb_build_object('libelle', NULL))),
    'servitudes', CASE WHEN i % 2 = 0 THEN jsonb_build_array(jsonb_build_object('properties', jsonb_build_object('categorie', (ARRAY['AC1', 'PM1'])[1 + i % 2]))) ELSE '[]'::jsonb END) END
FROM (
  SELECT i, (ARRAY['PC', 'PCMI', 'DP', 'PA', 'PD', 'CUa', 'CUb'])[1 + i % 7] AS type, DATE '2025-01-01' + (i * 37 % 700) AS filed,
    CASE WHEN i % 8 = 0 THEN NULL ELSE DATE '2025-01-01' + (i * 37 % 700) + 20 + i % 90 END AS decided
  FROM generate_series(${from}, ${to}) i
) g`;

/** Each rollup next to the same sums computed from the source; both as text rows, in one order. */
const PAIRS: [string, string, string][] = [
  ['filed',
    `SELECT insee, to_char(month, 'YYYY-MM') AS m, type, n, majorated, incomplete FROM stats_filed_monthly`,
    `SELECT insee, to_char(filed_on, 'YYYY-MM') AS m, type, count(*), count(*) FILTER (WHERE majorated), count(*) FILTER (WHERE incomplete)
     FROM stats_dossiers WHERE parent_id IS NULL GROUP BY 1, 2, 3`],
  ['decided',
    `SELECT insee, to_char(month, 'YYYY-MM') AS m, type, outcome, n FROM stats_decided_monthly`,
    `SELECT insee, to_char(decision_on, 'YYYY-MM') AS m, type, CASE
        WHEN decision_outcome = 'rejected' THEN 'rejet'
        WHEN decision_tacit AND decision_outcome = 'granted' THEN 'tacite'
        WHEN decision_tacit THEN 'refus_tacite'
        WHEN decision_kind IN ('accord_prescriptions', 'non_opposition_prescriptions') THEN 'accord_prescriptions'
        WHEN decision_kind IN ('refus', 'opposition', 'cu_negatif') THEN 'refus'
        WHEN decision_kind = 'sursis' THEN 'sursis'
        ELSE 'accord' END AS outcome, count(*)
     FROM stats_dossiers WHERE parent_id IS NULL AND decision_on IS NOT NULL GROUP BY 1, 2, 3, 4`],
  ['withdrawn',
    `SELECT insee, to_char(month, 'YYYY-MM') AS m, type, n FROM stats_withdrawn_monthly`,
    `SELECT insee, to_char(withdrawn_on, 'YYYY-MM') AS m, type, count(*)
     FROM stats_dossiers WHERE parent_id IS NULL AND withdrawn_on IS NOT NULL GROUP BY 1, 2, 3`],
  ['housing',
    `SELECT insee, to_char(month, 'YYYY-MM') AS m, destination, n, dwellings, CAST(floor_area AS float8) FROM stats_housing_monthly`,
    `SELECT insee, to_char(decision_on, 'YYYY-MM') AS m, coalesce(destination, 'non_renseignee'), count(*),
       coalesce(sum(nb_logements), 0), CAST(coalesce(sum(surface_plancher_creee), 0) AS float8)
     FROM stats_dossiers WHERE parent_id IS NULL AND type IN ('PC', 'PCMI', 'DP', 'PA', 'PD') AND decision_outcome = 'granted'
       AND decision_on IS NOT NULL GROUP BY 1, 2, 3`],
  ['sections',
    `SELECT insee, to_char(month, 'YYYY-MM') AS m, section_id, n, dwellings FROM stats_sections_monthly`,
    `SELECT insee, to_char(filed_on, 'YYYY-MM') AS m, left(parcels[1], 10), count(*), coalesce(sum(nb_logements), 0)
     FROM stats_dossiers WHERE parent_id IS NULL AND type IN ('PC', 'PCMI', 'DP', 'PA', 'PD') AND cardinality(parcels) > 0 GROUP BY 1, 2, 3`],
  ['constraints',
    `SELECT insee, to_char(month, 'YYYY-MM') AS m, kind, label, n FROM stats_constraints_monthly`,
    `SELECT insee, m, kind, label, count(DISTINCT id) FROM (
       SELECT d.id, d.insee, to_char(d.filed_on, 'YYYY-MM') AS m, 'servitude' AS kind, x ->> 'categorie' AS label
       FROM stats_dossiers d, jsonb_array_elements(coalesce(d.constraints -> 'servitudes', '[]'::jsonb)) x WHERE d.parent_id IS NULL
       UNION ALL
       SELECT d.id, d.insee, to_char(d.filed_on, 'YYYY-MM'), 'zone', x ->> 'libelle'
       FROM stats_dossiers d, jsonb_array_elements(coalesce(d.constraints -> 'zones', '[]'::jsonb)) x WHERE d.parent_id IS NULL
     ) c WHERE label IS NOT NULL GROUP BY 1, 2, 3, 4`],
  ['delays',
    `SELECT insee, to_char(month, 'YYYY-MM') AS m, type, measure, value, n, express, within FROM stats_delays_monthly`,
    `SELECT insee, m, type, measure, value, count(*), count(*) FILTER (WHERE express), count(*) FILTER (WHERE within) FROM (
       SELECT insee, to_char(decision_on, 'YYYY-MM') AS m, type, 'legal' AS measure, decision_deadline - complete_on AS value,
         coalesce(NOT decision_tacit, false) AS express, coalesce(NOT decision_tacit AND decision_on <= decision_deadline, false) AS within
       FROM stats_dossiers WHERE parent_id IS NULL AND decision_on IS NOT NULL AND decision_outcome <> 'rejected' AND complete_on IS NOT NULL AND decision_deadline IS NOT NULL
       UNION ALL
       SELECT insee, to_char(decision_on, 'YYYY-MM'), type, 'days', decision_on - complete_on, true, false
       FROM stats_dossiers WHERE parent_id IS NULL AND decision_on IS NOT NULL AND decision_outcome <> 'rejected' AND complete_on IS NOT NULL AND decision_deadline IS NOT NULL
         AND NOT decision_tacit
     ) x GROUP BY 1, 2, 3, 4, 5`],
];

const rows = async (sql: string, k = db.knex) =>
  ((await k.raw(`SELECT CAST(ROW(s.*) AS text) AS r FROM (${sql}) s ORDER BY 1`)).rows as { r: string }[]).map((x) => x.r);

async function expectRollupsMatchSource(k = db.knex) {
  for (const [name, rollup, source] of PAIRS) expect(await rows(rollup, k), name).toEqual(await rows(source, k));
  const facts = await k.raw(`SELECT count(*) AS n FROM stats_facts`);
  const own = await k.raw(`SELECT count(*) AS n FROM dossiers WHERE parent_id IS NULL`);
  expect(facts.rows[0].n).toBe(own.rows[0].n);
}

const snapshot = async () => Promise.all(PAIRS.map(([, rollup]) => rows(rollup)));

beforeAll(async () => {
  db = await testDb();
  await loadSmallCommune(db);
  await db.knex.raw(insertDossiers(1, 400));
}, 120_000);
afterAll(async () => { await db?.close(); });

describe('migration 018: the dashboard tables follow the dossiers', () => {
  it('a bulk insert fills the facts and every rollup, equal to a recomputation from the source', async () => {
    expect(Number((await db.knex.raw('SELECT count(*) AS n FROM stats_decided_monthly')).rows[0].n)).toBeGreaterThan(50);
    await expectRollupsMatchSource();
  });

  it('updates that change the facts (decision, dates, constraints, type of works) move the counts from the old keys to the new', async () => {
    await db.knex.raw(`UPDATE dossiers SET context = jsonb_set(context, '{decision}', jsonb_build_object(
        'kind', 'refus', 'outcome', 'refused', 'tacit', false, 'on', (filed_on + 45)::text))
      WHERE id % 3 = 0`);
    await db.knex.raw(`UPDATE dossiers SET filed_on = filed_on + 31, constraints = NULL, works = works || '{"dwellings": 7}'::jsonb WHERE id % 5 = 1`);
    await db.knex.raw(`UPDATE dossiers SET context = context - 'decision' - 'withdrawnOn' WHERE id % 7 = 2`);
    await expectRollupsMatchSource();
  });

  it('an update that changes no fact (the applicant, the version) leaves the facts rows in place', async () => {
    const before = await db.knex.raw(`SELECT ctid::text AS t FROM stats_facts ORDER BY id`);
    await db.knex.raw(`UPDATE dossiers SET applicant_name = applicant_name || ' bis', version = version + 1`);
    const after = await db.knex.raw(`SELECT ctid::text AS t FROM stats_facts ORDER BY id`);
    expect(after.rows).toEqual(before.rows);
    await expectRollupsMatchSource();
  });

  it('deletes take their dossiers out of every rollup, and rows left at zero are removed', async () => {
    await db.knex.raw(`DELETE FROM dossiers WHERE id % 4 = 0`);
    await expectRollupsMatchSource();
    for (const t of PAIRS.map(([n]) => n)) {
      expect((await db.knex.raw(`SELECT count(*) AS n FROM stats_${t}_monthly WHERE n <= 0`)).rows[0].n, t).toBe(0);
    }
  });

  it('a rolled back transaction leaves the rollups as they were (they are written in the writer\'s transaction)', async () => {
    const before = await snapshot();
    await expect(db.knex.transaction(async (trx) => {
      await trx.raw(insertDossiers(1000, 1100));
      await trx.raw(`UPDATE dossiers SET filed_on = filed_on - 200 WHERE id % 2 = 0`);
      await trx.raw(`DELETE FROM dossiers WHERE id % 3 = 0`);
      await expectRollupsMatchSource(trx);
      throw new Error('rollback');
    })).rejects.toThrow('rollback');
    expect(await snapshot()).toEqual(before);
    await expectRollupsMatchSource();
  });

  it('stats_sync() rebuilds the facts and rollups from the dossiers after writes that bypassed the triggers', async () => {
    const before = await snapshot();
    await db.knex.transaction(async (trx) => {
      await trx.raw('ALTER TABLE dossiers DISABLE TRIGGER stats_dossiers_inserted');
      await trx.raw(insertDossiers(2000, 2050));
      await trx.raw('ALTER TABLE dossiers ENABLE TRIGGER stats_dossiers_inserted');
    });
    expect(await snapshot()).toEqual(before);
    await db.knex.raw('SELECT stats_sync()');
    await expectRollupsMatchSource();
  });

  it('holds no personal data: the facts table has exactly these columns (codes, dates, numbers, section, public labels)', async () => {
    const { rows: cols } = await db.knex.raw(`SELECT column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'stats_facts' ORDER BY ordinal_position`);
    expect(cols.map((r: { column_name: string }) => r.column_name)).toEqual(['id', 'insee', 'type', 'filed_on', 'complete_on',
      'decision_deadline', 'decision_on', 'decision_outcome', 'decision_tacit', 'outcome', 'withdrawn_on', 'majorated', 'incomplete',
      'destination', 'dwellings', 'floor_area', 'section_id', 'servitudes', 'zones']);
    const all = JSON.stringify(await Promise.all(['stats_facts', ...PAIRS.map(([n]) => `stats_${n}_monthly`)].map((t) => db.knex.raw(`SELECT * FROM ${t}`))));
    expect(all).not.toMatch(/Secret|privé/);
  });
});

describe('the figures read rollups for whole months and facts for the days around them', () => {
  it('whole months of a period are its months from a 1st to a last day; none when it is shorter', () => {
    expect(q.wholeMonths('2026-01-01', '2026-12-31')).toEqual({ mfrom: '2026-01-01', mto: '2027-01-01' });
    expect(q.wholeMonths('2026-01-15', '2026-03-10')).toEqual({ mfrom: '2026-02-01', mto: '2026-03-01' });
    expect(q.wholeMonths('2026-01-15', '2026-02-28')).toEqual({ mfrom: '2026-02-01', mto: '2026-03-01' });
    expect(q.wholeMonths('2026-01-02', '2026-01-30')).toEqual({ mfrom: '2026-01-02', mto: '2026-01-02' });
    expect(q.wholeMonths('2026-01-15', '2026-02-14')).toEqual({ mfrom: '2026-01-15', mto: '2026-01-15' });
  });

  it.each([
    ['2025-01-01', '2026-12-31'], ['2025-03-17', '2025-11-02'], ['2025-06-01', '2025-06-30'], ['2025-06-05', '2025-06-20'],
    ['2025-12-31', '2026-01-01'], ['2025-02-10', '2026-02-28'],
  ])('period %s → %s: each count equals the count of the source dossiers dated in it', async (from, to) => {
    const s: q.Scope = { from, to, communes: ['96001'] };
    const b = { from, to };
    const count = async (sql: string) => Number((await db.knex.raw(`SELECT count(*) AS n FROM stats_dossiers WHERE parent_id IS NULL AND ${sql}`, b)).rows[0].n);
    const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);
    const act = await q.activity(db.knex, s);
    expect(sum(act.map((r) => r.filed))).toBe(await count('filed_on BETWEEN :from AND :to'));
    expect(sum(act.map((r) => r.decided))).toBe(await count('decision_on BETWEEN :from AND :to'));
    const out = await q.outcomes(db.knex, s);
    expect(sum(out.filter((r) => r.outcome === 'retrait').map((r) => r.count))).toBe(await count('withdrawn_on BETWEEN :from AND :to'));
    expect(sum(out.filter((r) => r.outcome === 'refus').map((r) => r.count)))
      .toBe(await count(`decision_on BETWEEN :from AND :to AND decision_outcome <> 'rejected' AND NOT coalesce(decision_tacit, false) AND decision_kind IN ('refus', 'opposition', 'cu_negatif')`));
    const rates = await q.rates(db.knex, s);
    expect(rates.find((r) => r.type === null)).toMatchObject({
      filed: await count('filed_on BETWEEN :from AND :to'), majorated: await count('filed_on BETWEEN :from AND :to AND majorated'),
      incomplete: await count('filed_on BETWEEN :from AND :to AND incomplete') });
    const housing = await q.housing(db.knex, s);
    expect(sum(housing.map((r) => r.permits)))
      .toBe(await count(`decision_on BETWEEN :from AND :to AND decision_outcome = 'granted' AND type IN ('PC', 'PCMI', 'DP', 'PA', 'PD')`));
    const sections = await q.sections(db.knex, s);
    expect(sum(sections.map((r) => r.permits)))
      .toBe(await count(`filed_on BETWEEN :from AND :to AND type IN ('PC', 'PCMI', 'DP', 'PA', 'PD') AND cardinality(parcels) > 0`));
    // The delays' percentiles from the histograms: the very floats of percentile_cont over the dossiers.
    const direct = (await db.knex.raw(`
      SELECT CASE WHEN type IN ('CUa', 'CUb') THEN 'CU' ELSE type END AS type, CAST(count(*) AS int) AS decisions,
        CAST(count(*) FILTER (WHERE NOT decision_tacit) AS int) AS express,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY decision_on - complete_on) FILTER (WHERE NOT decision_tacit) AS median_days,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY decision_on - complete_on) FILTER (WHERE NOT decision_tacit) AS p90_days,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY decision_deadline - complete_on) AS legal_days,
        CAST(count(*) FILTER (WHERE NOT decision_tacit AND decision_on <= decision_deadline) AS int) AS within
      FROM stats_dossiers WHERE parent_id IS NULL AND decision_on BETWEEN :from AND :to
        AND decision_outcome <> 'rejected' AND complete_on IS NOT NULL AND decision_deadline IS NOT NULL
      GROUP BY ROLLUP (1) ORDER BY 1 NULLS LAST`, b)).rows;
    expect(await q.delays(db.knex, s)).toEqual(direct);
    const cons = await q.constraints(db.knex, s, 50);
    const ac1 = cons.find((r) => r.label === 'AC1')?.dossiers ?? 0;
    expect(ac1).toBe(await count(`filed_on BETWEEN :from AND :to AND constraints -> 'servitudes' @> '[{"categorie": "AC1"}]'`));
    const u0 = cons.find((r) => r.kind === 'zone' && r.label === 'U0')?.dossiers ?? 0;
    expect(u0).toBe(await count(`filed_on BETWEEN :from AND :to AND constraints -> 'zones' @> '[{"libelle": "U0"}]'`));
  });
});

describe('TRUNCATE', () => {
  it('emptying the dossiers (TRUNCATE, which fires no delete trigger) empties the facts and rollups', async () => {
    await db.knex.raw('TRUNCATE dossiers CASCADE');
    for (const t of ['stats_facts', ...PAIRS.map(([n]) => `stats_${n}_monthly`)]) {
      expect((await db.knex.raw(`SELECT count(*) AS n FROM ${t}`)).rows[0].n, t).toBe(0);
    }
  });
});
