// The events of the statecharts, their payloads parsed from a client's JSON (400 naming what is
// wrong), and the legal conditions an event must meet beyond being allowed in the state (409).
import { AppError, badRequest } from '../errors.ts';
import { assertAppealLegal, parseAppealEvent, type AppealEvent } from './appeals.ts';
import { assertAfterTacitRefusal } from './tacit-refusal.ts';
import { assertInquiryReport, assertProlongation, parseProlongation } from './inquiry.ts';
import { assertConfirmation, assertNoSecondSursis, parseSursisMonths } from './sursis.ts';
import { timeline, type Ctx } from './context.ts';
import { frDate, type LegalDate } from './dates.ts';
import { samePiece } from './pieces.ts';
import { legalDate } from './input.ts';
import {
  DECISION_KINDS, MAJORATION_RULES, OPINIONS, OUTCOME_OF, TYPE_RULES, USER_EVENTS, isUserEvent,
  majorationRule, type DecisionKind, type Majoration, type Opinion, type UserEventType,
} from './rules.ts';

type On = { on: LegalDate };
export type ChildRef = { id: number; number: string };

export type DossierEvent =
  | On & { type: 'REQUEST_PIECES'; pieces: string[] }
  | On & { type: 'RECEIVE_PIECES'; pieces: string[] | null }
  | On & { type: 'DECLARE_COMPLETE' }
  | On & { type: 'NOTIFY_MAJORATION'; majorations: Majoration[] }
  /** R423-34 to R423-37: an exceptional prolongation of the delay (inquiry.ts). */
  | On & { type: 'NOTIFY_PROLONGATION'; article: string; months: number; recoursOn?: LegalDate | null }
  /** R423-20, R423-32: the commissaire enquêteur's report received; the delay runs from it. */
  | On & { type: 'INQUIRY_REPORT_RECEIVED' }
  /** months, article and avisConforme null: from the rules and the constraints found (resolved by the machine, which knows the dossier). */
  | On & { type: 'CONSULT'; service: string; months: number | null; article: string | null; avisConforme: boolean | null }
  | On & { type: 'RECORD_OPINION'; consultation: number; opinion: Opinion; prescriptions: string | null }
  | On & { type: 'PROPOSE_DECISION'; decision: DecisionKind; motifs: string | null; prescriptions: string | null; sursisMonths?: number | null }
  /** L424-1: the applicant confirms the application after a sursis à statuer. */
  | On & { type: 'CONFIRM_APPLICATION' }
  | On & { type: 'SIGN_DECISION' }
  | On & { type: 'NOTIFY_DECISION' }
  | On & { type: 'DISPLAY_ON_SITE' | 'DISPLAY_FILING_NOTICE' | 'DISPLAY_DECISION_EXTRACT' }
  /** contradictoryOpenedOn: the day the holder was invited to make observations (L121-1, L122-1 CRPA), before withdrawing. */
  | On & { type: 'WITHDRAW'; motifs: string | null; contradictoryOpenedOn: LegalDate | null }
  | On & { type: 'CONTEST_CONFORMITY'; motifs: string | null }
  | On & { type: 'ATTEST_CONFORMITY' }
  | On & { type: 'DEEMED_COMPLETE' | 'PIECES_DEADLINE' | 'TACIT_DECISION' | 'LAPSE' | 'CONFORMITY_TACIT' }
  | On & { type: 'CONSULTATION_TACIT'; consultation: number }
  | On & { type: 'WORKS_STARTED' | 'WORKS_COMPLETED' | 'MODIFIED' | 'TRANSFERRED' | 'PROROGED'; child: ChildRef }
  /** R424-19 appeals, R424-17 al. 2 interruptions of the works (appeals.ts). */
  | AppealEvent;

export type EventOf<T extends DossierEvent['type']> = DossierEvent & { type: T };

/** A 409: the event is well formed but the state or the law refuses it now; the code names the rule. */
export const notAllowed = (code: string, message: string, details?: unknown) => new AppError(409, code, message, details);

// --- payload parsing -------------------------------------------------------------------------

const text = (v: unknown, name: string, max = 4000): string | null => {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') throw badRequest('field_not_text', `« ${name} » doit être un texte.`);
  if (v.length > max) throw badRequest('field_too_long', `« ${name} » est trop long : ${max} caractères au plus.`);
  return v.trim() || null;
};

