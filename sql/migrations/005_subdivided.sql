-- Zones, prescriptions, informations and SUP assiettes are also stored cut into small pieces
-- (ST_Subdivide, at most 128 vertices each): a parcel-sized query then tests a few small pieces found
-- by a tight index box instead of a 3,500-vertex polygon whose box covers the commune. The pieces do
-- not overlap, so summing the areas of a layer object's pieces gives the undivided area exactly.
-- Triggers keep the pieces in step with their object, whoever writes it (import, demo, tests).
CREATE FUNCTION subdivide_pieces() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    EXECUTE format('DELETE FROM %I WHERE gid = $1', TG_TABLE_NAME || '_sub') USING OLD.gid;
  END IF;
  -- ST_Subdivide returns nothing for points: they are stored whole.
  EXECUTE format('INSERT INTO %I (gid, geom)
      SELECT $1, ST_Subdivide($2, 128) WHERE ST_Dimension($2) > 0
      UNION ALL SELECT $1, $2 WHERE ST_Dimension($2) = 0', TG_TABLE_NAME || '_sub')
    USING NEW.gid, NEW.geom;
  RETURN NULL;
END $$;

CREATE TABLE plu_zone_urba_sub (
  gid  bigint NOT NULL REFERENCES plu_zone_urba ON DELETE CASCADE,
  geom geometry(Geometry, 2154) NOT NULL
);
CREATE INDEX plu_zone_urba_sub_gid_idx ON plu_zone_urba_sub (gid);
CREATE INDEX plu_zone_urba_sub_geom_idx ON plu_zone_urba_sub USING gist (geom);
CREATE TRIGGER plu_zone_urba_subdivide AFTER INSERT OR UPDATE OF geom ON plu_zone_urba
  FOR EACH ROW EXECUTE FUNCTION subdivide_pieces();

CREATE TABLE plu_prescription_sub (
  gid  bigint NOT NULL REFERENCES plu_prescription ON DELETE CASCADE,
  geom geometry(Geometry, 2154) NOT NULL
);
CREATE INDEX plu_prescription_sub_gid_idx ON plu_prescription_sub (gid);
CREATE INDEX plu_prescription_sub_geom_idx ON plu_prescription_sub USING gist (geom);
CREATE TRIGGER plu_prescription_subdivide AFTER INSERT OR UPDATE OF geom ON plu_prescription
  FOR EACH ROW EXECUTE FUNCTION subdivide_pieces();

CREATE TABLE plu_information_sub (
  gid  bigint NOT NULL REFERENCES plu_information ON DELETE CASCADE,
  geom geometry(Geometry, 2154) NOT NULL
);
CREATE INDEX plu_information_sub_gid_idx ON plu_information_sub (gid);
CREATE INDEX plu_information_sub_geom_idx ON plu_information_sub USING gist (geom);
CREATE TRIGGER plu_information_subdivide AFTER INSERT OR UPDATE OF geom ON plu_information
  FOR EACH ROW EXECUTE FUNCTION subdivide_pieces();

CREATE TABLE sup_assiette_sub (
  gid  bigint NOT NULL REFERENCES sup_assiette ON DELETE CASCADE,
  geom geometry(Geometry, 2154) NOT NULL
);
CREATE INDEX sup_assiette_sub_gid_idx ON sup_assiette_sub (gid);
CREATE INDEX sup_assiette_sub_geom_idx ON sup_assiette_sub USING gist (geom);
CREATE TRIGGER sup_assiette_subdivide AFTER INSERT OR UPDATE OF geom ON sup_assiette
  FOR EACH ROW EXECUTE FUNCTION subdivide_pieces();
