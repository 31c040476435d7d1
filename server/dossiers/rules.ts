// The typed rules table of the instruction: one row per type of dossier, each with its articles.
// machine.ts generates every statechart from these rows; nothing here is repeated per type in code.
// Sources, Code de l'urbanisme: numbering A423-3; start of the delay and completeness R423-19, R423-22,
// R423-38, R423-39; base delays R423-23 (CU R410-9, R410-10); majorations R423-24, R423-25, delays set
// by R423-27, R423-28, none other (L423-1; CE 24 Oct 2023 n°462511); silence R424-1, R424-2, R424-3,
// R424-2-1 (a DP's silence stays a non-opposition: CE 26 Oct 2012 n°350737); validity and prorogation
// R424-17, R424-21 to R424-23; withdrawal L424-5; DOC R424-16; DAACT R462-1, R462-6, R462-7.
import type { Role } from '../accounts/roles.ts';
import type { Majoration } from '../checks/consequences.ts';

export type { Majoration };

/** Staff who work on dossiers: everyone but the élus (the desk's routes, desk.ts). */
export const WORKERS = ['guichet', 'instructeur', 'chef', 'signataire', 'admin'] as const;

export const DOSSIER_TYPES = ['PC', 'PCMI', 'DP', 'PA', 'PD', 'CUa', 'CUb', 'modificatif', 'transfert', 'prorogation', 'DOC', 'DAACT'] as const;
export type DossierType = (typeof DOSSIER_TYPES)[number];

export const DECISION_KINDS = ['accord', 'accord_prescriptions', 'refus', 'sursis', 'non_opposition', 'non_opposition_prescriptions',
  'opposition', 'cu_information', 'cu_positif', 'cu_negatif'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];
export type Outcome = 'granted' | 'refused' | 'sursis';

/** What each express decision amounts to. A negative CUb is still a delivered certificate. */
export const OUTCOME_OF: Record<DecisionKind, Outcome> = {
  accord: 'granted', accord_prescriptions: 'granted', refus: 'refused', sursis: 'sursis',
  non_opposition: 'granted', non_opposition_prescriptions: 'granted', opposition: 'refused',
  cu_information: 'granted', cu_positif: 'granted', cu_negatif: 'granted',
};

/**
 * - instruction: filed, instructed within a delay, decided expressly or tacitly;
 * - declaration: recorded on filing, nothing to decide (DOC, R424-16);
 * - conformity: the authority may contest within a window, else conformity is acquired (DAACT, R462-6).
 */
export type Kind = 'instruction' | 'declaration' | 'conformity';
/** What follows a favourable decision: a permit's validity, DOC and DAACT; a CU's validity; nothing. */
export type Lifecycle = 'permit' | 'certificate' | 'none';
export type ChildEffect = 'WORKS_STARTED' | 'WORKS_COMPLETED' | 'MODIFIED' | 'TRANSFERRED' | 'PROROGED';

export type TypeRule = {
  type: DossierType;
  label: string;
  cerfa?: string;
  /** Letters of the A423-3 number; children take their parent's number plus `suffix` and a counter. */
  prefix?: 'PC' | 'DP' | 'PA' | 'PD' | 'CU';
  suffix?: 'M' | 'T' | 'PRO' | 'DOC' | 'DAACT';
  kind: Kind;
  /** Base delay (months) and its article; 'parent': the delay of the parent's type (a modificatif is a permit of its own). */
  baseDelay?: { months: number; article: string } | { parent: true; article: string };
  /** R423-38 to R423-41: pieces may be requested within one month of filing. */
  completeness: boolean;
  /** R423-24 to R423-33 majorations, notified within one month of filing (R423-18). */
  majorations: boolean;
  consultations: boolean;
  /** Whether R424-2 / R424-3 can turn silence into a refusal for this type. */
  silenceCanMeanRefusal: boolean;
  /** What silence means by default (R424-1 and the type's own article). */
  silence: { label: string; article: string };
  decisions: readonly DecisionKind[];
  lifecycle: Lifecycle;
  validity?: { months: number; article: string };
  /** Children: the parent types and the parent states in which they may be filed, and their effect on the parent. */
  parent?: { types: readonly DossierType[]; states: readonly string[]; effect: ChildEffect; when: 'filed' | 'granted' };
  /** Labels of the generic states for this type (DP: non-opposition instead of accord…). */
  labels?: Partial<Record<string, string>>;
};

