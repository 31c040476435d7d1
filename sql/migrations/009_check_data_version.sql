-- A version of the data the spatial check reports as attributes (zones and their document,
-- prescriptions, informations, SUP assiettes with their générateur, servitude and gestionnaire).
-- The check keeps those attributes in memory by (layer, gid) and trusts them only while this
-- version is the one its statement reads (server/checks/attributes.ts).
-- Every statement that writes one of these tables, whoever runs it (import, demo, tests, an
-- UPDATE by hand), sets the version to a new value of a sequence: values are never reused, even by
-- a transaction that rolls back, so one version value always means one state of the data. The row
-- is written in the writer's transaction, so a reader sees the new version exactly when it sees
-- the new rows. Concurrent writers queue on this row until the first commits (imports are rare).
CREATE SEQUENCE check_data_version_seq;
CREATE TABLE check_data_version (
  one     boolean PRIMARY KEY DEFAULT true CHECK (one),
  version bigint NOT NULL
);
INSERT INTO check_data_version (version) VALUES (nextval('check_data_version_seq'));

CREATE FUNCTION bump_check_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE check_data_version SET version = nextval('check_data_version_seq');
  RETURN NULL;
END $$;

CREATE TRIGGER plu_doc_urba_check_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON plu_doc_urba
  FOR EACH STATEMENT EXECUTE FUNCTION bump_check_data_version();
CREATE TRIGGER plu_zone_urba_check_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON plu_zone_urba
  FOR EACH STATEMENT EXECUTE FUNCTION bump_check_data_version();
CREATE TRIGGER plu_prescription_check_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON plu_prescription
  FOR EACH STATEMENT EXECUTE FUNCTION bump_check_data_version();
CREATE TRIGGER plu_information_check_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON plu_information
  FOR EACH STATEMENT EXECUTE FUNCTION bump_check_data_version();
CREATE TRIGGER sup_assiette_check_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sup_assiette
  FOR EACH STATEMENT EXECUTE FUNCTION bump_check_data_version();
CREATE TRIGGER sup_generateur_check_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sup_generateur
  FOR EACH STATEMENT EXECUTE FUNCTION bump_check_data_version();
CREATE TRIGGER sup_servitude_check_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sup_servitude
  FOR EACH STATEMENT EXECUTE FUNCTION bump_check_data_version();
CREATE TRIGGER sup_gestionnaire_check_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sup_gestionnaire
  FOR EACH STATEMENT EXECUTE FUNCTION bump_check_data_version();
