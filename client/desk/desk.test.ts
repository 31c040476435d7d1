// The desk's pure functions: countdowns and legal dates, the list's query and deadline, the filing
// body, the actions offered, the hash routes, the journal summaries.
import { describe, expect, it } from 'vitest';
import { USER_EVENTS } from '../../server/dossiers/rules.ts';
import { addDays, countdown, daysBetween, frDate, lastDayBefore, todayLocal } from './dates.ts';
import { actionsFor, decisionsFor, eventLabel, FILING_TYPES, stateFamily } from './labels.ts';
import { deadlineText, listQuery } from './list.ts';
import { whoText } from './journal.ts';
import { filingBody, type FilingForm } from './filing.ts';
import { parsePieces } from './actions.ts';
import { payloadSummary } from './timeline.ts';
import { parseRoute } from './index.ts';
import { loginError } from './session.ts';
import { ApiError } from '../api.ts';

describe('countdowns and legal dates', () => {
  it('counts the days left to a last day as J-n, J-0 as "dernier jour", and past it "en retard de n j"', () => {
    expect(countdown('2026-12-05', '2026-11-23')).toEqual({ text: 'J-12', overdue: false, days: 12 });
    expect(countdown('2026-11-23', '2026-11-23')).toEqual({ text: 'dernier jour', overdue: false, days: 0 });
    expect(countdown('2026-11-20', '2026-11-23')).toEqual({ text: 'en retard de 3 j', overdue: true, days: -3 });
  });

  it('counts calendar days across month ends, leap days and the change to summer time', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2027-02-28', '2027-03-01')).toBe(1);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2); // DST in Paris on the 29th
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(lastDayBefore('2026-03-01')).toBe('2026-02-28');
  });

  it("takes today from the computer's calendar, not from UTC", () => {
    expect(todayLocal(new Date(2026, 10, 23, 0, 30))).toBe('2026-11-23');
    expect(todayLocal(new Date(2026, 0, 1, 23, 59))).toBe('2026-01-01');
  });

  it('writes legal dates the French way, and a dash for none', () => {
    expect(frDate('2027-02-23')).toBe('23/02/2027');
    expect(frDate(null)).toBe('—');
  });
});

describe('the list', () => {
  it('asks the server for the deadline order and only the filters given', () => {
    const q = new URLSearchParams(listQuery({ number: ' PC 0960 ', type: 'PC', state: '', commune: '96001', overdue: true }, 'none.12'));
    expect(Object.fromEntries(q)).toEqual({ sort: 'deadline', limit: '50', number: 'PC 0960', type: 'PC', commune: '96001', overdue: 'true', after: 'none.12' });
  });

  it('asks for "mes dossiers", a column\'s sort and order, and the filters of each column', () => {
    const q = new URLSearchParams(listQuery({ number: '', type: '', state: '', commune: '', overdue: false, applicant: ' Martin ', filedFrom: '2026-01-01',
      filedTo: '', mine: true, instructeur: '7', sort: 'filed', order: 'asc' }));
    expect(Object.fromEntries(q)).toEqual({ sort: 'filed', order: 'asc', limit: '50', applicant: 'Martin', filedFrom: '2026-01-01', mine: '1' });
    expect(new URLSearchParams(listQuery({ number: '', type: '', state: '', commune: '', overdue: false, instructeur: 'none' })).get('instructeur')).toBe('none');
  });

  it('names who recorded a journal entry: the name and role, "automatique" for the scheduler, the role alone for élus', () => {
    expect(whoText({ actor: 'chef', actorName: 'Charles Chef', role: 'chef' })).toBe('Charles Chef (Chef de service)');
    expect(whoText({ actor: 'system', actorName: null, role: 'system' })).toBe('automatique');
    expect(whoText({ role: 'instructeur' })).toBe('(Instructeur)');
  });

  it("counts a row's deadline to the day before its next due event (the tacit event comes the day after the last day)", () => {
    expect(deadlineText({ nextDue: { event: 'TACIT_DECISION', on: '2027-02-24' } }, '2026-11-23'))
      .toEqual({ text: 'Décision · 23/02/2027', countdown: `J-${daysBetween('2026-11-23', '2027-02-23')}`, overdue: false });
    expect(deadlineText({ nextDue: { event: 'DEEMED_COMPLETE', on: '2026-11-21' } }, '2026-11-23'))
      .toMatchObject({ countdown: 'en retard de 3 j', overdue: true });
    expect(deadlineText({ nextDue: null }, '2026-11-23')).toBeNull();
  });
});