const PERMIT_DECISIONS = ['accord', 'accord_prescriptions', 'refus', 'sursis'] as const;
const DP_DECISIONS = ['non_opposition', 'non_opposition_prescriptions', 'opposition', 'sursis'] as const;
const VALIDITY = { months: 36, article: 'R424-17' };
const TACIT_PERMIT = { label: 'permis tacite', article: 'R424-1 b' };
const BUILD_PERMITS: readonly DossierType[] = ['PC', 'PCMI', 'PA'];
const WORKS: readonly DossierType[] = ['PC', 'PCMI', 'PA', 'PD', 'DP'];
const DP_LABELS = {
  accorde: 'Non-opposition', refuse: 'Opposition', refus_tacite: 'Opposition tacite (R424-2-1)',
  rejet_tacite: 'Opposition tacite faute de pièces (R423-39 b)',
};

const instruction = {
  kind: 'instruction', completeness: true, majorations: true, consultations: true, silenceCanMeanRefusal: true,
} as const;

export const TYPE_RULES: Record<DossierType, TypeRule> = {
  PC: { ...instruction, type: 'PC', label: 'Permis de construire', cerfa: '13409', prefix: 'PC',
    baseDelay: { months: 3, article: 'R423-23 c' }, silence: TACIT_PERMIT, decisions: PERMIT_DECISIONS, lifecycle: 'permit', validity: VALIDITY },
  PCMI: { ...instruction, type: 'PCMI', label: 'Permis de construire (maison individuelle)', cerfa: '13406', prefix: 'PC',
    baseDelay: { months: 2, article: 'R423-23 b' }, silence: TACIT_PERMIT, decisions: PERMIT_DECISIONS, lifecycle: 'permit', validity: VALIDITY },
  DP: { ...instruction, type: 'DP', label: 'Déclaration préalable', cerfa: '13404', prefix: 'DP',
    baseDelay: { months: 1, article: 'R423-23 a' }, silence: { label: 'non-opposition tacite', article: 'R424-1 a' },
    decisions: DP_DECISIONS, lifecycle: 'permit', validity: VALIDITY, labels: DP_LABELS },
  PA: { ...instruction, type: 'PA', label: "Permis d'aménager", cerfa: '13409', prefix: 'PA',
    baseDelay: { months: 3, article: 'R423-23 c' }, silence: TACIT_PERMIT, decisions: PERMIT_DECISIONS, lifecycle: 'permit', validity: VALIDITY },
  PD: { ...instruction, type: 'PD', label: 'Permis de démolir', cerfa: '13405', prefix: 'PD',
    baseDelay: { months: 2, article: 'R423-23 b' }, silence: TACIT_PERMIT, decisions: PERMIT_DECISIONS, lifecycle: 'permit', validity: VALIDITY },
  // Certificates: R410-9 delays, tacit CU (R410-12), 18 months' validity (L410-1). The R423-38
  // completeness procedure and the R423-24 majorations are permit rules: not applied to CUs [our reading].
  CUa: { type: 'CUa', label: "Certificat d'urbanisme d'information", cerfa: '13410', prefix: 'CU', kind: 'instruction',
    baseDelay: { months: 1, article: 'R410-9' }, completeness: false, majorations: false, consultations: true, silenceCanMeanRefusal: false,
    silence: { label: "certificat d'urbanisme tacite", article: 'R410-12' }, decisions: ['cu_information'], lifecycle: 'certificate',
    validity: { months: 18, article: 'L410-1' }, labels: { accorde: 'Délivré', perime: 'Expiré' } },
  CUb: { type: 'CUb', label: "Certificat d'urbanisme opérationnel", cerfa: '13410', prefix: 'CU', kind: 'instruction',
    baseDelay: { months: 2, article: 'R410-9' }, completeness: false, majorations: false, consultations: true, silenceCanMeanRefusal: false,
    silence: { label: "certificat d'urbanisme tacite", article: 'R410-12' }, decisions: ['cu_positif', 'cu_negatif'], lifecycle: 'certificate',
    validity: { months: 18, article: 'L410-1' }, labels: { accorde: 'Délivré', perime: 'Expiré' } },
  // On a granted permit. A modificatif is a permit of its own, instructed within its parent type's delay.
  modificatif: { ...instruction, type: 'modificatif', label: 'Permis modificatif', cerfa: '13411', suffix: 'M',
    baseDelay: { parent: true, article: 'R423-23' }, silence: TACIT_PERMIT, decisions: ['accord', 'accord_prescriptions', 'refus'], lifecycle: 'none',
    parent: { types: BUILD_PERMITS, states: ['accorde.valide', 'accorde.travaux'], effect: 'MODIFIED', when: 'granted' } },
  // No article found for the transfer's delay [unconfirmed]: its parent type's delay, no completeness
  // procedure. What a user reads says so plainly ("pratique administrative"); the marker stays here.
  transfert: { type: 'transfert', label: 'Transfert de permis', cerfa: '13412', suffix: 'T', kind: 'instruction',
    baseDelay: { parent: true, article: 'pratique administrative (délai du permis transféré)' }, completeness: false, majorations: false, consultations: false,
    silenceCanMeanRefusal: false, silence: { label: 'transfert tacite', article: 'pratique administrative (R424-1)' },
    decisions: ['accord', 'refus'], lifecycle: 'none',
    parent: { types: WORKS, states: ['accorde.valide', 'accorde.travaux'], effect: 'TRANSFERRED', when: 'granted' } },
  // R424-21 to R424-23: requested ≥ 2 months before expiry; silence for 2 months grants it. On a
  // certificate (CUa, CUb): R410-17, R410-17-1, same year, notice and silence (cu.ts).
  prorogation: { type: 'prorogation', label: 'Prorogation', suffix: 'PRO', kind: 'instruction',
    baseDelay: { months: 2, article: 'R424-23' }, completeness: false, majorations: false, consultations: false, silenceCanMeanRefusal: false,
    silence: { label: 'prorogation tacite', article: 'R424-23' }, decisions: ['accord', 'refus'], lifecycle: 'none',
    parent: { types: [...WORKS, 'CUa', 'CUb'], states: ['accorde.valide', 'accorde'], effect: 'PROROGED', when: 'granted' } },
  DOC: { type: 'DOC', label: "Déclaration d'ouverture de chantier", cerfa: '13407', suffix: 'DOC', kind: 'declaration',
    completeness: false, majorations: false, consultations: false, silenceCanMeanRefusal: false,
    silence: { label: 'sans objet', article: 'R424-16' }, decisions: [], lifecycle: 'none',
    parent: { types: WORKS, states: ['accorde.valide'], effect: 'WORKS_STARTED', when: 'filed' } },
  DAACT: { type: 'DAACT', label: "Déclaration attestant l'achèvement et la conformité des travaux", cerfa: '13408', suffix: 'DAACT', kind: 'conformity',
    completeness: false, majorations: false, consultations: false, silenceCanMeanRefusal: false,
    silence: { label: 'conformité non contestée', article: 'R462-6' }, decisions: [], lifecycle: 'none',
    parent: { types: ['PC', 'PCMI', 'PA', 'DP'], states: ['accorde.valide', 'accorde.travaux'], effect: 'WORKS_COMPLETED', when: 'filed' } },
};

