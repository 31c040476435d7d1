// A dossier's facts (the statechart's context) and the legal dates that follow from them. Only facts
// are stored; every deadline is recomputed from them by timeline(), a pure function, so a change of
// rule never leaves a stale date behind.
import { interruptionLapseOn, suspendValidity, type Appeal, type WorksInterruption } from './appeals.ts';
import type { CertificateRef } from './cu.ts';
import { INQUIRY_ARTICLE, prolongedDeadline, prolongedDelay, type Prolongation } from './inquiry.ts';
import { addDays, addMonths, appealLastDay, dayAfter, type LegalDate } from './dates.ts';
import { confirmationLastDay, type Sursis } from './sursis.ts';
import {
  COMPLETENESS_MONTHS, DECISION_EXTRACT_DAYS, DISPLAYED_CHILDREN, DECISION_EXTRACT_MONTHS, FILING_NOTICE_DAYS, MAJORATION_NOTICE_MONTHS, PIECES_MONTHS, PROROGATION_MONTHS, PROROGATION_NOTICE_MONTHS, TYPE_RULES, WITHDRAWAL_MONTHS,
  conformityMonths, delayMonths, type DecisionKind, type DossierType, type Majoration, type Opinion, type Outcome,
} from './rules.ts';

export type Consultation = {
  id: number;
  service: string;
  /** The article giving the service its delay (R423-59, R423-67…). */
  article: string;
  /** Date the service received the request; its delay runs from it. */
  sentOn: LegalDate;
  months: number;
  /** The service's accord is required (ABF in abords or SPR: L632-2 code du patrimoine), not a mere opinion. */
  avisConforme: boolean;
  opinion: Opinion | null;
  opinionOn: LegalDate | null;
  tacit: boolean;
  prescriptions: string | null;
};

/** A consultation the constraints call for; `avisConforme` from the constraint, not from the service's name. */
export type SuggestedConsultation = { service: string; article: string; avisConforme?: boolean };

/**
 * The content R423-42 requires of a majoration letter: its reasons, the new delay and the day it runs
 * from, and, where silence will be a refusal, that statement (R424-2); plus the warnings of law.
 */
export type MajorationNotice = {
  on: LegalDate;
  articles: string[];
  reasons: string[];
  delayMonths: number | null;
  delayRunsFrom: LegalDate | null;
  decisionDeadline: LegalDate | null;
  silence: string;
  warnings: string[];
};

export type Decision = {
  kind: DecisionKind | null;
  outcome: Outcome | 'rejected';
  tacit: boolean;
  /** Notification (first presentation, R424-10) or the day the tacit decision arose. */
  on: LegalDate;
  /** The date of an express decision (its signature); null for a tacit one. */
  signedOn: LegalDate | null;
  article: string;
  label: string;
};

