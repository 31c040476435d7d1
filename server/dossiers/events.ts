// The events of the statecharts, their payloads parsed from a client's JSON (400 naming what is
// wrong), and the legal conditions an event must meet beyond being allowed in the state (409).
import { AppError, badRequest } from '../errors.ts';
import { consultationLastDay, timeline, type Ctx } from './context.ts';
import type { LegalDate } from './dates.ts';
import {
  DECISION_KINDS, MAJORATION_RULES, OPINIONS, OUTCOME_OF, TYPE_RULES, USER_EVENTS, consultationDelay, isAbf, isUserEvent,
  majorationRule, type DecisionKind, type Majoration, type Opinion, type UserEventType,
} from './rules.ts';

type On = { on: LegalDate };
export type ChildRef = { id: number; number: string };

export type DossierEvent =
  | On & { type: 'REQUEST_PIECES'; pieces: string[] }
  | On & { type: 'RECEIVE_PIECES'; pieces: string[] | null }
  | On & { type: 'DECLARE_COMPLETE' }
  | On & { type: 'NOTIFY_MAJORATION'; majorations: Majoration[] }
  | On & { type: 'CONSULT'; service: string; months: number; article: string; avisConforme: boolean }
  | On & { type: 'RECORD_OPINION'; consultation: number; opinion: Opinion; prescriptions: string | null }
  | On & { type: 'PROPOSE_DECISION'; decision: DecisionKind; motifs: string | null; prescriptions: string | null }
  | On & { type: 'SIGN_DECISION' }
  | On & { type: 'NOTIFY_DECISION' }
  | On & { type: 'DISPLAY_ON_SITE' }
  | On & { type: 'WITHDRAW'; motifs: string | null }
  | On & { type: 'CONTEST_CONFORMITY'; motifs: string | null }
  | On & { type: 'ATTEST_CONFORMITY' }
  | On & { type: 'DEEMED_COMPLETE' | 'PIECES_DEADLINE' | 'TACIT_DECISION' | 'LAPSE' | 'CONFORMITY_TACIT' }
  | On & { type: 'CONSULTATION_TACIT'; consultation: number }
  | On & { type: 'WORKS_STARTED' | 'WORKS_COMPLETED' | 'MODIFIED' | 'TRANSFERRED' | 'PROROGED'; child: ChildRef };

export type EventOf<T extends DossierEvent['type']> = DossierEvent & { type: T };

export const notAllowed = (message: string, details?: unknown) => new AppError(409, 'not_allowed', message, details);

// --- payload parsing -------------------------------------------------------------------------

const text = (v: unknown, name: string, max = 4000): string | null => {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') throw badRequest('bad_request', `${name} must be a string`);
  if (v.length > max) throw badRequest('bad_request', `${name} is too long (at most ${max} characters)`);
  return v.trim() || null;
};

const pieceList = (v: unknown, name: string): string[] => {
  if (!Array.isArray(v) || !v.every((p) => typeof p === 'string' && p.trim())) throw badRequest('bad_request', `${name} must be an array of piece codes or names, e.g. ["PC2", "PC4"]`);
  if (v.length > 100) throw badRequest('bad_request', `${name}: at most 100 pieces`);
  return [...new Set((v as string[]).map((p) => p.trim()))];
};

function majorations(v: unknown): Majoration[] {
  if (!Array.isArray(v) || !v.length) throw badRequest('bad_request', 'majorations must be a non-empty array of { article } (e.g. [{ "article": "R423-24 c" }])');
  return v.map((m) => {
    const article = typeof m === 'string' ? m : (m as { article?: unknown })?.article;
    const rule = typeof article === 'string' ? majorationRule(article.trim()) : undefined;
    if (!rule) {
      throw badRequest('bad_request', `unknown majoration ${JSON.stringify(article)}: only R423-24 to R423-33 extend the delay (L423-1); known: ${MAJORATION_RULES.map((r) => r.article).join(', ')}`);
    }
    if (typeof m === 'object' && m) {
      const { months, mode } = m as { months?: unknown; mode?: unknown };
      if (months !== undefined && months !== rule.months) throw badRequest('bad_request', `${rule.article} ${rule.mode === 'set' ? 'sets the delay to' : 'adds'} ${rule.months} month(s), not ${String(months)}`);
      if (mode !== undefined && mode !== rule.mode) throw badRequest('bad_request', `${rule.article} is a "${rule.mode}" majoration, not "${String(mode)}"`);
    }
    return { article: rule.article, months: rule.months, mode: rule.mode };
  });
}

function positiveInt(v: unknown, name: string, max: number): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) throw badRequest('bad_request', `${name} must be an integer from 1 to ${max}`);
  return v;
}

