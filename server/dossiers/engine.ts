// The instruction engine: load a dossier's snapshot, compute the transition with the pure machine,
// then in one transaction save the new snapshot (if the version is still the one read), append the
// journal entry and rewrite the due-date rows. Tacit events are due rows applied by the scheduler,
// never timers. Events due on or before an event's legal date are applied first ("catch-up"), so a
// dossier is always judged as it legally stood on that date.
import type { Knex } from 'knex';
import { assertCommune, type Role, type SessionUser } from '../accounts/roles.ts';
import { AppError, badRequest, conflict, notFound } from '../errors.ts';
import type { CheckLimits } from '../config.ts';
import { runCheck, type CheckResult } from '../checks/check.ts';
import { initialContext, timeline, type Ctx } from './context.ts';
import { addDays, frDate, type LegalDate } from './dates.ts';
import { notAllowed, parseUserEvent, type DossierEvent } from './events.ts';
import { applicantName, type FilingInput } from './input.ts';
import { acceptedEvents, advance, dueEvents, restore, start, statePath, type Snapshot } from './machine.ts';
import { childNumber, nextNumber } from './numbering.ts';
import { assignAtFiling } from './assignment.ts';
import {
  appendJournal, dueOf, insertDossier, lockDossier, replaceDue, saveDossier, type DossierRow, type DueRow,
} from './repository.ts';
import { CRISTALLISATION_TYPES, CU_PROROGATION_DELAY, CU_PROROGATION_SILENCE, certificateFor, isCertificate } from './cu.ts';
import { MAX_PROROGATIONS, TYPE_RULES, USER_EVENTS, isUserEvent, mayPost, stateLabel, type TypeRule } from './rules.ts';

export type Actor = { id: number | null; login: string; role: Role | 'system' };
export const SYSTEM: Actor = { id: null, login: 'system', role: 'system' };

export type EngineOptions = {
  /** Today's legal date where the communes are; injectable so that tests fix "today". */
  today: () => LegalDate;
  check: CheckLimits;
  /** The instructing service's character in the numbers (A423-3). */
  service: string;
};

const actorOf = (u: SessionUser): Actor => ({ id: u.id, login: u.login, role: u.role });

const stale = (row: { version: number }, sent?: number) =>
  conflict('version_stale', `Le dossier a été modifié entre-temps (version ${row.version}${sent !== undefined ? `, la vôtre est la ${sent}` : ''}) : rechargez-le puis recommencez.`, { version: row.version });

function assertNotFuture(on: LegalDate, today: LegalDate, what: string): void {
  if (on > today) throw badRequest('date_in_future', `${what} (${frDate(on)}) est dans le futur : nous sommes le ${frDate(today)}.`);
}

/**
 * The user events a snapshot allows now, for clients to offer. An opinion can only answer a
 * consultation still awaiting one, so RECORD_OPINION is not offered before a consultation is sent.
 */
export const allowedUserEvents = (s: Snapshot) => acceptedEvents(s).filter(isUserEvent)
  .filter((e) => e !== 'RECORD_OPINION' || (s.context as Ctx).consultations.some((c) => c.opinion === null && !c.tacit));

// --- applying one event ----------------------------------------------------------------------

type Extra = { applicant?: Record<string, unknown>; applicantName?: string };

async function apply(trx: Knex.Transaction, row: DossierRow, event: DossierEvent, actor: Actor, extra: Extra = {}): Promise<DossierRow> {
  const next = advance(row.type, restore(row.type, row.state, row.context), event, row.number);
  const state = statePath(next.value);
  const context = next.context as Ctx;
  const deadline = timeline(context).decisionDeadline;
  const saved = await saveDossier(trx, row.id, row.version, {
    state, context, decision_deadline: deadline, applicant: extra.applicant, applicant_name: extra.applicantName,
  });
  if (!saved) throw stale(row);
  const { type: _t, on, ...payload } = event;
  await appendJournal(trx, {
    dossierId: row.id, version: row.version + 1, event: event.type, legalDate: on, actorId: actor.id, actor: actor.login, actorRole: actor.role,
    payload, before: { state: row.state, context: row.context }, after: { state, context },
  });
  await replaceDue(trx, row.id, dueEvents(next));
  const updated: DossierRow = {
    ...row, state, context, decision_deadline: deadline, version: row.version + 1,
    ...(extra.applicant ? { applicant: extra.applicant, applicant_name: extra.applicantName! } : {}),
  };
  await effectOnParent(trx, row, updated, on, actor);
  return updated;
}

