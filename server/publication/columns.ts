// The allow-list of what is published about a dossier: the columns of the view public_autorisations
// (sql/migrations/013_publication.sql, recreated in 017 with the linked records), in its order, each with its Table Schema description. A test
// compares this list with the view's actual columns, so a column added to the view without being
// listed here (or the reverse) fails. The open-data schema (/open-data/schema.json) is made from it.
export type FieldType = 'string' | 'date' | 'number' | 'integer' | 'array' | 'object' | 'geometry';

export type PublicColumn = {
  name: string;
  type: FieldType;
  title: string;
  description: string;
  enum?: readonly string[];
  pattern?: string;
  required?: boolean;
  /** Not in the CSV (geometries, nested objects): in GeoJSON or the public page only. */
  csv: boolean;
};

export const PUBLISHED_TYPES = ['PC', 'PCMI', 'DP', 'PA', 'PD'] as const;
/** Records of their own linked to a permit by num_dau_parent, as Sitadel keeps them (migration 017). */
export const LINKED_TYPES = ['DOC', 'DAACT', 'modificatif', 'transfert'] as const;
export const ETATS = ['en_cours', 'accorde', 'tacite', 'refuse', 'sursis', 'retire', 'annule', 'perime', 'commence', 'acheve'] as const;
export type Etat = (typeof ETATS)[number];
export const NATURES = ['construction_neuve', 'extension', 'travaux_existant', 'changement_destination', 'demolition', 'amenagement', 'autre'] as const;
/** The five destinations of R151-27 (CNIG DestinationType 10 to 50). */
export const DESTINATIONS = ['exploitation_agricole_forestiere', 'habitation', 'commerce_activites_service', 'equipements_interet_collectif', 'autres_activites'] as const;

export const ETAT_LABELS: Record<Etat, string> = {
  en_cours: 'En cours d’instruction', accorde: 'Accordé', tacite: 'Accordé tacitement', refuse: 'Refusé', sursis: 'Sursis à statuer',
  retire: 'Retiré', annule: 'Annulé par le juge', perime: 'Périmé', commence: 'Travaux commencés', acheve: 'Travaux achevés',
};

const PARENT_PATTERN = '^(PC|DP|PA|PD) [0-9AB]{6} [0-9]{2} [0-9A-Z]{5}$';
const NUMBER_PATTERN = '^(PC|DP|PA|PD) [0-9AB]{6} [0-9]{2} [0-9A-Z]{5}((M|T|DOC|DAACT)[0-9]{2})?$';

const DATE = <N extends string>(name: N, title: string, description: string) => ({ name, type: 'date', title, description, csv: true }) as const;

