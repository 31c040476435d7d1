-- API Carto gives every object a numeric gid and every GPU object a document id and an upload time.
-- QGIS/OGR types a GeoJSON column from its values, so a column that is always null becomes a String
-- field: these give Terrier's answers the same types. The gids are serials (stable while the row
-- lives; a re-import of a commune numbers its rows anew, as the GPU does on a new upload); the upload
-- time is when Terrier imported the object.
ALTER TABLE communes ADD COLUMN gid bigserial UNIQUE;
ALTER TABLE cadastre_sections ADD COLUMN gid bigserial UNIQUE;
ALTER TABLE cadastre_parcelles ADD COLUMN gid bigserial UNIQUE;
ALTER TABLE plu_doc_urba ADD COLUMN gid bigserial UNIQUE;
ALTER TABLE plu_doc_urba ADD COLUMN imported_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE sup_assiette ADD COLUMN imported_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE sup_generateur ADD COLUMN imported_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE sup_acte ADD COLUMN imported_at timestamptz NOT NULL DEFAULT now();
