// The public inquiry (R423-20, R423-32): with the R423-32 majoration notified, the delay runs only
// from the receipt of the commissaire enquêteur's report, for two months. And the exceptional
// prolongations of the delay (R423-34 to R423-37), notified during the instruction,
// before the delay fixed at the start (R423-23, majoré under R423-24 to R423-33) expires (R423-44).
// Only the prolongations whose text was verified are accepted; the statechart (machine.ts) records
// them and context.ts adds them to the delay.
import { AppError, badRequest } from '../errors.ts';
import { addMonths, frDate, type LegalDate } from './dates.ts';
import type { DossierType } from './rules.ts';

/**
 * add: the months are added to the delay; total: the delay is « porté à » that many months (never
 * shortened); fromRecours: the delay ends that many months after the recours (R423-36), given as recoursOn.
 */
export type ProlongationRule = { article: string; months: number; mode: 'add' | 'total' | 'fromRecours'; label: string; types: readonly DossierType[] };

const PERMITS: readonly DossierType[] = ['PC', 'PCMI', 'PA', 'PD', 'modificatif'];

export const PROLONGATION_RULES: readonly ProlongationRule[] = [
  // R423-34: the permit needs a défrichement authorisation (L311-5 code forestier) whose delay the
  // préfet prolonged by three months (R312-1 code forestier): the permit's delay is prolonged by three months.
  { article: 'R423-34', months: 3, mode: 'add', label: 'autorisation de défrichement dont le délai a été prolongé par le préfet (R312-1 du code forestier)', types: PERMITS },
  // R423-35: the ABF's accord is required (site patrimonial remarquable, abords) and the authority
  // appealed to the préfet de région against the ABF's opinion: prolonged by two months.
  { article: 'R423-35', months: 2, mode: 'add', label: 'recours de l’autorité compétente auprès du préfet de région contre l’avis de l’architecte des Bâtiments de France', types: [...PERMITS, 'DP'] },
  // R423-36 (as rewritten by the décret n° 2015-165 du 12 février 2015): where the permit needs an
  // authorisation for a cinema (création, extension or réouverture of an établissement de spectacles
  // cinématographiques, L212-7 code du cinéma et de l'image animée) that the commission départementale
  // refused, « le délai d'instruction est prolongé de cinq mois à compter du recours » if a recours
  // was brought before the CNAC within the delay: the delay ends five months after the recours.
  { article: 'R423-36', months: 5, mode: 'fromRecours', label: 'recours devant la Commission nationale d’aménagement commercial contre le refus d’autorisation d’un établissement de spectacles cinématographiques (L212-7 du code du cinéma et de l’image animée)', types: ['PC', 'modificatif'] },
  // R423-36-1 (as rewritten by the décret n° 2015-165 du 12 février 2015, the text in force): where,
  // under the I or the V of L752-17 code de commerce (a recours to the Commission nationale
  // d'aménagement commercial against the CDAC's avis, or the CNAC taking up the project itself), the
  // permit needs the CNAC's favourable avis, the delay is prolonged by five months. A permis de
  // construire valant autorisation d'exploitation commerciale (L425-4): PC, and its modificatif.
  { article: 'R423-36-1', months: 5, mode: 'add', label: 'recours devant la Commission nationale d’aménagement commercial, ou autosaisine de celle-ci (L752-17 du code de commerce)', types: ['PC', 'modificatif'] },
  // R423-37 (eight months since 11 July 2015, one year before; the paragraph on the ministre
  // chargé des monuments historiques since removed): where the project is
  // « évoqué » by the ministre chargé des sites or the ministre chargé de la protection de la nature,
  // the delay is « porté à huit mois »: set to eight months, not added to (never shortened here).
  { article: 'R423-37', months: 8, mode: 'total', label: 'évocation du projet par le ministre chargé des sites ou par le ministre chargé de la protection de la nature', types: [...PERMITS, 'DP'] },
];

