-- The élus' dashboard at a département's scale (issue 15: p95 ≤ 300 ms on 1,000,000 dossiers). Reading
-- stats_dossiers (migration 016) extracts dates from each row's jsonb context: a year of 1M dossiers cost
-- 7 s. Instead:
--   stats_facts      one narrow row per dossier of its own (parent_id IS NULL): the facts the figures
--                    read, as plain columns (docs/benchmarks.md, "Élus' dashboard");
--   stats_*_monthly  counts and sums per commune × month × type (× outcome, destination, section, label),
--                    for the count figures; server/stats/queries.ts adds the period's partial months at
--                    its ends from stats_facts, so figures stay exact for any period.
-- Privacy as in 016: no applicant, no free text; only codes, dates, numbers, the section and the labels
-- of the public constraints (servitude categories, PLU zone labels).
-- Kept current in the writer's transaction by STATEMENT-level triggers with transition tables (a bulk
-- insert is one trigger call): dossiers → stats_facts (only rows whose facts changed are rewritten, so
-- an engine event that changes no figure costs one comparison) → the rollups (delta upserts). A rolled
-- back transaction rolls them back with it. stats_sync() rebuilds everything from the dossiers.

CREATE TABLE stats_facts (
  id                bigint PRIMARY KEY,        -- the dossier, for the risk list's links; no cascade needed: the trigger deletes
  insee             varchar(5) NOT NULL,
  type              text NOT NULL,             -- as filed; CUa and CUb are merged by the readers
  filed_on          date NOT NULL,
  complete_on       date,                      -- the delay's start (R423-19)
  decision_deadline date,
  decision_on       date,                      -- notified (R424-10) or arisen tacitly (R424-1)
  decision_outcome  text,                      -- granted, refused, sursis, rejected, as the engine wrote it
  decision_tacit    boolean,
  outcome           text,                      -- the dashboard's category (stats_outcome), NULL while undecided
  withdrawn_on      date,
  majorated         boolean NOT NULL,
  incomplete        boolean NOT NULL,
  destination       text,
  dwellings         integer,
  floor_area        numeric,
  section_id        varchar(10),               -- the first parcel's section (Etalab id, 10 characters)
  servitudes        text[] NOT NULL,           -- distinct categories of the public servitudes met at filing
  zones             text[] NOT NULL            -- distinct labels of the PLU zones met at filing
);
-- The delays read a period of decisions; the edges of a period read days of filing or of decision.
CREATE INDEX stats_facts_decision_idx ON stats_facts (decision_on) INCLUDE (insee, type, decision_outcome, decision_tacit, complete_on, decision_deadline);
CREATE INDEX stats_facts_filed_idx ON stats_facts (filed_on);
CREATE INDEX stats_facts_withdrawn_idx ON stats_facts (withdrawn_on) WHERE withdrawn_on IS NOT NULL;

