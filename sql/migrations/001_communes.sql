-- Geometries are stored in EPSG:2154 (Lambert-93) so that areas and distances are metres.
-- PGlite's PostGIS answers operations on invalid geometries with an empty result instead of an
-- error, so every geometry column carries this check: nothing invalid or empty gets in.
CREATE FUNCTION geom_ok(g geometry) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT g IS NULL OR (ST_IsValid(g) AND NOT ST_IsEmpty(g)) $$;

-- Facts about this database (e.g. whether the demo commune was seeded), one row per key.
CREATE TABLE settings (
  key   text PRIMARY KEY,
  value jsonb NOT NULL
);

CREATE TABLE communes (
  insee varchar(5) PRIMARY KEY CHECK (insee ~ '^([0-9]{2}|2A|2B)[0-9]{3}$'),
  nom   text NOT NULL,
  geom  geometry(MultiPolygon, 2154) CHECK (geom_ok(geom))
);
CREATE INDEX communes_geom_idx ON communes USING gist (geom);
COMMENT ON TABLE communes IS 'Communes known to Terrier (INSEE code, name, boundary)';
