// One setup() holding every guard and action of the instruction, and one statechart per type of
// dossier generated from its row of the rules table (rules.ts): states and transitions exist only
// where the row says the type has them. The machines never run as actors: the engine restores a
// snapshot and computes the next one with xstate's pure transition(); no timers (tacit events are
// due-date rows applied by the scheduler).
import { assign, initialTransition, setup, transition, type SnapshotFrom, type StateValue } from 'xstate';
import { judgedAppeal } from './appeals.ts';
import { TACIT_REFUSAL_ABROGATION, assertNotTacitlyRejected } from './tacit-refusal.ts';
import { SURSIS_DECISION_MONTHS, SURSIS_MAX_MONTHS, decisionDelayFrom, sursisOf } from './sursis.ts';
import { consultationLastDay, silenceMeaning, timeline, type Consultation, type Ctx, type MajorationNotice } from './context.ts';
import { dayAfter, frDate } from './dates.ts';
import { samePiece, splitPieces } from './pieces.ts';
import { assertLegal, notAllowed, type DossierEvent, type EventOf } from './events.ts';
import { DISPLAYED_CHILDREN, OUTCOME_OF, TYPE_RULES, DOSSIER_TYPES, consultationDelay, eventLabel, isAbf, majorationFor, majorationRule, isUserEvent, stateLabel, type DossierType, type Outcome, type TypeRule } from './rules.ts';

type Fx<T extends DossierEvent['type']> = (ctx: Ctx, e: EventOf<T>) => Partial<Ctx>;
/** An assign() reacting to one event type only. */
const on = <T extends DossierEvent['type']>(type: T, f: Fx<T>) =>
  assign<Ctx, DossierEvent, undefined, DossierEvent, never>(({ context, event }) => (event.type === type ? f(context, event as EventOf<T>) : {}));

const updateConsultation = (ctx: Ctx, id: number, patch: Partial<Consultation>) =>
  ({ consultations: ctx.consultations.map((c) => (c.id === id ? { ...c, ...patch } : c)) });

const unlistedStatement = (ctx: Ctx, pieces: readonly string[]) =>
  `${pieces.length > 1 ? 'Pièces non prévues' : 'Pièce non prévue'} par le code de l’urbanisme pour un dossier ${ctx.type} : ${pieces.join(', ')} ; `
  + 'leur demande ne suspend pas le délai d’instruction (R423-41, R431-4 ; CE 9 déc. 2022 n° 454521).';

/** Why a request for pieces has no effect on the delay, in French for the dossier's readers. */
export function noEffectStatement(ctx: Ctx, e: EventOf<'REQUEST_PIECES'>): string {
  const last = timeline(ctx).completenessLastDay;
  if (ctx.completeness.requestedOn) {
    return `Seule la première demande de pièces suspend le délai d’instruction (CE 30 avr. 2024 n° 461958) : une demande a déjà été faite le ${frDate(ctx.completeness.requestedOn)}. `
      + `La demande du ${frDate(e.on)} est enregistrée sans effet sur le délai.`;
  }
  if (last && e.on > last) {
    return `La demande de pièces du ${frDate(e.on)} est postérieure au mois qui suit le dépôt (dernier jour : ${frDate(last)}) : `
      + 'elle ne suspend pas le délai d’instruction et n’empêche pas la décision tacite (R423-38, R423-41).';
  }
  return unlistedStatement(ctx, e.pieces);
}

/** R423-42: the letter's content, and a warning where the majoration has no ground on the dossier. */
function majorationNotice(ctx: Ctx, e: EventOf<'NOTIFY_MAJORATION'>): MajorationNotice {
  const t = timeline(ctx);
  const s = silenceMeaning(ctx);
  const warnings: string[] = [];
  // CE 24 Oct 2023 n°462511: a majoration that the consultation it rests on does not justify does
  // not extend the delay; R423-24 c rests on the ABF's accord.
  if (e.majorations.some((m) => m.article === 'R423-24 c') && !ctx.consultations.some((c) => isAbf(c.service))) {
    warnings.push('Majoration R423-24 c notifiée sans consultation de l’Architecte des Bâtiments de France enregistrée : '
      + 'une majoration dont le motif n’est pas réel ne prolonge pas le délai et un permis tacite pourrait naître au terme du délai initial (CE 24 oct. 2023 n° 462511).');
  }
  return {
    on: e.on,
    articles: e.majorations.map((m) => m.article),
    reasons: e.majorations.map((m) => majorationRule(m.article)?.label ?? m.article),
    delayMonths: t.delayMonths,
    delayRunsFrom: ctx.completeOn,
    decisionDeadline: t.decisionDeadline,
    // R423-42 c: where silence will be a refusal (R424-2), the letter says so; otherwise what it will be.
    silence: `À défaut de décision au terme du délai, le silence gardé vaudra ${s.label} (${s.articles.join(', ')}).`,
    warnings,
  };
}