/**
 * A modificatif and a transfert are permits of their own (their decision is an autorisation
 * d'urbanisme): displayed on the land and at the mairie (R424-15) and withdrawable, if illegal,
 * within three months of their date (L424-5), like the permit they change.
 */
export const DISPLAYED_CHILDREN: readonly DossierType[] = ['modificatif', 'transfert'];

export const isDossierType = (t: unknown): t is DossierType => typeof t === 'string' && (DOSSIER_TYPES as readonly string[]).includes(t);

// ---------------------------------------------------------------------------------------------
// Majorations and "porté à" delays (R423-24 to R423-33). L423-1: no other extension; CE 24 Oct 2023
// n°462511: a majoration not based on these articles does not extend the delay, so only the
// articles below are accepted.

/** monthsFor: a type whose delay the article sets otherwise (R423-27: two months for a DP). */
export type MajorationRule = Majoration & { label: string; types: readonly DossierType[]; group?: 'R423-24/25'; monthsFor?: Partial<Record<DossierType, number>> };

const R423_23_B_C: readonly DossierType[] = ['PC', 'PCMI', 'PA', 'PD', 'modificatif'];
const ALL_R423_23: readonly DossierType[] = [...R423_23_B_C, 'DP'];
const m24 = (letter: string, label: string): MajorationRule =>
  ({ article: `R423-24 ${letter}`, months: 1, mode: 'add', label, types: ALL_R423_23, group: 'R423-24/25' });
