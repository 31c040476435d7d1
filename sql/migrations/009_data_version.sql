-- The version of the reference data (cadastre, PLU, SUP): what the map's tiles and the spatial
-- check's attributes are made of. Server-side caches (server/tiles, server/checks/attributes.ts)
-- are keyed by it, so that nothing cached outlives the rows it was made from.
-- Every statement that writes one of these tables, whoever runs it (import, demo loader, tests, an
-- UPDATE by hand, cascades), sets the version to a new value of a sequence: values are never reused,
-- even by a transaction that rolls back, so one value always means one state of the data. The row is
-- written in the writer's transaction, so a reader sees the new version exactly when it sees the new
-- rows. Concurrent writers queue on this row until the first commits (imports are rare).
CREATE SEQUENCE data_version_seq;
CREATE TABLE data_version (
  one     boolean PRIMARY KEY DEFAULT true CHECK (one),
  version bigint NOT NULL
);
INSERT INTO data_version (version) VALUES (nextval('data_version_seq'));

CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_version SET version = nextval('data_version_seq');
  RETURN NULL;
END $$;

CREATE TRIGGER communes_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON communes
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER cadastre_sections_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cadastre_sections
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER cadastre_parcelles_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cadastre_parcelles
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER cadastre_batiments_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cadastre_batiments
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER plu_doc_urba_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON plu_doc_urba
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER plu_doc_urba_com_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON plu_doc_urba_com
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER plu_zone_urba_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON plu_zone_urba
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER plu_prescription_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON plu_prescription
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER plu_information_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON plu_information
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER sup_gestionnaire_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sup_gestionnaire
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER sup_servitude_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sup_servitude
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER sup_acte_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sup_acte
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER sup_servitude_acte_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sup_servitude_acte
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER sup_generateur_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sup_generateur
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER sup_assiette_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sup_assiette
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
