-- Servitudes d'utilité publique after the CNIG SUP standard (2016b), field names verbatim.
-- A delivery (one category on one territory) is identified by its partition, e.g.
-- 172014607_SUP_2A_AC1, and is replaced as a whole on re-import.
CREATE TABLE sup_gestionnaire (
  idgest    varchar(9) PRIMARY KEY,
  nomgest   text NOT NULL,
  nomcorres text,
  numtel    text,
  courriel  text,
  adresse   text
);

CREATE TABLE sup_servitude (
  gid        bigserial PRIMARY KEY,
  partition  text NOT NULL,
  idsup      varchar(40) NOT NULL,
  idgest     varchar(9),
  nomsup     text NOT NULL,
  nomsuplitt text,
  categorie  varchar(10) NOT NULL,
  idintgest  text,
  descriptio text,
  nomreg     text,
  urlreg     text,
  datemaj    varchar(8),
  echnum     integer,
  validegest varchar(1),
  obsvalidat text,
  modeprod   text,
  quiprod    text,
  docsource  text,
  UNIQUE (partition, idsup)
);
CREATE INDEX sup_servitude_idsup_idx ON sup_servitude (idsup);

CREATE TABLE sup_acte (
  gid       bigserial PRIMARY KEY,
  partition text NOT NULL,
  idacte    varchar(40) NOT NULL,
  nomacte   text,
  reference text,
  typeacte  text,
  fichier   text,
  decision  text,
  datedecis varchar(8),
  datepub   varchar(8),
  aplan     varchar(1),
  UNIQUE (partition, idacte)
);

CREATE TABLE sup_servitude_acte (
  partition text NOT NULL,
  idsup     varchar(40) NOT NULL,
  idacte    varchar(40) NOT NULL,
  PRIMARY KEY (partition, idsup, idacte)
);

CREATE TABLE sup_generateur (
  gid         bigserial PRIMARY KEY,
  partition   text NOT NULL,
  nature_geom varchar(4) NOT NULL CHECK (nature_geom IN ('surf', 'lin', 'pct')),
  idgen       varchar(40) NOT NULL,
  idsup       varchar(40) NOT NULL,
  nomgen      text,
  typegen     text,
  modegenere  text,
  srcgeogen   text,
  datesrcgen  varchar(8),
  refbdext    text,
  idbdext     text,
  categorie   varchar(10) NOT NULL,
  attributs   jsonb NOT NULL DEFAULT '{}',   -- category-specific fields (AC1 type, I4 tension, PM1 code_alea…)
  geom        geometry(Geometry, 2154) NOT NULL CHECK (geom_ok(geom)),
  CHECK (GeometryType(geom) = CASE nature_geom WHEN 'surf' THEN 'MULTIPOLYGON' WHEN 'lin' THEN 'MULTILINESTRING' ELSE 'MULTIPOINT' END)
);
CREATE INDEX sup_generateur_partition_idx ON sup_generateur (partition, idgen);
CREATE INDEX sup_generateur_geom_idx ON sup_generateur USING gist (geom);

CREATE TABLE sup_assiette (
  gid         bigserial PRIMARY KEY,
  partition   text NOT NULL,
  nature_geom varchar(4) NOT NULL CHECK (nature_geom IN ('surf', 'lin', 'pct')),
  idass       varchar(40) NOT NULL,
  idgen       varchar(40) NOT NULL,
  nomass      text,
  typeass     text,
  modegeoass  text,
  paramcalc   text,
  srcgeoass   text,
  datesrcass  varchar(8),
  categorie   varchar(10) NOT NULL,
  suptype     varchar(10) NOT NULL,          -- lowercase categorie, as API Carto filters on it
  geom        geometry(Geometry, 2154) NOT NULL CHECK (geom_ok(geom)),
  CHECK (GeometryType(geom) = CASE nature_geom WHEN 'surf' THEN 'MULTIPOLYGON' WHEN 'lin' THEN 'MULTILINESTRING' ELSE 'MULTIPOINT' END)
);
CREATE INDEX sup_assiette_partition_idx ON sup_assiette (partition, idgen);
CREATE INDEX sup_assiette_suptype_idx ON sup_assiette (suptype);
CREATE INDEX sup_assiette_geom_idx ON sup_assiette USING gist (geom);