const m25 = (letter: string, label: string, types = R423_23_B_C): MajorationRule =>
  ({ article: `R423-25 ${letter}`, months: 2, mode: 'add', label, types, group: 'R423-24/25' });

export const MAJORATION_RULES: readonly MajorationRule[] = [
  m24('a', "autorisation ou prescriptions au titre d'une autre législation"),
  m24('b', 'dérogation (L152-4 1° et 3°, L152-6)'),
  m24('c', "site patrimonial remarquable ou abords des monuments historiques (accord de l'ABF)"),
  m24('d', 'avis de la CDPENAF'),
  m24('e', 'participation du public'),
  m25('a', 'commission départementale ou régionale'),
  m25('b', "ministre de l'agriculture (L643-4 CRPM)"),
  m25('c', 'dérogation L111-3 CRPM'),
  m25('d', 'dérogation L111-4-1 CCH'),
  m25('e', "autorisation d'exploitation commerciale (L752-1 C. com.)"),
  m25('f', 'participation du public par voie électronique (L123-19 C. env.)', ALL_R423_23),
  // R423-27: five months for a permit; for a DP (the préfet's authorisation in a réserve naturelle, c), two months.
  { article: 'R423-27', months: 5, mode: 'set', label: 'commission nationale, Assemblée de Corse, réserve naturelle nationale', types: ALL_R423_23, monthsFor: { DP: 2 } },
  { article: 'R423-28 a', months: 5, mode: 'set', label: 'immeuble inscrit au titre des monuments historiques', types: R423_23_B_C },
  { article: 'R423-28 b', months: 5, mode: 'set', label: "établissement recevant du public (autorisation du CCH)", types: ['PC', 'PCMI', 'modificatif'] },
  // R423-20, R423-32: a permit that can be granted only after a public inquiry: the delay is two months
  // from the receipt of the commissaire enquêteur's report (INQUIRY_REPORT_RECEIVED, inquiry.ts); none runs before it.
  { article: 'R423-32', months: 2, mode: 'set', label: 'enquête publique : deux mois à compter de la réception du rapport du commissaire enquêteur (R423-20)', types: R423_23_B_C },
];

export const majorationRule = (article: string) => MAJORATION_RULES.find((r) => r.article === article);

/** A majoration as it applies to a dossier of this type (R423-27: two months for a DP). */
export function majorationFor(m: Majoration, type: DossierType): Majoration {
  const months = majorationRule(m.article)?.monthsFor?.[type];
  return months === undefined ? m : { ...m, months };
}

/**
 * The delay in months: the base delay plus the majorations, where
 * - the R423-24 cases give one month whatever their number, and R423-25 two months, and the two do
 *   not add up (legal-rules §3.2: "not cumulable with R423-24"): the group counts for its largest;
 * - other "add" majorations add;
 * - a "porté à" delay (mode set: R423-27, R423-28) replaces the delay of droit commun and the
 *   majorations of it; with several, the longest.
 */
export function delayMonths(base: number, majorations: readonly Majoration[]): number {
  const sets = majorations.filter((m) => m.mode === 'set').map((m) => m.months);
  if (sets.length) return Math.max(...sets);
  const grouped = majorations.filter((m) => m.mode === 'add' && majorationRule(m.article)?.group === 'R423-24/25').map((m) => m.months);
  const others = majorations.filter((m) => m.mode === 'add' && majorationRule(m.article)?.group !== 'R423-24/25');
  return base + (grouped.length ? Math.max(...grouped) : 0) + others.reduce((s, m) => s + m.months, 0);
}