const sameService = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase() || (isAbf(a) && isAbf(b));

const proposalOutcome = (ctx: Ctx): Outcome | null => (ctx.proposal ? OUTCOME_OF[ctx.proposal.kind] : null);

const dossierSetup = setup({
  types: { context: {} as Ctx, events: {} as DossierEvent, input: {} as Ctx },
  guards: {
    /**
     * R423-38: the request suspends the delay when it reaches the applicant within one month of
     * filing, is the first one (CE 30 Apr 2024 n°461958) and names at least one piece the code lists.
     */
    piecesRequestSuspends: ({ context, event }) => event.type === 'REQUEST_PIECES' && TYPE_RULES[context.type].completeness
      && event.on <= (timeline(context).completenessLastDay ?? '') && context.completeness.requestedOn === null
      && splitPieces(context.type, event.pieces).listed.length > 0,
    allPiecesReceived: ({ context, event }) => event.type === 'RECEIVE_PIECES'
      && (event.pieces === null || context.completeness.missing.every((p) => event.pieces!.some((g) => samePiece(g, p)))),
    silenceMeansRefusal: ({ context }) => silenceMeaning(context).meaning === 'refus',
    proposalGranted: ({ context }) => proposalOutcome(context) === 'granted',
    proposalRefused: ({ context }) => proposalOutcome(context) === 'refused',
    proposalSursis: ({ context }) => proposalOutcome(context) === 'sursis',
    // R424-19: only the administrative judge annuls the permit; the judgment is irrevocable.
    appealAnnuls: ({ event }) => event.type === 'APPEAL_DECIDED' && event.outcome === 'annulation',
  },
  actions: {
    requestPieces: on('REQUEST_PIECES', (ctx, e) => {
      const { listed, unlisted } = splitPieces(ctx.type, e.pieces);
      const late = unlisted.length ? [...ctx.completeness.late, { on: e.on, pieces: unlisted, statement: unlistedStatement(ctx, unlisted) }] : ctx.completeness.late;
      return { completeOn: null, completeness: { ...ctx.completeness, requestedOn: e.on, requested: listed, missing: listed, late } };
    }),
    noteLateRequest: on('REQUEST_PIECES', (ctx, e) => ({
      completeness: { ...ctx.completeness, late: [...ctx.completeness.late, { on: e.on, pieces: e.pieces, statement: noEffectStatement(ctx, e) }] },
    })),
    receivePieces: on('RECEIVE_PIECES', (ctx, e) => {
      const got = e.pieces ?? ctx.completeness.missing;
      const missing = ctx.completeness.missing.filter((p) => !got.some((g) => samePiece(g, p)));
      return {
        completeness: { ...ctx.completeness, missing, received: [...ctx.completeness.received, { on: e.on, pieces: got }] },
        // R423-19, R423-39: the delay runs from the receipt of the last missing piece.
        ...(missing.length === 0 ? { completeOn: e.on } : {}),
      };
    }),
    notifyMajoration: on('NOTIFY_MAJORATION', (ctx, e) => {
      const majorations = [...ctx.majorations, ...e.majorations.filter((m) => !ctx.majorations.some((x) => x.article === m.article)).map((m) => majorationFor(m, ctx.type))];
      return { majorations, majorationNotices: [...(ctx.majorationNotices ?? []), majorationNotice({ ...ctx, majorations }, e)] };
    }),
    prolong: on('NOTIFY_PROLONGATION', (ctx, e) => ({ prolongations: [...(ctx.prolongations ?? []), { on: e.on, article: e.article, months: e.months, ...(e.recoursOn ? { from: e.recoursOn } : {}) }] })),
    inquiryReport: on('INQUIRY_REPORT_RECEIVED', (_ctx, e) => ({ inquiryReportOn: e.on })),
    consult: on('CONSULT', (ctx, e) => {
      const d = consultationDelay(e.service, ctx.type);
      // The accord is required where the constraint found says so (abords, SPR; site inscrit for a
      // demolition), not because the service is the ABF; the instructeur may say otherwise.
      const avisConforme = e.avisConforme ?? ctx.suggested.consultations.some((s) => sameService(s.service, e.service) && s.avisConforme === true);
      return { consultations: [...ctx.consultations, {
        id: Math.max(0, ...ctx.consultations.map((c) => c.id)) + 1, service: e.service, article: e.article ?? d.article, sentOn: e.on, months: e.months ?? d.months,
        avisConforme, opinion: null, opinionOn: null, tacit: false, prescriptions: null,
      }] };
    }),
    recordOpinion: on('RECORD_OPINION', (ctx, e) => updateConsultation(ctx, e.consultation, { opinion: e.opinion, opinionOn: e.on, prescriptions: e.prescriptions })),
    // R423-59, R423-67: a service silent past its delay is deemed to have given a favourable opinion.
    tacitOpinion: on('CONSULTATION_TACIT', (ctx, e) => updateConsultation(ctx, e.consultation, { opinion: 'favorable', opinionOn: e.on, tacit: true })),
    propose: on('PROPOSE_DECISION', (_ctx, e) => ({ proposal: { kind: e.decision, on: e.on, motifs: e.motifs, prescriptions: e.prescriptions, sursisMonths: e.sursisMonths ?? null }, signedOn: null })),
    // L424-1: the sursis lasts what the decision says, two years at most.
    recordSursis: on('NOTIFY_DECISION', (ctx, e) => ({ sursis: sursisOf(e.on, ctx.proposal?.sursisMonths ?? SURSIS_MAX_MONTHS) })),
    // L424-1: on the confirmation, a final decision is due within two months; silence grants the authorisation.
    confirmApplication: on('CONFIRM_APPLICATION', (ctx, e) => ({
      sursis: { ...ctx.sursis!, confirmedOn: e.on }, completeOn: decisionDelayFrom(ctx.sursis!, e.on),
      baseDelayMonths: SURSIS_DECISION_MONTHS, baseDelayArticle: 'L424-1', majorations: [], proposal: null, signedOn: null,
    })),
    sign: on('SIGN_DECISION', (_ctx, e) => ({ signedOn: e.on })),
    notifyDecision: on('NOTIFY_DECISION', (ctx, e) => ({
      decision: { kind: ctx.proposal!.kind, outcome: OUTCOME_OF[ctx.proposal!.kind], tacit: false, on: e.on, signedOn: ctx.signedOn, article: 'R424-10', label: ctx.proposal!.kind },
    })),
    // L243-1 CRPA: the tacit refusal creates no rights; the express grant abrogates it, and is the decision.
    grantAfterTacitRefusal: on('NOTIFY_DECISION', (ctx, e) => ({
      abrogatedTacitRefusal: ctx.decision,
      decision: { kind: ctx.proposal!.kind, outcome: 'granted', tacit: false, on: e.on, signedOn: ctx.signedOn, article: `R424-10, ${TACIT_REFUSAL_ABROGATION}`, label: ctx.proposal!.kind },
    })),
    tacitDecision: on('TACIT_DECISION', (ctx, e) => {
      const s = silenceMeaning(ctx);
      return { decision: { kind: null, outcome: s.meaning === 'refus' ? 'refused' : 'granted', tacit: true, on: e.on, signedOn: null, article: s.articles.join(', '), label: s.label } };
    }),
    tacitRejection: on('PIECES_DEADLINE', (ctx, e) => ({
      decision: { kind: null, outcome: 'rejected', tacit: true, on: e.on, signedOn: null, article: 'R423-39',
        label: ctx.type === 'DP' ? 'opposition tacite faute de pièces' : 'rejet tacite faute de pièces' },
    })),
    display: on('DISPLAY_ON_SITE', (_ctx, e) => ({ displayFrom: e.on })),
    displayFilingNotice: on('DISPLAY_FILING_NOTICE', (_ctx, e) => ({ filingNoticeDisplayedOn: e.on })),
    displayDecisionExtract: on('DISPLAY_DECISION_EXTRACT', (_ctx, e) => ({ decisionExtractDisplayedOn: e.on })),
    withdraw: on('WITHDRAW', (_ctx, e) => ({ withdrawnOn: e.on, withdrawalContradictoryOn: e.contradictoryOpenedOn })),
    lapse: on('LAPSE', (_ctx, e) => ({ lapsedOn: e.on })),
    worksStarted: on('WORKS_STARTED', (_ctx, e) => ({ worksStartedOn: e.on })),
    worksCompleted: on('WORKS_COMPLETED', (_ctx, e) => ({ worksCompletedOn: e.on })),
    proroged: on('PROROGED', (ctx, e) => ({ prorogations: [...ctx.prorogations, { on: e.on, child: e.child.number }] })),
    modified: on('MODIFIED', (ctx, e) => ({ modifications: [...ctx.modifications, { on: e.on, child: e.child.number }] })),
    transferred: on('TRANSFERRED', (ctx, e) => ({ transfers: [...ctx.transfers, { on: e.on, child: e.child.number }] })),
    appealFiled: on('APPEAL_FILED', (ctx, e) => {
      const appeals = ctx.appeals ?? [];
      return { appeals: [...appeals, { id: Math.max(0, ...appeals.map((a) => a.id)) + 1, filedOn: e.on, court: e.court, reference: e.reference, decidedOn: null, outcome: null }] };
    }),
    appealDecided: on('APPEAL_DECIDED', (ctx, e) => {
      const judged = judgedAppeal(ctx.appeals ?? [], e);
      return {
        appeals: (ctx.appeals ?? []).map((a) => (a.id === judged.id ? { ...a, decidedOn: e.on, outcome: e.outcome } : a)),
        ...(e.outcome === 'annulation' ? { annulledOn: e.on } : {}),
      };
    }),
    worksInterrupted: on('WORKS_INTERRUPTED', (ctx, e) => ({ worksInterruptions: [...(ctx.worksInterruptions ?? []), { from: e.on, to: null }] })),
    worksResumed: on('WORKS_RESUMED', (ctx, e) => ({ worksInterruptions: (ctx.worksInterruptions ?? []).map((x) => (x.to === null ? { ...x, to: e.on } : x)) })),
    contest: on('CONTEST_CONFORMITY', (_ctx, e) => ({ conformity: { on: e.on, contested: true, tacit: false } })),
    attest: on('ATTEST_CONFORMITY', (_ctx, e) => ({ conformity: { on: e.on, contested: false, tacit: false } })),
    conformityTacit: on('CONFORMITY_TACIT', (_ctx, e) => ({ conformity: { on: e.on, contested: false, tacit: true } })),
  },
});

