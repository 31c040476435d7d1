// French labels of the engine's events, decisions and opinions, and the colour family of a state.
// Pure: no DOM.
import type { Role } from '../../server/accounts/roles.ts';
import { DOSSIER_TYPES, SYSTEM_EVENTS, TYPE_RULES, USER_EVENTS, isDossierType, isUserEvent, mayPost, stateLabel, type UserEventType } from '../../server/dossiers/rules.ts';

// The engine's own table (server/dossiers/rules.ts holds only data and pure functions): one source for
// who posts which event, the events' labels and each type's decisions.
export const eventLabel = (e: string): string =>
  e === 'FILE' ? 'Dépôt du dossier' : e === 'ASSIGN' ? 'Attribution à un instructeur' : e === 'SET_PUBLICATION' ? 'Objet affiché'
    : (USER_EVENTS as Record<string, { label: string }>)[e]?.label ?? (SYSTEM_EVENTS as Record<string, string>)[e] ?? e;

/** What the next due event means for staff: the deadline they have until the day before it. */
export const DUE_LABELS: Record<string, string> = {
  DEEMED_COMPLETE: 'Complétude (demande de pièces)',
  PIECES_DEADLINE: 'Production des pièces',
  TACIT_DECISION: 'Décision',
  CONSULTATION_TACIT: 'Avis du service',
  LAPSE: 'Validité du permis',
  CONFORMITY_TACIT: 'Contestation de la conformité',
};

export const dueLabel = (e: string) => DUE_LABELS[e] ?? eventLabel(e);

export const DECISION_LABELS: Record<string, string> = {
  accord: 'Accord', accord_prescriptions: 'Accord avec prescriptions', refus: 'Refus', sursis: 'Sursis à statuer',
  non_opposition: 'Non-opposition', non_opposition_prescriptions: 'Non-opposition avec prescriptions', opposition: 'Opposition',
  cu_information: "Certificat d'information", cu_positif: 'Certificat positif', cu_negatif: 'Certificat négatif',
};

/** The decisions a type is decided by. */
export const decisionsFor = (type: string): readonly string[] => (isDossierType(type) ? TYPE_RULES[type].decisions : []);

export const OPINION_LABELS: Record<string, string> = {
  favorable: 'Favorable', favorable_prescriptions: 'Favorable avec prescriptions', defavorable: 'Défavorable',
};

/** The types one files from parcels (the others are filed on a granted permit). */
export const FILING_TYPES: [string, string][] = DOSSIER_TYPES.filter((t) => !TYPE_RULES[t].parent).map((t) => [t, TYPE_RULES[t].label]);

export type StateFamily = 'instruction' | 'incomplet' | 'decision' | 'accorde' | 'refuse' | 'clos' | 'declaration';

/** The colour family of a state path, for the map layer and the badges. */
export function stateFamily(state: string): StateFamily {
  const last = state.split('.').pop()!;
  if (last === 'incomplet') return 'incomplet';
  if (last === 'proposee' || last === 'signee') return 'decision';
  if (state.startsWith('instruction')) return 'instruction';
  if (state.startsWith('accorde') || last === 'conforme') return 'accorde';
  if (['refuse', 'refus_tacite', 'rejet_tacite', 'contestee'].includes(last)) return 'refuse';
  if (['enregistree', 'contestable'].includes(last)) return 'declaration';
  return 'clos';
}

export const FAMILY_LABELS: Record<StateFamily, string> = {
  instruction: 'En instruction', incomplet: 'Incomplet', decision: 'Décision en cours', accorde: 'Accordé',
  refuse: 'Refusé ou rejeté', declaration: 'Déclaration', clos: 'Clos (retiré, périmé, sursis)',
};

export const FAMILY_COLOURS: Record<StateFamily, string> = {
  instruction: '#1f6fd1', incomplet: '#e07b00', decision: '#7b3fb5', accorde: '#1b8a3a',
  refuse: '#c0262d', declaration: '#0f8b8d', clos: '#6b7280',
};

/** The actions to offer: what the engine allows now and the role may post, in the engine's order. */
export const actionsFor = (allowed: readonly string[], role: string): UserEventType[] =>
  allowed.filter((e): e is UserEventType => isUserEvent(e) && Object.hasOwn(ROLE_LABELS, role) && mayPost(role as Role, e));

export const ROLE_LABELS: Record<string, string> = {
  guichet: 'Guichet', instructeur: 'Instructeur', chef: 'Chef de service', signataire: 'Signataire', elu: 'Élu', admin: 'Administrateur',
};

/** Who may say who is in charge of a dossier (PATCH /api/dossiers/:id/instructeur). */
export const mayAssign = (role: string) => role === 'chef' || role === 'admin';

/** Who may file (POST /api/dossiers). */
export const mayFile = (role: string) => ['guichet', 'instructeur', 'admin'].includes(role);

/** A state path's French label, for any type (the journal stores paths). */
export const stateLabelOf = (type: string, state: string) => (isDossierType(type) ? stateLabel(type, state) : state);
