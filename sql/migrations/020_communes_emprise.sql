-- Communes known by what was imported. A commune imported without its outline (Etalab's communes
-- layer is often left out, a PLU or a SUP delivery carries none) still needs an extent for the map to
-- open on it and for the search to fly to: `emprise` is the envelope of its parcels, PLU zones and
-- servitudes, refreshed by every import (refresh_commune_emprise). `geom`, the real outline, wins
-- when there is one.
ALTER TABLE communes ADD COLUMN emprise geometry(Polygon, 2154) CHECK (geom_ok(emprise));
-- Every geometry column has a GiST index (migrate.test.ts checks it).
CREATE INDEX communes_emprise_gist ON communes USING gist (emprise);
-- The EPCI à fiscalité propre (SIREN) the commune belongs to, from INSEE's COG.
ALTER TABLE communes ADD COLUMN epci varchar(9);

-- EPCI met by an import (a PLUi's SIREN, the communes' EPCI), named from the COG, so that an
-- intercommunal PLU is found by the intercommunalité's name.
CREATE TABLE epci (
  siren varchar(9) PRIMARY KEY CHECK (siren ~ '^[0-9]{9}$'),
  nom   text NOT NULL
);

-- The INSEE code a générateur names: AC1 deliveries write the commune in `adresse` as
-- "<INSEE>|<commune>|…", others carry an `insee` attribute (shapefiles may spell them in capitals).
CREATE FUNCTION sup_generateur_insee(attributs jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT COALESCE(attributs->>'insee', attributs->>'INSEE',
    substring(COALESCE(attributs->>'adresse', attributs->>'ADRESSE') from '^((?:[0-9]{2}|2A|2B)[0-9]{3})\|')) $$;

-- Recomputes the emprise of the given communes from the data now in the tables (10 m margin, so that
-- a single point still gives a polygon). Zones without an INSEE code count for every commune of
-- their document.
CREATE FUNCTION refresh_commune_emprise(codes text[]) RETURNS void LANGUAGE sql AS $$
  UPDATE communes c SET emprise = e.emprise
  FROM (
    SELECT t.insee, ST_Envelope(ST_Expand(ST_SetSRID(ST_Extent(x.b)::geometry, 2154), 10)) AS emprise
    FROM unnest(codes) AS t(insee)
    LEFT JOIN LATERAL (
      SELECT ST_Extent(geom)::geometry AS b FROM cadastre_parcelles WHERE commune = t.insee
      UNION ALL
      SELECT ST_Extent(geom)::geometry FROM plu_zone_urba z
      WHERE z.insee = t.insee OR (z.insee IS NULL AND z.idurba IN (SELECT idurba FROM plu_doc_urba_com d WHERE d.insee = t.insee))
      UNION ALL
      SELECT ST_Extent(a.geom)::geometry FROM sup_generateur g
      JOIN sup_assiette a ON a.partition = g.partition AND a.idgen = g.idgen
      WHERE sup_generateur_insee(g.attributs) = t.insee
      UNION ALL
      SELECT ST_Extent(geom)::geometry FROM sup_generateur g WHERE sup_generateur_insee(g.attributs) = t.insee
    ) x ON true
    GROUP BY t.insee
  ) e
  WHERE c.insee = e.insee AND c.emprise IS DISTINCT FROM e.emprise;
$$;

SELECT refresh_commune_emprise(ARRAY(SELECT insee::text FROM communes));
