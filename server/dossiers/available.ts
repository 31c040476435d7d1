// The actions a user is offered on a dossier, never silently: for each event his role may post and
// the dossier's state accepts, whether the engine would accept it today, and if not why (the rule
// and its date, as the 409 would say); whether it would be recorded without legal effect, and why.
// An act already recorded (a display, an attestation) is not offered again.
import type { Role } from '../accounts/roles.ts';
import { AppError } from '../errors.ts';
import { timeline, type Ctx } from './context.ts';
import type { LegalDate } from './dates.ts';
import { allowedUserEvents } from './engine.ts';
import { assertLegal, type DossierEvent } from './events.ts';
import { noEffectStatement, restore } from './machine.ts';
import type { DossierRow } from './repository.ts';
import { MAJORATION_RULES, USER_EVENTS, mayPost, type UserEventType } from './rules.ts';

export type OfferedAction = {
  event: UserEventType;
  label: string;
  /** Whether the engine accepts the act dated today. */
  enabled: boolean;
  /** Why not (French, dates dd/mm/yyyy), and the error code the engine would answer. */
  reason?: string;
  code?: string;
  /** The act would be recorded, but without legal effect: why. */
  withoutEffect?: string;
};

/** The 409 codes saying the act is already recorded: such an act is not offered again. */
const ALREADY = /_already_recorded$/;

/** A sample of the event dated today, enough for the legal conditions that depend on the date and the dossier, not on what the user will type. */
function sample(event: UserEventType, ctx: Ctx, today: LegalDate): DossierEvent | null {
  switch (event) {
    case 'NOTIFY_MAJORATION': {
      const applicable = MAJORATION_RULES.find((r) => (r.types as readonly string[]).includes(ctx.type));
      return applicable ? { type: event, on: today, majorations: [{ article: applicable.article, months: applicable.months, mode: applicable.mode }] } : null;
    }
    case 'RECORD_OPINION': {
      const pending = ctx.consultations.find((c) => c.opinion === null && !c.tacit);
      return pending ? { type: event, on: today, consultation: pending.id, opinion: 'favorable', prescriptions: null } : null;
    }
    // The decision proposed and the pieces received are chosen in the form: their conditions are
    // checked when posted (binding_opinion_refused, pieces_not_missing).
    case 'PROPOSE_DECISION': case 'REQUEST_PIECES': case 'RECEIVE_PIECES': case 'CONSULT': return null;
    case 'WITHDRAW': return { type: event, on: today, motifs: null, contradictoryOpenedOn: null };
    case 'CONTEST_CONFORMITY': return { type: event, on: today, motifs: null };
    default: return { type: event, on: today } as DossierEvent;
  }
}

/** What a request for pieces made today would not do (R423-38, CE 30 avr. 2024 n° 461958), or null. */
function piecesWithoutEffect(ctx: Ctx, today: LegalDate): string | null {
  const last = timeline(ctx).completenessLastDay;
  if (!ctx.completeness.requestedOn && !(last && today > last)) return null;
  return noEffectStatement(ctx, { type: 'REQUEST_PIECES', on: today, pieces: [] });
}

/**
 * The actions offered to a role on a dossier as it stands (caught up to today): the events his role
 * may post that the state accepts, each enabled or disabled with its reason.
 */
export function availableActions(row: Pick<DossierRow, 'type' | 'state' | 'context' | 'filed_on'>, role: Role, today: LegalDate): OfferedAction[] {
  const ctx = row.context;
  const snap = restore(row.type, row.state, ctx);
  const out: OfferedAction[] = [];
  for (const event of allowedUserEvents(snap)) {
    if (!mayPost(role, event)) continue;
    const offer: OfferedAction = { event, label: USER_EVENTS[event].label, enabled: true };
    const e = sample(event, ctx, today);
    if (e) {
      try {
        assertLegal(ctx, e);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        if (ALREADY.test(err.code)) continue;
        // A 400 is about the sample's payload, which the user chooses: only the law's 409s disable.
        if (err.status === 409) Object.assign(offer, { enabled: false, reason: err.message, code: err.code });
      }
    }
    if (event === 'REQUEST_PIECES') {
      const why = piecesWithoutEffect(ctx, today);
      if (why) offer.withoutEffect = why;
    }
    out.push(offer);
  }
  return out;
}