-- The outcome category of a decision, the one definition (queries.ts reads the column).
CREATE FUNCTION stats_outcome(outcome text, tacit boolean, kind text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN outcome = 'rejected' THEN 'rejet'
    WHEN tacit AND outcome = 'granted' THEN 'tacite'
    WHEN tacit THEN 'refus_tacite'
    WHEN kind IN ('accord_prescriptions', 'non_opposition_prescriptions') THEN 'accord_prescriptions'
    WHEN kind IN ('refus', 'opposition', 'cu_negatif') THEN 'refus'
    WHEN kind = 'sursis' THEN 'sursis'
    ELSE 'accord'
  END
$$;

-- A dossier's facts, with the same expressions as stats_dossiers (016) and public_constraints (013).
CREATE FUNCTION stats_fact(d dossiers) RETURNS stats_facts LANGUAGE sql IMMUTABLE AS $$
  SELECT ROW(
    d.id, d.insee, d.type, d.filed_on,
    CAST(d.context ->> 'completeOn' AS date),
    d.decision_deadline,
    CAST(d.context -> 'decision' ->> 'on' AS date),
    d.context -> 'decision' ->> 'outcome',
    CAST(d.context -> 'decision' ->> 'tacit' AS boolean),
    CASE WHEN d.context -> 'decision' ->> 'on' IS NOT NULL THEN stats_outcome(d.context -> 'decision' ->> 'outcome',
      CAST(d.context -> 'decision' ->> 'tacit' AS boolean), d.context -> 'decision' ->> 'kind') END,
    CAST(d.context ->> 'withdrawnOn' AS date),
    jsonb_array_length(coalesce(d.context -> 'majorations', '[]'::jsonb)) > 0,
    d.context -> 'completeness' ->> 'requestedOn' IS NOT NULL,
    d.destination, d.nb_logements, d.surface_plancher_creee,
    CASE WHEN cardinality(d.parcels) > 0 THEN left(d.parcels[1], 10) END,
    CASE WHEN jsonb_typeof(d.constraints) = 'object' THEN ARRAY(
      SELECT DISTINCT s -> 'properties' ->> 'categorie'
      FROM jsonb_array_elements(coalesce(d.constraints -> 'servitudes', '[]'::jsonb)) s
      WHERE s -> 'properties' ->> 'categorie' IS NOT NULL ORDER BY 1) ELSE '{}' END,
    CASE WHEN jsonb_typeof(d.constraints) = 'object' THEN ARRAY(
      SELECT DISTINCT z -> 'properties' ->> 'libelle'
      FROM jsonb_array_elements(coalesce(d.constraints -> 'zones', '[]'::jsonb)) z
      WHERE z -> 'properties' ->> 'libelle' IS NOT NULL ORDER BY 1) ELSE '{}' END
  )::stats_facts
$$;

-- The rollups. month is the first day of the month; n counts dossiers. Rows reaching n = 0 are deleted
-- (a partial index finds them), so a rollup holds only what exists.
CREATE TABLE stats_filed_monthly (      -- activity (filed), rates
  insee varchar(5) NOT NULL, month date NOT NULL, type text NOT NULL,
  n integer NOT NULL, majorated integer NOT NULL, incomplete integer NOT NULL,
  PRIMARY KEY (month, insee, type)
);
CREATE TABLE stats_decided_monthly (    -- activity (decided), outcomes
  insee varchar(5) NOT NULL, month date NOT NULL, type text NOT NULL, outcome text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (month, insee, type, outcome)
);
CREATE TABLE stats_withdrawn_monthly (  -- outcomes (retrait, by its own date)
  insee varchar(5) NOT NULL, month date NOT NULL, type text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (month, insee, type)
);
CREATE TABLE stats_housing_monthly (    -- housing: permits and declarations granted, by month of decision
  insee varchar(5) NOT NULL, month date NOT NULL, destination text NOT NULL,
  n integer NOT NULL, dwellings bigint NOT NULL, floor_area numeric NOT NULL,
  PRIMARY KEY (month, insee, destination)
);
CREATE TABLE stats_sections_monthly (   -- sections: permits and declarations filed, by their first parcel's section
  insee varchar(5) NOT NULL, month date NOT NULL, section_id varchar(10) NOT NULL,
  n integer NOT NULL, dwellings bigint NOT NULL,
  PRIMARY KEY (month, insee, section_id)
);
CREATE TABLE stats_constraints_monthly ( -- constraints met at filing, dossiers by label
  insee varchar(5) NOT NULL, month date NOT NULL, kind text NOT NULL, label text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (month, insee, kind, label)
);
-- The delays: histograms, so that percentiles stay exact (percentile_cont's interpolation redone on
-- the counts, server/stats/queries.ts) without reading a row per decision. measure 'legal': every
-- decision the delays count (not a rejection; complete and deadline known) by its legal delay in days,
-- with how many were express and how many express ones came by the deadline; 'days': the express ones
-- by their instruction time in days (complete → notified).
CREATE TABLE stats_delays_monthly (
  insee varchar(5) NOT NULL, month date NOT NULL, type text NOT NULL, measure text NOT NULL, value integer NOT NULL,
  n integer NOT NULL, express integer NOT NULL, within integer NOT NULL,
  PRIMARY KEY (month, insee, type, measure, value)
);
CREATE INDEX stats_filed_monthly_zero ON stats_filed_monthly (month) WHERE n = 0;
CREATE INDEX stats_decided_monthly_zero ON stats_decided_monthly (month) WHERE n = 0;
CREATE INDEX stats_withdrawn_monthly_zero ON stats_withdrawn_monthly (month) WHERE n = 0;
CREATE INDEX stats_housing_monthly_zero ON stats_housing_monthly (month) WHERE n = 0;
CREATE INDEX stats_sections_monthly_zero ON stats_sections_monthly (month) WHERE n = 0;
CREATE INDEX stats_constraints_monthly_zero ON stats_constraints_monthly (month) WHERE n = 0;
CREATE INDEX stats_delays_monthly_zero ON stats_delays_monthly (month) WHERE n = 0;

-- Adds sign × the facts to every rollup (sign 1: facts inserted, -1: deleted). Deltas are upserted in
-- key order, so two transactions touching the same keys lock them in the same order.
CREATE FUNCTION stats_rollup(sign integer, facts stats_facts[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_filed_monthly AS r (insee, month, type, n, majorated, incomplete)
  SELECT f.insee, CAST(date_trunc('month', f.filed_on) AS date), f.type,
    sign * count(*), sign * count(*) FILTER (WHERE f.majorated), sign * count(*) FILTER (WHERE f.incomplete)
  FROM unnest(facts) f GROUP BY 1, 2, 3 ORDER BY 2, 1, 3
  ON CONFLICT (month, insee, type) DO UPDATE
    SET n = r.n + excluded.n, majorated = r.majorated + excluded.majorated, incomplete = r.incomplete + excluded.incomplete;
  DELETE FROM stats_filed_monthly WHERE n = 0;

  INSERT INTO stats_decided_monthly AS r (insee, month, type, outcome, n)
  SELECT f.insee, CAST(date_trunc('month', f.decision_on) AS date), f.type, f.outcome, sign * count(*)
  FROM unnest(facts) f WHERE f.decision_on IS NOT NULL GROUP BY 1, 2, 3, 4 ORDER BY 2, 1, 3, 4
  ON CONFLICT (month, insee, type, outcome) DO UPDATE SET n = r.n + excluded.n;
  DELETE FROM stats_decided_monthly WHERE n = 0;

  INSERT INTO stats_withdrawn_monthly AS r (insee, month, type, n)
  SELECT f.insee, CAST(date_trunc('month', f.withdrawn_on) AS date), f.type, sign * count(*)
  FROM unnest(facts) f WHERE f.withdrawn_on IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 2, 1, 3
  ON CONFLICT (month, insee, type) DO UPDATE SET n = r.n + excluded.n;
  DELETE FROM stats_withdrawn_monthly WHERE n = 0;

  INSERT INTO stats_housing_monthly AS r (insee, month, destination, n, dwellings, floor_area)
  SELECT f.insee, CAST(date_trunc('month', f.decision_on) AS date), coalesce(f.destination, 'non_renseignee'),
    sign * count(*), sign * coalesce(sum(f.dwellings), 0), sign * coalesce(sum(f.floor_area), 0)
  FROM unnest(facts) f
  WHERE f.type IN ('PC', 'PCMI', 'DP', 'PA', 'PD') AND f.decision_outcome = 'granted' AND f.decision_on IS NOT NULL
  GROUP BY 1, 2, 3 ORDER BY 2, 1, 3
  ON CONFLICT (month, insee, destination) DO UPDATE
    SET n = r.n + excluded.n, dwellings = r.dwellings + excluded.dwellings, floor_area = r.floor_area + excluded.floor_area;
  DELETE FROM stats_housing_monthly WHERE n = 0;

  INSERT INTO stats_sections_monthly AS r (insee, month, section_id, n, dwellings)
  SELECT f.insee, CAST(date_trunc('month', f.filed_on) AS date), f.section_id, sign * count(*), sign * coalesce(sum(f.dwellings), 0)
  FROM unnest(facts) f
  WHERE f.type IN ('PC', 'PCMI', 'DP', 'PA', 'PD') AND f.section_id IS NOT NULL
  GROUP BY 1, 2, 3 ORDER BY 2, 1, 3
  ON CONFLICT (month, insee, section_id) DO UPDATE SET n = r.n + excluded.n, dwellings = r.dwellings + excluded.dwellings;
  DELETE FROM stats_sections_monthly WHERE n = 0;

  INSERT INTO stats_delays_monthly AS r (insee, month, type, measure, value, n, express, within)
  SELECT insee, month, type, measure, value, sign * count(*), sign * count(*) FILTER (WHERE express), sign * count(*) FILTER (WHERE within)
  FROM (
    SELECT f.insee, CAST(date_trunc('month', f.decision_on) AS date) AS month, f.type, 'legal' AS measure,
      f.decision_deadline - f.complete_on AS value, coalesce(NOT f.decision_tacit, false) AS express,
      coalesce(NOT f.decision_tacit AND f.decision_on <= f.decision_deadline, false) AS within
    FROM unnest(facts) f
    WHERE f.decision_on IS NOT NULL AND f.decision_outcome <> 'rejected' AND f.complete_on IS NOT NULL AND f.decision_deadline IS NOT NULL
    UNION ALL
    SELECT f.insee, CAST(date_trunc('month', f.decision_on) AS date), f.type, 'days', f.decision_on - f.complete_on, true, false
    FROM unnest(facts) f
    WHERE f.decision_on IS NOT NULL AND f.decision_outcome <> 'rejected' AND f.complete_on IS NOT NULL AND f.decision_deadline IS NOT NULL
      AND NOT f.decision_tacit
  ) x
  GROUP BY 1, 2, 3, 4, 5 ORDER BY 2, 1, 3, 4, 5
  ON CONFLICT (month, insee, type, measure, value) DO UPDATE
    SET n = r.n + excluded.n, express = r.express + excluded.express, within = r.within + excluded.within;
  DELETE FROM stats_delays_monthly WHERE n = 0;

  INSERT INTO stats_constraints_monthly AS r (insee, month, kind, label, n)
  SELECT insee, month, kind, label, sign * count(*)
  FROM (
    SELECT f.insee, CAST(date_trunc('month', f.filed_on) AS date) AS month, 'servitude' AS kind, l AS label
    FROM unnest(facts) f, unnest(f.servitudes) l
    UNION ALL
    SELECT f.insee, CAST(date_trunc('month', f.filed_on) AS date), 'zone', l
    FROM unnest(facts) f, unnest(f.zones) l
  ) x
  GROUP BY 1, 2, 3, 4 ORDER BY 2, 1, 3, 4
  ON CONFLICT (month, insee, kind, label) DO UPDATE SET n = r.n + excluded.n;
  DELETE FROM stats_constraints_monthly WHERE n = 0;
END
$$;

CREATE FUNCTION stats_facts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_rollup(1, ARRAY(SELECT CAST(ROW(n.*) AS stats_facts) FROM new_facts n));
  RETURN NULL;
END
$$;
CREATE FUNCTION stats_facts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_rollup(-1, ARRAY(SELECT CAST(ROW(o.*) AS stats_facts) FROM old_facts o));
  RETURN NULL;
END
$$;
CREATE TRIGGER stats_facts_inserted AFTER INSERT ON stats_facts
  REFERENCING NEW TABLE AS new_facts FOR EACH STATEMENT EXECUTE FUNCTION stats_facts_inserted();
CREATE TRIGGER stats_facts_deleted AFTER DELETE ON stats_facts
  REFERENCING OLD TABLE AS old_facts FOR EACH STATEMENT EXECUTE FUNCTION stats_facts_deleted();

-- dossiers → stats_facts. Facts are never updated in place: a changed one is deleted and inserted, so the
-- rollups see -old +new. (Transition tables need one trigger per event.)
CREATE FUNCTION stats_dossiers_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_facts
  SELECT (f).* FROM (SELECT stats_fact(CAST(ROW(n.*) AS dossiers)) AS f FROM new_dossiers n WHERE n.parent_id IS NULL OFFSET 0) x;
  RETURN NULL;
END
$$;
CREATE FUNCTION stats_dossiers_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Facts unchanged by the update stay (most engine events change none); the others, and those of
  -- rows that stopped counting, go, and the new facts come in where none is left.
  DELETE FROM stats_facts s USING old_dossiers o
  WHERE s.id = o.id AND NOT EXISTS (
    SELECT 1 FROM new_dossiers n WHERE n.id = s.id AND n.parent_id IS NULL AND stats_fact(CAST(ROW(n.*) AS dossiers)) IS NOT DISTINCT FROM s);
  INSERT INTO stats_facts
  SELECT (f).* FROM (SELECT stats_fact(CAST(ROW(n.*) AS dossiers)) AS f FROM new_dossiers n WHERE n.parent_id IS NULL OFFSET 0) x
  ON CONFLICT (id) DO NOTHING;
  RETURN NULL;
END
$$;
CREATE FUNCTION stats_dossiers_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM stats_facts WHERE id IN (SELECT o.id FROM old_dossiers o);
  RETURN NULL;
END
$$;
CREATE TRIGGER stats_dossiers_inserted AFTER INSERT ON dossiers
  REFERENCING NEW TABLE AS new_dossiers FOR EACH STATEMENT EXECUTE FUNCTION stats_dossiers_inserted();
CREATE TRIGGER stats_dossiers_updated AFTER UPDATE ON dossiers
  REFERENCING OLD TABLE AS old_dossiers NEW TABLE AS new_dossiers FOR EACH STATEMENT EXECUTE FUNCTION stats_dossiers_updated();
CREATE TRIGGER stats_dossiers_deleted AFTER DELETE ON dossiers
  REFERENCING OLD TABLE AS old_dossiers FOR EACH STATEMENT EXECUTE FUNCTION stats_dossiers_deleted();

-- TRUNCATE fires no DELETE trigger: emptied dossiers empty the dashboard's tables too.
CREATE FUNCTION stats_dossiers_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE stats_facts, stats_filed_monthly, stats_decided_monthly, stats_withdrawn_monthly,
    stats_housing_monthly, stats_sections_monthly, stats_constraints_monthly, stats_delays_monthly;
  RETURN NULL;
END
$$;
CREATE TRIGGER stats_dossiers_truncated AFTER TRUNCATE ON dossiers FOR EACH STATEMENT EXECUTE FUNCTION stats_dossiers_truncated();

-- Rebuilds the facts and rollups from the dossiers (after a bulk load with triggers disabled, or to check).
CREATE FUNCTION stats_sync() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE stats_facts, stats_filed_monthly, stats_decided_monthly, stats_withdrawn_monthly,
    stats_housing_monthly, stats_sections_monthly, stats_constraints_monthly, stats_delays_monthly;
  INSERT INTO stats_facts
  SELECT (f).* FROM (SELECT stats_fact(d) AS f FROM dossiers d WHERE d.parent_id IS NULL OFFSET 0) x;
END
$$;

SELECT stats_sync();
-- Statistics for the planner now, not at autovacuum's next pass: unanalysed, a rollup is costed at a
-- few rows whatever it holds.
ANALYZE stats_facts, stats_filed_monthly, stats_decided_monthly, stats_withdrawn_monthly, stats_housing_monthly,
  stats_sections_monthly, stats_constraints_monthly, stats_delays_monthly;