/** A child granted (modificatif, transfert, prorogation): its parent learns of it, in the same transaction. */
async function effectOnParent(trx: Knex.Transaction, before: DossierRow, after: DossierRow, on: LegalDate, actor: Actor): Promise<void> {
  const p = TYPE_RULES[after.type].parent;
  if (p?.when !== 'granted' || after.parent_id === null) return;
  if (!(after.state === 'accorde' && before.state !== 'accorde')) return;
  let parent = await lockDossier(trx, after.parent_id);
  if (!parent) throw new Error(`parent ${after.parent_id} of ${after.number} is missing`);
  // What fell due on the parent before this day, not on it: a prorogation arising the day the permit
  // would lapse takes effect at the end of the initial validity (R424-23), so it comes first.
  parent = await catchUp(trx, parent, addDays(on, -1));
  const event = { type: p.effect, on, child: { id: after.id, number: after.number } } as DossierEvent;
  // A permit withdrawn or lapsed meanwhile takes no effect; the child's own decision stands (a
  // tacit one must not fail day after day in the scheduler).
  if (!restore(parent.type, parent.state, parent.context).can(event)) return;
  const extra: Extra = p.effect === 'TRANSFERRED' ? { applicant: after.applicant, applicantName: after.applicant_name } : {};
  await apply(trx, parent, event, actor, extra);
}

const dueToEvent = (d: DueRow): DossierEvent => ({ type: d.event, on: d.due_on, ...d.payload }) as DossierEvent;

/**
 * Applies, in order, the due events of this dossier that fell due on or before `until`. The due rows
 * are first derived again from the snapshot, so a rule changed since they were written (a validity
 * lengthened by décret n° 2025-461) is what falls due, not the row of the old rule.
 */
export async function catchUp(trx: Knex.Transaction, row: DossierRow, until: LegalDate): Promise<DossierRow> {
  if (!(await dueOf(trx, row.id, until)).length) return row;
  await replaceDue(trx, row.id, dueEvents(restore(row.type, row.state, row.context)));
  for (let i = 0; i < 100; i++) {
    const [d] = await dueOf(trx, row.id, until);
    if (!d) return row;
    row = await apply(trx, row, dueToEvent(d), SYSTEM);
  }
  throw new Error(`dossier ${row.id}: more than 100 due events in a row`);
}

// --- events posted by people -------------------------------------------------------------------

export type EventRequest = { type: unknown; on: LegalDate; version: number; payload?: Record<string, unknown> | null };

export async function postEvent(knex: Knex, opts: EngineOptions, id: number, req: EventRequest, user: SessionUser): Promise<DossierRow> {
  const event = parseUserEvent(req.type, req.on, req.payload);
  if (!mayPost(user.role, event.type)) {
    throw new AppError(403, 'role_not_allowed', `Le rôle ${user.role} ne permet pas l’action « ${USER_EVENTS[event.type].label} » (rôles autorisés : ${USER_EVENTS[event.type].roles.join(', ')}).`);
  }
  const today = opts.today();
  // The catch-up up to the event's date is committed on its own: it is the law, whether the event is
  // then accepted or refused.
  const caught = await knex.transaction(async (trx) => {
    const row = await lockDossier(trx, id);
    if (!row) throw notFound('dossier_unknown', 'Ce dossier n’existe pas.');
    assertCommune(user, row.insee, 'dossier_unknown', 'Ce dossier n’existe pas.');
    if (row.version !== req.version) throw stale(row, req.version);
    if (event.on < row.filed_on) throw badRequest('date_before_filing', `La date ${frDate(event.on)} précède le dépôt du dossier (${frDate(row.filed_on)}).`);
    assertNotFuture(event.on, today, 'La date de l’action');
    return catchUp(trx, row, event.on);
  });
  return knex.transaction(async (trx) => {
    const row = await lockDossier(trx, id);
    if (!row) throw notFound('dossier_unknown', 'Ce dossier n’existe pas.');
    if (row.version !== caught.version) throw stale(row, req.version);
    return apply(trx, row, event, actorOf(user));
  });
}