export type Ctx = {
  type: DossierType;
  filedOn: LegalDate;
  /** Base delay in months (R423-23, R410-9…), fixed at filing; null when nothing is instructed (DOC, DAACT). */
  baseDelayMonths: number | null;
  baseDelayArticle: string | null;
  /** Majorations notified to the applicant (R423-18), each with its article. */
  majorations: Majoration[];
  /** What each majoration letter said (R423-42), and the warnings of law at its notification; absent in older contexts. */
  majorationNotices?: MajorationNotice[];
  /** Exceptional prolongations notified (R423-34 to R423-37), lengthening the delay; absent in older contexts. */
  prolongations?: Prolongation[];
  /** R423-20: the day the commissaire enquêteur's report was received; absent in older contexts. */
  inquiryReportOn?: LegalDate | null;
  /** What the spatial check suggested at filing; the instructeur confirms by notifying them. */
  suggested: { majorations: Majoration[]; consultations: SuggestedConsultation[] };
  /** Declared at filing: the project is subject to an environmental assessment (R424-2-1). */
  environmentalAssessment?: boolean;
  /** Silence means refusal for these reasons (R424-2, from the constraints); R424-3 is derived from the ABF's opinion. */
  silenceMeansRefusal: { article: string; reason: string }[];
  completeness: {
    requestedOn: LegalDate | null;
    requested: string[];
    missing: string[];
    received: { on: LegalDate; pieces: string[] }[];
    /**
     * Requests with no legal effect, each with the French statement why: after the month (R423-41),
     * after a first request (CE 30 Apr 2024 n°461958), or for pieces the code does not list (R431-4;
     * CE 9 Dec 2022 n°454521).
     */
    late: { on: LegalDate; pieces: string[]; statement?: string }[];
  };
  /** The date the delay runs from (R423-19): filing, or receipt of the missing pieces; null while incomplete. */
  completeOn: LegalDate | null;
  consultations: Consultation[];
  /** sursisMonths: the duration of a sursis à statuer proposed (L424-1), null for two years. */
  proposal: { kind: DecisionKind; on: LegalDate; motifs: string | null; prescriptions: string | null; sursisMonths?: number | null } | null;
  /** The sursis à statuer notified and the applicant's confirmation (L424-1); absent in older contexts. */
  sursis?: Sursis | null;
  signedOn: LegalDate | null;
  decision: Decision | null;
  /**
   * The tacit refusal an express grant later abrogated (L243-1 CRPA: a refusal creates no rights and
   * may be abrogated for any reason, at any time); absent otherwise.
   */
  abrogatedTacitRefusal?: Decision | null;
  /** First day of the display on the land (R424-15, R600-2). */
  displayFrom: LegalDate | null;
  /** Day the avis de dépôt was displayed at the mairie (R423-6); absent in contexts older than the rule. */
  filingNoticeDisplayedOn?: LegalDate | null;
  /** Day the decision's extract was displayed at the mairie (R424-15). */
  decisionExtractDisplayedOn?: LegalDate | null;
  worksStartedOn: LegalDate | null;
  worksCompletedOn: LegalDate | null;
  prorogations: { on: LegalDate; child: string }[];
  modifications: { on: LegalDate; child: string }[];
  transfers: { on: LegalDate; child: string }[];
  withdrawnOn: LegalDate | null;
  /** The opening of the contradictory procedure before the withdrawal (L122-1 CRPA); absent in older contexts. */
  withdrawalContradictoryOn?: LegalDate | null;
  lapsedOn: LegalDate | null;
  /** Appeals before a court against the permit (R424-19); absent in older contexts. */
  appeals?: Appeal[];
  /** The day an irrevocable judgment annulled the permit. */
  annulledOn?: LegalDate | null;
  /** Interruptions of the works (R424-17 al. 2); absent in older contexts. */
  worksInterruptions?: WorksInterruption[];
  /** What silence means for this dossier when not its type's (a certificate's prorogation: R410-17-1); absent in older contexts. */
  silence?: { label: string; article: string };
  /** L410-1: the certificat d'urbanisme this application refers to (cristallisation, cu.ts), null when none; absent in older contexts. */
  certificate?: CertificateRef | null;
  /** DAACT: récolement is mandatory (R462-7), so the contest window is 5 months. */
  recolementObligatoire: boolean;
  conformity: { on: LegalDate; contested: boolean; tacit: boolean } | null;
};

export function initialContext(type: DossierType, filedOn: LegalDate, baseDelay: { months: number; article: string } | null): Ctx {
  return {
    type, filedOn,
    baseDelayMonths: baseDelay?.months ?? null,
    baseDelayArticle: baseDelay?.article ?? null,
    majorations: [],
    suggested: { majorations: [], consultations: [] },
    silenceMeansRefusal: [],
    completeness: { requestedOn: null, requested: [], missing: [], received: [], late: [] },
    completeOn: filedOn,
    consultations: [],
    proposal: null, signedOn: null, decision: null,
    displayFrom: null, filingNoticeDisplayedOn: null, decisionExtractDisplayedOn: null, worksStartedOn: null, worksCompletedOn: null,
    prorogations: [], modifications: [], transfers: [],
    withdrawnOn: null, lapsedOn: null,
    recolementObligatoire: false, conformity: null,
  };
}

/** Last day on which a consultation's opinion is awaited; the tacit opinion arises the next day. */
export const consultationLastDay = (c: Consultation) => addMonths(c.sentOn, c.months);

export type SilenceMeaning = { meaning: 'accord' | 'refus'; label: string; articles: string[] };

/** R424-2-1 (projects subject to an environmental assessment) applies to applications filed from 31 December 2025. */
export const R424_2_1_FROM = '2025-12-31';

/**
 * What silence at the end of the delay means now (R424-1, unless R424-2, R424-3 or R424-2-1).
 * R424-2 and R424-3 open "par exception au b de l'article R424-1": they cover permits only, so a DP's
 * silence stays a non-opposition even in a site classé or after an unfavourable ABF opinion (CE 26 Oct
 * 2012 n°350737); for a DP only R424-2-1 turns silence into an opposition.
 */