const pieceList = (v: unknown, name: string): string[] => {
  if (!Array.isArray(v) || !v.every((p) => typeof p === 'string' && p.trim())) throw badRequest('pieces_invalid', `« ${name} » doit être une liste de codes ou de noms de pièces, par exemple ["PC2", "PC4"].`);
  if (v.length > 100) throw badRequest('pieces_too_many', `« ${name} » : 100 pièces au plus.`);
  return [...new Set((v as string[]).map((p) => p.trim()))];
};

function majorations(v: unknown): Majoration[] {
  if (!Array.isArray(v) || !v.length) throw badRequest('majorations_invalid', '« majorations » doit être une liste non vide de { article } (par exemple [{ "article": "R423-24 c" }]).');
  return v.map((m) => {
    const article = typeof m === 'string' ? m : (m as { article?: unknown })?.article;
    const rule = typeof article === 'string' ? majorationRule(article.trim()) : undefined;
    if (!rule) {
      throw badRequest('majoration_unknown', `Majoration inconnue : ${JSON.stringify(article) ?? 'aucune'}. Seuls les articles R423-24 à R423-33 majorent le délai (L423-1) ; articles admis : ${MAJORATION_RULES.map((r) => r.article).join(', ')}.`);
    }
    if (typeof m === 'object' && m) {
      const { months, mode } = m as { months?: unknown; mode?: unknown };
      if (months !== undefined && months !== rule.months && !Object.values(rule.monthsFor ?? {}).includes(months as number)) throw badRequest('majoration_months_wrong', `L’article ${rule.article} ${rule.mode === 'set' ? 'porte le délai à' : 'ajoute'} ${rule.months} mois, et non ${String(months)}.`);
      if (mode !== undefined && mode !== rule.mode) throw badRequest('majoration_mode_wrong', `L’article ${rule.article} est une majoration « ${rule.mode} », et non « ${String(mode)} ».`);
    }
    return { article: rule.article, months: rule.months, mode: rule.mode };
  });
}

function positiveInt(v: unknown, name: string, max: number): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) throw badRequest('field_not_integer', `« ${name} » doit être un entier de 1 à ${max}.`);
  return v;
}

/** A client's event: its type must be one a person may post, its payload well formed. */
export function parseUserEvent(type: unknown, on: LegalDate, raw: Record<string, unknown> | null | undefined): DossierEvent & { type: UserEventType } {
  if (!isUserEvent(type)) throw badRequest('event_type_unknown', `Événement inconnu : ${JSON.stringify(type) ?? 'aucun'}. Événements admis : ${Object.keys(USER_EVENTS).join(', ')}.`);
  // An object or nothing: the body's schema said so (EventBody, api.ts).
  const p = raw ?? {};
  switch (type) {
    case 'REQUEST_PIECES': return { type, on, pieces: pieceList(p.pieces, 'payload.pieces') };
    case 'RECEIVE_PIECES': return { type, on, pieces: p.pieces === undefined ? null : pieceList(p.pieces, 'payload.pieces') };
    case 'NOTIFY_MAJORATION': return { type, on, majorations: majorations(p.majorations) };
    case 'NOTIFY_PROLONGATION': {
      const r = parseProlongation(p);
      const recoursOn = p.recoursOn === undefined || p.recoursOn === null ? null : legalDate(p.recoursOn, '« payload.recoursOn » (la date du recours devant la Commission nationale d’aménagement commercial)');
      return { type, on, article: r.article, months: r.months, ...(r.mode === 'fromRecours' ? { recoursOn } : {}) };
    }
    case 'CONSULT': {
      const service = text(p.service, 'payload.service', 200);
      if (!service) throw badRequest('service_required', '« payload.service » est obligatoire : le service consulté (par exemple "ABF", "SDIS", "Enedis").');
      const months = positiveInt(p.months, 'payload.months', 12);
      if (p.avisConforme !== undefined && typeof p.avisConforme !== 'boolean') throw badRequest('field_not_boolean', '« payload.avisConforme » doit valoir true ou false.');
      return { type, on, service, months: months ?? null, article: months ? 'délai fixé par le texte consulté' : null,
        avisConforme: (p.avisConforme as boolean | undefined) ?? null };
    }
    case 'RECORD_OPINION': {
      const consultation = positiveInt(p.consultation, 'payload.consultation', 1e6);
      if (!consultation) throw badRequest('consultation_required', '« payload.consultation » est obligatoire : l’identifiant de la consultation à laquelle le service répond.');
      if (!(OPINIONS as readonly unknown[]).includes(p.opinion)) throw badRequest('opinion_unknown', `« payload.opinion » doit valoir ${OPINIONS.join(', ')}.`);
      return { type, on, consultation, opinion: p.opinion as Opinion, prescriptions: text(p.prescriptions, 'payload.prescriptions') };
    }
    case 'PROPOSE_DECISION': {
      if (!(DECISION_KINDS as readonly unknown[]).includes(p.decision)) throw badRequest('decision_unknown', `« payload.decision » doit valoir ${DECISION_KINDS.join(', ')}.`);
      return { type, on, decision: p.decision as DecisionKind, motifs: text(p.motifs, 'payload.motifs'), prescriptions: text(p.prescriptions, 'payload.prescriptions'),
        sursisMonths: parseSursisMonths(p.sursisMonths, p.decision as string) };
    }
    case 'WITHDRAW': return { type, on, motifs: text(p.motifs, 'payload.motifs'),
      contradictoryOpenedOn: p.contradictoryOpenedOn === undefined || p.contradictoryOpenedOn === null ? null : legalDate(p.contradictoryOpenedOn, '« payload.contradictoryOpenedOn » (l’ouverture de la procédure contradictoire)') };
    case 'CONTEST_CONFORMITY': return { type, on, motifs: text(p.motifs, 'payload.motifs') };
    case 'APPEAL_FILED': case 'APPEAL_DECIDED': case 'WORKS_INTERRUPTED': case 'WORKS_RESUMED': return parseAppealEvent(type, on, p);
    default: return { type, on };
  }
}

