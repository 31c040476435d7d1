// What a constraint found on the map implies for the instruction of an application, one row per
// rule with its article. The instruction engine turns these into suggested consultations,
// majorations of the delay and the meaning of silence; the instructeur confirms them.
import type { Constraint } from './check.ts';

export type Majoration = { article: string; months: number; mode: 'add' | 'set' };

export type Consequence = {
  code: string;
  label: string;
  article: string;
  consultation?: string;
  majoration?: Majoration;
  /** Silence of the administration means refusal instead of a tacit permit. */
  silenceMeansRefusal?: { article: string };
  /**
   * The consulted service's accord is required (avis conforme), not a mere opinion: the ABF in the
   * abords (L621-32 code du patrimoine) and in a site patrimonial remarquable (L632-2); in a site
   * inscrit only for a demolition (L341-1 code de l'environnement, R425-18).
   */
  avisConforme?: 'always' | 'demolition';
};

type Rule = Consequence & { applies: (c: Constraint) => boolean };

const sup = (...categories: string[]) => (c: Constraint) =>
  c.layer === 'servitude' && categories.includes(String(c.properties.categorie).toUpperCase());
const psc = (typepsc: string) => (c: Constraint) => c.layer === 'prescription' && c.properties.typepsc === typepsc;
const inf = (typeinf: string) => (c: Constraint) => c.layer === 'information' && c.properties.typeinf === typeinf;
const generatorType = (c: Constraint) => String(c.properties.generateur?.type ?? '').toLowerCase();

export const RULES: readonly Rule[] = [
  { code: 'abf_abords', applies: sup('AC1'), article: 'R423-24 c',
    label: "Abords de monument historique : accord de l'Architecte des Bâtiments de France, délai majoré d'un mois",
    consultation: 'ABF', avisConforme: 'always', majoration: { article: 'R423-24 c', months: 1, mode: 'add' } },
  { code: 'abf_spr', applies: sup('AC4', 'AC4BIS'), article: 'R423-24 c',
    label: "Site patrimonial remarquable : accord de l'Architecte des Bâtiments de France, délai majoré d'un mois",
    consultation: 'ABF', avisConforme: 'always', majoration: { article: 'R423-24 c', months: 1, mode: 'add' } },
  { code: 'site_classe', applies: (c) => sup('AC2')(c) && generatorType(c) !== 'inscrit', article: 'R424-2 a',
    label: "Site classé : autorisation spéciale requise, le silence vaut refus",
    consultation: 'DREAL (inspection des sites)', silenceMeansRefusal: { article: 'R424-2 a' } },
  { code: 'site_inscrit', applies: (c) => sup('AC2')(c) && generatorType(c) === 'inscrit', article: 'R425-30',
    label: "Site inscrit : avis de l'Architecte des Bâtiments de France (le silence vaut refus pour une démolition, R424-2 i)",
    consultation: 'ABF', avisConforme: 'demolition' },
  { code: 'reserve_naturelle', applies: sup('AC3'), article: 'R424-2 a',
    label: 'Réserve naturelle : autorisation spéciale requise, le silence vaut refus',
    consultation: 'Gestionnaire de la réserve naturelle', silenceMeansRefusal: { article: 'R424-2 a' } },
  { code: 'parc_national', applies: sup('EL10'), article: 'R424-2 f',
    label: "Cœur de parc national : avis conforme de l'établissement public du parc, le silence vaut refus",
    consultation: 'Établissement public du parc national', silenceMeansRefusal: { article: 'R424-2 f' } },
  { code: 'risque_naturel', applies: sup('PM1', 'PM1BIS'), article: 'R423-50',
    label: 'Plan de prévention des risques naturels : consultation du service chargé des risques, règlement du PPR à respecter',
    consultation: 'Service risques (DDT)' },
  { code: 'risque_technologique', applies: sup('PM3', 'PM2'), article: 'R423-50',
    label: 'Plan de prévention des risques technologiques : consultation du service chargé des risques',
    consultation: 'Service risques (DREAL / DDT)' },
  { code: 'ligne_electrique', applies: sup('I4'), article: 'R423-50',
    label: 'Ligne électrique : consultation du gestionnaire du réseau',
    consultation: 'Gestionnaire du réseau électrique' },
  { code: 'canalisation', applies: sup('I1', 'I3', 'I5'), article: 'R423-50',
    label: 'Canalisation de transport (gaz, hydrocarbures, produits chimiques) : consultation du transporteur',
    consultation: 'Transporteur de la canalisation' },
  { code: 'captage', applies: sup('AS1'), article: 'R423-50',
    label: "Périmètre de protection de captage d'eau : consultation de l'Agence régionale de santé",
    consultation: 'ARS' },
  { code: 'alignement', applies: sup('EL7'), article: 'L112-1 code de la voirie routière',
    label: "Plan d'alignement : consultation du gestionnaire de la voirie",
    consultation: 'Gestionnaire de la voirie' },
  { code: 'cimetiere', applies: sup('INT1'), article: 'L2223-5 CGCT',
    label: "Voisinage d'un cimetière : habitation nouvelle et puits soumis à autorisation du maire à moins de 100 m" },
  { code: 'aeronautique', applies: sup('T4', 'T5', 'T7'), article: 'R423-50',
    label: "Servitude aéronautique : consultation de l'aviation civile (et de la défense le cas échéant)",
    consultation: 'DGAC' },
  { code: 'emplacement_reserve', applies: psc('05'), article: 'L151-41',
    label: "Emplacement réservé : seule l'opération prévue peut y être autorisée (droit de délaissement, L152-2)" },
  { code: 'ebc', applies: psc('01'), article: 'L113-2',
    label: 'Espace boisé classé : défrichement interdit, coupes et abattages soumis à déclaration préalable' },
  { code: 'patrimoine_protege', applies: psc('07'), article: 'R421-28 e',
    label: 'Élément de patrimoine protégé par le PLU : démolition soumise à permis, travaux encadrés (L151-19, L151-23)' },
  { code: 'sursis_a_statuer', applies: inf('12'), article: 'L424-1',
    label: 'Périmètre où un sursis à statuer peut être opposé' },
  { code: 'archeologie', applies: inf('16'), article: 'R423-69',
    label: "Zone de présomption de prescription archéologique : saisine du préfet de région (DRAC)",
    consultation: 'DRAC (archéologie préventive)' },
  { code: 'zone_au_bloquee', applies: (c) => c.layer === 'zone_urba' && c.properties.typezone === 'AUs', article: 'R151-20',
    label: "Zone à urbaniser fermée : ouverture à l'urbanisation subordonnée à une évolution du PLU" },
];

/** The consequences of a set of constraints, each once, with the constraints that trigger it. */
export function consequencesOf(constraints: Constraint[]): (Consequence & { sources: { layer: string; gid: number }[] })[] {
  const out = [];
  for (const { applies, ...rule } of RULES) {
    const sources = constraints.filter(applies).map(({ layer, gid }) => ({ layer, gid }));
    if (sources.length) out.push({ ...rule, sources });
  }
  return out;
}
