// A hand-made commune whose areas are known exactly: Lambert-93 squares near 700000, 6600000
// (lon 3, lat 46.5). Parcel AB1 straddles zones UA (60 %) and A (40 %); AB2 is in A and borders N;
// AB3 is in UA and in the 500 m AC1 perimeter; AB4 is outside the PLU; a PM1 band overlaps AB2 by 0.2 m.
import type { Db } from '../db.ts';

export const X = 700000;
const box = (x0: number, y0: number, x1: number, y1: number) => `ST_Multi(ST_MakeEnvelope(${x0}, ${6600000 + y0}, ${x1}, ${6600000 + y1}, 2154))`;

export async function loadSmallCommune(db: Db): Promise<void> {
  await db.execScript(db.knex, `
    INSERT INTO communes (insee, nom) VALUES ('96001', 'Commune de test');
    INSERT INTO cadastre_parcelles (id, commune, section, numero, geom) VALUES
      ('96001000AB0001', '96001', 'AB', '1', ${box(X, 0, X + 100, 100)}),          -- straddles UA/A at x+60
      ('96001000AB0002', '96001', 'AB', '2', ${box(X + 100, 0, X + 200, 100)}),    -- in A, borders N
      ('96001000AB0003', '96001', 'AB', '3', ${box(X - 100, 0, X, 100)}),          -- all in UA
      ('96001000AB0004', '96001', 'AB', '4', ${box(X + 300, 0, X + 400, 100)});    -- outside the PLU
    INSERT INTO plu_doc_urba (idurba, typedoc, partition) VALUES ('96001_PLU_20240115', 'PLU', 'DU_96001');
    INSERT INTO plu_zone_urba (idurba, libelle, typezone, geom) VALUES
      ('96001_PLU_20240115', 'UA', 'U', ${box(X - 200, -100, X + 60, 200)}),
      ('96001_PLU_20240115', 'A',  'A', ${box(X + 60, -100, X + 200, 200)}),
      ('96001_PLU_20240115', 'N',  'N', ${box(X + 200, -100, X + 250, 200)});
    INSERT INTO plu_prescription (idurba, nature_geom, libelle, txt, typepsc, stypepsc, geom) VALUES
      ('96001_PLU_20240115', 'surf', 'Emplacement réservé n°1', 'ER 1', '05', '01', ${box(X - 10, 90, X + 10, 110)}),
      ('96001_PLU_20240115', 'lin', 'Haie à protéger', NULL, '07', '01',
        ST_Multi(ST_GeomFromText('LINESTRING(${X + 20} 6600050, ${X + 80} 6600050)', 2154))),
      ('96001_PLU_20240115', 'pct', 'Arbre remarquable', NULL, '07', '02', ST_Multi(ST_GeomFromText('POINT(${X + 30} 6600030)', 2154)));
    INSERT INTO sup_servitude (partition, idsup, nomsup, nomsuplitt, categorie, idgest) VALUES
      ('T_SUP_96_AC1', 'AC1-1', 'Église', 'Église Saint-Martin', 'AC1', '130000000'),
      ('T_SUP_96_PM1', 'PM1-1', 'PPRi', 'PPRi de la Lande', 'PM1', '130000001');
    INSERT INTO sup_gestionnaire (idgest, nomgest) VALUES ('130000000', 'UDAP'), ('130000001', 'DDT');
    INSERT INTO sup_generateur (partition, nature_geom, idgen, idsup, nomgen, categorie, attributs, geom) VALUES
      ('T_SUP_96_AC1', 'pct', 'G1', 'AC1-1', 'Église Saint-Martin', 'AC1', '{"type": "Inscrit"}', ST_Multi(ST_GeomFromText('POINT(${X - 400} 6600050)', 2154))),
      ('T_SUP_96_PM1', 'surf', 'G2', 'PM1-1', 'PPRi', 'PM1', '{}', ${box(X + 100, 0, X + 200, 100)});
    INSERT INTO sup_assiette (partition, nature_geom, idass, idgen, nomass, typeass, categorie, suptype, geom) VALUES
      ('T_SUP_96_AC1', 'surf', 'A1', 'G1', 'Abords de l''église', 'Périmètre des abords', 'AC1', 'ac1',
         ST_Multi(ST_Buffer(ST_GeomFromText('POINT(${X - 400} 6600050)', 2154), 500, 64))),
      -- PM1 band overlapping parcel 2 by 0.2 m only: a digitising sliver, not a constraint
      ('T_SUP_96_PM1', 'surf', 'A2', 'G2', 'Zone rouge', 'Zone rouge', 'PM1', 'pm1', ${box(X + 199.8, -50, X + 260, 150)});`);
}