type Config = Record<string, any>;

/** The statechart of one type, from its rules row. */
function chartOf(rule: TypeRule): Config {
  const id = rule.type;
  const to = (path: string) => `#${id}.${path}`;
  const outcomes = new Set(rule.decisions.map((d) => OUTCOME_OF[d]));
  const states: Config = {};

  if (rule.kind === 'declaration') {
    states.enregistree = { type: 'final' };
    return { id, initial: 'enregistree', context: ({ input }: { input: Ctx }) => input, states };
  }
  if (rule.kind === 'conformity') {
    states.contestable = { on: {
      CONTEST_CONFORMITY: { target: 'contestee', actions: 'contest' },
      ATTEST_CONFORMITY: { target: 'conforme', actions: 'attest' },
      CONFORMITY_TACIT: { target: 'conforme', actions: 'conformityTacit' },
    } };
    states.contestee = { on: { ATTEST_CONFORMITY: { target: 'conforme', actions: 'attest' } } };
    states.conforme = { type: 'final' };
    return { id, initial: 'contestable', context: ({ input }: { input: Ctx }) => input, states };
  }

  // --- instruction ---
  const propose = { PROPOSE_DECISION: { target: to('instruction.delai.proposee'), actions: 'propose' } };
  const delaiStates: Config = {};
  if (rule.completeness) {
    delaiStates.depose = { on: {
      DEEMED_COMPLETE: 'complet',
      DECLARE_COMPLETE: 'complet',
      ...propose,
    } };
  }
  delaiStates.complet = { on: { ...propose } };
  delaiStates.proposee = { on: { ...propose, SIGN_DECISION: { target: 'signee', actions: 'sign' } } };
  const notify: Config[] = [];
  if (outcomes.has('granted')) notify.push({ guard: 'proposalGranted', target: to('accorde'), actions: 'notifyDecision' });
  if (outcomes.has('refused')) notify.push({ guard: 'proposalRefused', target: to('refuse'), actions: 'notifyDecision' });
  if (outcomes.has('sursis')) notify.push({ guard: 'proposalSursis', target: to('sursis'), actions: ['notifyDecision', 'recordSursis'] });
  delaiStates.signee = { on: { ...propose, NOTIFY_DECISION: notify } };

  const tacit: Config[] = [];
  if (rule.silenceCanMeanRefusal) tacit.push({ guard: 'silenceMeansRefusal', target: to('refus_tacite'), actions: 'tacitDecision' });
  tacit.push({ target: to('accorde'), actions: 'tacitDecision' });

  const delaiOn: Config = { TACIT_DECISION: tacit };
  if (rule.completeness) {
    // R423-38 within the month, the first request, listed pieces: the file becomes incomplete; otherwise
    // recorded with the statement why it has no effect (R423-41; CE 30 Apr 2024 n°461958; CE 9 Dec 2022 n°454521).
    delaiOn.REQUEST_PIECES = [
      { guard: 'piecesRequestSuspends', target: to('instruction.incomplet'), actions: 'requestPieces' },
      { actions: 'noteLateRequest' },
    ];
  }
  const instructionStates: Config = {
    delai: { initial: rule.completeness ? 'depose' : 'complet', on: delaiOn, states: delaiStates },
  };
  if (rule.completeness) {
    instructionStates.incomplet = { on: {
      RECEIVE_PIECES: [
        { guard: 'allPiecesReceived', target: to('instruction.delai.complet'), actions: 'receivePieces' },
        { actions: 'receivePieces' },
      ],
      PIECES_DEADLINE: { target: to('rejet_tacite'), actions: 'tacitRejection' },
    } };
  }
  const instructionOn: Config = {};
  if (rule.completeness) instructionOn.DISPLAY_FILING_NOTICE = { actions: 'displayFilingNotice' };
  if (rule.majorations) {
    instructionOn.NOTIFY_MAJORATION = { actions: 'notifyMajoration' };
    instructionOn.NOTIFY_PROLONGATION = { actions: 'prolong' };
    instructionOn.INQUIRY_REPORT_RECEIVED = { actions: 'inquiryReport' };
  }
  if (rule.consultations) {
    instructionOn.CONSULT = { actions: 'consult' };
    instructionOn.RECORD_OPINION = { actions: 'recordOpinion' };
    instructionOn.CONSULTATION_TACIT = { actions: 'tacitOpinion' };
  }
  states.instruction = { initial: 'delai', on: instructionOn, states: instructionStates };

  if (rule.lifecycle === 'permit') {
    const hasChild = (effect: string) => DOSSIER_TYPES.some((t) => TYPE_RULES[t].parent?.effect === effect && TYPE_RULES[t].parent!.types.includes(rule.type));
    const valideOn: Config = { LAPSE: { target: to('perime'), actions: 'lapse' } };
    if (hasChild('WORKS_STARTED')) valideOn.WORKS_STARTED = { target: 'travaux', actions: 'worksStarted' };
    if (hasChild('WORKS_COMPLETED')) valideOn.WORKS_COMPLETED = { target: 'acheve', actions: 'worksCompleted' };
    const accordeOn: Config = {
      DISPLAY_ON_SITE: { actions: 'display' },
      DISPLAY_DECISION_EXTRACT: { actions: 'displayDecisionExtract' },
      WITHDRAW: { target: to('retire'), actions: 'withdraw' },
      // R424-19: an appeal suspends the validity until the irrevocable judgment, which may annul the permit.
      APPEAL_FILED: { actions: 'appealFiled' },
      APPEAL_DECIDED: [{ guard: 'appealAnnuls', target: to('annule'), actions: 'appealDecided' }, { actions: 'appealDecided' }],
    };
    // A prorogation asked while the permit was valid may be granted after the works started.
    if (hasChild('PROROGED')) accordeOn.PROROGED = { actions: 'proroged' };
    if (hasChild('MODIFIED')) accordeOn.MODIFIED = { actions: 'modified' };
    if (hasChild('TRANSFERRED')) accordeOn.TRANSFERRED = { actions: 'transferred' };
    const sub: Config = { valide: { on: valideOn } };
    if (hasChild('WORKS_STARTED')) {
      // R424-17 al. 2: works interrupted for more than a year past the validity period: the permit lapses.
      sub.travaux = { on: {
        WORKS_INTERRUPTED: { actions: 'worksInterrupted' },
        WORKS_RESUMED: { actions: 'worksResumed' },
        LAPSE: { target: to('perime'), actions: 'lapse' },
        ...(hasChild('WORKS_COMPLETED') ? { WORKS_COMPLETED: { target: 'acheve', actions: 'worksCompleted' } } : {}),
      } };
    }
    if (hasChild('WORKS_COMPLETED')) sub.acheve = {};
    states.accorde = { initial: 'valide', on: accordeOn, states: sub };
    states.retire = { type: 'final' };
    states.annule = { type: 'final' };
    states.perime = { type: 'final' };
  } else if (rule.lifecycle === 'certificate') {
    // R410-17: a certificate is prorogeable by periods of one year (a prorogation child granted).
    states.accorde = { on: { LAPSE: { target: 'perime', actions: 'lapse' }, PROROGED: { actions: 'proroged' } } };
    states.perime = { type: 'final' };
  } else if (DISPLAYED_CHILDREN.includes(rule.type)) {
    // A modificatif or a transfert granted is displayed (R424-15) and withdrawable within three months (L424-5).
    states.accorde = { on: {
      DISPLAY_ON_SITE: { actions: 'display' },
      DISPLAY_DECISION_EXTRACT: { actions: 'displayDecisionExtract' },
      WITHDRAW: { target: 'retire', actions: 'withdraw' },
    } };
    states.retire = { type: 'final' };
  } else {
    states.accorde = { type: 'final' };
  }
  if (outcomes.has('refused')) states.refuse = { type: 'final' };
  if (outcomes.has('sursis')) states.sursis = { on: { CONFIRM_APPLICATION: { target: to('instruction.delai.complet'), actions: 'confirmApplication' } } };
  if (rule.silenceCanMeanRefusal) {
    // A tacit refusal creates no rights (L243-1 CRPA): the authority, still seized of the application,
    // may grant it expressly later; proposed, signed, then notified, which abrogates the refusal.
    // Only a grant (events.ts: tacit_refusal_grant_only); the state path stays refus_tacite until then.
    states.refus_tacite = outcomes.has('granted') ? { on: {
      PROPOSE_DECISION: { actions: 'propose' },
      SIGN_DECISION: { actions: 'sign' },
      NOTIFY_DECISION: { guard: 'proposalGranted', target: to('accorde'), actions: 'grantAfterTacitRefusal' },
    } } : { type: 'final' };
  }
  if (rule.completeness) states.rejet_tacite = { type: 'final' };
  return { id, initial: 'instruction', context: ({ input }: { input: Ctx }) => input, states };
}