// --- the scheduler's side ----------------------------------------------------------------------

/**
 * Applies one due row if it is still due (idempotent: a row already applied, or replaced by a later
 * change, is skipped). Returns whether it was applied.
 */
export async function applyDue(knex: Knex, due: DueRow): Promise<boolean> {
  return knex.transaction(async (trx) => {
    const row = await lockDossier(trx, due.dossier_id);
    if (!row) return false;
    const { rows } = await trx.raw('SELECT 1 FROM dossier_due WHERE dossier_id = ? AND key = ? AND event = ? AND due_on = ?',
      [due.dossier_id, due.key, due.event, due.due_on]);
    if (!rows.length) return false;
    // Anything due earlier on this dossier first, then this row.
    const caught = await catchUp(trx, row, due.due_on);
    return caught.version !== row.version;
  });
}

// --- filing ------------------------------------------------------------------------------------

function baseDelayOf(rule: TypeRule, parent: DossierRow | null): { months: number; article: string } | null {
  const b = rule.baseDelay;
  if (!b) return null;
  if ('parent' in b) {
    const pb = TYPE_RULES[parent!.type].baseDelay;
    if (!pb || 'parent' in pb) throw new Error(`no base delay for a ${rule.type} on a ${parent!.type}`);
    // A modificatif's delay is its permit type's (R423-23); a transfert's has no article, and says so
    // ("pratique administrative") rather than lending it the permit's.
    return { months: pb.months, article: b.article.startsWith('pratique') ? b.article : pb.article };
  }
  return b;
}

/** The check's suggestions for instruction: majorations to confirm, consultations, and R424-2 refusals by silence. */
function fromConstraints(ctx: Ctx, rule: TypeRule, check: CheckResult | null): Ctx {
  if (!check) return ctx;
  const majorations: Ctx['majorations'] = [];
  const consultations: Ctx['suggested']['consultations'] = [];
  const refusals: Ctx['silenceMeansRefusal'] = [];
  for (const c of check.consequences) {
    if (rule.majorations && c.majoration && !majorations.some((m) => m.article === c.majoration!.article)) majorations.push(c.majoration);
    if (rule.consultations && c.consultation) {
      const avisConforme = c.avisConforme === 'always' || (c.avisConforme === 'demolition' && rule.type === 'PD');
      const known = consultations.find((x) => x.service === c.consultation);
      if (!known) consultations.push({ service: c.consultation, article: c.article, avisConforme });
      else if (avisConforme) known.avisConforme = true;
    }
    // R424-2 covers permits only (CE 26 Oct 2012 n°350737): not recorded on a DP.
    if (rule.silenceCanMeanRefusal && rule.type !== 'DP' && c.silenceMeansRefusal && !refusals.some((r) => r.article === c.silenceMeansRefusal!.article)) {
      refusals.push({ article: c.silenceMeansRefusal.article, reason: c.label });
    }
  }
  return { ...ctx, suggested: { majorations, consultations }, silenceMeansRefusal: refusals };
}

async function checkParcels(knex: Knex, opts: EngineOptions, insee: string, parcels: string[]): Promise<CheckResult> {
  const { rows } = await knex.raw('SELECT 1 FROM communes WHERE insee = ?', [insee]);
  if (!rows.length) throw badRequest('commune_unknown', `Commune inconnue : ${insee} ne fait pas partie des communes chargées dans Terrier.`);
  // runCheck answers 400 for parcels missing from the cadastre.
  const check = await runCheck(knex, {
    parcels, geometry: null, srid: 2154,
    tolerance: { area: opts.check.edgeArea, share: opts.check.edgeShare, length: opts.check.edgeLength },
  });
  const { rows: elsewhere } = await knex.raw('SELECT id, commune FROM cadastre_parcelles WHERE id = ANY(?::text[]) AND commune <> ?', [parcels, insee]);
  if (elsewhere.length) {
    throw badRequest('parcel_other_commune', `${elsewhere.length > 1 ? 'Ces parcelles ne sont' : 'Cette parcelle n’est'} pas dans la commune ${insee} : ${elsewhere.map((r: { id: string; commune: string }) => `${r.id} (commune ${r.commune})`).join(', ')}.`);
  }
  return check;
}