// Literal (as const) so that the record's TypeScript type is read from this list too (publication/api.ts).
export const PUBLIC_COLUMNS = [
  { name: 'num_dau', type: 'string', title: 'Numéro de l’autorisation', description: 'Numéro d’enregistrement (A423-3), forme affichée; celui d’un enregistrement lié est le numéro du permis suivi de M, T, DOC ou DAACT et d’un rang', pattern: NUMBER_PATTERN, required: true, csv: true },
  { name: 'type_dau', type: 'string', title: 'Type', description: 'PC, PCMI (maison individuelle), DP, PA, PD; DOC, DAACT, modificatif, transfert pour un enregistrement lié à un permis', enum: [...PUBLISHED_TYPES, ...LINKED_TYPES], required: true, csv: true },
  { name: 'num_dau_parent', type: 'string', title: 'Permis lié', description: 'Pour un DOC, une DAACT, un modificatif ou un transfert : le numéro du permis ou de la déclaration auquel il se rapporte', pattern: PARENT_PATTERN, csv: true },
  { name: 'etat_dau', type: 'string', title: 'État', description: 'État à la Sitadel', enum: ETATS, required: true, csv: true },
  { name: 'comm', type: 'string', title: 'Commune', description: 'Code INSEE de la commune', pattern: '^[0-9][0-9AB][0-9]{3}$', required: true, csv: true },
  { ...DATE('date_reelle_depot', 'Date de dépôt', 'Dépôt de la demande (avis de dépôt, R423-6)'), required: true },
  DATE('date_decision', 'Date de la décision', 'Signature de la décision, ou jour de la décision tacite, quel qu’en soit le sens'),
  DATE('date_reelle_autorisation', 'Date de l’autorisation', 'Date de la décision lorsqu’elle autorise'),
  DATE('date_affichage', 'Début de l’affichage', 'Premier jour de l’affichage sur le terrain (R424-15)'),
  DATE('date_reelle_doc', 'Ouverture du chantier', 'Date de la déclaration d’ouverture de chantier'),
  DATE('date_reelle_daact', 'Achèvement', 'Date de la déclaration attestant l’achèvement et la conformité des travaux'),
  DATE('date_retrait', 'Retrait', 'Date du retrait (L424-5)'),
  DATE('date_peremption', 'Péremption', 'Date de la péremption (R424-17)'),
  { name: 'cat_dem', type: 'string', title: 'Catégorie du demandeur', description: 'Personne physique ou morale', enum: ['personne_physique', 'personne_morale'], required: true, csv: true },
  { name: 'denom_dem', type: 'string', title: 'Dénomination du demandeur', description: 'Personne morale seulement; jamais le nom d’une personne physique', csv: true },
  { name: 'siren_dem', type: 'string', title: 'SIREN du demandeur', description: 'Personne morale seulement', pattern: '^[0-9]{9}$', csv: true },
  { name: 'nature_projet', type: 'string', title: 'Nature des travaux', description: 'Nature principale des travaux', enum: NATURES, csv: true },
  { name: 'surface_plancher_creee', type: 'number', title: 'Surface de plancher créée', description: 'En m²', csv: true },
  { name: 'nb_lgt_tot_crees', type: 'integer', title: 'Logements créés', description: 'Nombre de logements créés', csv: true },
  { name: 'destination_principale', type: 'string', title: 'Destination principale', description: 'Destination au sens de l’article R151-27', enum: DESTINATIONS, csv: true },
  { name: 'objet_affiche', type: 'string', title: 'Objet', description: 'Description courte publiée, saisie par le service', csv: true },
  { name: 'parcelles', type: 'array', title: 'Parcelles', description: 'Identifiants cadastraux (14 caractères), séparés par « | »', pattern: '^[0-9A-Z]{14}(\\|[0-9A-Z]{14})*$', csv: true },
  { name: 'longitude', type: 'number', title: 'Longitude', description: 'Point sur le terrain (WGS84)', csv: true },
  { name: 'latitude', type: 'number', title: 'Latitude', description: 'Point sur le terrain (WGS84)', csv: true },
  { name: 'contraintes', type: 'object', title: 'Contraintes au dépôt', description: 'Zones du PLU et servitudes rencontrées au dépôt', csv: false },
  { name: 'geom', type: 'geometry', title: 'Point', description: 'Point sur le terrain (Lambert-93); aucun pour un enregistrement lié, qui est sur le terrain de son permis', csv: false },
  { name: 'geom_parcelles', type: 'geometry', title: 'Terrain', description: 'Union des parcelles (Lambert-93); aucune pour un enregistrement lié', csv: false },
] as const satisfies readonly PublicColumn[];

export const CSV_COLUMNS: readonly PublicColumn[] = PUBLIC_COLUMNS.filter((c) => c.csv);
/** The record as JSON (GeoJSON properties, the register, the public page): no geometry. */
export type RecordColumn = Exclude<(typeof PUBLIC_COLUMNS)[number], { type: 'geometry' } | { name: 'contraintes' }>;
export const RECORD_COLUMNS = PUBLIC_COLUMNS.filter((c): c is RecordColumn => c.type !== 'geometry' && c.name !== 'contraintes');
export const RECORD_SQL = RECORD_COLUMNS.map((c) => `t.${c.name}`).join(', ');
