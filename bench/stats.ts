/**
 * Benchmark of the élus' dashboard (server/stats) on PostgreSQL: synthetic dossiers with their journals
 * (written set-based by SQL: volume, not the engine), on the synthetic département of
 * bench/make-departement.ts.
 *
 * (a) The whole dashboard: GET /api/stats for a year, every commune (the heaviest question), p95.
 *     Target p95 ≤ 300 ms.
 * (b) Each figure (server/stats/queries.ts, over migration 018's monthly rollups and stats_facts)
 *     against a hand-written SQL baseline of the same figure on the dossiers table, interleaved in the
 *     same run. Target ≤ 1.2 × the baseline.
 *
 * The dossiers are written in one statement, so 018's triggers fill the dashboard's tables in one call
 * each: the write time printed includes them.
 *
 *   npx tsx bench/stats.ts [--parcels 40000] [--dossiers 1000000] [--runs 30]
 *                          [--database-url postgres://postgres@127.0.0.1:5432/terrier_bench_stats]
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Db } from '../server/db.ts';
import { buildApp } from '../server/app.ts';
import { createUser } from '../server/accounts/users.ts';
import * as q from '../server/stats/queries.ts';
import { parseArgs } from './lib/args.ts';
import { openDepartement } from './lib/departement.ts';
import { summarize, table } from './lib/stats.ts';

const args = parseArgs(process.argv.slice(2), ['parcels', 'dossiers', 'runs', 'database-url', 'no-sections']);
const URL_ = args.str('database-url', 'postgres://postgres@127.0.0.1:5432/terrier_bench_stats');
const PARCELS = args.num('parcels', 40_000);
const DOSSIERS = args.num('dossiers', 1_000_000);
const RUNS = args.num('runs', 30);
const TODAY = '2026-11-30';
const log = (m: string) => console.error(`· ${m}`);
const f2 = (x: number) => x.toFixed(2);

// Dossiers over six years before TODAY on the parcels in turn; outcome s, pieces asked one in four,
// majorations one in six, a withdrawal one in thirty; the facts in the context as the engine writes them.
const DOSSIERS_SQL = `
WITH p AS (SELECT id, commune, row_number() OVER (ORDER BY id) AS k FROM cadastre_parcelles),
np AS (SELECT count(*) AS n FROM p),
g AS (
  SELECT i, (ARRAY['PC','PCMI','DP','PA','PD','CUa','DP','PCMI'])[1 + i % 8] AS type, i % 10 AS s,
         DATE '${TODAY}' - (i::bigint * 7919 % 2190)::int AS filed, (SELECT n FROM np) AS n
  FROM generate_series(1, $1) i
), d AS (
  SELECT g.*, p.id AS parcel, p.commune,
    CASE WHEN i % 4 = 0 THEN g.filed + 20 ELSE g.filed END AS complete_on,
    (CASE type WHEN 'DP' THEN 1 WHEN 'CUa' THEN 1 WHEN 'PCMI' THEN 2 WHEN 'PD' THEN 2 ELSE 3 END) + CASE WHEN i % 6 = 0 THEN 1 ELSE 0 END AS months
  FROM g JOIN p ON p.k = 1 + g.i % g.n
)
INSERT INTO dossiers (number, number_compact, type, insee, parcels, filed_on, applicant, applicant_name, works, receipt, state, context, decision_deadline, constraints)
SELECT 'B ' || i, 'B' || i, type, commune, ARRAY[parcel]::varchar[], filed,
  jsonb_build_object('kind', 'person', 'lastName', 'Banc ' || i), 'Banc ' || i,
  jsonb_build_object('description', 'privé', 'destination', (ARRAY['habitation','habitation','commerce_activites_service','autres_activites'])[1 + i % 4], 'floorArea', 20 + i % 300, 'dwellings', i % 5),
  '{}'::jsonb,
  CASE WHEN decided IS NULL THEN 'instruction.delai.complet' WHEN s IN (3, 4) THEN 'refuse' WHEN s = 5 THEN 'sursis' WHEN s = 9 THEN 'rejet_tacite' ELSE 'accorde.valide' END,
  jsonb_build_object('type', type, 'filedOn', filed, 'completeOn', complete_on,
    'majorations', CASE WHEN i % 6 = 0 THEN '[{"article": "R423-24 c", "months": 1, "mode": "add"}]'::jsonb ELSE '[]'::jsonb END,
    'completeness', jsonb_build_object('requestedOn', CASE WHEN i % 4 = 0 THEN (filed + 10)::text END, 'requested', '[]'::jsonb, 'missing', '[]'::jsonb, 'received', '[]'::jsonb, 'late', '[]'::jsonb),
    'withdrawnOn', CASE WHEN i % 30 = 0 AND s IN (0, 1) AND decided IS NOT NULL THEN (decided + 30)::text END,
    'decision', CASE WHEN decided IS NULL THEN NULL ELSE jsonb_build_object(
      'kind', CASE WHEN s IN (6, 7, 9) THEN NULL WHEN s = 1 THEN 'accord_prescriptions' WHEN s IN (3, 4) THEN 'refus' WHEN s = 5 THEN 'sursis' ELSE 'accord' END,
      'outcome', CASE WHEN s IN (3, 4) THEN 'refused' WHEN s = 5 THEN 'sursis' WHEN s = 9 THEN 'rejected' ELSE 'granted' END,
      'tacit', s IN (6, 7, 9), 'on', decided::text) END),
  deadline,
  jsonb_build_object('zones', jsonb_build_array(jsonb_build_object('properties', jsonb_build_object('libelle', 'U' || (i % 7)), 'share', 1)),
    'servitudes', CASE WHEN i % 5 = 0 THEN jsonb_build_array(jsonb_build_object('properties', jsonb_build_object('categorie', (ARRAY['AC1','PM1','I4'])[1 + i % 3]), 'share', 0.5)) ELSE '[]'::jsonb END)
FROM (
  SELECT d.*, (complete_on + make_interval(months => months))::date AS deadline,
    CASE WHEN filed > DATE '${TODAY}' - 60 THEN NULL
         WHEN s IN (6, 7) THEN (complete_on + make_interval(months => months))::date + 1
         ELSE complete_on + (10 + i % 80)::int END AS decided
  FROM d
) x`;

// The journal: the filing, and a decision event when there is one (what the dashboard never reads
// but the tables hold, so that sizes and caches are those of a real base).
const EVENTS_SQL = `
INSERT INTO dossier_events (dossier_id, version, event, legal_date, actor, actor_role, payload, before, after)
SELECT id, 1, 'FILE', filed_on, 'banc', 'guichet', '{}'::jsonb, NULL, jsonb_build_object('state', 'instruction.delai.depose') FROM dossiers
UNION ALL
SELECT id, 2, CASE WHEN (context -> 'decision' ->> 'tacit')::boolean THEN 'TACIT_DECISION' ELSE 'NOTIFY_DECISION' END,
  (context -> 'decision' ->> 'on')::date, 'banc', 'guichet', '{}'::jsonb, jsonb_build_object('state', 'instruction.delai.complet'), jsonb_build_object('state', state)
FROM dossiers WHERE context -> 'decision' ->> 'on' IS NOT NULL`;

const DUE_SQL = `
INSERT INTO dossier_due (dossier_id, key, event, due_on, rank)
SELECT id, 'decision', 'TACIT_DECISION', decision_deadline + 1, 3 FROM dossiers WHERE state LIKE 'instruction%'`;

async function prepare(): Promise<Db> {
  const db = await openDepartement(URL_, PARCELS, log);
  // The synthetic cadastre has no sections layer; a real delivery has one (the dashboard falls back
  // on the union of the parcels without it, ~80 ms a section): build it once, as Etalab ships it.
  if (Number((await db.knex.raw('SELECT count(*) FROM cadastre_sections')).rows[0].count) === 0 && !args.flag('no-sections')) {
    log('building the sections layer from the parcels…');
    await db.knex.raw(`INSERT INTO cadastre_sections (id, commune, prefixe, code, geom)
      SELECT left(id, 10), commune, '000', section, ST_Multi(ST_Union(geom)) FROM cadastre_parcelles GROUP BY 1, 2, 4`);
  }
  const n = Number((await db.knex.raw('SELECT count(*) FROM dossiers')).rows[0].count);
  const journal = Number((await db.knex.raw('SELECT count(*) FROM dossier_events')).rows[0].count);
  if (n !== DOSSIERS || journal < n) {
    log(`writing ${DOSSIERS} synthetic dossiers with their journals…`);
    const t = performance.now();
    await db.knex.raw('TRUNCATE dossiers CASCADE');
    // The land trigger unions parcels per row: not what is measured here, and slow in bulk.
    await db.knex.raw('ALTER TABLE dossiers DISABLE TRIGGER dossiers_land');
    await db.knex.raw(DOSSIERS_SQL.replace(/\$1/g, String(Math.round(DOSSIERS))));
    await db.knex.raw('ALTER TABLE dossiers ENABLE TRIGGER dossiers_land');
    await db.knex.raw(EVENTS_SQL);
    await db.knex.raw(DUE_SQL);
    // VACUUM for the visibility map: the delays read stats_facts by an index-only scan.
    await db.knex.raw('VACUUM ANALYZE stats_facts');
    await db.knex.raw('ANALYZE dossiers; ANALYZE dossier_events; ANALYZE dossier_due');
    log(`  ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  return db;
}

/** The hand-written baselines: the same figures straight on the dossiers table, no view, no helper. */
const BASELINES: Record<string, string> = {
  activity: `
    SELECT month, type, sum(filed)::int AS filed, sum(decided)::int AS decided FROM (
      SELECT to_char(filed_on, 'YYYY-MM') AS month, CASE WHEN type IN ('CUa', 'CUb') THEN 'CU' ELSE type END AS type, 1 AS filed, 0 AS decided
      FROM dossiers WHERE parent_id IS NULL AND filed_on BETWEEN :from AND :to
      UNION ALL
      SELECT to_char((context -> 'decision' ->> 'on')::date, 'YYYY-MM'), CASE WHEN type IN ('CUa', 'CUb') THEN 'CU' ELSE type END, 0, 1
      FROM dossiers WHERE parent_id IS NULL AND (context -> 'decision' ->> 'on')::date BETWEEN :from AND :to) x
    GROUP BY 1, 2 ORDER BY 1, 2`,
  outcomes: `
    SELECT outcome, type, count(*)::int FROM (
      SELECT CASE WHEN type IN ('CUa', 'CUb') THEN 'CU' ELSE type END AS type,
        CASE WHEN context -> 'decision' ->> 'outcome' = 'rejected' THEN 'rejet'
             WHEN (context -> 'decision' ->> 'tacit')::boolean AND context -> 'decision' ->> 'outcome' = 'granted' THEN 'tacite'
             WHEN (context -> 'decision' ->> 'tacit')::boolean THEN 'refus_tacite'
             WHEN context -> 'decision' ->> 'kind' IN ('accord_prescriptions', 'non_opposition_prescriptions') THEN 'accord_prescriptions'
             WHEN context -> 'decision' ->> 'kind' IN ('refus', 'opposition', 'cu_negatif') THEN 'refus'
             WHEN context -> 'decision' ->> 'kind' = 'sursis' THEN 'sursis' ELSE 'accord' END AS outcome
      FROM dossiers WHERE parent_id IS NULL AND (context -> 'decision' ->> 'on')::date BETWEEN :from AND :to
      UNION ALL
      SELECT CASE WHEN type IN ('CUa', 'CUb') THEN 'CU' ELSE type END, 'retrait'
      FROM dossiers WHERE parent_id IS NULL AND (context ->> 'withdrawnOn')::date BETWEEN :from AND :to) x
    GROUP BY 1, 2 ORDER BY 1, 2`,
  delays: `
    SELECT type, count(*), count(*) FILTER (WHERE NOT tacit),
      percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FILTER (WHERE NOT tacit),
      percentile_cont(0.9) WITHIN GROUP (ORDER BY days) FILTER (WHERE NOT tacit),
      percentile_cont(0.5) WITHIN GROUP (ORDER BY legal), count(*) FILTER (WHERE NOT tacit AND decided <= decision_deadline)
    FROM (SELECT CASE WHEN type IN ('CUa', 'CUb') THEN 'CU' ELSE type END AS type, (context -> 'decision' ->> 'tacit')::boolean AS tacit,
            (context -> 'decision' ->> 'on')::date AS decided, decision_deadline,
            (context -> 'decision' ->> 'on')::date - (context ->> 'completeOn')::date AS days, decision_deadline - (context ->> 'completeOn')::date AS legal
          FROM dossiers WHERE parent_id IS NULL AND (context -> 'decision' ->> 'on')::date BETWEEN :from AND :to
            AND context -> 'decision' ->> 'outcome' <> 'rejected' AND context ->> 'completeOn' IS NOT NULL AND decision_deadline IS NOT NULL) x
    GROUP BY ROLLUP (type)`,
  rates: `
    SELECT CASE WHEN type IN ('CUa', 'CUb') THEN 'CU' ELSE type END AS t, count(*), count(*) FILTER (WHERE jsonb_array_length(context -> 'majorations') > 0),
      count(*) FILTER (WHERE context -> 'completeness' ->> 'requestedOn' IS NOT NULL)
    FROM dossiers WHERE parent_id IS NULL AND filed_on BETWEEN :from AND :to GROUP BY ROLLUP (t)`,
  sections: `
    SELECT c.id, c.n, ST_AsGeoJSON(ST_Transform(s.geom, 4326), 6)
    FROM (SELECT left(parcels[1], 10) AS id, count(*) AS n FROM dossiers
          WHERE parent_id IS NULL AND type IN ('PC', 'PCMI', 'DP', 'PA', 'PD') AND filed_on BETWEEN :from AND :to GROUP BY 1) c
    JOIN cadastre_sections s ON s.id = c.id`,
  housing: `
    SELECT to_char((context -> 'decision' ->> 'on')::date, 'YYYY-MM'), destination, count(*), sum(nb_logements), sum(surface_plancher_creee)
    FROM dossiers WHERE parent_id IS NULL AND type IN ('PC', 'PCMI', 'DP', 'PA', 'PD') AND context -> 'decision' ->> 'outcome' = 'granted'
      AND (context -> 'decision' ->> 'on')::date BETWEEN :from AND :to GROUP BY 1, 2`,
  constraints: `
    SELECT s ->> 'categorie', count(*) FROM dossiers, jsonb_array_elements(constraints -> 'servitudes') s
    WHERE parent_id IS NULL AND filed_on BETWEEN :from AND :to GROUP BY 1 ORDER BY 2 DESC LIMIT 15`,
};