// --- legal conditions ----------------------------------------------------------------------

/**
 * The conditions of law an event must meet in the dossier's present state, beyond the state
 * allowing it: throws 409 naming the rule, or 400 for a payload that does not fit this dossier.
 */
export function assertLegal(ctx: Ctx, event: DossierEvent): void {
  const rule = TYPE_RULES[ctx.type];
  const t = timeline(ctx);
  switch (event.type) {
    case 'RECEIVE_PIECES': {
      const { requestedOn, missing } = ctx.completeness;
      if (requestedOn && event.on < requestedOn) throw badRequest('pieces_received_before_request', `Les pièces ne peuvent pas être reçues le ${frDate(event.on)}, avant d’avoir été demandées le ${frDate(requestedOn)}.`);
      const unknown = (event.pieces ?? []).filter((p) => !missing.some((m) => samePiece(m, p)));
      if (unknown.length) throw badRequest('pieces_not_missing', `Pièces absentes de la liste des pièces manquantes : ${unknown.join(', ')} (manquent : ${missing.join(', ') || 'aucune'}).`);
      return;
    }
    case 'NOTIFY_MAJORATION': {
      if (t.majorationLastDay && event.on > t.majorationLastDay) {
        throw notAllowed('majoration_late', `La majoration du délai doit être notifiée dans le mois qui suit le dépôt (R423-18) : le dernier jour était le ${frDate(t.majorationLastDay)}.`);
      }
      const wrong = event.majorations.filter((m) => !majorationRule(m.article)!.types.includes(ctx.type));
      if (wrong.length) throw badRequest('majoration_not_applicable', `${wrong.map((m) => m.article).join(', ')} ne s’applique pas à un dossier ${ctx.type}.`);
      return;
    }
    case 'RECORD_OPINION': {
      const c = ctx.consultations.find((x) => x.id === event.consultation);
      if (!c) throw badRequest('consultation_unknown', `Aucune consultation n° ${event.consultation} sur ce dossier (consultations : ${ctx.consultations.map((x) => x.id).join(', ') || 'aucune pour l’instant'}).`);
      if (c.opinion) throw notAllowed('opinion_already_recorded', `La consultation n° ${c.id} (${c.service}) a déjà un avis${c.tacit ? ' tacite' : ''} (${c.opinion}, le ${frDate(c.opinionOn!)}).`);
      if (event.on < c.sentOn) throw badRequest('opinion_before_consultation', `L’avis (${frDate(event.on)}) ne peut pas précéder la consultation (${frDate(c.sentOn)}).`);
      return;
    }
    case 'CONSULTATION_TACIT': {
      const c = ctx.consultations.find((x) => x.id === event.consultation);
      if (!c || c.opinion) throw notAllowed('consultation_not_pending', `La consultation n° ${event.consultation} n’attend pas d’avis.`);
      return;
    }
    case 'PROPOSE_DECISION': {
      assertAfterTacitRefusal(ctx, event);
      if (!rule.decisions.includes(event.decision)) throw badRequest('decision_not_applicable', `Un dossier ${ctx.type} se conclut par ${rule.decisions.join(', ')}, et non par ${event.decision}.`);
      assertNoSecondSursis(ctx.sursis, event.decision);
      const binding = ctx.consultations.find((c) => c.avisConforme && c.opinion === 'defavorable');
      if (binding && OUTCOME_OF[event.decision] === 'granted') {
        throw notAllowed('binding_opinion_refused', `L’accord du service ${binding.service} est requis et a été refusé le ${frDate(binding.opinionOn!)} : le permis ne peut pas être accordé (L632-2 du code du patrimoine).`);
      }
      return;
    }
    case 'SIGN_DECISION':
      assertAfterTacitRefusal(ctx, event);
      if (ctx.proposal && event.on < ctx.proposal.on) throw badRequest('signature_before_proposal', `La signature (${frDate(event.on)}) ne peut pas précéder la proposition de décision (${frDate(ctx.proposal.on)}).`);
      return;
    case 'NOTIFY_DECISION':
      assertAfterTacitRefusal(ctx, event);
      if (ctx.signedOn && event.on < ctx.signedOn) throw badRequest('notification_before_signature', `La notification (${frDate(event.on)}) ne peut pas précéder la signature (${frDate(ctx.signedOn)}).`);
      return;
    case 'DISPLAY_ON_SITE':
      if (ctx.displayFrom) throw notAllowed('display_already_recorded', `L’affichage sur le terrain est déjà enregistré depuis le ${frDate(ctx.displayFrom)}.`);
      if (ctx.decision && event.on < ctx.decision.on) throw badRequest('display_before_decision', `L’affichage (${frDate(event.on)}) ne peut pas précéder la décision (${frDate(ctx.decision.on)}).`);
      return;
    case 'DISPLAY_FILING_NOTICE':
      if (ctx.filingNoticeDisplayedOn) throw notAllowed('filing_notice_already_recorded', `L’affichage en mairie de l’avis de dépôt est déjà enregistré, le ${frDate(ctx.filingNoticeDisplayedOn)}.`);
      return;
    case 'DISPLAY_DECISION_EXTRACT':
      if (ctx.decisionExtractDisplayedOn) throw notAllowed('decision_extract_already_recorded', `L’affichage en mairie de l’extrait de la décision est déjà enregistré, le ${frDate(ctx.decisionExtractDisplayedOn)}.`);
      if (ctx.decision) {
        const from = ctx.decision.signedOn ?? ctx.decision.on;
        if (event.on < from) throw badRequest('display_before_decision', `L’affichage (${frDate(event.on)}) ne peut pas précéder la décision (${frDate(from)}).`);
      }
      return;
    case 'WITHDRAW':
      if (event.contradictoryOpenedOn && event.contradictoryOpenedOn > event.on) {
        throw badRequest('contradictory_after_withdrawal', `La procédure contradictoire (ouverte le ${frDate(event.contradictoryOpenedOn)}) doit précéder le retrait (${frDate(event.on)}) (L121-1, L122-1 du code des relations entre le public et l’administration).`);
      }
      if (t.withdrawalLastDay && event.on > t.withdrawalLastDay) {
        throw notAllowed('withdrawal_late', `Un permis ne peut être retiré que dans les trois mois suivant sa date (L424-5) : le dernier jour était le ${frDate(t.withdrawalLastDay)}.`);
      }
      return;
    case 'CONTEST_CONFORMITY':
      if (t.conformityContestLastDay && event.on > t.conformityContestLastDay) {
        throw notAllowed('conformity_contest_late', `La conformité ne peut être contestée que dans les ${ctx.recolementObligatoire ? 5 : 3} mois suivant la DAACT (R462-6) : le dernier jour était le ${frDate(t.conformityContestLastDay)}.`);
      }
      return;
    case 'CONFIRM_APPLICATION':
      assertConfirmation(ctx.sursis, event.on);
      return;
    case 'NOTIFY_PROLONGATION':
      // R423-44: before the expiry of the delay fixed at the start (R423-23, majoré under R423-24 to
      // R423-33), not of a delay already prolonged by another prolongation.
      assertProlongation(ctx, timeline({ ...ctx, prolongations: [] }).decisionDeadline, event);
      return;
    case 'INQUIRY_REPORT_RECEIVED':
      assertInquiryReport(ctx, event.on);
      return;
    case 'APPEAL_FILED': case 'APPEAL_DECIDED': case 'WORKS_INTERRUPTED': case 'WORKS_RESUMED':
      assertAppealLegal(ctx, event);
      return;
    default:
      return;
  }
}

/** Consultations whose delay has passed without an opinion. */