export function silenceMeaning(ctx: Ctx): SilenceMeaning {
  const rule = TYPE_RULES[ctx.type];
  // L424-1: after the confirmation following a sursis, silence grants the authorisation "dans les
  // termes où elle avait été demandée", whatever R424-2 or R424-3 would say (the law prevails).
  if (ctx.sursis?.confirmedOn) return { meaning: 'accord', label: rule.silence.label, articles: ['L424-1'] };
  if (rule.silenceCanMeanRefusal) {
    const permit = ctx.type !== 'DP';
    const reasons = permit ? ctx.silenceMeansRefusal.map((r) => r.article) : [];
    if (ctx.environmentalAssessment && ctx.filedOn >= R424_2_1_FROM) reasons.push('R424-2-1');
    // R424-3: the ABF, whose accord is required, gave in time an unfavourable opinion or one with prescriptions.
    if (permit && ctx.consultations.some((c) => c.avisConforme && !c.tacit && (c.opinion === 'defavorable' || c.opinion === 'favorable_prescriptions')
      && c.opinionOn !== null && c.opinionOn <= consultationLastDay(c))) reasons.push('R424-3');
    if (reasons.length) return { meaning: 'refus', label: ctx.type === 'DP' ? 'opposition tacite' : 'refus tacite', articles: [...new Set(reasons)] };
  }
  const silence = ctx.silence ?? rule.silence;
  return { meaning: 'accord', label: silence.label, articles: [silence.article] };
}

// Décret n° 2025-461 of 26 May 2025 (art. 1 and 2), for permits and DP non-oppositions still valid
// on 27 May 2025: granted from 28 May 2022 to 28 May 2024, valid five years and not prorogeable
// (R424-21 excluded); granted from 1 January 2021 to 27 May 2022, one more year.
export const DECRET_2025_461 = {
  stillValidOn: '2025-05-27', fiveYears: { from: '2022-05-28', to: '2024-05-28' }, oneMoreYear: { from: '2021-01-01', to: '2022-05-27' },
} as const;

/** end null: suspended by an appeal pending since `suspendedSince` (R424-19). */
export type Validity = { end: LegalDate | null; article: string; prorogeable: boolean; suspendedSince: LegalDate | null };

/**
 * The end of validity of a granted permit or certificate, null when there is none.
 * - A permit (R424-17): three years from its notification or the day it arose tacitly, plus one year
 *   per prorogation (R424-21), or the décret n° 2025-461 rule above.
 * - A CU (L410-1): eighteen months from its délivrance, i.e. its signature (the notification is not
 *   the start), or the day it arose tacitly, plus one year per prorogation (R410-17).
 */
export function validityOf(ctx: Ctx): Validity | null {
  const v = baseValidity(ctx);
  if (!v?.end || !ctx.appeals?.length) return v;
  // R424-19: an appeal before the court suspends the validity until the irrevocable judgment.
  const s = suspendValidity(v.end, ctx.appeals);
  return { ...v, end: s.end, suspendedSince: s.suspendedSince, article: s.suspendedDays || s.end === null ? `${v.article}, R424-19` : v.article };
}

function baseValidity(ctx: Ctx): Validity | null {
  const rule = TYPE_RULES[ctx.type];
  const granted = ctx.decision?.outcome === 'granted' ? ctx.decision : null;
  if (!granted || !rule.validity) return null;
  if (rule.lifecycle === 'certificate') {
    // R410-17: prorogeable by periods of one year, requested two months at least before the end.
    return { end: addMonths(granted.signedOn ?? granted.on, rule.validity.months + PROROGATION_MONTHS * ctx.prorogations.length),
      article: ctx.prorogations.length ? `${rule.validity.article}, R410-17` : rule.validity.article, prorogeable: true, suspendedSince: null };
  }
  const on = granted.on;
  const ordinary = addMonths(on, rule.validity.months + PROROGATION_MONTHS * ctx.prorogations.length);
  const d = DECRET_2025_461;
  if (ordinary >= d.stillValidOn && on >= d.fiveYears.from && on <= d.fiveYears.to) {
    return { end: addMonths(on, 60), article: 'décret n° 2025-461 art. 1 (cinq ans, sans prorogation)', prorogeable: false, suspendedSince: null };
  }
  if (ordinary >= d.stillValidOn && on >= d.oneMoreYear.from && on <= d.oneMoreYear.to) {
    return { end: addMonths(ordinary, 12), article: `${rule.validity.article}, décret n° 2025-461 art. 2 (un an de plus)`, prorogeable: rule.lifecycle === 'permit', suspendedSince: null };
  }
  return { end: ordinary, article: ctx.prorogations.length ? `${rule.validity.article}, R424-21` : rule.validity.article, prorogeable: rule.lifecycle === 'permit', suspendedSince: null };
}