async function main() {
  const db = await prepare();
  const scope: q.Scope = { from: '2025-12-01', to: TODAY, communes: null };
  await db.knex.raw(`DELETE FROM users WHERE login = 'banc-elu'`);
  await createUser(db.knex, { login: 'banc-elu', role: 'elu', password: 'banc-elu-password' });
  const server: Server = await new Promise((resolve) => { const s = buildApp(db, { stats: { today: () => TODAY } }).listen(0, '127.0.0.1', () => resolve(s)); });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const login = await fetch(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'banc-elu', password: 'banc-elu-password' }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const n = Number((await db.knex.raw('SELECT count(*) FROM dossiers')).rows[0].count);
  const ev = Number((await db.knex.raw('SELECT count(*) FROM dossier_events')).rows[0].count);
  console.log(`${n} dossiers, ${ev} journal rows; period ${scope.from} → ${scope.to}; load average ${(await import('node:os')).loadavg()[0]!.toFixed(2)}`);

  // (a) the whole dashboard over HTTP
  const times: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const t = performance.now();
    const r = await fetch(`${base}/api/stats?from=${scope.from}&to=${scope.to}`, { headers: { cookie } });
    await r.json();
    if (r.status !== 200) throw new Error(`GET /api/stats: ${r.status}`);
    if (i >= 2) times.push(performance.now() - t); // two warm-ups
  }
  const s = summarize(times);
  console.log(`\n(a) GET /api/stats, ${RUNS} runs`);
  console.log(table(['mean ms', 'p50 ms', 'p95 ms', 'max ms'], [[f2(s.mean), f2(s.p50), f2(s.p95), f2(s.max)]]));

  // (b) each figure against its baseline, interleaved
  const figures: Record<string, () => Promise<unknown>> = {
    activity: () => q.activity(db.knex, scope), outcomes: () => q.outcomes(db.knex, scope), delays: () => q.delays(db.knex, scope),
    rates: () => q.rates(db.knex, scope), housing: () => q.housing(db.knex, scope), constraints: () => q.constraints(db.knex, scope, 15),
    risk: () => q.risk(db.knex, null, TODAY, 15, 200), sections: () => q.sections(db.knex, scope),
  };
  const rows: (string | number)[][] = [];
  for (const [name, run] of Object.entries(figures)) {
    const sql = BASELINES[name];
    const a: number[] = [], b: number[] = [];
    for (let i = 0; i < Math.max(5, Math.round(RUNS / 3)) + 1; i++) {
      const order = i % 2 ? ['fig', 'base'] : ['base', 'fig'];
      for (const v of order) {
        if (v === 'base' && !sql) continue;
        const t = performance.now();
        if (v === 'fig') await run(); else await db.knex.raw(sql!, { from: scope.from, to: scope.to });
        if (i > 0) (v === 'fig' ? a : b).push(performance.now() - t);
      }
    }
    const fa = summarize(a);
    const fb = b.length ? summarize(b) : null;
    rows.push([name, f2(fa.mean), f2(fa.p95), fb ? f2(fb.mean) : '—', fb ? f2(fa.mean / fb.mean) : '—']);
  }
  console.log('\n(b) each figure vs a hand-written SQL baseline on the dossiers table');
  console.log(table(['figure', 'mean ms', 'p95 ms', 'baseline mean ms', '× baseline'], rows, ['l', 'r', 'r', 'r', 'r']));
  server.close();
  await db.close();
}

main().catch((err) => { console.error(err); process.exit(1); });
