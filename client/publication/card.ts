// French labels of the public record's coded fields, and the info panel's card of a permit (from the
// tile's few properties at once, from the full public record once fetched). Pure: no DOM.
import { TYPE_RULES, isDossierType } from '../../server/dossiers/rules.ts';
import { frDate } from '../desk/dates.ts';
import type { Description, Row } from '../describe.ts';
import type { LinkedRecord, PublicRecord } from './api.ts';
import { autorisationHash, etatLabel } from './etats.ts';

export const NATURE_LABELS: Record<string, string> = {
  construction_neuve: 'Construction neuve',
  extension: 'Extension',
  travaux_existant: 'Travaux sur construction existante',
  changement_destination: 'Changement de destination',
  demolition: 'Démolition',
  amenagement: 'Aménagement',
  autre: 'Autre',
};

/** The five destinations of R151-27. */
export const DESTINATION_LABELS: Record<string, string> = {
  exploitation_agricole_forestiere: 'Exploitation agricole et forestière',
  habitation: 'Habitation',
  commerce_activites_service: 'Commerce et activités de service',
  equipements_interet_collectif: 'Équipements d’intérêt collectif et services publics',
  autres_activites: 'Autres activités des secteurs primaire, secondaire ou tertiaire',
};

export const typeLabel = (t: unknown): string => (isDossierType(t) ? TYPE_RULES[t].label : String(t ?? ''));

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v).trim());
const nf = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const rows = (...list: Row[]): Row[] => list.filter((r) => r.value !== '' && r.value !== '—');

/** Who applied, as far as it is public: a legal person's name and SIREN; a natural person is never named. */
export function applicantText(p: Pick<PublicRecord, 'cat_dem' | 'denom_dem' | 'siren_dem'>): string {
  if (p.cat_dem === 'personne_morale') return [str(p.denom_dem) || 'Personne morale', p.siren_dem ? `SIREN ${p.siren_dem}` : ''].filter(Boolean).join(' — ');
  if (p.cat_dem === 'personne_physique') return 'Particulier (non publié)';
  return '';
}

/** The works, in one line: "Construction neuve · Habitation · 140 m² de surface de plancher · 1 logement". */
export function worksText(p: Partial<Pick<PublicRecord, 'nature_projet' | 'destination_principale' | 'surface_plancher_creee' | 'nb_lgt_tot_crees'>>): string {
  const parts: string[] = [];
  if (p.nature_projet) parts.push(NATURE_LABELS[p.nature_projet] ?? p.nature_projet);
  if (p.destination_principale) parts.push(DESTINATION_LABELS[p.destination_principale] ?? p.destination_principale);
  if (typeof p.surface_plancher_creee === 'number' && p.surface_plancher_creee > 0) parts.push(`${nf.format(p.surface_plancher_creee)} m² de surface de plancher créée`);
  if (typeof p.nb_lgt_tot_crees === 'number' && p.nb_lgt_tot_crees > 0) parts.push(`${p.nb_lgt_tot_crees} logement${p.nb_lgt_tot_crees > 1 ? 's' : ''}`);
  return parts.join(' · ');
}

/**
 * The card of a permit in the info panel. `p` is a tile feature's properties (num_dau, type_dau,
 * etat_dau, annee, objet_affiche) or a full public record; whatever it holds is shown.
 */
export function describeAutorisation(p: Record<string, unknown>, communeNames: Record<string, string> = {}): Description {
  const number = str(p.num_dau);
  const commune = str(p.comm);
  const date = (v: unknown) => (typeof v === 'string' && v ? frDate(v) : '');
  return {
    layer: 'autorisations',
    kind: 'Autorisation d’urbanisme',
    title: number || 'Autorisation',
    rows: rows(
      { label: 'Numéro', value: number, field: 'num_dau' },
      { label: 'Type', value: typeLabel(p.type_dau), field: 'type_dau' },
      { label: 'État', value: etatLabel(p.etat_dau), field: 'etat_dau' },
      { label: 'Objet', value: str(p.objet_affiche), field: 'objet_affiche' },
      { label: 'Commune', value: commune ? (communeNames[commune] ? `${communeNames[commune]} (${commune})` : commune) : '' },
      { label: 'Déposé le', value: date(p.date_reelle_depot) || (p.date_reelle_depot === undefined ? str(p.annee) && `en ${str(p.annee)}` : ''), field: 'date_reelle_depot' },
      { label: 'Décision le', value: date(p.date_decision), field: 'date_decision' },
      { label: 'Travaux', value: worksText(p as Partial<PublicRecord>) },
      { label: 'Demandeur', value: applicantText(p as Pick<PublicRecord, 'cat_dem' | 'denom_dem' | 'siren_dem'>) },
    ),
    link: number ? { href: autorisationHash(number), text: 'Voir la fiche publique' } : undefined,
  };
}

/** A linked record as a line of its permit's page: what it is, when it was filed, where its own page is. */
export function linkedLine(l: LinkedRecord): { href: string; number: string; text: string } {
  const on = l.date_decision && !['DOC', 'DAACT'].includes(l.type_dau) ? ` — ${l.etatLabel.toLowerCase()} le ${frDate(l.date_decision)}` : '';
  return { href: autorisationHash(l.num_dau), number: l.num_dau, text: `${l.typeLabel}, déposé le ${frDate(l.date_reelle_depot)}${on}` };
}
