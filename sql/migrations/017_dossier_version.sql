-- Two things for the public side (issue 13):
--
-- 1. A version of the dossiers of their own. Until now every dossier write bumped data_version
--    (migration 013), the version of the reference data (cadastre, PLU, SUP): each filing or event
--    emptied the tile cache of every layer and the spatial check's attribute cache, though none of
--    them reads a dossier. dossier_version is set the same way (a never-reused value of a sequence,
--    written in the writer's transaction by a statement trigger, so a reader sees the new version
--    exactly when it sees the new rows); what is made from the dossiers (the public layer's tiles,
--    the public GeoJSON, the open data's ETag and Last-Modified) keys on it, and the reference-data
--    caches keep data_version. The trigger is on dossiers only: public_autorisations reads no other
--    dossier table (the journal, due dates and documents are never published).
CREATE SEQUENCE dossier_version_seq;
CREATE TABLE dossier_version (
  one        boolean PRIMARY KEY DEFAULT true CHECK (one),
  version    bigint NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
INSERT INTO dossier_version (version) VALUES (nextval('dossier_version_seq'));

CREATE FUNCTION bump_dossier_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE dossier_version SET version = nextval('dossier_version_seq'), changed_at = clock_timestamp();
  RETURN NULL;
END $$;

DROP TRIGGER dossiers_data_version ON dossiers;
CREATE TRIGGER dossiers_dossier_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dossiers
  FOR EACH STATEMENT EXECUTE FUNCTION bump_dossier_version();

-- 2. The linked records. A DOC, a DAACT, a permis modificatif and a transfert are records of their
--    own, as in Sitadel, each with num_dau_parent naming its permit (the parent's page lists them).
--    They have no point nor outline of their own on the map (geom, geom_parcelles null): they are on
--    their permit's land, and a second point there would hide the permit's. Their longitude/latitude
--    stay, so that the open data can be read without the join. A prorogation is not published (a
--    date change of the permit's validity, not a record Sitadel keeps); a CU's children neither.
--    The column list is still the allow-list (server/publication/columns.ts, checked by a test).
CREATE OR REPLACE FUNCTION public_etat(state text, context jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN state LIKE 'instruction%' THEN 'en_cours'
    WHEN state = 'accorde.travaux' THEN 'commence'
    WHEN state = 'accorde.acheve' THEN 'acheve'
    WHEN state LIKE 'accorde%' THEN CASE WHEN (context -> 'decision' ->> 'tacit')::boolean THEN 'tacite' ELSE 'accorde' END
    WHEN state IN ('refuse', 'refus_tacite', 'rejet_tacite') THEN 'refuse'
    WHEN state = 'sursis' THEN 'sursis'
    WHEN state = 'retire' THEN 'retire'
    WHEN state = 'perime' THEN 'perime'
    -- A DOC is recorded on filing (R424-16); a DAACT is the completion declared, contested or not.
    WHEN state = 'enregistree' THEN 'commence'
    WHEN state IN ('contestable', 'contestee', 'conforme') THEN 'acheve'
  END
$$;

DROP VIEW public_autorisations;
-- Two branches (UNION ALL) rather than CASE on parent_id: a filter on geom or num_dau reaches each
-- branch's own index (GiST on location, unique on number); in the linked records' branch the
-- geometry is a constant NULL, so a bbox or tile query skips it at planning.
CREATE VIEW public_autorisations AS
SELECT d.number AS num_dau,
       d.type AS type_dau,
       NULL::text AS num_dau_parent,
       public_etat(d.state, d.context) AS etat_dau,
       d.insee AS comm,
       d.filed_on AS date_reelle_depot,
       -- The decision's date: its signature, or the day a tacit decision arose (R424-1).
       coalesce(d.context -> 'decision' ->> 'signedOn', d.context -> 'decision' ->> 'on')::date AS date_decision,
       CASE WHEN d.context -> 'decision' ->> 'outcome' = 'granted'
            THEN coalesce(d.context -> 'decision' ->> 'signedOn', d.context -> 'decision' ->> 'on')::date END AS date_reelle_autorisation,
       (d.context ->> 'displayFrom')::date AS date_affichage,
       (d.context ->> 'worksStartedOn')::date AS date_reelle_doc,
       (d.context ->> 'worksCompletedOn')::date AS date_reelle_daact,
       (d.context ->> 'withdrawnOn')::date AS date_retrait,
       (d.context ->> 'lapsedOn')::date AS date_peremption,
       CASE d.applicant_kind WHEN 'company' THEN 'personne_morale' WHEN 'person' THEN 'personne_physique' END AS cat_dem,
       d.denomination AS denom_dem,
       d.siren AS siren_dem,
       d.nature_travaux AS nature_projet,
       d.surface_plancher_creee AS surface_plancher_creee,
       d.nb_logements AS nb_lgt_tot_crees,
       d.destination AS destination_principale,
       d.objet_affiche AS objet_affiche,
       d.parcels AS parcelles,
       -- Rounded to 6 decimals (about 10 cm), as double precision so that every writer prints it alike.
       round(ST_X(ST_Transform(d.location, 4326))::numeric, 6)::float8 AS longitude,
       round(ST_Y(ST_Transform(d.location, 4326))::numeric, 6)::float8 AS latitude,
       public_constraints(d.constraints) AS contraintes,
       d.location AS geom,
       d.land AS geom_parcelles
FROM dossiers d
WHERE d.parent_id IS NULL AND d.type IN ('PC', 'PCMI', 'DP', 'PA', 'PD')
UNION ALL
SELECT d.number AS num_dau,
       d.type AS type_dau,
       p.number AS num_dau_parent,
       public_etat(d.state, d.context) AS etat_dau,
       d.insee AS comm,
       d.filed_on AS date_reelle_depot,
       coalesce(d.context -> 'decision' ->> 'signedOn', d.context -> 'decision' ->> 'on')::date AS date_decision,
       CASE WHEN d.context -> 'decision' ->> 'outcome' = 'granted'
            THEN coalesce(d.context -> 'decision' ->> 'signedOn', d.context -> 'decision' ->> 'on')::date END AS date_reelle_autorisation,
       (d.context ->> 'displayFrom')::date AS date_affichage,
       -- A DOC's or a DAACT's own record carries its filing as the date it declares.
       coalesce((d.context ->> 'worksStartedOn')::date, CASE WHEN d.type = 'DOC' THEN d.filed_on END) AS date_reelle_doc,
       coalesce((d.context ->> 'worksCompletedOn')::date, CASE WHEN d.type = 'DAACT' THEN d.filed_on END) AS date_reelle_daact,
       (d.context ->> 'withdrawnOn')::date AS date_retrait,
       (d.context ->> 'lapsedOn')::date AS date_peremption,
       CASE d.applicant_kind WHEN 'company' THEN 'personne_morale' WHEN 'person' THEN 'personne_physique' END AS cat_dem,
       d.denomination AS denom_dem,
       d.siren AS siren_dem,
       d.nature_travaux AS nature_projet,
       d.surface_plancher_creee AS surface_plancher_creee,
       d.nb_logements AS nb_lgt_tot_crees,
       d.destination AS destination_principale,
       d.objet_affiche AS objet_affiche,
       d.parcels AS parcelles,
       round(ST_X(ST_Transform(d.location, 4326))::numeric, 6)::float8 AS longitude,
       round(ST_Y(ST_Transform(d.location, 4326))::numeric, 6)::float8 AS latitude,
       public_constraints(d.constraints) AS contraintes,
       NULL::geometry(Point, 2154),
       NULL::geometry(MultiPolygon, 2154)
FROM dossiers d
JOIN dossiers p ON p.id = d.parent_id
WHERE d.type IN ('DOC', 'DAACT', 'modificatif', 'transfert') AND p.type IN ('PC', 'PCMI', 'DP', 'PA', 'PD');
