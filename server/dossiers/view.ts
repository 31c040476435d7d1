// A dossier as the API shows it: its facts, the legal dates that follow from them, what may be done
// now, and its journal.
import { consultationLastDay, timeline } from './context.ts';
import { allowedUserEvents } from './engine.ts';
import { restore } from './machine.ts';
import type { Ctx } from './context.ts';
import type { DossierRow, DueRow, EluJournalRow, EluRow, JournalRow } from './repository.ts';
import { TYPE_RULES, stateLabel } from './rules.ts';

export function dossierJson(row: DossierRow, journal: JournalRow[], children: Pick<DossierRow, 'id' | 'number' | 'type' | 'state' | 'filed_on'>[],
  due: DueRow[], parent: { id: number; number: string } | null) {
  const ctx = row.context;
  const t = timeline(ctx);
  const rule = TYPE_RULES[row.type];
  const snap = restore(row.type, row.state, ctx);
  return {
    id: row.id,
    number: row.number,
    type: row.type,
    typeLabel: rule.label,
    state: row.state,
    stateLabel: stateLabel(row.type, row.state),
    version: row.version,
    insee: row.insee,
    parcels: row.parcels,
    filedOn: row.filed_on,
    parent,
    children: children.map((c) => ({ id: c.id, number: c.number, type: c.type, state: c.state, filedOn: c.filed_on })),
    applicant: row.applicant,
    works: row.works,
    objetAffiche: row.objet_affiche,
    receipt: row.receipt,
    baseDelay: ctx.baseDelayMonths === null ? null : { months: ctx.baseDelayMonths, article: ctx.baseDelayArticle },
    delayMonths: t.delayMonths,
    majorations: ctx.majorations,
    /** R423-34 to R423-37: the exceptional prolongations notified, each with its months (R423-37: the delay « porté à » them). */
    prolongations: ctx.prolongations ?? [],
    /** R423-20: the receipt of the commissaire enquêteur's report, the delay's start after a public inquiry. */
    inquiryReportOn: ctx.inquiryReportOn ?? null,
    majorationNotices: ctx.majorationNotices ?? [],
    suggestedMajorations: ctx.suggested.majorations.filter((m) => !ctx.majorations.some((x) => x.article === m.article)),
    decisionDeadline: t.decisionDeadline,
    tacitOn: t.tacitOn,
    silence: t.silence,
    completeness: { ...ctx.completeness, completeOn: ctx.completeOn, lastDayToRequest: t.completenessLastDay, piecesLastDay: t.piecesLastDay },
    majorationLastDay: t.majorationLastDay,
    filingNotice: { lastDay: t.filingNoticeLastDay, displayedOn: ctx.filingNoticeDisplayedOn ?? null },
    consultations: ctx.consultations.map((c) => ({ ...c, lastDay: consultationLastDay(c) })),
    suggestedConsultations: ctx.suggested.consultations.filter((s) => !ctx.consultations.some((c) => c.service === s.service)),
    proposal: ctx.proposal,
    signedOn: ctx.signedOn,
    decision: ctx.decision,
    /** L243-1 CRPA: the tacit refusal an express grant abrogated, null otherwise. */
    abrogatedTacitRefusal: ctx.abrogatedTacitRefusal ?? null,
    /** L410-1: the certificat d'urbanisme this application refers to (its number, délivrance, validity). */
    certificate: ctx.certificate ?? null,
    afterDecision: {
      displayFrom: ctx.displayFrom,
      appealLastDay: t.appealLastDay,
      decisionExtract: { lastDay: t.decisionExtractLastDay, displayedOn: ctx.decisionExtractDisplayedOn ?? null, displayUntil: t.decisionExtractDisplayUntil },
      withdrawalLastDay: t.withdrawalLastDay,
      validityEnd: t.validityEnd,
      validityArticle: t.validityArticle,
      validitySuspendedSince: t.validitySuspendedSince,
      appeals: ctx.appeals ?? [],
      annulledOn: ctx.annulledOn ?? null,
      worksInterruptions: ctx.worksInterruptions ?? [],
      interruptionLapseOn: t.interruptionLapseOn,
      prorogationRequestLastDay: t.prorogationRequestLastDay,
      prorogations: ctx.prorogations,
      modifications: ctx.modifications,
      transfers: ctx.transfers,
      worksStartedOn: ctx.worksStartedOn,
      worksCompletedOn: ctx.worksCompletedOn,
      withdrawnOn: ctx.withdrawnOn,
      withdrawalContradictoryOn: ctx.withdrawalContradictoryOn ?? null,
      lapsedOn: ctx.lapsedOn,
      recolementObligatoire: rule.kind === 'conformity' ? ctx.recolementObligatoire : undefined,
      conformityContestLastDay: t.conformityContestLastDay,
      sursis: ctx.sursis ?? null,
      sursisEnd: t.sursisEnd,
      sursisConfirmationLastDay: t.sursisConfirmationLastDay,
      conformity: ctx.conformity,
    },
    constraints: row.constraints,
    allowedEvents: allowedUserEvents(snap),
    due: due.map((d) => ({ event: d.event, on: d.due_on, ...(Object.keys(d.payload).length ? { payload: d.payload } : {}) })),
    journal: journal.map((j) => ({
      version: j.version, event: j.event, on: j.legal_date, actor: j.actor, role: j.actor_role, payload: j.payload,
      from: j.before?.state ?? null, to: j.after.state, recordedAt: j.recorded_at,
    })),
  };
}

/**
 * A dossier as an élu reads it, built only from the élus' projection (views elu_dossiers and
 * elu_dossier_events, migration 013): no natural person's identity or contact, no staff free text
 * (motifs, prescriptions, pieces, consulted services), no journal payload nor login. What follows
 * from the facts (states, delays, deadlines, decisions, dates) is computed as for staff.
 */
export function eluDossierJson(row: EluRow, journal: EluJournalRow[], children: Pick<DossierRow, 'id' | 'number' | 'type' | 'state' | 'filed_on'>[],
  due: DueRow[], parent: { id: number; number: string } | null) {
  const applicant = row.applicant_kind === 'company' ? { kind: 'company', name: row.denomination, siren: row.siren } : { kind: row.applicant_kind };
  const works = { nature: row.nature_travaux, floorArea: row.surface_plancher_creee, dwellings: row.nb_logements, destination: row.destination };
  const asRow: DossierRow = {
    ...row, applicant, applicant_name: row.denomination ?? '', works, receipt: {},
  };
  const json = dossierJson(asRow, [], children, due, parent);
  const ctx = row.context as Ctx & { completeness: { requestedCount?: number; missingCount?: number } };
  return {
    ...json,
    applicantName: row.denomination,
    receipt: null,
    completeness: { requestedOn: ctx.completeness.requestedOn, requestedCount: ctx.completeness.requestedCount ?? 0, missingCount: ctx.completeness.missingCount ?? 0,
      receivedOn: ctx.completeness.received.map((r) => r.on), completeOn: ctx.completeOn, lastDayToRequest: json.completeness.lastDayToRequest, piecesLastDay: json.completeness.piecesLastDay },
    consultations: json.consultations.map(({ service: _s, prescriptions: _p, ...c }) => c),
    suggestedConsultations: [],
    allowedEvents: [],
    actions: [],
    journal: journal.map((j) => ({ version: j.version, event: j.event, on: j.legal_date, role: j.actor_role, from: j.from_state, to: j.to_state, recordedAt: j.recorded_at })),
  };
}
