-- PLU/PLUi/POS/CC after the CNIG standard, field names verbatim (lowercase, as the GPU publishes them).
-- One document is replaced as a whole on re-import; children cascade.
CREATE TABLE plu_doc_urba (
  idurba    varchar(40) PRIMARY KEY,
  typedoc   varchar(5) NOT NULL,
  etat      varchar(2),
  nomproc   varchar(10),
  datappro  varchar(8),
  datefin   varchar(8),
  siren     varchar(9),
  nomreg    text,
  urlreg    text,
  nomplan   text,
  urlplan   text,
  siteweb   text,
  typeref   varchar(2),
  dateref   varchar(8),
  partition text NOT NULL                     -- GPU partition, e.g. DU_30014 or DU_241800432
);

CREATE TABLE plu_doc_urba_com (
  idurba varchar(40) NOT NULL REFERENCES plu_doc_urba ON DELETE CASCADE,
  insee  varchar(5) NOT NULL,
  PRIMARY KEY (idurba, insee)
);

CREATE TABLE plu_zone_urba (
  gid        bigserial PRIMARY KEY,
  idurba     varchar(40) NOT NULL REFERENCES plu_doc_urba ON DELETE CASCADE,
  lib_idzone text,
  libelle    varchar(12) NOT NULL,
  libelong   text,
  typezone   varchar(3) NOT NULL CHECK (typezone IN ('U', 'AUc', 'AUs', 'A', 'N', 'Ah', 'Nh', 'Nd')),
  destdomi   varchar(2),
  formdomi   varchar(4),
  destoui    text,
  destcdt    text,
  destnon    text,
  nomfic     text,
  urlfic     text,
  insee      varchar(5),
  datappro   varchar(8),
  datvalid   varchar(8),
  symbole    text,
  geom       geometry(MultiPolygon, 2154) NOT NULL CHECK (geom_ok(geom))
);
CREATE INDEX plu_zone_urba_idurba_idx ON plu_zone_urba (idurba);
CREATE INDEX plu_zone_urba_geom_idx ON plu_zone_urba USING gist (geom);

-- PRESCRIPTION_SURF, _LIN and _PCT share their fields: one table, the standard's table in "nature_geom".
CREATE TABLE plu_prescription (
  gid         bigserial PRIMARY KEY,
  idurba      varchar(40) NOT NULL REFERENCES plu_doc_urba ON DELETE CASCADE,
  nature_geom varchar(4) NOT NULL CHECK (nature_geom IN ('surf', 'lin', 'pct')),
  lib_idpsc   text,
  libelle     text NOT NULL,
  txt         text,
  typepsc     varchar(2) NOT NULL,
  stypepsc    varchar(2),
  nature      text,
  nomfic      text,
  urlfic      text,
  insee       varchar(5),
  datvalid    varchar(8),
  symbole     text,
  geom        geometry(Geometry, 2154) NOT NULL CHECK (geom_ok(geom)),
  CHECK (GeometryType(geom) = CASE nature_geom WHEN 'surf' THEN 'MULTIPOLYGON' WHEN 'lin' THEN 'MULTILINESTRING' ELSE 'MULTIPOINT' END)
);
CREATE INDEX plu_prescription_idurba_idx ON plu_prescription (idurba);
CREATE INDEX plu_prescription_geom_idx ON plu_prescription USING gist (geom);

CREATE TABLE plu_information (
  gid         bigserial PRIMARY KEY,
  idurba      varchar(40) NOT NULL REFERENCES plu_doc_urba ON DELETE CASCADE,
  nature_geom varchar(4) NOT NULL CHECK (nature_geom IN ('surf', 'lin', 'pct')),
  lib_idinfo  text,
  libelle     text NOT NULL,
  txt         text,
  typeinf     varchar(2) NOT NULL,
  stypeinf    varchar(2),
  nomfic      text,
  urlfic      text,
  insee       varchar(5),
  datvalid    varchar(8),
  symbole     text,
  geom        geometry(Geometry, 2154) NOT NULL CHECK (geom_ok(geom)),
  CHECK (GeometryType(geom) = CASE nature_geom WHEN 'surf' THEN 'MULTIPOLYGON' WHEN 'lin' THEN 'MULTILINESTRING' ELSE 'MULTIPOINT' END)
);
CREATE INDEX plu_information_idurba_idx ON plu_information (idurba);
CREATE INDEX plu_information_geom_idx ON plu_information USING gist (geom);