/** Files a dossier: number, parcels checked, spatial check stored, récépissé, first snapshot, due dates. */
export async function fileDossier(knex: Knex, opts: EngineOptions, input: FilingInput, user: SessionUser): Promise<DossierRow> {
  const rule = TYPE_RULES[input.type];
  const today = opts.today();
  assertNotFuture(input.filedOn, today, 'La date de dépôt');
  if (input.insee) assertCommune(user, input.insee, 'commune_unknown', `La commune ${input.insee} n’existe pas.`);
  // Root dossiers: the spatial check runs before the transaction (read-only, the longest part).
  const rootCheck = !rule.parent ? await checkParcels(knex, opts, input.insee!, input.parcels) : null;
  return knex.transaction(async (trx) => {
    let parent: DossierRow | null = null;
    let check = rootCheck;
    let number: string;
    let insee = input.insee!;
    let parcels = input.parcels;
    if (rule.parent) {
      parent = await lockDossier(trx, input.parentId!);
      if (!parent) throw notFound('parent_unknown', `Le dossier ${input.parentId} (« parentId ») n’existe pas.`);
      assertCommune(user, parent.insee, 'parent_unknown', `Le dossier ${input.parentId} (« parentId ») n’existe pas.`);
      if (input.insee && input.insee !== parent.insee) throw badRequest('parent_other_commune', `Un dossier ${rule.type} se dépose dans la commune de son permis (${parent.insee}), et non ${input.insee}.`);
      if (input.filedOn < parent.filed_on) throw badRequest('date_before_filing', `La date de dépôt ${frDate(input.filedOn)} précède le dépôt du permis lui-même (${frDate(parent.filed_on)}).`);
      parent = await catchUp(trx, parent, input.filedOn);
      assertParentAllows(rule, parent, input.filedOn);
      if (rule.type === 'prorogation') {
        const { rows } = await trx.raw(`SELECT count(*) FILTER (WHERE state LIKE 'instruction%')::int AS pending FROM dossiers WHERE parent_id = ? AND type = 'prorogation'`, [parent.id]);
        if (rows[0].pending) throw notAllowed('prorogation_pending', `Une prorogation de ${parent.number} est déjà en cours d’instruction.`);
      }
      insee = parent.insee;
      if (!parcels.length) parcels = parent.parcels;
      if (rule.majorations) check = await checkParcels(trx, opts, insee, parcels);
      number = await childNumber(trx, parent, rule);
    } else {
      number = await nextNumber(trx, rule.prefix!, insee, input.filedOn, opts.service);
    }
    let ctx = fromConstraints(initialContext(rule.type, input.filedOn, baseDelayOf(rule, parent)), rule, check);
    if (rule.type === 'DAACT') ctx = { ...ctx, recolementObligatoire: input.recolementObligatoire };
    if (input.environmentalAssessment) ctx = { ...ctx, environmentalAssessment: true };
    // R410-17-1: a certificate's prorogation is acquired after two months of silence.
    if (rule.type === 'prorogation' && isCertificate(parent!.type)) {
      ctx = { ...ctx, baseDelayArticle: CU_PROROGATION_DELAY.article, silence: { ...CU_PROROGATION_SILENCE } };
    }
    // L410-1: an application filed on the land of a certificate within its validity refers to it.
    if (CRISTALLISATION_TYPES.includes(rule.type)) ctx = { ...ctx, certificate: await certificateFor(trx, insee, parcels, input.filedOn) };
    const snap = start(rule.type, ctx);
    const state = statePath(snap.value);
    const t = timeline(ctx);
    const applicant = (input.applicant ?? parent?.applicant)!;
    const name = input.applicant ? applicantName(input.applicant) : parent!.applicant_name;
    const receipt = {
      number, type: rule.type, label: rule.label, filedOn: input.filedOn,
      baseDelay: ctx.baseDelayMonths === null ? null : { months: ctx.baseDelayMonths, article: ctx.baseDelayArticle },
      decisionDeadline: t.decisionDeadline,
      silence: t.silence,
      completenessLastDay: t.completenessLastDay,
    };
    const row = await insertDossier(trx, {
      number, type: rule.type, parent_id: parent?.id ?? null, insee, parcels, filed_on: input.filedOn,
      applicant, applicant_name: name, works: input.works, constraints: check as unknown as Record<string, unknown> | null,
      receipt, state, context: ctx, decision_deadline: t.decisionDeadline,
    });
    const inCharge = await assignAtFiling(trx, row.id, insee, parent?.id ?? null, user);
    await appendJournal(trx, {
      dossierId: row.id, version: 1, event: 'FILE', legalDate: input.filedOn, actorId: user.id, actor: user.login, actorRole: user.role,
      payload: { type: rule.type, parcels, parent: parent ? parent.number : undefined, instructeur: inCharge?.login, imported: input.imported || undefined }, before: null, after: { state, context: ctx },
    });
    await replaceDue(trx, row.id, dueEvents(snap));
    if (parent && rule.parent!.when === 'filed') {
      await apply(trx, parent, { type: rule.parent!.effect, on: input.filedOn, child: { id: row.id, number } } as DossierEvent, actorOf(user));
    }
    return row;
  });
}

