// The sursis à statuer (L424-1): its duration (two years at most), the applicant's confirmation
// within two months of its end, then a final decision within two months of the confirmation, failing
// which the authorisation is granted as applied for (L424-1, last paragraph). The statechart
// (machine.ts) takes the dossier from `sursis` back to its delay on the confirmation.
import { AppError, badRequest } from '../errors.ts';
import { addMonths, frDate, type LegalDate } from './dates.ts';

/** L424-1: "Le sursis à statuer ne peut excéder deux ans." */
export const SURSIS_MAX_MONTHS = 24;
/** L424-1: the confirmation "peut intervenir au plus tard deux mois après l'expiration du délai de validité du sursis". */
export const SURSIS_CONFIRMATION_MONTHS = 2;
/** L424-1: the final decision within two months of the confirmation, else the authorisation is granted. */
export const SURSIS_DECISION_MONTHS = 2;

export type Sursis = {
  /** The notification of the sursis (R424-10): its duration runs from it [our reading]. */
  on: LegalDate;
  months: number;
  /** Its last day. */
  end: LegalDate;
  /** The applicant's confirmation of the application (L424-1), null until it comes. */
  confirmedOn: LegalDate | null;
};

export const sursisOf = (on: LegalDate, months: number): Sursis => ({ on, months, end: addMonths(on, months), confirmedOn: null });

/** The last day for the applicant to confirm the application (L424-1). */
export const confirmationLastDay = (s: Sursis) => addMonths(s.end, SURSIS_CONFIRMATION_MONTHS);

/**
 * The day the two months of the final decision run from: the confirmation, or the end of the sursis
 * when the applicant confirmed before it ended (the decision is due "à l'expiration du délai de
 * validité du sursis", L424-1) [our reading].
 */
export const decisionDelayFrom = (s: Sursis, confirmedOn: LegalDate) => (confirmedOn > s.end ? confirmedOn : s.end);

/** `payload.sursisMonths` of PROPOSE_DECISION: the sursis's duration, two years at most (L424-1); only with a sursis. */
export function parseSursisMonths(v: unknown, decision: string): number | null {
  if (v === undefined || v === null) return null;
  if (decision !== 'sursis') throw badRequest('sursis_months_not_applicable', '« payload.sursisMonths » ne concerne qu’un sursis à statuer (L424-1).');
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > SURSIS_MAX_MONTHS) {
    throw badRequest('sursis_too_long', `« payload.sursisMonths » doit être un nombre entier de mois de 1 à ${SURSIS_MAX_MONTHS} : le sursis à statuer ne peut excéder deux ans (L424-1).`);
  }
  return v;
}

/** The legal conditions of the confirmation, and of a decision proposed after it. */
export function assertConfirmation(sursis: Sursis | null | undefined, on: LegalDate): void {
  if (!sursis) throw new AppError(409, 'sursis_missing', 'Aucun sursis à statuer n’a été notifié sur ce dossier.');
  if (on < sursis.on) throw badRequest('confirmation_before_sursis', `La confirmation (${frDate(on)}) ne peut pas précéder la notification du sursis (${frDate(sursis.on)}).`);
  const last = confirmationLastDay(sursis);
  if (on > last) {
    throw new AppError(409, 'sursis_confirmation_late', `La demande doit être confirmée au plus tard deux mois après la fin du sursis à statuer (L424-1) : le sursis a pris fin le ${frDate(sursis.end)}, le dernier jour était le ${frDate(last)}.`);
  }
}

/** L424-1: after the confirmation "une décision définitive doit alors être prise": no second sursis. */
export function assertNoSecondSursis(sursis: Sursis | null | undefined, decision: string): void {
  if (decision === 'sursis' && sursis?.confirmedOn) {
    throw new AppError(409, 'sursis_after_confirmation', `La demande a été confirmée le ${frDate(sursis.confirmedOn)} après un sursis à statuer : une décision définitive doit être prise, pas un nouveau sursis (L424-1).`);
  }
}