export type DossierMachine = ReturnType<typeof dossierSetup.createMachine>;
export type Snapshot = SnapshotFrom<DossierMachine>;

export const MACHINES = Object.fromEntries(
  DOSSIER_TYPES.map((t) => [t, dossierSetup.createMachine(chartOf(TYPE_RULES[t]) as any)]),
) as Record<DossierType, DossierMachine>;

/** 'instruction.delai.depose' from xstate's { instruction: { delai: 'depose' } }. */
export function statePath(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [k, v] = Object.entries(value)[0]!;
  return v === undefined ? k : `${k}.${statePath(v as StateValue)}`;
}

function stateValueOf(path: string): StateValue {
  const [head, ...rest] = path.split('.');
  return rest.length ? { [head!]: stateValueOf(rest.join('.')) } : head!;
}

/** A new dossier's first snapshot. */
export function start(type: DossierType, ctx: Ctx): Snapshot {
  return initialTransition(MACHINES[type], ctx)[0];
}

/** A stored dossier's snapshot, restored from its state path and context. */
export function restore(type: DossierType, state: string, context: Ctx): Snapshot {
  return MACHINES[type].resolveState({ value: stateValueOf(state), context });
}

export const can = (snapshot: Snapshot, event: DossierEvent): boolean => snapshot.can(event);

