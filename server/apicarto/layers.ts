// The API Carto (IGN) layers Terrier answers for, as data: route → our table, the WFS-style feature
// id, and the lowercase properties API Carto returns, in its order and with its types (QGIS/OGR types a
// GeoJSON column from its values: a number must never be a null-only column, which becomes a String).
export type ApiCartoLayer = {
  typeName: string;
  from: string;
  where?: string;
  /** The SQL of each equality filter API Carto takes on this layer (parameter → column). */
  filters: { partition?: string; categorie?: string; insee?: string };
  /** The layer cannot be searched by geometry (acte-sup: the actes have none). */
  noGeom?: boolean;
  properties: string;
  geom: string;
  /** The feature id after the type name (`zone_urba.<id>`), and the stable order of pages. */
  id: string;
  /** How the layer meets the query geometry `q`, when not ST_Intersects(geom, q). */
  intersects?: string;
  /** `the_geom` on the GPU's layers, `geom` on the cadastre's. */
  geometryName?: string;
};

// API Carto's GPU metadata: the document's id (an md5 there, one here too, of the document's
// identifier) and its upload time (here: when Terrier imported it), as ISO-8601 in UTC.
const iso = (ts: string) => `to_char(${ts} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
const gpuMeta = (partition: string, docKey: string, importedAt: string) =>
  `'gpu_doc_id', md5(${docKey}), 'gpu_status', 'production', 'gpu_timestamp', ${iso(importedAt)}, 'partition', ${partition}`;
const pluMeta = gpuMeta('d.partition', 'd.idurba', 'd.imported_at');

const zoneUrba: ApiCartoLayer = {
  typeName: 'zone_urba',
  from: 'plu_zone_urba t JOIN plu_doc_urba d USING (idurba)',
  where: `d.typedoc <> 'CC'`,
  filters: { partition: 'd.partition' },
  geom: 't.geom',
  id: 't.gid',
  properties: `json_build_object('gid', t.gid, ${pluMeta}, 'libelle', t.libelle, 'libelong', t.libelong,
    'typezone', t.typezone, 'destdomi', t.destdomi, 'nomfic', t.nomfic, 'urlfic', t.urlfic, 'insee', t.insee,
    'datappro', t.datappro, 'datvalid', t.datvalid, 'idurba', t.idurba, 'idzone', NULL, 'lib_idzone', t.lib_idzone,
    'formdomi', t.formdomi, 'destoui', t.destoui, 'destcdt', t.destcdt, 'destnon', t.destnon, 'symbole', t.symbole)`,
};

// A carte communale's sectors are stored with the zones (typezone holds the CNIG TYPESECT).
const secteurCc: ApiCartoLayer = {
  typeName: 'secteur_cc',
  from: 'plu_zone_urba t JOIN plu_doc_urba d USING (idurba)',
  where: `d.typedoc = 'CC'`,
  filters: { partition: 'd.partition' },
  geom: 't.geom',
  id: 't.gid',
  properties: `json_build_object('gid', t.gid, ${pluMeta}, 'libelle', t.libelle, 'libelong', t.libelong,
    'typesect', t.typezone, 'fermreco', NULL, 'destdomi', t.destdomi, 'nomfic', t.nomfic, 'urlfic', t.urlfic,
    'insee', t.insee, 'datappro', t.datappro, 'datvalid', t.datvalid, 'idurba', t.idurba)`,
};

const prescription = (nature: string, typeName: string): ApiCartoLayer => ({
  typeName,
  from: 'plu_prescription t JOIN plu_doc_urba d USING (idurba)',
  where: `t.nature_geom = '${nature}'`,
  filters: { partition: 'd.partition' },
  geom: 't.geom',
  id: 't.gid',
  properties: `json_build_object('gid', t.gid, ${pluMeta}, 'libelle', t.libelle, 'txt', t.txt,
    'typepsc', t.typepsc, 'stypepsc', t.stypepsc, 'nature', t.nature, 'nomfic', t.nomfic, 'urlfic', t.urlfic,
    'insee', t.insee, 'datvalid', t.datvalid, 'idurba', t.idurba, 'lib_idpsc', t.lib_idpsc, 'symbole', t.symbole)`,
});

const information = (nature: string, typeName: string): ApiCartoLayer => ({
  typeName,
  from: 'plu_information t JOIN plu_doc_urba d USING (idurba)',
  where: `t.nature_geom = '${nature}'`,
  filters: { partition: 'd.partition' },
  geom: 't.geom',
  id: 't.gid',
  properties: `json_build_object('gid', t.gid, ${pluMeta}, 'libelle', t.libelle, 'txt', t.txt,
    'typeinf', t.typeinf, 'stypeinf', t.stypeinf, 'nomfic', t.nomfic, 'urlfic', t.urlfic, 'insee', t.insee,
    'datvalid', t.datvalid, 'idurba', t.idurba, 'lib_idinfo', t.lib_idinfo, 'symbole', t.symbole)`,
});

const assiette = (nature: string, typeName: string): ApiCartoLayer => ({
  typeName,
  from: 'sup_assiette_detail t JOIN sup_assiette a ON a.gid = t.gid',
  where: `t.nature_geom = '${nature}'`,
  filters: { partition: 't.partition', categorie: 't.suptype' },
  geom: 't.geom',
  id: 't.gid',
  properties: `json_build_object('gid', t.gid, ${gpuMeta('t.partition', 't.partition', 'a.imported_at')}, 'suptype', t.suptype,
    'idass', t.idass, 'idgen', t.idgen, 'nomass', t.nomass, 'typeass', t.typeass, 'modegeoass', t.modegeoass,
    'paramcalc', t.paramcalc, 'srcgeoass', t.srcgeoass, 'datesrcass', t.datesrcass, 'idsup', t.idsup,
    'nomsuplitt', t.nomsuplitt, 'nomreg', t.nomreg, 'urlreg', t.urlreg, 'fichier', NULL)`,
});

const generateur = (nature: string, typeName: string): ApiCartoLayer => ({
  typeName,
  from: 'sup_generateur t',
  where: `t.nature_geom = '${nature}'`,
  filters: { partition: 't.partition', categorie: 'lower(t.categorie)' },
  geom: 't.geom',
  id: 't.gid',
  properties: `json_build_object('gid', t.gid, ${gpuMeta('t.partition', 't.partition', 't.imported_at')},
    'suptype', lower(t.categorie), 'idgen', t.idgen, 'idsup', t.idsup, 'nomgen', t.nomgen, 'typegen', t.typegen,
    'modegenere', t.modegenere, 'srcgeogen', t.srcgeogen, 'datesrcgen', t.datesrcgen, 'refbdext', t.refbdext,
    'idbdext', t.idbdext)`,
});

const acteSup: ApiCartoLayer = {
  typeName: 'acte_sup',
  from: 'sup_acte t',
  filters: { partition: 't.partition' },
  noGeom: true,
  geom: 'NULL::geometry',
  id: 't.gid',
  properties: `json_build_object('gid', t.gid, ${gpuMeta('t.partition', 't.partition', 't.imported_at')},
    'idacte', t.idacte, 'nomacte', t.nomacte, 'reference', t.reference, 'typeacte', t.typeacte, 'fichier', t.fichier,
    'decision', t.decision, 'datedecis', t.datedecis, 'datepub', t.datepub, 'aplan', t.aplan)`,
};

const document: ApiCartoLayer = {
  typeName: 'document',
  from: `plu_doc_urba t
    CROSS JOIN LATERAL (SELECT ST_Multi(ST_Union(z.geom)) AS geom FROM plu_zone_urba z WHERE z.idurba = t.idurba) u`,
  where: 'u.geom IS NOT NULL',
  filters: { partition: 't.partition' },
  geom: 'u.geom',
  id: 't.gid',
  // Test the zones (indexed) rather than the union, which is only built for the documents returned.
  intersects: 'EXISTS (SELECT 1 FROM plu_zone_urba z WHERE z.idurba = t.idurba AND ST_Intersects(z.geom, q.g))',
  properties: `json_build_object('gid', t.gid, 'id', md5(t.idurba), 'grid_name', split_part(t.partition, '_', 2),
    'grid_title', (SELECT c.nom FROM communes c WHERE c.insee = split_part(t.partition, '_', 2)), 'name', t.idurba,
    ${gpuMeta('t.partition', 't.idurba', 't.imported_at')}, 'du_type', t.typedoc)`,
};

// A commune is under the RNU when no document of Terrier covers it. Whether it is on the coast (loi
// Littoral) Terrier does not know: null, rather than a false that would be read as an answer.
const municipality: ApiCartoLayer = {
  typeName: 'municipality',
  from: 'communes t',
  where: 't.geom IS NOT NULL',
  filters: { insee: 't.insee' },
  geom: 't.geom',
  id: 't.gid',
  properties: `json_build_object('insee', t.insee, 'name', upper(t.nom),
    'is_rnu', NOT EXISTS (SELECT 1 FROM plu_doc_urba d LEFT JOIN plu_doc_urba_com dc USING (idurba)
      WHERE dc.insee = t.insee OR d.partition = 'DU_' || t.insee),
    'is_deleted', false, 'is_coastline', NULL)`,
};

export const GPU_LAYERS: Record<string, ApiCartoLayer> = {
  municipality,
  document,
  'zone-urba': zoneUrba,
  'secteur-cc': secteurCc,
  'prescription-surf': prescription('surf', 'prescription_surf'),
  'prescription-lin': prescription('lin', 'prescription_lin'),
  'prescription-pct': prescription('pct', 'prescription_pct'),
  'info-surf': information('surf', 'info_surf'),
  'info-lin': information('lin', 'info_lin'),
  'info-pct': information('pct', 'info_pct'),
  'acte-sup': acteSup,
  'assiette-sup-s': assiette('surf', 'assiette_sup_s'),
  'assiette-sup-l': assiette('lin', 'assiette_sup_l'),
  'assiette-sup-p': assiette('pct', 'assiette_sup_p'),
  'generateur-sup-s': generateur('surf', 'generateur_sup_s'),
  'generateur-sup-l': generateur('lin', 'generateur_sup_l'),
  'generateur-sup-p': generateur('pct', 'generateur_sup_p'),
};

// The cadastre: Etalab's communes, sections and parcels in API Carto's (PCI Express) shape. Paris,
// Lyon and Marseille are one commune there (code_insee 75056, code_arr 118) and their arrondissements
// here (75118): `apicartoInsee` maps back.
const apicartoInsee = (c: string) => `(CASE WHEN ${c} BETWEEN '75101' AND '75120' THEN '75056'
  WHEN ${c} BETWEEN '69381' AND '69389' THEN '69123' WHEN ${c} BETWEEN '13201' AND '13216' THEN '13055' ELSE ${c} END)`;
export const codeArr = (c: string) => `(CASE WHEN ${apicartoInsee(c)} <> ${c} THEN right(${c}, 3) ELSE '000' END)`;
const place = (c: string) => `'code_dep', left(${c}, 2), 'nom_com', (SELECT nom FROM communes WHERE insee = ${c}),
  'code_com', right(${apicartoInsee(c)}, 3)`;

export type CadastreLayer = Omit<ApiCartoLayer, 'filters'> & { commune: string; section?: string; numero?: string; prefixe?: string };

const parcelle: CadastreLayer = {
  typeName: 'parcelle',
  from: 'cadastre_parcelles t',
  commune: 't.commune', section: 't.section', numero: 't.numero', prefixe: 't.prefixe',
  geom: 't.geom',
  geometryName: 'geom',
  id: 't.gid',
  // Etalab publishes no feuille number: a section is taken as one feuille, numbered 1.
  properties: `json_build_object('gid', t.gid, 'numero', lpad(t.numero, 4, '0'), 'feuille', 1,
    'section', lpad(t.section, 2, '0'), ${place('t.commune')}, 'com_abs', t.prefixe, 'code_arr', ${codeArr('t.commune')},
    'idu', t.id, 'contenance', t.contenance, 'code_insee', ${apicartoInsee('t.commune')})`,
};

const localisant: CadastreLayer = {
  ...parcelle,
  typeName: 'localisant',
  geom: 'ST_Multi(ST_PointOnSurface(t.geom))',
  intersects: 'ST_Intersects(t.geom, q.g)',
  properties: `json_build_object('gid', t.gid, 'numero', lpad(t.numero, 4, '0'), 'feuille', 1,
    'section', lpad(t.section, 2, '0'), ${place('t.commune')}, 'com_abs', t.prefixe, 'code_arr', ${codeArr('t.commune')},
    'idu', t.id, 'code_insee', ${apicartoInsee('t.commune')})`,
};

const section = (typeName: string, edition: string): CadastreLayer => ({
  typeName,
  from: 'cadastre_sections t',
  commune: 't.commune', section: 't.code', prefixe: 't.prefixe',
  geom: 't.geom',
  geometryName: 'geom',
  id: 't.gid',
  properties: `json_build_object(${typeName === 'feuille' ? "'gid', t.gid, " : ''}'feuille', 1, 'section', lpad(t.code, 2, '0'),
    ${place('t.commune')}, 'com_abs', t.prefixe, 'echelle', NULL, 'edition', ${edition}, 'code_arr', ${codeArr('t.commune')},
    'code_insee', ${apicartoInsee('t.commune')})`,
});

const commune: CadastreLayer = {
  typeName: 'commune',
  from: 'communes t',
  where: 't.geom IS NOT NULL',
  commune: 't.insee',
  geom: 't.geom',
  geometryName: 'geom',
  id: 't.gid',
  properties: `json_build_object('gid', t.gid, 'nom_com', t.nom, 'code_dep', left(t.insee, 2), 'code_insee', t.insee)`,
};

export const CADASTRE_LAYERS: Record<string, CadastreLayer> = {
  parcelle,
  localisant,
  // The feuille's edition is a date there (the section's last update here); the division's a number
  // Etalab does not carry.
  feuille: section('feuille', `to_char(t.updated, 'YYYY-MM-DD')`),
  division: section('divcad', 'NULL::int'),
  commune,
};
