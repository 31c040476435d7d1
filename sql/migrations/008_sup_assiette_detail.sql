-- An assiette with its générateur and servitude, as every reader wants it (map, API Carto, spatial
-- check). A delivery may repeat a générateur or a servitude (one row per part, or listed twice):
-- take one of each, so that an assiette is never multiplied.
CREATE VIEW sup_assiette_detail AS
SELECT a.*,
       g.idsup, g.nomgen, g.typegen, g.attributs,
       s.nomsup, s.nomsuplitt, s.idgest, s.nomreg, s.urlreg
FROM sup_assiette a
LEFT JOIN LATERAL (SELECT * FROM sup_generateur g WHERE g.partition = a.partition AND g.idgen = a.idgen ORDER BY g.gid LIMIT 1) g ON true
LEFT JOIN LATERAL (SELECT * FROM sup_servitude s WHERE s.partition = a.partition AND s.idsup = g.idsup ORDER BY s.gid LIMIT 1) s ON true;