/** The next snapshot; the caller has checked can(). Pure: no actor, no timer, no side effect. */
export function step(type: DossierType, snapshot: Snapshot, event: DossierEvent): Snapshot {
  return transition(MACHINES[type], snapshot, event)[0];
}

/**
 * The whole pure transition the engine performs: the event must be allowed in the state (409
 * naming both) and meet its legal conditions (events.ts), then the next snapshot is computed.
 */
export function advance(type: DossierType, snapshot: Snapshot, event: DossierEvent, number = ''): Snapshot {
  // R423-39: a decision after a tacit rejection for missing pieces is refused with its own reason.
  assertNotTacitlyRejected(snapshot.context, event);
  if (!can(snapshot, event)) {
    const state = statePath(snapshot.value);
    const allowed = acceptedEvents(snapshot).filter((e) => isUserEvent(e));
    throw notAllowed('event_not_allowed_in_state',
      `L’action « ${eventLabel(event.type)} » n’est pas possible dans l’état « ${stateLabel(type, state)} » (${state}) du dossier${number ? ` ${number}` : ` ${type}`}`
      + (allowed.length ? ` ; actions possibles maintenant : ${allowed.map((e) => `« ${eventLabel(e)} »`).join(', ')}.` : ' ; aucune action n’est possible maintenant.'),
      { state, event: event.type, allowed });
  }
  assertLegal(snapshot.context, event);
  return step(type, snapshot, event);
}