describe('filing', () => {
  const form: FilingForm = { type: 'PC', kind: 'person', lastName: ' Martin ', firstName: 'Claire', company: '', siret: '', email: '',
    description: 'Maison', floorArea: '140,5', filedOn: '2026-11-23' };

  it('builds the body of POST /api/dossiers from the selected parcels and the form', () => {
    expect(filingBody(['96001000AB0001', '96001000AB0002'], form)).toEqual({
      type: 'PC', insee: '96001', parcels: ['96001000AB0001', '96001000AB0002'], filedOn: '2026-11-23',
      applicant: { kind: 'person', lastName: 'Martin', firstName: 'Claire' }, works: { description: 'Maison', floorArea: 140.5 },
    });
    expect(filingBody(['96001000AB0001'], { ...form, kind: 'company', company: 'SCI Les Tilleuls', siret: '123 456 789 00017' }))
      .toMatchObject({ applicant: { kind: 'company', name: 'SCI Les Tilleuls', siret: '12345678900017' } });
  });

  it('says in French what to fix before sending', () => {
    expect(filingBody([], form)).toMatch(/Sélectionnez au moins une parcelle/);
    expect(filingBody(['96001000AB0001', '13004000AB0001'], form)).toMatch(/plusieurs communes \(96001, 13004\)/);
    expect(filingBody(['96001000AB0001'], { ...form, lastName: ' ' })).toMatch(/nom du demandeur/);
    expect(filingBody(['96001000AB0001'], { ...form, description: '' })).toMatch(/Décrivez les travaux/);
    expect(filingBody(['96001000AB0001'], { ...form, type: 'CUa', description: '' })).not.toBeTypeOf('string');
    expect(filingBody(['96001000AB0001'], { ...form, kind: 'company', company: 'X', siret: '123' })).toMatch(/14 chiffres/);
  });

  it('offers the types filed on parcels, not those filed on a permit', () => {
    expect(FILING_TYPES.map(([t]) => t)).toEqual(['PC', 'PCMI', 'DP', 'PA', 'PD', 'CUa', 'CUb']);
  });
});

describe('actions', () => {
  it("offers the events the engine allows now that the user's role may post (the admin: all)", () => {
    const allowed = ['CONSULT', 'DECLARE_COMPLETE', 'PROPOSE_DECISION', 'RECEIVE_PIECES', 'SIGN_DECISION', 'FILE'];
    expect(actionsFor(allowed, 'instructeur')).toEqual(['CONSULT', 'DECLARE_COMPLETE', 'PROPOSE_DECISION', 'RECEIVE_PIECES']);
    expect(actionsFor(allowed, 'guichet')).toEqual(['RECEIVE_PIECES']);
    expect(actionsFor(allowed, 'signataire')).toEqual(['SIGN_DECISION']);
    expect(actionsFor(allowed, 'elu')).toEqual([]);
    expect(actionsFor(allowed, 'admin')).toEqual(allowed.filter((e) => e in USER_EVENTS));
    expect(actionsFor(allowed, 'maire')).toEqual([]);
  });

  it('reads the missing pieces one per line or comma, without blanks or repeats', () => {
    expect(parsePieces('PC4 notice\n\nPC6, PC7 ;PC6')).toEqual(['PC4 notice', 'PC6', 'PC7']);
  });

  it("decides each type by its own decisions, and labels every event in French", () => {
    expect(decisionsFor('DP')).toContain('non_opposition');
    expect(decisionsFor('PC')).not.toContain('non_opposition');
    expect(decisionsFor('nope')).toEqual([]);
    for (const e of [...Object.keys(USER_EVENTS), 'FILE', 'TACIT_DECISION', 'DEEMED_COMPLETE']) expect(eventLabel(e)).not.toBe(e);
  });
});

describe('states, routes and the journal', () => {
  it('colours states by family', () => {
    expect(stateFamily('instruction.delai.depose')).toBe('instruction');
    expect(stateFamily('instruction.incomplet')).toBe('incomplet');
    expect(stateFamily('instruction.delai.signee')).toBe('decision');
    expect(stateFamily('accorde.valide')).toBe('accorde');
    expect(stateFamily('refus_tacite')).toBe('refuse');
    expect(stateFamily('perime')).toBe('clos');
  });

  it('routes #dossiers, #dossier/<id> and #nouveau; anything else is the map', () => {
    expect(parseRoute('#dossiers')).toEqual({ view: 'list' });
    expect(parseRoute('#dossier/42')).toEqual({ view: 'dossier', id: 42 });
    expect(parseRoute('#nouveau')).toEqual({ view: 'filing' });
    for (const h of ['', '#', '#dossier/0', '#dossier/abc', '#map']) expect(parseRoute(h)).toEqual({ view: 'map' });
  });

  it("summarises a journal entry's payload", () => {
    expect(payloadSummary({ event: 'REQUEST_PIECES', payload: { pieces: ['PC4', 'PC6'] } })).toBe('Pièces : PC4, PC6');
    expect(payloadSummary({ event: 'PROPOSE_DECISION', payload: { decision: 'accord_prescriptions', motifs: 'ok' } })).toBe('Accord avec prescriptions · Motifs : ok');
    expect(payloadSummary({ event: 'SIGN_DECISION', payload: null })).toBe('');
  });
});

