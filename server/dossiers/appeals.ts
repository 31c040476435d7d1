// After a permit is granted: the appeals that suspend its validity (R424-19) and the interruption of
// the works that makes it lapse (R424-17 al. 2). Facts and the dates that follow from them; the
// statechart (machine.ts) records the events, context.ts applies the suspension to the validity.
import { AppError, badRequest } from '../errors.ts';
import { addDays, addMonths, dayAfter, frDate, type LegalDate } from './dates.ts';

/**
 * R424-19: "En cas de recours devant la juridiction administrative contre le permis ou contre la
 * décision de non-opposition à la déclaration préalable ou de recours devant la juridiction civile
 * en application de l'article L. 480-13, le délai de validité prévu à l'article R. 424-17 est
 * suspendu jusqu'au prononcé d'une décision juridictionnelle irrévocable." A déféré of the préfet is
 * an appeal before the administrative court. A recours gracieux does not suspend the validity.
 */
export const APPEAL_COURTS = ['administratif', 'civil'] as const;
export type AppealCourt = (typeof APPEAL_COURTS)[number];
/** The irrevocable judgment: the appeal rejected (or dismissed), withdrawn by its author, or the permit annulled. */
export const APPEAL_OUTCOMES = ['rejet', 'desistement', 'annulation'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

export type Appeal = {
  id: number;
  /** The day the appeal was registered at the court: the suspension starts on it. */
  filedOn: LegalDate;
  court: AppealCourt;
  reference: string | null;
  /** The day the judgment became irrevocable (no further appeal possible): the suspension ends on it. */
  decidedOn: LegalDate | null;
  outcome: AppealOutcome | null;
};

/** R424-17 al. 2: works interrupted from `from`, resumed on `to` (null while they are stopped). */
export type WorksInterruption = { from: LegalDate; to: LegalDate | null };

const DAY_MS = 86_400_000;
const days = (from: LegalDate, to: LegalDate) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

export type SuspendedValidity = { end: LegalDate | null; suspendedSince: LegalDate | null; suspendedDays: number };

/**
 * The validity's end once the appeals are counted (R424-19): each period from an appeal's filing to
 * its irrevocable judgment, overlapping periods counted once, pushes the end back by its length if it
 * began before the end; while an appeal is pending the validity does not run (end null).
 */
export function suspendValidity(end: LegalDate, appeals: readonly Appeal[]): SuspendedValidity {
  const periods = [...appeals].sort((a, b) => a.filedOn.localeCompare(b.filedOn))
    .map((a) => ({ from: a.filedOn, to: a.decidedOn }));
  let suspendedDays = 0;
  let current = end;
  let i = 0;
  while (i < periods.length) {
    const from = periods[i]!.from;
    let to: LegalDate | null = periods[i]!.to;
    // Merge the appeals pending together into one suspension.
    while (++i < periods.length && (to === null || periods[i]!.from <= to)) {
      const next = periods[i]!.to;
      to = to === null || next === null ? null : next > to ? next : to;
    }
    if (from > current) break; // filed after the validity ended: nothing left to suspend
    if (to === null) return { end: null, suspendedSince: from, suspendedDays };
    suspendedDays += days(from, to);
    current = addDays(current, days(from, to));
  }
  return { end: current, suspendedSince: null, suspendedDays };
}

/**
 * R424-17 al. 2: the permit lapses when, past its validity period, the works are interrupted for more
 * than a year. Our reading of "passé ce délai": the year is counted from the later of the
 * interruption and the end of the validity (R424-17, R424-21, R424-19), so an interruption within the
 * period lapses the permit only one year after the period ends. The lapse arises the day after.
 */
export function interruptionLapseOn(interruptions: readonly WorksInterruption[], validityEnd: LegalDate | null): LegalDate | null {
  const open = interruptions.find((x) => x.to === null);
  if (!open || !validityEnd) return null;
  return dayAfter(addMonths(open.from > validityEnd ? open.from : validityEnd, 12));
}

// --- payloads and legal conditions -------------------------------------------------------------

const notAllowed = (code: string, message: string) => new AppError(409, code, message);

export type AppealEvent =
  | { type: 'APPEAL_FILED'; on: LegalDate; court: AppealCourt; reference: string | null }
  | { type: 'APPEAL_DECIDED'; on: LegalDate; appeal: number | null; outcome: AppealOutcome }
  | { type: 'WORKS_INTERRUPTED' | 'WORKS_RESUMED'; on: LegalDate };

export function parseAppealEvent(type: AppealEvent['type'], on: LegalDate, p: Record<string, unknown>): AppealEvent {
  switch (type) {
    case 'APPEAL_FILED': {
      const court = p.court ?? 'administratif';
      if (!(APPEAL_COURTS as readonly unknown[]).includes(court)) throw badRequest('appeal_court_unknown', `« payload.court » doit valoir ${APPEAL_COURTS.join(' ou ')} (R424-19 : recours devant la juridiction administrative, ou civile en application de l’article L480-13).`);
      if (p.reference !== undefined && p.reference !== null && (typeof p.reference !== 'string' || p.reference.length > 200)) throw badRequest('field_not_text', '« payload.reference » doit être un texte de 200 caractères au plus (le numéro de la requête).');
      return { type, on, court: court as AppealCourt, reference: (p.reference as string | undefined)?.trim() || null };
    }
    case 'APPEAL_DECIDED': {
      if (!(APPEAL_OUTCOMES as readonly unknown[]).includes(p.outcome)) throw badRequest('appeal_outcome_unknown', `« payload.outcome » doit valoir ${APPEAL_OUTCOMES.join(', ')} : l’issue irrévocable du recours (R424-19).`);
      const appeal = p.appeal === undefined || p.appeal === null ? null : p.appeal;
      if (appeal !== null && (typeof appeal !== 'number' || !Number.isInteger(appeal) || appeal < 1)) throw badRequest('field_not_integer', '« payload.appeal » doit être l’identifiant entier du recours jugé.');
      return { type, on, appeal: appeal as number | null, outcome: p.outcome as AppealOutcome };
    }
    default: return { type, on };
  }
}

/** The conditions of law on the appeal and works events, beyond the state allowing them. */
export function assertAppealLegal(ctx: { appeals?: Appeal[]; worksInterruptions?: WorksInterruption[]; worksStartedOn: LegalDate | null }, e: AppealEvent): void {
  const appeals = ctx.appeals ?? [];
  switch (e.type) {
    case 'APPEAL_DECIDED': {
      const pending = appeals.filter((a) => a.decidedOn === null);
      const a = e.appeal === null ? (pending.length === 1 ? pending[0] : undefined) : appeals.find((x) => x.id === e.appeal);
      if (!a) {
        throw pending.length > 1
          ? badRequest('appeal_required', `Plusieurs recours sont pendants (n° ${pending.map((x) => x.id).join(', ')}) : indiquez « payload.appeal », le recours jugé.`)
          : notAllowed('appeal_not_pending', e.appeal === null ? 'Aucun recours pendant n’est enregistré sur ce dossier.' : `Aucun recours n° ${e.appeal} sur ce dossier.`);
      }
      if (a.decidedOn) throw notAllowed('appeal_not_pending', `Le recours n° ${a.id} a déjà été jugé irrévocablement le ${frDate(a.decidedOn)}.`);
      if (e.on < a.filedOn) throw badRequest('judgment_before_appeal', `Le jugement (${frDate(e.on)}) ne peut pas précéder le recours (${frDate(a.filedOn)}).`);
      if (e.outcome === 'annulation' && a.court === 'civil') {
        throw badRequest('civil_court_cannot_annul', 'Le juge civil saisi en application de l’article L480-13 n’annule pas le permis : seul le juge administratif le peut.');
      }
      return;
    }
    case 'WORKS_INTERRUPTED': {
      if ((ctx.worksInterruptions ?? []).some((x) => x.to === null)) throw notAllowed('works_already_interrupted', 'L’interruption des travaux est déjà enregistrée : enregistrez d’abord leur reprise.');
      if (ctx.worksStartedOn && e.on < ctx.worksStartedOn) throw badRequest('interruption_before_works', `L’interruption (${frDate(e.on)}) ne peut pas précéder l’ouverture du chantier (${frDate(ctx.worksStartedOn)}).`);
      return;
    }
    case 'WORKS_RESUMED': {
      const open = (ctx.worksInterruptions ?? []).find((x) => x.to === null);
      if (!open) throw notAllowed('works_not_interrupted', 'Aucune interruption des travaux n’est en cours.');
      if (e.on < open.from) throw badRequest('resumption_before_interruption', `La reprise (${frDate(e.on)}) ne peut pas précéder l’interruption (${frDate(open.from)}).`);
      return;
    }
    default:
  }
}

/** The appeal a judgment concerns (the only pending one when not named); assertAppealLegal has checked it exists. */
export const judgedAppeal = (appeals: readonly Appeal[], e: { appeal: number | null }) =>
  (e.appeal === null ? appeals.find((a) => a.decidedOn === null) : appeals.find((a) => a.id === e.appeal))!;
