-- Areas and lengths in each territory's legal projection (décret 2000-1276 as amended): geometries
-- stay stored in EPSG:2154 everywhere, so every table, index, tile and query is unchanged; Lambert-93
-- is finite and exactly invertible over the overseas départements (a 2154 round trip moves a Réunion
-- parcel's area by 1e-11), but its scale there is far from 1 (a 400 m² square in Réunion measures
-- 1412 m² in 2154). A measure is therefore taken after ST_Transform to the legal projection of where
-- the geometry lies. The bounds are @etalab/project-legal's (server/geometry/territories.ts reads the
-- same list; server/geometry/overseas.test.ts checks both agree).

-- The SRIDs must exist: PostGIS ships them (EPSG), and PGlite's PostGIS does too; fail loudly if a
-- trimmed spatial_ref_sys lacks one rather than measure nothing later.
DO $$
DECLARE missing int[];
BEGIN
  SELECT array_agg(s) INTO missing FROM unnest(ARRAY[2154, 5490, 2972, 2975, 4471]) s
    WHERE NOT EXISTS (SELECT 1 FROM spatial_ref_sys r WHERE r.srid = s);
  IF missing IS NOT NULL THEN RAISE EXCEPTION 'spatial_ref_sys lacks SRIDs %', missing; END IF;
END $$;

-- The territory's WGS84 bounds as numbers (not a geometry column: those are Lambert-93 and indexed).
CREATE TABLE legal_projections (
  srid int PRIMARY KEY,
  nom  text NOT NULL,
  x0 float8 NOT NULL, y0 float8 NOT NULL, x1 float8 NOT NULL, y1 float8 NOT NULL
);
INSERT INTO legal_projections (srid, nom, x0, y0, x1, y1) VALUES
  (5490, 'RGAF09 / UTM zone 20N (Guadeloupe, Martinique, Saint-Martin, Saint-Barthélemy)', -63.66, 14.08, -57.52, 18.54),
  (2972, 'RGFG95 / UTM zone 22N (Guyane)', -54.6, 2.11, -49.46, 8.88),
  (2975, 'RGR92 / UTM zone 40S (La Réunion)', 51.83, -24.72, 58.24, -18.28),
  (4471, 'RGM04 / UTM zone 38S (Mayotte)', 43.68, -14.49, 46.7, -11.33);

-- The legal projection of a Lambert-93 geometry: 2154 when its box lies in metropolitan France's
-- (the common case: a box test, no lookup), else the territory holding its bbox centre in WGS84.
CREATE FUNCTION legal_srid(g geometry) RETURNS int
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT CASE
    WHEN g IS NULL OR ST_MakeEnvelope(-378305, 6005281, 1320649, 7235612, 2154) ~ g THEN 2154
    ELSE coalesce((SELECT p.srid FROM legal_projections p,
                     (SELECT ST_Transform(ST_SetSRID(ST_MakePoint((ST_XMin(g) + ST_XMax(g)) / 2, (ST_YMin(g) + ST_YMax(g)) / 2), 2154), 4326) AS c) w
                   WHERE ST_X(w.c) BETWEEN p.x0 AND p.x1 AND ST_Y(w.c) BETWEEN p.y0 AND p.y1
                   LIMIT 1), 2154) END $$;

-- Area (m²) and length (m) in the legal projection of where the geometry lies.
CREATE FUNCTION legal_area(g geometry) RETURNS float8
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN s = 2154 THEN ST_Area(g) ELSE ST_Area(ST_Transform(g, s)) END FROM (SELECT legal_srid(g) AS s) x $$;

CREATE FUNCTION legal_length(g geometry) RETURNS float8
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN s = 2154 THEN ST_Length(g) ELSE ST_Length(ST_Transform(g, s)) END FROM (SELECT legal_srid(g) AS s) x $$;
