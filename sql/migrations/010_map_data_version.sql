-- Vector tiles are cached by the server (and revalidated by browsers through their ETag): a tile must
-- never outlive the data it was made from. Every statement that writes a table the map layers read
-- adds one to this version, in the writer's transaction; the tile cache is keyed by it. Imports,
-- the demo loader, hand-written SQL and cascades from plu_doc_urba all go through these triggers.
CREATE TABLE map_data_version (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  version  bigint NOT NULL DEFAULT 0
);
INSERT INTO map_data_version DEFAULT VALUES;

CREATE FUNCTION bump_map_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE map_data_version SET version = version + 1;
  RETURN NULL;
END $$;

CREATE TRIGGER communes_map_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON communes
  FOR EACH STATEMENT EXECUTE FUNCTION bump_map_data_version();
CREATE TRIGGER cadastre_sections_map_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cadastre_sections
  FOR EACH STATEMENT EXECUTE FUNCTION bump_map_data_version();
CREATE TRIGGER cadastre_parcelles_map_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cadastre_parcelles
  FOR EACH STATEMENT EXECUTE FUNCTION bump_map_data_version();
CREATE TRIGGER plu_zone_urba_map_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON plu_zone_urba
  FOR EACH STATEMENT EXECUTE FUNCTION bump_map_data_version();
CREATE TRIGGER plu_prescription_map_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON plu_prescription
  FOR EACH STATEMENT EXECUTE FUNCTION bump_map_data_version();
CREATE TRIGGER plu_information_map_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON plu_information
  FOR EACH STATEMENT EXECUTE FUNCTION bump_map_data_version();
-- Assiettes and générateurs carry attributes of their servitude (sup_assiette_detail, the générateur layer).
CREATE TRIGGER sup_servitude_map_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sup_servitude
  FOR EACH STATEMENT EXECUTE FUNCTION bump_map_data_version();
CREATE TRIGGER sup_generateur_map_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sup_generateur
  FOR EACH STATEMENT EXECUTE FUNCTION bump_map_data_version();
CREATE TRIGGER sup_assiette_map_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sup_assiette
  FOR EACH STATEMENT EXECUTE FUNCTION bump_map_data_version();