export type Timeline = {
  delayMonths: number | null;
  /** Last day of the delay (quantième à quantième from completeOn); null while incomplete. */
  decisionDeadline: LegalDate | null;
  /** The day a tacit decision arises if nothing is notified by the deadline. */
  tacitOn: LegalDate | null;
  completenessLastDay: LegalDate | null;
  majorationLastDay: LegalDate | null;
  piecesLastDay: LegalDate | null;
  silence: SilenceMeaning;
  withdrawalLastDay: LegalDate | null;
  appealLastDay: LegalDate | null;
  /** R423-6: last day to display the avis de dépôt at the mairie (15 days from filing). */
  filingNoticeLastDay: LegalDate | null;
  /** R424-15: last day to display the decision's extract at the mairie (8 days from its délivrance), and the end of those 2 months. */
  decisionExtractLastDay: LegalDate | null;
  decisionExtractDisplayUntil: LegalDate | null;
  validityEnd: LegalDate | null;
  /** The articles the validity follows (R424-17, décret n° 2025-461…), null when there is none. */
  validityArticle: string | null;
  /** R424-19: the validity is suspended since this day by an appeal pending (validityEnd is then null). */
  validitySuspendedSince: LegalDate | null;
  /** R424-17 al. 2: the day the permit lapses if the works, interrupted now, do not resume before it. */
  interruptionLapseOn: LegalDate | null;
  prorogationRequestLastDay: LegalDate | null;
  /** L424-1: the end of the sursis à statuer, and the last day for the applicant to confirm the application. */
  sursisEnd: LegalDate | null;
  sursisConfirmationLastDay: LegalDate | null;
  conformityContestLastDay: LegalDate | null;
};

export function timeline(ctx: Ctx): Timeline {
  const rule = TYPE_RULES[ctx.type];
  // R423-34 to R423-37: the exceptional prolongations lengthen the delay fixed at the start (R423-36: the deadline).
  const delay = ctx.baseDelayMonths === null ? null : prolongedDelay(delayMonths(ctx.baseDelayMonths, rule.majorations ? ctx.majorations : []), ctx.prolongations);
  const instructed = rule.kind === 'instruction';
  // R423-20, R423-32: after a public inquiry notified, the delay runs from the receipt of the report, not before.
  const inquiry = rule.majorations && ctx.majorations.some((m) => m.article === INQUIRY_ARTICLE);
  const report = ctx.inquiryReportOn ?? null;
  const from = !inquiry ? ctx.completeOn : ctx.completeOn && report ? [report, ctx.completeOn].sort()[1]! : null;
  const deadline = prolongedDeadline(instructed && delay !== null && from ? addMonths(from, delay) : null, ctx.prolongations);
  const granted = ctx.decision?.outcome === 'granted' ? ctx.decision : null;
  // L424-5: three months from the decision: its signature, or the day the tacit decision arose.
  const decisionDate = granted ? granted.signedOn ?? granted.on : null;
  const v = validityOf(ctx);
  const validity = v?.end ?? null;
  return {
    delayMonths: delay,
    decisionDeadline: deadline,
    tacitOn: deadline ? dayAfter(deadline) : null,
    completenessLastDay: rule.completeness ? addMonths(ctx.filedOn, COMPLETENESS_MONTHS) : null,
    majorationLastDay: rule.majorations ? addMonths(ctx.filedOn, MAJORATION_NOTICE_MONTHS) : null,
    piecesLastDay: ctx.completeness.requestedOn ? addMonths(ctx.completeness.requestedOn, PIECES_MONTHS) : null,
    silence: silenceMeaning(ctx),
    withdrawalLastDay: decisionDate && (rule.lifecycle === 'permit' || DISPLAYED_CHILDREN.includes(ctx.type)) ? addMonths(decisionDate, WITHDRAWAL_MONTHS) : null,
    appealLastDay: ctx.displayFrom ? appealLastDay(ctx.displayFrom) : null,
    filingNoticeLastDay: rule.completeness ? addDays(ctx.filedOn, FILING_NOTICE_DAYS) : null,
    decisionExtractLastDay: decisionDate && rule.kind === 'instruction' && rule.lifecycle !== 'certificate' ? addDays(decisionDate, DECISION_EXTRACT_DAYS) : null,
    decisionExtractDisplayUntil: ctx.decisionExtractDisplayedOn ? addMonths(ctx.decisionExtractDisplayedOn, DECISION_EXTRACT_MONTHS) : null,
    validityEnd: validity,
    validityArticle: v?.article ?? null,
    validitySuspendedSince: v?.suspendedSince ?? null,
    interruptionLapseOn: rule.lifecycle === 'permit' ? interruptionLapseOn(ctx.worksInterruptions ?? [], validity) : null,
    prorogationRequestLastDay: validity && v!.prorogeable ? addMonths(validity, -PROROGATION_NOTICE_MONTHS) : null,
    sursisEnd: ctx.sursis?.end ?? null,
    sursisConfirmationLastDay: ctx.sursis && !ctx.sursis.confirmedOn ? confirmationLastDay(ctx.sursis) : null,
    conformityContestLastDay: rule.kind === 'conformity' ? addMonths(ctx.filedOn, conformityMonths(ctx.recolementObligatoire)) : null,
  };
}