// ---------------------------------------------------------------------------------------------
// Consultations of services: their own delay, and a tacit favourable opinion when it passes.

export const OPINIONS = ['favorable', 'favorable_prescriptions', 'defavorable'] as const;
export type Opinion = (typeof OPINIONS)[number];

/**
 * R423-59: one month for the services consulted; R423-67: two months for the ABF, on a permit only
 * (on a DP the ABF, like any service, has the month of R423-59).
 */
export function consultationDelay(service: string, type: DossierType): { months: number; article: string } {
  return isAbf(service) && type !== 'DP' ? { months: 2, article: 'R423-67' } : { months: 1, article: 'R423-59' };
}
export const isAbf = (service: string) => /^ABF\b/i.test(service);

// ---------------------------------------------------------------------------------------------
// Who may do what. The events a person posts, each with the roles allowed (admin: all); the others
// are the engine's own (tacit events from the scheduler, effects of a child dossier on its parent).

export const USER_EVENTS = {
  REQUEST_PIECES: { roles: ['instructeur'], label: 'Demande de pièces manquantes (R423-38)' },
  RECEIVE_PIECES: { roles: ['guichet', 'instructeur'], label: 'Réception des pièces (R423-39)' },
  DECLARE_COMPLETE: { roles: ['instructeur'], label: 'Dossier complet' },
  NOTIFY_MAJORATION: { roles: ['instructeur'], label: 'Notification de la majoration du délai (R423-18, R423-42)' },
  INQUIRY_REPORT_RECEIVED: { roles: ['guichet', 'instructeur'], label: 'Réception du rapport du commissaire enquêteur (R423-20, R423-32)' },
  NOTIFY_PROLONGATION: { roles: ['instructeur'], label: 'Notification d’une prolongation exceptionnelle du délai (R423-34 à R423-37, R423-44)' },
  CONSULT: { roles: ['instructeur'], label: "Consultation d'un service" },
  RECORD_OPINION: { roles: ['instructeur'], label: "Avis d'un service consulté" },
  PROPOSE_DECISION: { roles: ['instructeur'], label: 'Proposition de décision' },
  SIGN_DECISION: { roles: ['signataire'], label: 'Signature de la décision' },
  NOTIFY_DECISION: { roles: ['guichet', 'instructeur'], label: 'Notification de la décision (première présentation, R424-10)' },
  DISPLAY_ON_SITE: { roles: ['guichet', 'instructeur'], label: 'Affichage sur le terrain (R424-15, R600-2)' },
  DISPLAY_FILING_NOTICE: { roles: ['guichet', 'instructeur'], label: 'Affichage en mairie de l’avis de dépôt (R423-6)' },
  DISPLAY_DECISION_EXTRACT: { roles: ['guichet', 'instructeur'], label: 'Affichage en mairie de l’extrait de la décision (R424-15)' },
  WITHDRAW: { roles: ['signataire'], label: 'Retrait (L424-5)' },
  CONTEST_CONFORMITY: { roles: ['signataire'], label: 'Contestation de la conformité (R462-6)' },
  CONFIRM_APPLICATION: { roles: ['guichet', 'instructeur'], label: 'Confirmation de la demande après le sursis à statuer (L424-1)' },
  APPEAL_FILED: { roles: ['instructeur', 'signataire'], label: 'Recours contentieux contre l’autorisation (R424-19)' },
  APPEAL_DECIDED: { roles: ['instructeur', 'signataire'], label: 'Décision juridictionnelle irrévocable sur le recours (R424-19)' },
  WORKS_INTERRUPTED: { roles: ['instructeur'], label: 'Interruption des travaux constatée (R424-17)' },
  WORKS_RESUMED: { roles: ['instructeur'], label: 'Reprise des travaux constatée (R424-17)' },
  ATTEST_CONFORMITY: { roles: ['signataire'], label: 'Attestation de non-contestation de la conformité' },
} as const satisfies Record<string, { roles: readonly Role[]; label: string }>;
export type UserEventType = keyof typeof USER_EVENTS;

