// After a tacit refusal (R424-2, R424-3; an opposition tacite on a DP, R424-2-1), the authority is
// still seized of the application and may grant it expressly: the refusal is a decision that creates
// no rights, which "peut, pour tout motif et sans condition de délai, être modifié ou abrogé"
// (L243-1 du code des relations entre le public et l'administration); the express permit abrogates
// it implicitly but necessarily. Only a grant: a second refusal would add nothing. The statechart
// (machine.ts) lets the decision be proposed, signed and notified from `refus_tacite`.
import { AppError } from '../errors.ts';
import type { Decision } from './context.ts';
import { frDate, type LegalDate } from './dates.ts';
import { OUTCOME_OF, type DecisionKind } from './rules.ts';

/** The legal basis recorded with the express grant. */
export const TACIT_REFUSAL_ABROGATION = 'L243-1 CRPA';

type Ctx = { decision: Decision | null; proposal: { kind: DecisionKind } | null; signedOn: LegalDate | null };

/** The tacit refusal the dossier stands on, or null. */
export const tacitRefusal = (ctx: { decision: Decision | null }): Decision | null =>
  (ctx.decision?.tacit && ctx.decision.outcome === 'refused' ? ctx.decision : null);

const grantOnly = (r: Decision, what: string) => new AppError(409, 'tacit_refusal_grant_only',
  `Un refus tacite est né le ${frDate(r.on)} (${r.article}) : ne créant pas de droits, il peut être abrogé à tout moment par une décision expresse d’accord (L243-1 du code des relations entre le public et l’administration). ${what}`);

/** The express decision after a tacit refusal: a grant, proposed, then signed, then notified. */
export function assertAfterTacitRefusal(ctx: Ctx, event: { type: string; decision?: DecisionKind }): void {
  const r = tacitRefusal(ctx);
  if (!r) return;
  const granted = (k: DecisionKind | undefined) => k !== undefined && OUTCOME_OF[k] === 'granted';
  if (event.type === 'PROPOSE_DECISION' && !granted(event.decision)) throw grantOnly(r, 'Seule une décision d’accord peut être proposée ; une nouvelle décision de refus ou de sursis n’a pas lieu d’être.');
  if ((event.type === 'SIGN_DECISION' || event.type === 'NOTIFY_DECISION') && !granted(ctx.proposal?.kind)) throw grantOnly(r, 'Proposez d’abord une décision d’accord.');
  if (event.type === 'NOTIFY_DECISION' && !ctx.signedOn) throw grantOnly(r, 'La décision d’accord doit être signée avant d’être notifiée.');
}
