// The public inquiry (R423-20, R423-32): with the R423-32 majoration notified, the delay runs only
// from the receipt of the commissaire enquêteur's report, for two months. And the exceptional prolongations of the delay (R423-34 to R423-37), notified during the instruction,
// before the delay fixed at the start (R423-23, majoré under R423-24 to R423-33) expires (R423-44).
// Only the prolongations whose text was verified are accepted; the statechart (machine.ts) records
// them and context.ts adds them to the delay.
import { AppError, badRequest } from '../errors.ts';
import { frDate, type LegalDate } from './dates.ts';
import type { DossierType } from './rules.ts';

export type ProlongationRule = { article: string; months: number; label: string; types: readonly DossierType[] };

const PERMITS: readonly DossierType[] = ['PC', 'PCMI', 'PA', 'PD', 'modificatif'];

export const PROLONGATION_RULES: readonly ProlongationRule[] = [
  // R423-34: the permit needs a défrichement authorisation (L311-5 code forestier) whose delay the
  // préfet prolonged by three months (R312-1 code forestier): the permit's delay is prolonged by three months.
  { article: 'R423-34', months: 3, label: 'autorisation de défrichement dont le délai a été prolongé par le préfet (R312-1 du code forestier)', types: PERMITS },
  // R423-35: the ABF's accord is required (site patrimonial remarquable, abords) and the authority
  // appealed to the préfet de région against the ABF's opinion: prolonged by two months.
  { article: 'R423-35', months: 2, label: 'recours de l’autorité compétente auprès du préfet de région contre l’avis de l’architecte des Bâtiments de France', types: [...PERMITS, 'DP'] },
];

export type Prolongation = { on: LegalDate; article: string; months: number };

export function parseProlongation(p: Record<string, unknown>): ProlongationRule {
  const rule = PROLONGATION_RULES.find((r) => r.article === (typeof p.article === 'string' ? p.article.trim() : p.article));
  if (!rule) {
    throw badRequest('prolongation_unknown', `Prolongation exceptionnelle inconnue : ${JSON.stringify(p.article) ?? 'aucune'}. Articles admis : ${PROLONGATION_RULES.map((r) => `${r.article} (${r.months} mois)`).join(', ')}.`);
  }
  return rule;
}

/** R423-44: notified before the delay fixed at the start expires; each case once; the type it concerns. */
export function assertProlongation(ctx: { type: DossierType; prolongations?: Prolongation[] }, deadline: LegalDate | null, e: { on: LegalDate; article: string }): void {
  // The desk's offer (available.ts) probes without an article: that is the user's choice, a 400.
  const rule = parseProlongation({ article: e.article });
  if (!rule.types.includes(ctx.type)) throw badRequest('prolongation_not_applicable', `La prolongation ${rule.article} ne s’applique pas à un dossier ${ctx.type}.`);
  if ((ctx.prolongations ?? []).some((x) => x.article === e.article)) {
    throw new AppError(409, 'prolongation_already_notified', `La prolongation ${rule.article} a déjà été notifiée sur ce dossier.`);
  }
  if (deadline && e.on > deadline) {
    throw new AppError(409, 'prolongation_late', `La prolongation exceptionnelle doit être notifiée avant l’expiration du délai d’instruction (R423-44) : le dernier jour du délai était le ${frDate(deadline)}.`);
  }
}

/** R423-20: the delay runs from the receipt of the report when the R423-32 majoration was notified. */
export const INQUIRY_ARTICLE = 'R423-32';

export function assertInquiryReport(ctx: { majorations: { article: string }[]; inquiryReportOn?: LegalDate | null; filedOn: LegalDate }, on: LegalDate): void {
  if (!ctx.majorations.some((m) => m.article === INQUIRY_ARTICLE)) {
    throw new AppError(409, 'inquiry_not_notified', 'Aucune enquête publique n’a été notifiée au demandeur sur ce dossier (majoration R423-32, dans le mois du dépôt) : la réception du rapport ne change pas le délai.');
  }
  if (ctx.inquiryReportOn) throw new AppError(409, 'inquiry_report_already_recorded', `La réception du rapport du commissaire enquêteur est déjà enregistrée, le ${frDate(ctx.inquiryReportOn)}.`);
  if (on < ctx.filedOn) throw badRequest('date_before_filing', `La réception du rapport (${frDate(on)}) ne peut pas précéder le dépôt (${frDate(ctx.filedOn)}).`);
}

/** The months the prolongations add to the delay. */
export const prolongationMonths = (ps: readonly Prolongation[] | undefined) => (ps ?? []).reduce((s, p) => s + p.months, 0);
