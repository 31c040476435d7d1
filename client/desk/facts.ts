// The legal facts of a dossier's procedure, in French, for its page: the exceptional prolongations
// notified (R423-34 to R423-37), the receipt of the commissaire enquêteur's report (R423-20), the
// decision and the tacit refusal an express grant abrogated (L243-1 CRPA), the certificat
// d'urbanisme whose rules are cristallisées (L410-1) and the prorogations (R410-17, R424-21).
// Pure: no DOM.
import { INQUIRY_ARTICLE, PROLONGATION_RULES } from '../../server/dossiers/inquiry.ts';
import type { Dossier } from './api.ts';
import { frDate } from './dates.ts';
import { DECISION_LABELS } from './labels.ts';

/** What a prolongation does to the delay, in French. */
export const prolongationEffect = (mode: string | undefined, months: number, from?: string | null): string =>
  mode === 'total' ? `délai porté à ${months} mois`
    : mode === 'fromRecours' ? `délai prolongé de ${months} mois à compter du recours${from ? ` du ${frDate(from)}` : ''}` : `+${months} mois`;

export type Fact = { key: string; label: string; value: string; href?: string };

const CERTIFICATES = ['CUa', 'CUb'];

export function factsOf(d: Dossier): Fact[] {
  const out: Fact[] = [];
  for (const p of d.prolongations ?? []) {
    const rule = PROLONGATION_RULES.find((r) => r.article === p.article);
    const effect = prolongationEffect(rule?.mode, p.months, p.from);
    out.push({ key: `prolongation-${p.article}`, label: `Prolongation exceptionnelle (${p.article})`,
      value: `notifiée le ${frDate(p.on)} : ${effect}${rule ? ` — ${rule.label}` : ''}` });
  }
  if (d.majorations.some((m) => m.article === INQUIRY_ARTICLE)) {
    out.push({ key: 'inquiryReport', label: 'Rapport du commissaire enquêteur (R423-20)',
      value: d.inquiryReportOn ? `reçu le ${frDate(d.inquiryReportOn)} : le délai court de cette date`
        : 'attendu : le délai d’instruction ne court pas avant sa réception' });
  }
  const dec = d.decision;
  if (dec) {
    const what = dec.kind ? DECISION_LABELS[dec.kind] ?? dec.kind : dec.label ?? dec.outcome;
    out.push({ key: 'decision', label: 'Décision', value: `${what}${dec.tacit ? ', née' : ', notifiée'} le ${frDate(dec.on)}${dec.signedOn ? ` (signée le ${frDate(dec.signedOn)})` : ''}${dec.article ? ` — ${dec.article}` : ''}` });
  }
  const r = d.abrogatedTacitRefusal;
  if (r) {
    out.push({ key: 'abrogatedTacitRefusal', label: 'Refus tacite abrogé',
      value: `${r.label ?? 'refus tacite'} né le ${frDate(r.on)}${r.article ? ` (${r.article})` : ''}, abrogé par la décision expresse (L243-1 du code des relations entre le public et l’administration)` });
  }
  const c = d.certificate;
  if (c) {
    out.push({ key: 'certificate', label: 'Certificat d’urbanisme (L410-1)', href: `#dossier/${c.id}`,
      value: `${c.number} (${c.type}) délivré le ${frDate(c.deliveredOn)}, valide jusqu’au ${frDate(c.validityEnd)} : les règles d’urbanisme à sa date sont cristallisées pour cette demande` });
  }
  const article = CERTIFICATES.includes(d.type) ? 'R410-17' : 'R424-21';
  for (const p of (d.afterDecision?.prorogations ?? []) as { on: string; child: string }[]) {
    out.push({ key: `prorogation-${p.child}`, label: `Prorogation (${article})`, value: `accordée le ${frDate(p.on)} (dossier ${p.child}) : validité prolongée d’un an` });
  }
  return out;
}
