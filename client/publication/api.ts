// The public routes' shapes (docs/api.md, "Public routes") and their calls. Everything here is what
// the server's view public_autorisations lets out: no personal data, no staff text.
import { getJson } from '../api.ts';

/** A public record: the fields of the view, names after Sitadel. */
export type PublicRecord = {
  num_dau: string;
  type_dau: string;
  /** A DOC, DAACT, modificatif or transfert: the number of its permit; null for a permit. */
  num_dau_parent: string | null;
  etat_dau: string;
  comm: string;
  date_reelle_depot: string;
  date_decision: string | null;
  date_reelle_autorisation: string | null;
  date_affichage: string | null;
  date_reelle_doc: string | null;
  date_reelle_daact: string | null;
  date_retrait: string | null;
  date_peremption: string | null;
  cat_dem: 'personne_physique' | 'personne_morale' | null;
  denom_dem: string | null;
  siren_dem: string | null;
  nature_projet: string | null;
  surface_plancher_creee: number | null;
  nb_lgt_tot_crees: number | null;
  destination_principale: string | null;
  objet_affiche: string | null;
  parcelles: string[];
  longitude: number;
  latitude: number;
};

export type TimelineEvent = { event: 'depot' | 'decision' | 'affichage' | 'doc' | 'daact' | 'retrait' | 'peremption'; on: string; label: string };
export type ZoneConstraint = { libelle: string | null; libelong: string | null; typezone: string | null; idurba: string | null; part: number | null };
export type ServitudeConstraint = { categorie: string | null; nomsuplitt: string | null; nomass: string | null; typeass: string | null; nomgen: string | null; part: number | null };

export type AutorisationPage = {
  autorisation: PublicRecord;
  typeLabel: string;
  etatLabel: string;
  commune: { insee: string; nom: string };
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  /** The land (the union of the parcels) as a GeoJSON MultiPolygon, WGS84. */
  terrain?: { type: string; coordinates: unknown } | null;
  /** The parcels' outlines, as an earlier draft of docs/api.md announced them. */
  parcelles?: { type: 'FeatureCollection'; features: unknown[] } | null;
  timeline: TimelineEvent[];
  contraintes: { zones: ZoneConstraint[]; servitudes: ServitudeConstraint[] } | null;
  recours: { article: string; affichageDebut: string; dernierJour: string; texte: string } | null;
  /** A permit's linked records (DOC, DAACT, modificatif, transfert), in filing order; none for a linked record. */
  liees?: LinkedRecord[];
};

export type LinkedRecord = PublicRecord & { typeLabel: string; etatLabel: string };

export type Registre = { commune: { insee: string; nom: string }; mois: string; depots: PublicRecord[]; decisions: PublicRecord[] };

export const registreQuery = (commune: string, mois: string) => new URLSearchParams({ commune, mois }).toString();

export const publicApi = {
  autorisation: (number: string, signal?: AbortSignal) => getJson<AutorisationPage>(`/api/public/autorisations/${encodeURIComponent(number)}`, signal),
  registre: (commune: string, mois: string, signal?: AbortSignal) => getJson<Registre>(`/api/public/registre?${registreQuery(commune, mois)}`, signal),
};

export const registreCsvUrl = (commune: string, mois: string) => `/api/public/registre.csv?${registreQuery(commune, mois)}`;

export const OPEN_DATA = {
  csv: '/open-data/autorisations.csv',
  geojson: '/open-data/autorisations.geojson',
  schema: '/open-data/schema.json',
} as const;
