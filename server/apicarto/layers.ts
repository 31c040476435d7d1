// The API Carto (IGN) layers Terrier answers for, as data: route → our table, the WFS-style feature
// id prefix, and the lowercase CNIG properties API Carto returns (GPU metadata we do not have is null).
export type ApiCartoLayer = {
  typeName: string;
  from: string;
  where?: string;
  partition: string;
  /** Filter by SUP category (API Carto's `categorie` → suptype). */
  categorie?: boolean;
  properties: string;
  geom: string;
  /** How the layer meets the query geometry `q`, when not ST_Intersects(geom, q). */
  intersects?: string;
};

const gpuMeta = (partition: string) => `'gpu_doc_id', NULL, 'gpu_status', 'production', 'gpu_timestamp', NULL, 'partition', ${partition}`;

const zoneUrba: ApiCartoLayer = {
  typeName: 'zone_urba',
  from: 'plu_zone_urba t JOIN plu_doc_urba d USING (idurba)',
  partition: 'd.partition',
  geom: 't.geom',
  properties: `json_build_object('gid', t.gid, ${gpuMeta('d.partition')}, 'libelle', t.libelle, 'libelong', t.libelong,
    'typezone', t.typezone, 'destdomi', t.destdomi, 'nomfic', t.nomfic, 'urlfic', t.urlfic, 'insee', t.insee,
    'datappro', t.datappro, 'datvalid', t.datvalid, 'idurba', t.idurba, 'idzone', NULL, 'lib_idzone', t.lib_idzone,
    'formdomi', t.formdomi, 'destoui', t.destoui, 'destcdt', t.destcdt, 'destnon', t.destnon, 'symbole', t.symbole)`,
};

const prescription = (nature: string, typeName: string): ApiCartoLayer => ({
  typeName,
  from: 'plu_prescription t JOIN plu_doc_urba d USING (idurba)',
  where: `t.nature_geom = '${nature}'`,
  partition: 'd.partition',
  geom: 't.geom',
  properties: `json_build_object('gid', t.gid, ${gpuMeta('d.partition')}, 'libelle', t.libelle, 'txt', t.txt,
    'typepsc', t.typepsc, 'stypepsc', t.stypepsc, 'nature', t.nature, 'nomfic', t.nomfic, 'urlfic', t.urlfic,
    'insee', t.insee, 'datvalid', t.datvalid, 'idurba', t.idurba, 'lib_idpsc', t.lib_idpsc, 'symbole', t.symbole)`,
});

const information = (nature: string, typeName: string): ApiCartoLayer => ({
  typeName,
  from: 'plu_information t JOIN plu_doc_urba d USING (idurba)',
  where: `t.nature_geom = '${nature}'`,
  partition: 'd.partition',
  geom: 't.geom',
  properties: `json_build_object('gid', t.gid, ${gpuMeta('d.partition')}, 'libelle', t.libelle, 'txt', t.txt,
    'typeinf', t.typeinf, 'stypeinf', t.stypeinf, 'nomfic', t.nomfic, 'urlfic', t.urlfic, 'insee', t.insee,
    'datvalid', t.datvalid, 'idurba', t.idurba, 'lib_idinfo', t.lib_idinfo, 'symbole', t.symbole)`,
});

const assiette = (nature: string, typeName: string): ApiCartoLayer => ({
  typeName,
  from: 'sup_assiette_detail t',
  where: `t.nature_geom = '${nature}'`,
  partition: 't.partition',
  categorie: true,
  geom: 't.geom',
  properties: `json_build_object('gid', t.gid, ${gpuMeta('t.partition')}, 'suptype', t.suptype, 'idass', t.idass,
    'idgen', t.idgen, 'nomass', t.nomass, 'typeass', t.typeass, 'modegeoass', t.modegeoass, 'paramcalc', t.paramcalc,
    'srcgeoass', t.srcgeoass, 'datesrcass', t.datesrcass, 'idsup', t.idsup, 'nomsuplitt', t.nomsuplitt,
    'nomreg', t.nomreg, 'urlreg', t.urlreg, 'fichier', NULL)`,
});

const document: ApiCartoLayer = {
  typeName: 'document',
  from: `plu_doc_urba t
    CROSS JOIN LATERAL (SELECT ST_Multi(ST_Union(z.geom)) AS geom FROM plu_zone_urba z WHERE z.idurba = t.idurba) u`,
  where: 'u.geom IS NOT NULL',
  partition: 't.partition',
  geom: 'u.geom',
  // Test the zones (indexed) rather than the union, which is only built for the documents returned.
  intersects: 'EXISTS (SELECT 1 FROM plu_zone_urba z WHERE z.idurba = t.idurba AND ST_Intersects(z.geom, q.g))',
  properties: `json_build_object('gid', NULL, 'id', NULL, 'grid_name', split_part(t.partition, '_', 2),
    'grid_title', (SELECT c.nom FROM communes c WHERE c.insee = split_part(t.partition, '_', 2)), 'name', t.idurba,
    ${gpuMeta('t.partition')}, 'du_type', t.typedoc)`,
};

export const GPU_LAYERS: Record<string, ApiCartoLayer> = {
  'zone-urba': zoneUrba,
  'prescription-surf': prescription('surf', 'prescription_surf'),
  'prescription-lin': prescription('lin', 'prescription_lin'),
  'prescription-pct': prescription('pct', 'prescription_pct'),
  'info-surf': information('surf', 'info_surf'),
  'info-lin': information('lin', 'info_lin'),
  'info-pct': information('pct', 'info_pct'),
  'assiette-sup-s': assiette('surf', 'assiette_sup_s'),
  'assiette-sup-l': assiette('lin', 'assiette_sup_l'),
  'assiette-sup-p': assiette('pct', 'assiette_sup_p'),
  document,
};
