-- The public side (server/publication): what the law makes public about a dossier, and two
-- projections read by everything that is not the staff's own desk.
--   - public_autorisations: every permit and declaration from its filing (avis de dépôt, R423-6),
--     its decision once taken (R424-15), then DOC, DAACT, withdrawal, lapse. CU are not published
--     (information given to one applicant). Its column list is the allow-list: a test compares it
--     with server/publication/columns.ts.
--   - elu_dossiers / elu_dossier_events: what élus read, without personal data nor staff free text.

-- What the public needs that the dossier did not hold apart. The applicant and the works stay
-- validated JSON (server/dossiers/input.ts); the public fields are generated from them, so there is
-- one source and a transfer (which replaces the applicant) updates them too.
ALTER TABLE dossiers
  ADD COLUMN applicant_kind text GENERATED ALWAYS AS (applicant ->> 'kind') STORED,
  -- A legal person's name and SIREN are public, as Sitadel publishes them; a natural person's never.
  ADD COLUMN denomination text GENERATED ALWAYS AS (CASE WHEN applicant ->> 'kind' = 'company' THEN applicant ->> 'name' END) STORED,
  ADD COLUMN siren varchar(9) GENERATED ALWAYS AS (
    CASE WHEN applicant ->> 'kind' = 'company' THEN coalesce(applicant ->> 'siren', left(applicant ->> 'siret', 9)) END) STORED,
  ADD COLUMN nature_travaux text GENERATED ALWAYS AS (works ->> 'nature') STORED,
  ADD COLUMN surface_plancher_creee numeric GENERATED ALWAYS AS ((works ->> 'floorArea')::numeric) STORED,
  ADD COLUMN nb_logements integer GENERATED ALWAYS AS ((works ->> 'dwellings')::integer) STORED,
  ADD COLUMN destination text GENERATED ALWAYS AS (works ->> 'destination') STORED,
  -- The short public description, entered by staff (the works' description typed at filing is private).
  ADD COLUMN objet_affiche text CHECK (length(objet_affiche) <= 300),
  -- The land: the union of the parcels, and a point on it. Stored, so that tiles and bbox queries
  -- find dossiers through a GiST index instead of joining the cadastre for every request.
  ADD COLUMN land geometry(MultiPolygon, 2154),
  ADD COLUMN location geometry(Point, 2154);

CREATE FUNCTION dossier_land() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.land := (SELECT ST_Multi(ST_Union(p.geom)) FROM cadastre_parcelles p WHERE p.id = ANY(NEW.parcels));
  NEW.location := CASE WHEN NEW.land IS NULL OR ST_IsEmpty(NEW.land) THEN NULL ELSE ST_PointOnSurface(NEW.land) END;
  RETURN NEW;
END $$;
CREATE TRIGGER dossiers_land BEFORE INSERT OR UPDATE OF parcels ON dossiers FOR EACH ROW EXECUTE FUNCTION dossier_land();
UPDATE dossiers SET parcels = parcels;

CREATE INDEX dossiers_location_geom_idx ON dossiers USING gist (location);
CREATE INDEX dossiers_land_geom_idx ON dossiers USING gist (land);

-- The public layer's tiles and the open-data ETag follow the data version: a dossier's change is a
-- change of published data. changed_at gives the open data its Last-Modified.
ALTER TABLE data_version ADD COLUMN changed_at timestamptz NOT NULL DEFAULT clock_timestamp();
CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_version SET version = nextval('data_version_seq'), changed_at = clock_timestamp();
  RETURN NULL;
END $$;
CREATE TRIGGER dossiers_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dossiers
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();

-- The constraints found at filing, public part only: the PLU zones and the servitudes met (public
-- map data), with their share of the land; nothing the staff wrote.
CREATE FUNCTION public_constraints(c jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN c IS NULL OR jsonb_typeof(c) <> 'object' THEN NULL ELSE jsonb_build_object(
    'zones', (SELECT coalesce(jsonb_agg(jsonb_build_object(
        'libelle', z -> 'properties' -> 'libelle', 'libelong', z -> 'properties' -> 'libelong',
        'typezone', z -> 'properties' -> 'typezone', 'idurba', z -> 'properties' -> 'idurba',
        'part', z -> 'share') ORDER BY ord), '[]'::jsonb)
      FROM jsonb_array_elements(coalesce(c -> 'zones', '[]'::jsonb)) WITH ORDINALITY AS x(z, ord)),
    'servitudes', (SELECT coalesce(jsonb_agg(jsonb_build_object(
        'categorie', s -> 'properties' -> 'categorie', 'nomsuplitt', s -> 'properties' -> 'nomsuplitt',
        'nomass', s -> 'properties' -> 'nomass', 'typeass', s -> 'properties' -> 'typeass',
        'nomgen', s -> 'properties' -> 'nomgen', 'part', s -> 'share') ORDER BY ord), '[]'::jsonb)
      FROM jsonb_array_elements(coalesce(c -> 'servitudes', '[]'::jsonb)) WITH ORDINALITY AS x(s, ord)))
  END
$$;

-- The Sitadel-like state of a permit or declaration from its statechart state and facts.
CREATE FUNCTION public_etat(state text, context jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN state LIKE 'instruction%' THEN 'en_cours'
    WHEN state = 'accorde.travaux' THEN 'commence'
    WHEN state = 'accorde.acheve' THEN 'acheve'
    WHEN state LIKE 'accorde%' THEN CASE WHEN (context -> 'decision' ->> 'tacit')::boolean THEN 'tacite' ELSE 'accorde' END
    WHEN state IN ('refuse', 'refus_tacite', 'rejet_tacite') THEN 'refuse'
    WHEN state = 'sursis' THEN 'sursis'
    WHEN state = 'retire' THEN 'retire'
    WHEN state = 'perime' THEN 'perime'
  END
$$;

-- THE public projection. Every public route, tile and export reads this view and nothing else;
-- adding a column here is publishing it (server/publication/columns.ts must list it, a test checks).
-- Names after Sitadel where it has one (NUM_DAU, TYPE_DAU, ETAT_DAU, COMM, DATE_REELLE_AUTORISATION,
-- DATE_REELLE_DOC, DATE_REELLE_DAACT, DENOM_DEM, SIREN_DEM, CAT_DEM, NB_LGT_TOT_CREES,
-- DESTINATION_PRINCIPALE).
CREATE VIEW public_autorisations AS
SELECT d.number AS num_dau,
       d.type AS type_dau,
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
WHERE d.parent_id IS NULL AND d.type IN ('PC', 'PCMI', 'DP', 'PA', 'PD');

-- What élus read: the dossier without personal data (a natural person's identity and contact, the
-- representative) and without the staff's free text (motifs, prescriptions, requested pieces,
-- consulted services, notes). The facts that dates and deadlines follow from stay, so élus keep
-- states, delays and deadlines. server/dossiers/elu.ts reads it; a test lists its columns.
CREATE FUNCTION elu_context(c jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT c - 'proposal' - 'completeness' - 'consultations' - 'suggested' - 'silenceMeansRefusal'
    || jsonb_build_object(
      'proposal', CASE WHEN jsonb_typeof(c -> 'proposal') = 'object' THEN (c -> 'proposal') - 'motifs' - 'prescriptions' ELSE 'null'::jsonb END,
      'completeness', jsonb_build_object(
        'requestedOn', c -> 'completeness' -> 'requestedOn',
        'requested', '[]'::jsonb, 'missing', '[]'::jsonb, 'late', '[]'::jsonb,
        'received', (SELECT coalesce(jsonb_agg(jsonb_build_object('on', r -> 'on', 'pieces', '[]'::jsonb)), '[]'::jsonb)
                     FROM jsonb_array_elements(coalesce(c -> 'completeness' -> 'received', '[]'::jsonb)) r),
        'requestedCount', jsonb_array_length(coalesce(c -> 'completeness' -> 'requested', '[]'::jsonb)),
        'missingCount', jsonb_array_length(coalesce(c -> 'completeness' -> 'missing', '[]'::jsonb))),
      'consultations', (SELECT coalesce(jsonb_agg(x - 'service' - 'prescriptions' || jsonb_build_object('service', null, 'prescriptions', null)), '[]'::jsonb)
                        FROM jsonb_array_elements(coalesce(c -> 'consultations', '[]'::jsonb)) x),
      'suggested', jsonb_build_object('majorations', coalesce(c -> 'suggested' -> 'majorations', '[]'::jsonb), 'consultations', '[]'::jsonb),
      'silenceMeansRefusal', (SELECT coalesce(jsonb_agg(jsonb_build_object('article', s -> 'article', 'reason', null)), '[]'::jsonb)
                              FROM jsonb_array_elements(coalesce(c -> 'silenceMeansRefusal', '[]'::jsonb)) s))
$$;

CREATE VIEW elu_dossiers AS
SELECT d.id, d.number, d.number_compact, d.type, d.parent_id, d.insee, d.parcels, d.filed_on,
       d.applicant_kind, d.denomination, d.siren,
       d.nature_travaux, d.surface_plancher_creee, d.nb_logements, d.destination, d.objet_affiche,
       d.state, elu_context(d.context) AS context, d.decision_deadline, d.version, d.created_at, d.updated_at,
       public_constraints(d.constraints) AS constraints
FROM dossiers d;

-- The journal as élus read it: what happened and when, by which role; no payload, no login.
CREATE VIEW elu_dossier_events AS
SELECT e.dossier_id, e.version, e.event, e.legal_date, e.actor_role,
       e.before ->> 'state' AS from_state, e.after ->> 'state' AS to_state, e.recorded_at
FROM dossier_events e;