/** from: R423-36, the day of the recours the five months run from. */
export type Prolongation = { on: LegalDate; article: string; months: number; from?: LegalDate | null };

export function parseProlongation(p: Record<string, unknown>): ProlongationRule {
  const rule = PROLONGATION_RULES.find((r) => r.article === (typeof p.article === 'string' ? p.article.trim() : p.article));
  if (!rule) {
    throw badRequest('prolongation_unknown', `Prolongation exceptionnelle inconnue : ${JSON.stringify(p.article) ?? 'aucune'}. Articles admis : ${PROLONGATION_RULES.map((r) => `${r.article} (${r.months} mois)`).join(', ')}.`);
  }
  return rule;
}

/** R423-44: notified before the delay fixed at the start expires (`deadline`: its last day, without prolongations); each case once; the type it concerns. */
export function assertProlongation(ctx: { type: DossierType; prolongations?: Prolongation[]; filedOn: LegalDate }, deadline: LegalDate | null, e: { on: LegalDate; article: string; recoursOn?: LegalDate | null }): void {
  // The desk's offer (available.ts) probes without an article: that is the user's choice, a 400.
  const rule = parseProlongation({ article: e.article });
  if (!rule.types.includes(ctx.type)) throw badRequest('prolongation_not_applicable', `La prolongation ${rule.article} ne s’applique pas à un dossier ${ctx.type}.`);
  if ((ctx.prolongations ?? []).some((x) => x.article === e.article)) {
    throw new AppError(409, 'prolongation_already_notified', `La prolongation ${rule.article} a déjà été notifiée sur ce dossier.`);
  }
  if (rule.mode === 'fromRecours') {
    // R423-36: a recours « déposé devant la Commission nationale d'aménagement commercial dans le délai d'instruction ».
    if (!e.recoursOn) throw badRequest('prolongation_recours_required', `La prolongation ${rule.article} court à compter du recours devant la Commission nationale d’aménagement commercial : « payload.recoursOn » (sa date) est obligatoire.`);
    if (e.recoursOn < ctx.filedOn || e.recoursOn > e.on || (deadline && e.recoursOn > deadline)) {
      throw new AppError(409, 'prolongation_recours_out_of_delay', `Le recours du ${frDate(e.recoursOn)} doit avoir été déposé pendant le délai d’instruction${deadline ? ` (au plus tard le ${frDate(deadline)})` : ''} et au plus tard le jour de la notification (${frDate(e.on)}) (R423-36).`);
    }
  }
  if (deadline && e.on > deadline) {
    throw new AppError(409, 'prolongation_late', `La prolongation exceptionnelle doit être notifiée avant l’expiration du délai d’instruction fixé initialement, majoré le cas échéant (R423-44) : le dernier jour de ce délai était le ${frDate(deadline)}.`);
  }
}

/** R423-36: the deadline is at least five months after the recours. */
export function prolongedDeadline(deadline: LegalDate | null, ps: readonly Prolongation[] | undefined): LegalDate | null {
  if (!deadline) return null;
  // ISO dates: the latest sorts last.
  return [deadline, ...(ps ?? []).filter((p) => p.from).map((p) => addMonths(p.from!, p.months))].sort().at(-1)!;
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

/** The delay with the prolongations notified: R423-37 « porte » it to eight months, the others add their months. */
export function prolongedDelay(delay: number, ps: readonly Prolongation[] | undefined): number {
  const modeOf = (p: Prolongation) => PROLONGATION_RULES.find((r) => r.article === p.article)?.mode ?? 'add';
  // R423-36 (fromRecours) moves the deadline, not the delay: see prolongedDeadline().
  const base = (ps ?? []).filter((p) => modeOf(p) === 'total').reduce((d, p) => Math.max(d, p.months), delay);
  return (ps ?? []).filter((p) => modeOf(p) === 'add').reduce((d, p) => d + p.months, base);
}
