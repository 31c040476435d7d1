-- The search box finds a parcel by section and numero across all communes ("AB 37" without a
-- commune): an index on the zero-padded section + numero of the Etalab id (characters 9 to 14).
CREATE INDEX cadastre_parcelles_section_numero_idx ON cadastre_parcelles (substr(id, 9, 6));