/** The events this snapshot accepts now (guards aside), for clients to offer. */
export function acceptedEvents(snapshot: Snapshot): string[] {
  const events = new Set<string>();
  for (const node of snapshot._nodes) for (const t of node.ownEvents) events.add(t);
  return [...events].sort();
}

/** The due tacit and scheduled events of a snapshot: the scheduler applies each on its day. */
export type Due = { event: DossierEvent['type']; on: string; key: string; rank: number; payload: Record<string, unknown> };

export function dueEvents(snapshot: Snapshot): Due[] {
  const ctx = snapshot.context;
  const t = timeline(ctx);
  const state = statePath(snapshot.value);
  const out: Due[] = [];
  const at = (s: string) => state === s || state.startsWith(`${s}.`);
  // Ranks order events due the same day: completeness and opinions first, the decision next, a lapse last
  // (a tacit prorogation falling due the day a permit would lapse must come first, R424-23).
  if (at('instruction')) {
    for (const c of ctx.consultations) {
      if (!c.opinion) out.push({ event: 'CONSULTATION_TACIT', on: dayAfter(consultationLastDay(c)), key: `consultation:${c.id}`, rank: 0, payload: { consultation: c.id } });
    }
  }
  if (at('instruction.delai.depose') && t.completenessLastDay) out.push({ event: 'DEEMED_COMPLETE', on: dayAfter(t.completenessLastDay), key: 'completeness', rank: 1, payload: {} });
  if (at('instruction.incomplet') && t.piecesLastDay) out.push({ event: 'PIECES_DEADLINE', on: dayAfter(t.piecesLastDay), key: 'pieces', rank: 2, payload: {} });
  if (at('instruction.delai') && t.tacitOn) out.push({ event: 'TACIT_DECISION', on: t.tacitOn, key: 'decision', rank: 3, payload: {} });
  if ((state === 'accorde.valide' || state === 'accorde') && t.validityEnd) out.push({ event: 'LAPSE', on: dayAfter(t.validityEnd), key: 'validity', rank: 9, payload: {} });
  if (state === 'accorde.travaux' && t.interruptionLapseOn) out.push({ event: 'LAPSE', on: t.interruptionLapseOn, key: 'interruption', rank: 9, payload: {} });
  if (state === 'contestable' && t.conformityContestLastDay) out.push({ event: 'CONFORMITY_TACIT', on: dayAfter(t.conformityContestLastDay), key: 'conformity', rank: 3, payload: {} });
  return out;
}