/** A client's event: its type must be one a person may post, its payload well formed. */
export function parseUserEvent(type: unknown, on: LegalDate, raw: unknown): DossierEvent & { type: UserEventType } {
  if (!isUserEvent(type)) throw badRequest('bad_request', `unknown event type ${JSON.stringify(type)}; one of ${Object.keys(USER_EVENTS).join(', ')}`);
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) throw badRequest('bad_request', 'payload must be an object');
  const p = (raw ?? {}) as Record<string, unknown>;
  switch (type) {
    case 'REQUEST_PIECES': return { type, on, pieces: pieceList(p.pieces, 'payload.pieces') };
    case 'RECEIVE_PIECES': return { type, on, pieces: p.pieces === undefined ? null : pieceList(p.pieces, 'payload.pieces') };
    case 'NOTIFY_MAJORATION': return { type, on, majorations: majorations(p.majorations) };
    case 'CONSULT': {
      const service = text(p.service, 'payload.service', 200);
      if (!service) throw badRequest('bad_request', 'payload.service is required: the service consulted (e.g. "ABF", "SDIS", "Enedis")');
      const d = consultationDelay(service);
      const months = positiveInt(p.months, 'payload.months', 12);
      if (p.avisConforme !== undefined && typeof p.avisConforme !== 'boolean') throw badRequest('bad_request', 'payload.avisConforme must be true or false');
      return { type, on, service, months: months ?? d.months, article: months ? 'délai fixé par le texte consulté' : d.article,
        avisConforme: (p.avisConforme as boolean | undefined) ?? isAbf(service) };
    }
    case 'RECORD_OPINION': {
      const consultation = positiveInt(p.consultation, 'payload.consultation', 1e6);
      if (!consultation) throw badRequest('bad_request', 'payload.consultation is required: the id of the consultation answered');
      if (!(OPINIONS as readonly unknown[]).includes(p.opinion)) throw badRequest('bad_request', `payload.opinion must be one of ${OPINIONS.join(', ')}`);
      return { type, on, consultation, opinion: p.opinion as Opinion, prescriptions: text(p.prescriptions, 'payload.prescriptions') };
    }
    case 'PROPOSE_DECISION': {
      if (!(DECISION_KINDS as readonly unknown[]).includes(p.decision)) throw badRequest('bad_request', `payload.decision must be one of ${DECISION_KINDS.join(', ')}`);
      return { type, on, decision: p.decision as DecisionKind, motifs: text(p.motifs, 'payload.motifs'), prescriptions: text(p.prescriptions, 'payload.prescriptions') };
    }
    case 'WITHDRAW': case 'CONTEST_CONFORMITY': return { type, on, motifs: text(p.motifs, 'payload.motifs') };
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
      if (requestedOn && event.on < requestedOn) throw badRequest('bad_request', `the pieces cannot be received (${event.on}) before they were requested (${requestedOn})`);
      const unknown = (event.pieces ?? []).filter((p) => !missing.includes(p));
      if (unknown.length) throw badRequest('bad_request', `not among the missing pieces: ${unknown.join(', ')} (missing: ${missing.join(', ')})`);
      return;
    }
    case 'NOTIFY_MAJORATION': {
      if (t.majorationLastDay && event.on > t.majorationLastDay) {
        throw notAllowed(`a majoration must be notified within one month of filing (R423-18): the last day was ${t.majorationLastDay}`);
      }
      const wrong = event.majorations.filter((m) => !majorationRule(m.article)!.types.includes(ctx.type));
      if (wrong.length) throw badRequest('bad_request', `${wrong.map((m) => m.article).join(', ')} does not apply to a ${ctx.type}`);
      return;
    }
    case 'RECORD_OPINION': {
      const c = ctx.consultations.find((x) => x.id === event.consultation);
      if (!c) throw badRequest('bad_request', `no consultation ${event.consultation} on this dossier (${ctx.consultations.map((x) => x.id).join(', ') || 'none yet'})`);
      if (c.opinion) throw notAllowed(`consultation ${c.id} (${c.service}) already has ${c.tacit ? 'a tacit' : 'an'} opinion (${c.opinion}, ${c.opinionOn})`);
      if (event.on < c.sentOn) throw badRequest('bad_request', `the opinion (${event.on}) cannot precede the consultation (${c.sentOn})`);
      return;
    }
    case 'CONSULTATION_TACIT': {
      const c = ctx.consultations.find((x) => x.id === event.consultation);
      if (!c || c.opinion) throw notAllowed(`consultation ${event.consultation} is not awaiting an opinion`);
      return;
    }
    case 'PROPOSE_DECISION': {
      if (!rule.decisions.includes(event.decision)) throw badRequest('bad_request', `a ${ctx.type} is decided by ${rule.decisions.join(', ')}, not ${event.decision}`);
      const binding = ctx.consultations.find((c) => c.avisConforme && c.opinion === 'defavorable');
      if (binding && OUTCOME_OF[event.decision] === 'granted') {
        throw notAllowed(`the ${binding.service}'s accord is required and was refused on ${binding.opinionOn}: the permit cannot be granted (L632-2 code du patrimoine)`);
      }
      return;
    }
    case 'SIGN_DECISION':
      if (ctx.proposal && event.on < ctx.proposal.on) throw badRequest('bad_request', `the signature (${event.on}) cannot precede the proposal (${ctx.proposal.on})`);
      return;
    case 'NOTIFY_DECISION':
      if (ctx.signedOn && event.on < ctx.signedOn) throw badRequest('bad_request', `the notification (${event.on}) cannot precede the signature (${ctx.signedOn})`);
      return;
    case 'DISPLAY_ON_SITE':
      if (ctx.displayFrom) throw notAllowed(`the display on the land was already recorded from ${ctx.displayFrom}`);
      if (ctx.decision && event.on < ctx.decision.on) throw badRequest('bad_request', `the display (${event.on}) cannot precede the decision (${ctx.decision.on})`);
      return;
    case 'WITHDRAW':
      if (t.withdrawalLastDay && event.on > t.withdrawalLastDay) {
        throw notAllowed(`a permit can be withdrawn only within three months of its date (L424-5): the last day was ${t.withdrawalLastDay}`);
      }
      return;
    case 'CONTEST_CONFORMITY':
      if (t.conformityContestLastDay && event.on > t.conformityContestLastDay) {
        throw notAllowed(`conformity can be contested only within ${ctx.recolementObligatoire ? 5 : 3} months of the DAACT (R462-6): the last day was ${t.conformityContestLastDay}`);
      }
      return;
    default:
      return;
  }
}

/** Consultations whose delay has passed without an opinion. */
export const pendingConsultations = (ctx: Ctx) => ctx.consultations.filter((c) => !c.opinion).map((c) => ({ c, lastDay: consultationLastDay(c) }));
