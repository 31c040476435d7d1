-- The élus' dashboard (server/stats): the facts its figures count, as plain columns, and nothing else.
-- It is a projection like elu_dossiers (migration 013), narrower: no applicant at all (not even a legal
-- person's name), no free text, no parcels' owners. Every column is a plain expression of the row, so
-- the planner reads only what a figure names; elu_dossiers' elu_context() rebuilds the whole context
-- for each row, which made a year of 20,000 dossiers take seconds (docs/benchmarks.md, "Élus' dashboard").
-- server/stats/queries.ts reads this view and dossier_due only; a test lists its columns.
CREATE VIEW stats_dossiers AS
SELECT d.id, d.number, d.type, d.parent_id, d.insee, d.parcels, d.filed_on, d.state, d.decision_deadline,
       d.nb_logements, d.surface_plancher_creee, d.destination,
       -- The decision: notified (R424-10) or arisen tacitly (R424-1), its kind and outcome as the engine wrote them.
       CAST(d.context -> 'decision' ->> 'on' AS date) AS decision_on,
       d.context -> 'decision' ->> 'kind' AS decision_kind,
       d.context -> 'decision' ->> 'outcome' AS decision_outcome,
       CAST(d.context -> 'decision' ->> 'tacit' AS boolean) AS decision_tacit,
       -- The day the delay started (R423-19): the filing, or the receipt of the missing pieces.
       CAST(d.context ->> 'completeOn' AS date) AS complete_on,
       jsonb_array_length(coalesce(d.context -> 'majorations', '[]'::jsonb)) > 0 AS majorated,
       d.context -> 'completeness' ->> 'requestedOn' IS NOT NULL AS incomplete,
       CAST(d.context ->> 'withdrawnOn' AS date) AS withdrawn_on,
       public_constraints(d.constraints) AS constraints
FROM dossiers d;