function assertParentAllows(rule: TypeRule, parent: DossierRow, filedOn: LegalDate): void {
  const p = rule.parent!;
  if (!p.types.includes(parent.type)) throw badRequest('parent_type_wrong', `Un dossier ${rule.type} se dépose sur un ${p.types.join(', ')}, et non sur un ${parent.type}.`);
  if (!p.states.includes(parent.state)) {
    throw notAllowed('parent_state_wrong', `Un dossier ${rule.type} ne peut pas être déposé sur ${parent.number}, dans l’état « ${stateLabel(parent.type, parent.state)} » (${parent.state}) : il faut l’état ${p.states.map((s) => `« ${stateLabel(parent.type, s)} »`).join(' ou ')}.`,
      { state: parent.state, event: `FILE ${rule.type}` });
  }
  if (rule.type === 'prorogation' && isCertificate(parent.type)) {
    // R410-17: by periods of one year, as many as asked, each requested two months at least before the end.
    const t = timeline(parent.context);
    if (t.prorogationRequestLastDay && filedOn > t.prorogationRequestLastDay) {
      throw notAllowed('prorogation_late', `La prorogation du certificat d’urbanisme doit être demandée deux mois au moins avant la fin de sa validité (R410-17) : la validité finit le ${t.validityEnd ? frDate(t.validityEnd) : '?'}, le dernier jour pour la demander était le ${frDate(t.prorogationRequestLastDay)}.`);
    }
  } else if (rule.type === 'prorogation') {
    const t = timeline(parent.context);
    if (parent.context.prorogations.length >= MAX_PROROGATIONS) {
      throw notAllowed('prorogation_limit', `Un permis peut être prorogé deux fois, d’un an chaque fois (R424-21) : ${parent.number} l’a déjà été deux fois.`);
    }
    if (t.validityEnd && !t.prorogationRequestLastDay) {
      throw notAllowed('prorogation_excluded', `Le permis ${parent.number}, délivré entre le 28/05/2022 et le 28/05/2024, est valable cinq ans, jusqu’au ${frDate(t.validityEnd)}, sans prorogation possible (décret n° 2025-461 du 26 mai 2025, article 1).`);
    }
    if (t.prorogationRequestLastDay && filedOn > t.prorogationRequestLastDay) {
      throw notAllowed('prorogation_late', `La prorogation doit être demandée deux mois au moins avant la fin de validité (R424-22) : la validité finit le ${t.validityEnd ? frDate(t.validityEnd) : '?'}, le dernier jour pour la demander était le ${frDate(t.prorogationRequestLastDay)}.`);
    }
  }
}