describe('login messages', () => {
  it('shows the server\'s French message as it is, and never reads it to decide', () => {
    expect(loginError(new ApiError(403, 'account_disabled', 'Ce compte est désactivé : voyez votre administrateur.'))).toBe('Ce compte est désactivé : voyez votre administrateur.');
    expect(loginError(new ApiError(429, 'too_many_attempts', 'Trop de tentatives de connexion échouées : connexion bloquée pendant 14 min.'))).toMatch(/14 min/);
  });

  it('falls back on French by status when the server gave no code, and says when the server is down', () => {
    expect(loginError(new ApiError(401, undefined, 'Unauthorized'))).toBe('Identifiant ou mot de passe incorrect.');
    expect(loginError(new ApiError(429, undefined, 'Too Many Requests'))).toMatch(/^Trop de tentatives échouées/);
    expect(loginError(new ApiError(400, undefined, 'Bad Request'))).toBe('Saisissez votre identifiant et votre mot de passe.');
    expect(loginError(new ApiError(502, 'internal', 'Bad Gateway'))).toMatch(/le serveur ne répond pas/);
    expect(loginError(new TypeError('Failed to fetch'))).toMatch(/le serveur ne répond pas/);
  });
});

describe("the dossier page's deadlines", () => {
  const base = {
    state: 'instruction.delai.depose', decisionDeadline: '2026-04-20', completeness: { requestedOn: null, lastDayToRequest: '2026-02-20', piecesLastDay: null, missing: [], completeOn: '2026-01-20' },
    majorationLastDay: null, suggestedMajorations: [], consultations: [], afterDecision: {},
  };

  it('shows the avis de dépôt to display at the mairie within 15 days until it is displayed (R423-6)', async () => {
    const { deadlinesOf } = await import('./dossier.ts');
    const pending = deadlinesOf({ ...base, filingNotice: { lastDay: '2026-02-04', displayedOn: null } } as any, '2026-01-25');
    expect(pending.find((d) => d.key === 'filingNotice')).toMatchObject({ day: '2026-02-04', label: expect.stringContaining('Avis de dépôt') });
    const done = deadlinesOf({ ...base, filingNotice: { lastDay: '2026-02-04', displayedOn: '2026-01-22' } } as any, '2026-01-25');
    expect(done.find((d) => d.key === 'filingNotice')).toBeUndefined();
  });

  it('shows the decision extract to display at the mairie within 8 days, then how long it stays displayed (R424-15)', async () => {
    const { deadlinesOf } = await import('./dossier.ts');
    const granted = { ...base, state: 'accorde.valide', decisionDeadline: null };
    const due = deadlinesOf({ ...granted, afterDecision: { decisionExtract: { lastDay: '2026-03-18', displayedOn: null, displayUntil: null } } } as any, '2026-03-12');
    expect(due.find((d) => d.key === 'decisionExtract')?.day).toBe('2026-03-18');
    const shown = deadlinesOf({ ...granted, afterDecision: { decisionExtract: { lastDay: '2026-03-18', displayedOn: '2026-03-13', displayUntil: '2026-05-13' } } } as any, '2026-03-20');
    expect(shown.map((d) => d.key)).toEqual(['decisionExtractUntil']);
  });

  it('shows the validity suspended by an appeal pending since 10/03/2026 (R424-19), the lapse of works interrupted (R424-17) and the end of a sursis with the confirmation due (L424-1)', async () => {
    const { deadlinesOf } = await import('./dossier.ts');
    const granted = { ...base, state: 'accorde.travaux', decisionDeadline: null };
    const suspended = deadlinesOf({ ...granted, afterDecision: { validityEnd: null, validitySuspendedSince: '2026-03-10', interruptionLapseOn: null } } as any, '2026-04-01');
    expect(suspended[0]).toMatchObject({ key: 'validitySuspended', day: '2026-03-10', overdue: false, label: expect.stringContaining('R424-19') });
    const interrupted = deadlinesOf({ ...granted, afterDecision: { validityEnd: '2029-02-05', interruptionLapseOn: '2030-02-06' } } as any, '2029-03-01');
    expect(interrupted.find((d) => d.key === 'interruptionLapseOn')?.day).toBe('2030-02-06');
    const sursis = deadlinesOf({ ...base, state: 'sursis', decisionDeadline: null, afterDecision: { sursisEnd: '2027-03-01', sursisConfirmationLastDay: '2027-05-01' } } as any, '2026-04-01');
    expect(sursis.map((d) => d.key)).toEqual(['sursisEnd', 'sursisConfirmationLastDay']);
  });
});