export const SYSTEM_EVENTS = {
  DEEMED_COMPLETE: 'Dossier réputé complet (R423-22)',
  PIECES_DEADLINE: 'Pièces non produites dans les trois mois (R423-39)',
  TACIT_DECISION: 'Décision tacite (R424-1, R424-2, R424-3)',
  CONSULTATION_TACIT: 'Avis tacite du service consulté',
  LAPSE: 'Péremption (R424-17)',
  CONFORMITY_TACIT: 'Conformité non contestée dans le délai (R462-6)',
  WORKS_STARTED: 'Ouverture de chantier déclarée (DOC)',
  WORKS_COMPLETED: 'Achèvement déclaré (DAACT)',
  MODIFIED: 'Permis modificatif accordé',
  TRANSFERRED: 'Permis transféré',
  PROROGED: 'Prorogation accordée (R424-21 pour un permis, R410-17 pour un certificat d’urbanisme)',
} as const;
export type SystemEventType = keyof typeof SYSTEM_EVENTS;

/** The French label of an event, for messages (the type itself when unknown). */
export const eventLabel = (t: string): string =>
  (Object.hasOwn(USER_EVENTS, t) ? USER_EVENTS[t as UserEventType].label : Object.hasOwn(SYSTEM_EVENTS, t) ? SYSTEM_EVENTS[t as SystemEventType] : t);

export const isUserEvent = (t: unknown): t is UserEventType => typeof t === 'string' && Object.hasOwn(USER_EVENTS, t);

export function mayPost(role: Role, event: UserEventType): boolean {
  return role === 'admin' || (USER_EVENTS[event].roles as readonly Role[]).includes(role);
}

/** The conformity contest window: 3 months, 5 when récolement is mandatory (R462-6, R462-7). */
export const conformityMonths = (recolementObligatoire: boolean) => (recolementObligatoire ? 5 : 3);
export const WITHDRAWAL_MONTHS = 3; // L424-5
export const PROROGATION_MONTHS = 12; // R424-21
export const MAX_PROROGATIONS = 2; // R424-21
export const PROROGATION_NOTICE_MONTHS = 2; // R424-22: requested two months at least before expiry
export const PIECES_MONTHS = 3; // R423-39
export const COMPLETENESS_MONTHS = 1; // R423-22, R423-38
export const MAJORATION_NOTICE_MONTHS = 1; // R423-18
export const FILING_NOTICE_DAYS = 15; // R423-6: the avis de dépôt displayed at the mairie within 15 days of filing
export const DECISION_EXTRACT_DAYS = 8; // R424-15: the extract displayed at the mairie within 8 days of the délivrance…
export const DECISION_EXTRACT_MONTHS = 2; // R424-15: …for two months

// ---------------------------------------------------------------------------------------------
// Labels of the states (the last segment of a state path), overridden per type by TypeRule.labels.

export const STATE_LABELS: Record<string, string> = {
  instruction: 'En instruction', delai: "Délai d'instruction en cours", depose: 'Déposé', complet: 'Complet',
  proposee: 'Décision proposée', signee: 'Décision signée', incomplet: 'Incomplet (pièces demandées)',
  accorde: 'Accordé', valide: 'En cours de validité', travaux: 'Travaux ouverts (DOC)', acheve: 'Travaux achevés (DAACT)',
  refuse: 'Refusé', sursis: 'Sursis à statuer', refus_tacite: 'Refus tacite (R424-2, R424-3, R424-2-1)',
  rejet_tacite: 'Rejet tacite faute de pièces (R423-39 a)', retire: 'Retiré (L424-5)', annule: 'Annulé par le juge', perime: 'Périmé (R424-17)',
  enregistree: 'Enregistrée', contestable: 'Conformité contestable (R462-6)', contestee: 'Conformité contestée', conforme: 'Conformité acquise',
};

export function stateLabel(type: DossierType, path: string): string {
  const last = path.split('.').pop()!;
  return TYPE_RULES[type].labels?.[last] ?? STATE_LABELS[last] ?? last;
}
