// The procedure's legal facts on the dossier page: prolongations (R423-34 to R423-37), the inquiry
// report (R423-20), the decision and the tacit refusal abrogated (L243-1 CRPA), the certificate whose
// rules are cristallisées (L410-1) and the prorogations (R410-17, R424-21).
import { describe, expect, it } from 'vitest';
import type { Dossier } from './api.ts';
import { factsOf } from './facts.ts';

const base = (over: Partial<Dossier>): Dossier => ({
  id: 1, number: 'PC 096001 26 00001', type: 'PC', typeLabel: 'Permis de construire', state: 'instruction.delai.complet', stateLabel: 'Complet', version: 3,
  insee: '96001', parcels: ['96001000AB0003'], filedOn: '2026-01-05', parent: null, children: [], applicant: null, works: {},
  receipt: { number: 'R1', filedOn: '2026-01-05' }, baseDelay: { months: 3, article: 'R423-23 c' }, delayMonths: 3, majorations: [], suggestedMajorations: [],
  decisionDeadline: '2026-04-05', tacitOn: '2026-04-06', silence: null,
  completeness: { missing: [], completeOn: '2026-01-05', lastDayToRequest: null, piecesLastDay: null }, majorationLastDay: null,
  consultations: [], suggestedConsultations: [], proposal: null, signedOn: null, decision: null, afterDecision: {}, constraints: null,
  allowedEvents: [], due: [], journal: [], ...over,
});
const byKey = (d: Dossier) => Object.fromEntries(factsOf(d).map((f) => [f.key, f]));

describe('the procedure shown on the dossier page', () => {
  it('shows each prolongation notified with its article, date and months; R423-37 « porte » the delay to eight months', () => {
    const f = byKey(base({ prolongations: [{ on: '2026-03-10', article: 'R423-36-1', months: 5 }, { on: '2026-03-20', article: 'R423-37', months: 8 }] }));
    expect(f['prolongation-R423-36-1']).toMatchObject({ label: 'Prolongation exceptionnelle (R423-36-1)' });
    expect(f['prolongation-R423-36-1']!.value).toMatch(/^notifiée le 10\/03\/2026 : \+5 mois — recours devant la Commission nationale/);
    expect(f['prolongation-R423-37']!.value).toMatch(/^notifiée le 20\/03\/2026 : délai porté à 8 mois — évocation/);
    const cinema = byKey(base({ prolongations: [{ on: '2026-03-25', article: 'R423-36', months: 5, from: '2026-03-20' }] }));
    expect(cinema['prolongation-R423-36']!.value).toMatch(/^notifiée le 25\/03\/2026 : délai prolongé de 5 mois à compter du recours du 20\/03\/2026 — recours devant/);
  });

  it('shows the commissaire enquêteur’s report received, or awaited while the R423-32 inquiry is notified; nothing without an inquiry', () => {
    const inquiry = [{ article: 'R423-32', months: 2, mode: 'set' as const }];
    expect(byKey(base({ majorations: inquiry, inquiryReportOn: '2026-06-15' })).inquiryReport!.value).toBe('reçu le 15/06/2026 : le délai court de cette date');
    expect(byKey(base({ majorations: inquiry, inquiryReportOn: null })).inquiryReport!.value).toMatch(/^attendu/);
    expect(factsOf(base({}))).toEqual([]);
  });

  it('shows an express grant after a tacit refusal, and the refusal it abrogated (L243-1 CRPA)', () => {
    const f = byKey(base({ state: 'accorde.valide',
      decision: { kind: 'accord_prescriptions', outcome: 'granted', tacit: false, on: '2026-05-11', signedOn: '2026-05-06', article: 'R424-10, L243-1 CRPA' },
      abrogatedTacitRefusal: { kind: null, outcome: 'refused', tacit: true, on: '2026-04-06', label: 'refus tacite', article: 'R424-2-1' } }));
    expect(f.decision!.value).toBe('Accord avec prescriptions, notifiée le 11/05/2026 (signée le 06/05/2026) — R424-10, L243-1 CRPA');
    expect(f.abrogatedTacitRefusal!.value).toBe('refus tacite né le 06/04/2026 (R424-2-1), abrogé par la décision expresse (L243-1 du code des relations entre le public et l’administration)');
  });

  it('shows the certificat d’urbanisme whose rules are cristallisées, linked, and a certificate’s prorogations (R410-17)', () => {
    const pc = byKey(base({ certificate: { id: 7, number: 'CUb 096001 25 00004', type: 'CUb', deliveredOn: '2025-09-01', validityEnd: '2027-03-01' } }));
    expect(pc.certificate).toMatchObject({ href: '#dossier/7', label: 'Certificat d’urbanisme (L410-1)' });
    expect(pc.certificate!.value).toMatch(/^CUb 096001 25 00004 \(CUb\) délivré le 01\/09\/2025, valide jusqu’au 01\/03\/2027 : les règles/);
    const cu = byKey(base({ type: 'CUb', state: 'accorde', afterDecision: { prorogations: [{ on: '2027-01-15', child: 'PRO 096001 27 00001' }] } }));
    expect(cu['prorogation-PRO 096001 27 00001']).toEqual({ key: 'prorogation-PRO 096001 27 00001', label: 'Prorogation (R410-17)',
      value: 'accordée le 15/01/2027 (dossier PRO 096001 27 00001) : validité prolongée d’un an' });
  });
});
