// The map layers served to the client (GeoJSON by bbox, and vector tiles), as data: adding a layer
// is adding a row. `properties` is SQL selecting the public (non-personal) attributes of each feature.
export type LayerDef = {
  name: string;
  title: string;
  from: string;
  properties: string;
  /** Vector tiles below this zoom are empty: the features are not legible there (the client hides them too). */
  minZoom?: number;
  /** Vector tiles carry one label point per feature (a layer "<name>_labels") from this zoom on. */
  labelsFromZoom?: number;
};

const AUTORISATION_PROPERTIES = `json_build_object('num_dau', t.num_dau, 'type_dau', t.type_dau, 'etat_dau', t.etat_dau,
  'annee', extract(year from t.date_reelle_depot)::int, 'objet_affiche', t.objet_affiche)`;

export const LAYERS: readonly LayerDef[] = [
  { name: 'communes', title: 'Communes', from: 'communes t', properties: `json_build_object('insee', t.insee, 'nom', t.nom)` },
  { name: 'sections', title: 'Sections cadastrales', from: 'cadastre_sections t',
    properties: `json_build_object('id', t.id, 'commune', t.commune, 'code', t.code)`, labelsFromZoom: 14 },
  // Zooms as the client's PARCELS_MIN_ZOOM and PARCEL_LABEL_MIN_ZOOM (client/layers.ts, client/styles.ts).
  { name: 'parcelles', title: 'Parcelles', from: 'cadastre_parcelles t',
    properties: `json_build_object('id', t.id, 'commune', t.commune, 'prefixe', t.prefixe, 'section', t.section, 'numero', t.numero, 'contenance', t.contenance)`,
    minZoom: 15, labelsFromZoom: 17 },
  // With where the zone's written rules are (CNIG nomfic/urlfic, else the document's urlreg), for its panel.
  { name: 'zone_urba', title: 'Zonage du PLU', from: 'plu_zone_urba t LEFT JOIN plu_doc_urba d ON d.idurba = t.idurba',
    properties: `json_build_object('gid', t.gid, 'idurba', t.idurba, 'libelle', t.libelle, 'libelong', t.libelong, 'typezone', t.typezone, 'destdomi', t.destdomi,
      'nomfic', t.nomfic, 'urlfic', t.urlfic, 'nomreg', d.nomreg, 'urlreg', d.urlreg)`,
    labelsFromZoom: 0 },
  { name: 'prescriptions', title: 'Prescriptions du PLU', from: 'plu_prescription t',
    properties: `json_build_object('gid', t.gid, 'idurba', t.idurba, 'libelle', t.libelle, 'txt', t.txt, 'typepsc', t.typepsc, 'stypepsc', t.stypepsc, 'nature_geom', t.nature_geom)` },
  { name: 'informations', title: 'Informations du PLU', from: 'plu_information t',
    properties: `json_build_object('gid', t.gid, 'idurba', t.idurba, 'libelle', t.libelle, 'txt', t.txt, 'typeinf', t.typeinf, 'stypeinf', t.stypeinf, 'nature_geom', t.nature_geom)` },
  { name: 'assiettes_sup', title: 'Servitudes (assiettes)',
    from: 'sup_assiette_detail t',
    properties: `json_build_object('gid', t.gid, 'idass', t.idass, 'nomass', t.nomass, 'typeass', t.typeass, 'categorie', t.categorie, 'suptype', t.suptype, 'nomsuplitt', t.nomsuplitt, 'nature_geom', t.nature_geom)` },
  { name: 'generateurs_sup', title: 'Servitudes (générateurs)',
    from: `sup_generateur t
      LEFT JOIN LATERAL (SELECT * FROM sup_servitude s WHERE s.partition = t.partition AND s.idsup = t.idsup ORDER BY s.gid LIMIT 1) s ON true`,
    properties: `json_build_object('gid', t.gid, 'idgen', t.idgen, 'nomgen', t.nomgen, 'typegen', t.typegen, 'categorie', t.categorie, 'nomsuplitt', s.nomsuplitt, 'nature_geom', t.nature_geom)` },
  // The public permits (server/publication): read from the allow-list view only. One point per
  // dossier on its land; the land's outline from zoom 17, where parcels are legible.
  { name: 'autorisations', title: "Autorisations d'urbanisme", from: 'public_autorisations t', properties: AUTORISATION_PROPERTIES },
  { name: 'autorisations_parcelles', title: "Autorisations d'urbanisme (terrains)",
    from: '(SELECT num_dau, type_dau, etat_dau, date_reelle_depot, objet_affiche, geom_parcelles AS geom FROM public_autorisations) t',
    properties: AUTORISATION_PROPERTIES, minZoom: 17 },
];

export function findLayer(name: string): LayerDef | undefined {
  return LAYERS.find((l) => l.name === name);
}
