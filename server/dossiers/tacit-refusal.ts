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

// R423-39: pieces requested and not produced within three months, the application is tacitly
// rejected (a) or the declaration opposed (b). Unlike a refusal on the merits, this ends an
// application that was never complete: the instruction delay never ran (R423-19) and the file lacks
// pieces the code says it "comprend" (R431-4 for a permit, R431-35 and R431-36 for a DP), without which the
// authority cannot assess the project.
// Terrier therefore lets no decision follow it: the applicant files a new, complete application.
const DECISION_EVENTS = ['PROPOSE_DECISION', 'SIGN_DECISION', 'NOTIFY_DECISION'];

/** A decision sent on a dossier tacitly rejected for missing pieces: a 409 saying a new application is needed. */
export function assertNotTacitlyRejected(ctx: { type: string; decision: Decision | null }, event: { type: string }): void {
  const d = ctx.decision;
  if (!d?.tacit || d.outcome !== 'rejected' || !DECISION_EVENTS.includes(event.type)) return;
  const dp = ctx.type === 'DP';
  throw new AppError(409, 'tacit_rejection_new_application',
    `${dp ? 'La déclaration a fait l’objet d’une opposition tacite' : 'La demande a été tacitement rejetée'} le ${frDate(d.on)}, les pièces manquantes n’ayant pas été produites dans les trois mois (article R423-39 ${dp ? 'b' : 'a'} du code de l’urbanisme) : le dossier étant resté incomplet, aucune décision ne peut plus être prise sur lui. Le demandeur doit déposer une nouvelle demande, complète.`,
    { state: 'rejet_tacite', event: event.type });
}
