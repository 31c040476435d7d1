-- Cadastre after the Etalab format (cadastre.data.gouv.fr), field names verbatim.
CREATE TABLE cadastre_sections (
  id       varchar(10) PRIMARY KEY,          -- insee(5) + prefixe(3) + section left-padded to 2
  commune  varchar(5) NOT NULL,
  prefixe  varchar(3) NOT NULL DEFAULT '000',
  code     varchar(2) NOT NULL,              -- leading zeros stripped, as Etalab publishes it
  created  date,
  updated  date,
  geom     geometry(MultiPolygon, 2154) NOT NULL CHECK (geom_ok(geom))
);
CREATE INDEX cadastre_sections_commune_idx ON cadastre_sections (commune);
CREATE INDEX cadastre_sections_geom_idx ON cadastre_sections USING gist (geom);

CREATE TABLE cadastre_parcelles (
  id         varchar(14) PRIMARY KEY CHECK (id ~ '^([0-9]{2}|2A|2B|97[0-9])[0-9]{3}[0-9]{3}[0-9A-Z]{2}[0-9]{4}$'),
  commune    varchar(5) NOT NULL,
  prefixe    varchar(3) NOT NULL DEFAULT '000',
  section    varchar(2) NOT NULL,
  numero     varchar(4) NOT NULL,
  contenance integer CHECK (contenance >= 0),  -- legal area in m²; absent for some parcels
  arpente    boolean,
  created    date,
  updated    date,
  geom       geometry(MultiPolygon, 2154) NOT NULL CHECK (geom_ok(geom))
);
CREATE INDEX cadastre_parcelles_commune_idx ON cadastre_parcelles (commune, section, numero);
CREATE INDEX cadastre_parcelles_geom_idx ON cadastre_parcelles USING gist (geom);

CREATE TABLE cadastre_batiments (
  gid      bigserial PRIMARY KEY,
  commune  varchar(5) NOT NULL,
  type     varchar(2),                        -- 01 bâti dur, 02 bâti léger
  nom      text,
  created  date,
  updated  date,
  geom     geometry(MultiPolygon, 2154) NOT NULL CHECK (geom_ok(geom))
);
CREATE INDEX cadastre_batiments_commune_idx ON cadastre_batiments (commune);
CREATE INDEX cadastre_batiments_geom_idx ON cadastre_batiments USING gist (geom);
