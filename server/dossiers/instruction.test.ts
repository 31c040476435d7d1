// The legal cases of the instruction, each named by its rule, on the pure statecharts (no database):
// a simulated dossier applies its due tacit events up to each event's legal date, as the engine does.
import { describe, expect, it } from 'vitest';
import type { AppError } from '../errors.ts';
import { englishWords } from '../testing/french.ts';
import { initialContext, timeline, type Ctx } from './context.ts';
import { addMonths, dayAfter } from './dates.ts';
import { parseUserEvent, type DossierEvent } from './events.ts';
import { advance, dueEvents, start, statePath, type Snapshot } from './machine.ts';
import { TYPE_RULES, delayMonths, type DossierType } from './rules.ts';

class Sim {
  snap: Snapshot;
  applied: string[] = [];
  constructor(readonly type: DossierType, filedOn: string, patch: Partial<Ctx> = {}, base?: { months: number; article: string }) {
    const b = TYPE_RULES[type].baseDelay;
    const delay = base ?? (b && !('parent' in b) ? b : null);
    this.snap = start(type, { ...initialContext(type, filedOn, delay), ...patch });
  }
  get state() { return statePath(this.snap.value); }
  get ctx() { return this.snap.context; }
  get t() { return timeline(this.snap.context); }
  /** Applies the due events up to `until`, oldest first (the scheduler's job). */
  tick(until: string): this {
    for (;;) {
      const d = dueEvents(this.snap).filter((x) => x.on <= until).sort((a, b) => a.on.localeCompare(b.on) || a.rank - b.rank)[0];
      if (!d) return this;
      this.snap = advance(this.type, this.snap, { type: d.event, on: d.on, ...d.payload } as DossierEvent);
      this.applied.push(`${d.event}@${d.on}`);
    }
  }
  send(type: string, on: string, payload: Record<string, unknown> = {}): this {
    this.tick(on);
    this.snap = advance(this.type, this.snap, parseUserEvent(type, on, payload));
    return this;
  }
  /** Sends a system event (a child's effect on its parent). */
  effect(type: DossierEvent['type'], on: string): this {
    this.tick(on);
    this.snap = advance(this.type, this.snap, { type, on, child: { id: 2, number: 'X' } } as DossierEvent);
    return this;
  }
  decide(kind: string, on: string, notifiedOn = on): this {
    return this.send('PROPOSE_DECISION', on, { decision: kind }).send('SIGN_DECISION', on).send('NOTIFY_DECISION', notifiedOn);
  }
}

/** What the constraints suggest at filing (engine.ts fromConstraints): the abords of a monument (AC1), a site inscrit (AC2). */
const ABORDS: Partial<Ctx> = { suggested: { majorations: [], consultations: [{ service: 'ABF', article: 'R423-24 c', avisConforme: true }] } };
const SITE_INSCRIT: Partial<Ctx> = { suggested: { majorations: [], consultations: [{ service: 'ABF', article: 'R425-30', avisConforme: false }] } };

const refused = (f: () => unknown) => {
  try { f(); } catch (e) { return e as AppError; }
  throw new Error('expected a refusal');
};

describe('base delays (R423-23, R410-9) and the tacit decision the day after (R424-1)', () => {
  it('a DP filed on 2 January is due on 2 February and tacitly not opposed on 3 February (R423-23 a, R424-1 a)', () => {
    const dp = new Sim('DP', '2026-01-02');
    expect(dp.t.decisionDeadline).toBe('2026-02-02');
    dp.tick('2026-02-02');
    expect(dp.state).toBe('instruction.delai.depose');
    dp.tick('2026-02-03');
    expect(dp.state).toBe('accorde.valide');
    expect(dp.ctx.decision).toMatchObject({ outcome: 'granted', tacit: true, on: '2026-02-03', label: 'non-opposition tacite' });
  });

  it('a DP filed on 31 January is due on 28 February', () => {
    expect(new Sim('DP', '2026-01-31').t.decisionDeadline).toBe('2026-02-28');
  });

  it('a DP filed on 31 January of a leap year is due on 29 February', () => {
    expect(new Sim('DP', '2028-01-31').t.decisionDeadline).toBe('2028-02-29');
  });

  it.each([
    ['PCMI', 2, '2026-05-10'], ['PD', 2, '2026-05-10'], ['PC', 3, '2026-06-10'], ['PA', 3, '2026-06-10'], ['CUa', 1, '2026-04-10'], ['CUb', 2, '2026-05-10'],
  ] as const)('a %s filed on 10 March is due after %i months, on %s', (type, months, deadline) => {
    const d = new Sim(type, '2026-03-10');
    expect(d.t.delayMonths).toBe(months);
    expect(d.t.decisionDeadline).toBe(deadline);
    expect(d.t.tacitOn).toBe(dayAfter(deadline));
  });

  it('a PC not decided by its deadline becomes a tacit permit the next day, even a Sunday (no weekend extension)', () => {
    const pc = new Sim('PC', '2025-11-30'); // due on Monday 28 February... 2026-02-28 is a Saturday
    expect(pc.t.decisionDeadline).toBe('2026-02-28');
    pc.tick('2026-03-01'); // Sunday
    expect(pc.state).toBe('accorde.valide');
    expect(pc.ctx.decision).toMatchObject({ tacit: true, on: '2026-03-01', article: 'R424-1 b' });
  });

  it('a CU not delivered in time is a tacit CU (R410-12), valid 18 months (L410-1)', () => {
    const cu = new Sim('CUb', '2026-01-15').tick('2026-03-16');
    expect(cu.state).toBe('accorde');
    expect(cu.ctx.decision).toMatchObject({ tacit: true, label: "certificat d'urbanisme tacite", article: 'R410-12' });
    expect(cu.t.validityEnd).toBe('2027-09-16');
    cu.tick('2027-09-17');
    expect(cu.state).toBe('perime');
  });
});

describe('majorations (R423-18, R423-24 to R423-28)', () => {
  it('a PC in an AC1 perimeter is due after 4 months once R423-24 c is notified (3 + 1)', () => {
    const pc = new Sim('PC', '2026-01-15').send('NOTIFY_MAJORATION', '2026-02-01', { majorations: [{ article: 'R423-24 c' }] });
    expect(pc.t.delayMonths).toBe(4);
    expect(pc.t.decisionDeadline).toBe('2026-05-15');
  });

  it('a DP in an AC1 perimeter is due after 2 months (R423-24 c applies to all R423-23 delays)', () => {
    const dp = new Sim('DP', '2026-01-15').send('NOTIFY_MAJORATION', '2026-01-20', { majorations: ['R423-24 c'] });
    expect(dp.t.decisionDeadline).toBe('2026-03-15');
  });

  it('R423-24 and R423-25 do not add up: +1 and +2 make +2', () => {
    expect(delayMonths(3, [{ article: 'R423-24 c', months: 1, mode: 'add' }, { article: 'R423-25 e', months: 2, mode: 'add' }])).toBe(5);
    const pc = new Sim('PC', '2026-01-15').send('NOTIFY_MAJORATION', '2026-02-01', { majorations: ['R423-24 c', 'R423-25 e'] });
    expect(pc.t.delayMonths).toBe(5);
  });

  it('several R423-24 cases give one month, not one per case', () => {
    const pc = new Sim('PC', '2026-01-15').send('NOTIFY_MAJORATION', '2026-02-01', { majorations: ['R423-24 a', 'R423-24 c'] });
    expect(pc.t.delayMonths).toBe(4);
  });

  it('a DP in a réserve naturelle nationale: R423-27 sets its delay to 2 months, a PC\'s to 5 (R423-27)', () => {
    const dp = new Sim('DP', '2026-01-15').send('NOTIFY_MAJORATION', '2026-02-01', { majorations: ['R423-27'] });
    expect(dp.ctx.majorations).toEqual([{ article: 'R423-27', months: 2, mode: 'set' }]);
    expect(dp.t).toMatchObject({ delayMonths: 2, decisionDeadline: '2026-03-15' });
    const pc = new Sim('PC', '2026-01-15').send('NOTIFY_MAJORATION', '2026-02-01', { majorations: [{ article: 'R423-27', months: 5 }] });
    expect(pc.t).toMatchObject({ delayMonths: 5, decisionDeadline: '2026-06-15' });
  });

  it('a "porté à" delay (R423-28 a, immeuble inscrit) sets the delay to 5 months, majorations do not add to it', () => {
    const pc = new Sim('PC', '2026-01-15').send('NOTIFY_MAJORATION', '2026-02-01', { majorations: ['R423-28 a', 'R423-24 c'] });
    expect(pc.t.delayMonths).toBe(5);
    expect(pc.t.decisionDeadline).toBe('2026-06-15');
  });

  it('a majoration notified on the last day of the month counts (R423-18)', () => {
    const pc = new Sim('PC', '2026-01-31').send('NOTIFY_MAJORATION', '2026-02-28', { majorations: ['R423-24 c'] });
    expect(pc.t.decisionDeadline).toBe('2026-05-31');
  });

  it('a majoration notified more than one month after filing is refused and the delay stays (R423-18)', () => {
    const pc = new Sim('PC', '2026-01-15');
    const e = refused(() => pc.send('NOTIFY_MAJORATION', '2026-02-16', { majorations: ['R423-24 c'] }));
    expect(e).toMatchObject({ status: 409, code: 'majoration_late', message: expect.stringMatching(/notifiée dans le mois qui suit le dépôt \(R423-18\)\s: le dernier jour était le 15\/02\/2026/) });
    expect(pc.t.delayMonths).toBe(3);
  });

  it('a majoration outside R423-24 to R423-33 is refused (L423-1)', () => {
    const pc = new Sim('PC', '2026-01-15');
    expect(refused(() => pc.send('NOTIFY_MAJORATION', '2026-01-20', { majorations: [{ article: 'L111-1', months: 6, mode: 'add' }] })))
      .toMatchObject({ status: 400, code: 'majoration_unknown', message: expect.stringContaining('L423-1') });
  });

  it('a majoration with the wrong number of months is refused: R423-24 c adds 1 month', () => {
    const pc = new Sim('PC', '2026-01-15');
    expect(refused(() => pc.send('NOTIFY_MAJORATION', '2026-01-20', { majorations: [{ article: 'R423-24 c', months: 2 }] })).status).toBe(400);
  });

  it('R423-25 a (commission) does not apply to a DP (R423-25: the b and c delays of R423-23)', () => {
    const dp = new Sim('DP', '2026-01-15');
    expect(refused(() => dp.send('NOTIFY_MAJORATION', '2026-01-20', { majorations: ['R423-25 a'] })).status).toBe(400);
  });

  it('a majoration notified while the file is incomplete applies from the receipt of the pieces', () => {
    const pc = new Sim('PC', '2026-01-15')
      .send('REQUEST_PIECES', '2026-02-01', { pieces: ['PC2'] })
      .send('NOTIFY_MAJORATION', '2026-02-10', { majorations: ['R423-24 c'] });
    expect(pc.t.decisionDeadline).toBeNull();
    pc.send('RECEIVE_PIECES', '2026-03-20');
    expect(pc.t.decisionDeadline).toBe('2026-07-20');
  });
});

describe('completeness (R423-19, R423-22, R423-38, R423-39, R423-41)', () => {
  it('a request for pieces within one month suspends the delay: no deadline while the file is incomplete (R423-38)', () => {
    const pc = new Sim('PC', '2026-01-15').send('REQUEST_PIECES', '2026-02-15', { pieces: ['PC2', 'PC4'] });
    expect(pc.state).toBe('instruction.incomplet');
    expect(pc.t.decisionDeadline).toBeNull();
    expect(pc.t.piecesLastDay).toBe('2026-05-15');
    expect(dueEvents(pc.snap).map((d) => d.event)).toEqual(['PIECES_DEADLINE']);
  });

  it('a request for pieces after one month does not suspend the delay (R423-41)', () => {
    const pc = new Sim('PC', '2026-01-15').send('REQUEST_PIECES', '2026-02-16', { pieces: ['PC2'] });
    expect(pc.state).toBe('instruction.delai.complet');
    expect(pc.t.decisionDeadline).toBe('2026-04-15');
    expect(pc.ctx.completeness.late).toEqual([{ on: '2026-02-16', pieces: ['PC2'],
      statement: 'La demande de pièces du 16/02/2026 est postérieure au mois qui suit le dépôt (dernier jour : 15/02/2026) : elle ne suspend pas le délai d’instruction et n’empêche pas la décision tacite (R423-38, R423-41).' }]);
  });

  it('a request naming only pieces the code does not list does not suspend the delay and says why (R423-41, R431-4; CE 9 Dec 2022 n°454521)', () => {
    const pc = new Sim('PC', '2026-01-15').send('REQUEST_PIECES', '2026-02-01', { pieces: ['Étude de sol', 'PC99'] });
    expect(pc.state).toBe('instruction.delai.depose');
    expect(pc.t.decisionDeadline).toBe('2026-04-15');
    expect(pc.ctx.completeness.requestedOn).toBeNull();
    expect(pc.ctx.completeness.late[0]!.statement).toBe('Pièces non prévues par le code de l’urbanisme pour un dossier PC : Étude de sol, PC99 ; leur demande ne suspend pas le délai d’instruction (R423-41, R431-4 ; CE 9 déc. 2022 n° 454521).');
    expect(englishWords(pc.ctx.completeness.late[0]!.statement!)).toEqual([]);
  });

  it('a request mixing listed and unlisted pieces suspends for the listed ones only, known by their CERFA code however written (pc 02 = PC2)', () => {
    const pc = new Sim('PC', '2026-01-15').send('REQUEST_PIECES', '2026-02-01', { pieces: ['pc 02', 'Étude de sol'] });
    expect(pc.state).toBe('instruction.incomplet');
    expect(pc.ctx.completeness).toMatchObject({ requested: ['pc 02'], missing: ['pc 02'], late: [{ on: '2026-02-01', pieces: ['Étude de sol'] }] });
    pc.send('RECEIVE_PIECES', '2026-03-01', { pieces: ['PC2'] });
    expect(pc.t.decisionDeadline).toBe('2026-06-01');
  });

  it('a DP asked for DP11 in the abords is incomplete; a DP asked for PC4 is not (the DP list, R431-36)', () => {
    expect(new Sim('DP', '2026-01-15').send('REQUEST_PIECES', '2026-02-01', { pieces: ['DP11'] }).state).toBe('instruction.incomplet');
    expect(new Sim('DP', '2026-01-15').send('REQUEST_PIECES', '2026-02-01', { pieces: ['PC4'] }).state).toBe('instruction.delai.depose');
  });

  it('only the first request for pieces suspends the delay: a second one within the month is recorded without effect (CE 30 Apr 2024 n°461958)', () => {
    const pc = new Sim('PC', '2026-01-15').send('REQUEST_PIECES', '2026-01-20', { pieces: ['PC2'] })
      .send('RECEIVE_PIECES', '2026-01-25').send('REQUEST_PIECES', '2026-02-10', { pieces: ['PC4'] });
    expect(pc.state).toBe('instruction.delai.complet');
    expect(pc.t.decisionDeadline).toBe('2026-04-25');
    expect(pc.ctx.completeness.late).toEqual([{ on: '2026-02-10', pieces: ['PC4'],
      statement: 'Seule la première demande de pièces suspend le délai d’instruction (CE 30 avr. 2024 n° 461958) : une demande a déjà été faite le 20/01/2026. La demande du 10/02/2026 est enregistrée sans effet sur le délai.' }]);
  });

  it('a PC filed on 31 January may be asked for pieces until 28 February; on 1 March the request changes nothing (R423-38, R423-41)', () => {
    expect(new Sim('PC', '2026-01-31').send('REQUEST_PIECES', '2026-02-28', { pieces: ['PC2'] }).state).toBe('instruction.incomplet');
    const late = new Sim('PC', '2026-01-31').send('REQUEST_PIECES', '2026-03-01', { pieces: ['PC2'] });
    expect(late.state).toBe('instruction.delai.complet');
    expect(late.t.decisionDeadline).toBe('2026-04-30');
  });

  it('pieces received restart the delay from their receipt (R423-19, R423-39): received on 10 April, a PC is due on 10 July', () => {
    const pc = new Sim('PC', '2026-01-15').send('REQUEST_PIECES', '2026-02-01', { pieces: ['PC2'] }).send('RECEIVE_PIECES', '2026-04-10');
    expect(pc.state).toBe('instruction.delai.complet');
    expect(pc.ctx.completeOn).toBe('2026-04-10');
    expect(pc.t.decisionDeadline).toBe('2026-07-10');
  });

  it('some of the pieces only: the file stays incomplete until the last one (R423-39)', () => {
    const pc = new Sim('PC', '2026-01-15').send('REQUEST_PIECES', '2026-02-01', { pieces: ['PC2', 'PC4'] })
      .send('RECEIVE_PIECES', '2026-03-01', { pieces: ['PC2'] });
    expect(pc.state).toBe('instruction.incomplet');
    expect(pc.ctx.completeness.missing).toEqual(['PC4']);
    pc.send('RECEIVE_PIECES', '2026-03-05', { pieces: ['PC4'] });
    expect(pc.t.decisionDeadline).toBe('2026-06-05');
  });

  it('no pieces within three months of the request: tacit rejection of a permit (R423-39 a)', () => {
    const pc = new Sim('PC', '2026-01-15').send('REQUEST_PIECES', '2026-02-01', { pieces: ['PC2'] }).tick('2026-05-02');
    expect(pc.state).toBe('rejet_tacite');
    expect(pc.ctx.decision).toMatchObject({ outcome: 'rejected', tacit: true, on: '2026-05-02', article: 'R423-39' });
  });

  it('no pieces within three months of the request: tacit opposition to a DP (R423-39 b)', () => {
    const dp = new Sim('DP', '2026-01-15').send('REQUEST_PIECES', '2026-02-01', { pieces: ['DP2'] }).tick('2026-05-02');
    expect(dp.state).toBe('rejet_tacite');
    expect(dp.ctx.decision?.label).toBe('opposition tacite faute de pièces');
  });

  it('a permit tacitly rejected for missing pieces (R423-39 a) cannot be granted: a new application is needed', () => {
    const pc = new Sim('PC', '2026-01-15').send('REQUEST_PIECES', '2026-02-01', { pieces: ['PC2'] }).tick('2026-05-02');
    for (const [type, payload] of [['PROPOSE_DECISION', { decision: 'accord' }], ['SIGN_DECISION', {}], ['NOTIFY_DECISION', {}]] as const) {
      const e = refused(() => pc.send(type, '2026-06-01', payload));
      expect(e).toMatchObject({ status: 409, code: 'tacit_rejection_new_application', details: { state: 'rejet_tacite', event: type } });
      expect(e.message).toMatch(/tacitement rejetée le 02\/05\/2026.*R423-39 a.*nouvelle demande/);
      expect(englishWords(e.message)).toEqual([]);
    }
    expect(pc.state).toBe('rejet_tacite');
  });

  it('a DP opposed tacitly for missing pieces (R423-39 b) cannot be not-opposed afterwards: a new declaration is needed', () => {
    const dp = new Sim('DP', '2026-01-15').send('REQUEST_PIECES', '2026-02-01', { pieces: ['DP2'] }).tick('2026-05-02');
    const e = refused(() => dp.send('PROPOSE_DECISION', '2026-06-01', { decision: 'non_opposition' }));
    expect(e).toMatchObject({ status: 409, code: 'tacit_rejection_new_application' });
    expect(e.message).toMatch(/opposition tacite le 02\/05\/2026.*R423-39 b/);
  });

  it('pieces received on the last day of the three months are in time', () => {
    const pc = new Sim('PC', '2026-01-15').send('REQUEST_PIECES', '2026-02-01', { pieces: ['PC2'] }).send('RECEIVE_PIECES', '2026-05-01');
    expect(pc.state).toBe('instruction.delai.complet');
  });

  it('pieces received the day after the three months come too late: the file was tacitly rejected', () => {
    const pc = new Sim('PC', '2026-01-15').send('REQUEST_PIECES', '2026-02-01', { pieces: ['PC2'] });
    expect(refused(() => pc.send('RECEIVE_PIECES', '2026-05-02'))).toMatchObject({ status: 409, code: 'event_not_allowed_in_state', message: expect.stringContaining('Rejet tacite faute de pièces') });
  });

  it('nothing requested within a month: the file is deemed complete, the delay running from the filing (R423-22)', () => {
    const pc = new Sim('PC', '2026-01-15').tick('2026-02-16');
    expect(pc.applied).toEqual(['DEEMED_COMPLETE@2026-02-16']);
    expect(pc.state).toBe('instruction.delai.complet');
    expect(pc.ctx.completeOn).toBe('2026-01-15');
    expect(pc.t.decisionDeadline).toBe('2026-04-15');
  });

  it('the pieces cannot be received before they were requested', () => {
    const pc = new Sim('PC', '2026-01-15').send('REQUEST_PIECES', '2026-02-01', { pieces: ['PC2'] });
    expect(refused(() => pc.send('RECEIVE_PIECES', '2026-01-20')).status).toBe(400);
  });
});

describe('consultations (R423-59, R423-67) and the ABF (R424-3)', () => {
  it('a consulted service silent for one month is deemed favourable the next day (R423-59)', () => {
    const pc = new Sim('PC', '2026-01-15').send('CONSULT', '2026-01-20', { service: 'SDIS' });
    expect(pc.ctx.consultations[0]).toMatchObject({ id: 1, months: 1, article: 'R423-59', avisConforme: false });
    pc.tick('2026-02-20');
    expect(pc.ctx.consultations[0]!.opinion).toBeNull();
    pc.tick('2026-02-21');
    expect(pc.ctx.consultations[0]).toMatchObject({ opinion: 'favorable', tacit: true, opinionOn: '2026-02-21' });
  });

  it('the ABF has two months (R423-67) and its accord is required in the abords of a monument (AC1)', () => {
    const pc = new Sim('PC', '2026-01-15', ABORDS).send('CONSULT', '2026-01-20', { service: 'ABF' });
    expect(pc.ctx.consultations[0]).toMatchObject({ months: 2, article: 'R423-67', avisConforme: true });
  });

  it("an unfavourable opinion of the ABF in time makes silence a refusal (R424-3)", () => {
    const pc = new Sim('PC', '2026-01-15', ABORDS).send('NOTIFY_MAJORATION', '2026-01-20', { majorations: ['R423-24 c'] })
      .send('CONSULT', '2026-01-20', { service: 'ABF' })
      .send('RECORD_OPINION', '2026-03-10', { consultation: 1, opinion: 'defavorable' });
    expect(pc.t.silence).toEqual({ meaning: 'refus', label: 'refus tacite', articles: ['R424-3'] });
    pc.tick('2026-05-16');
    expect(pc.state).toBe('refus_tacite');
    expect(pc.ctx.decision).toMatchObject({ outcome: 'refused', tacit: true, article: 'R424-3', on: '2026-05-16' });
  });

  it('an ABF opinion with prescriptions in time also makes silence a refusal (R424-3)', () => {
    const pc = new Sim('PC', '2026-01-15', ABORDS).send('CONSULT', '2026-01-20', { service: 'ABF' })
      .send('RECORD_OPINION', '2026-02-10', { consultation: 1, opinion: 'favorable_prescriptions', prescriptions: 'tuiles canal' });
    expect(pc.t.silence.meaning).toBe('refus');
  });

  it('a favourable ABF opinion leaves the tacit permit (R424-1)', () => {
    const pc = new Sim('PC', '2026-01-15').send('CONSULT', '2026-01-20', { service: 'ABF' })
      .send('RECORD_OPINION', '2026-02-10', { consultation: 1, opinion: 'favorable' }).tick('2026-04-16');
    expect(pc.state).toBe('accorde.valide');
  });

  it('the ABF silent past its two months is deemed favourable, and an opinion after that is refused', () => {
    const pc = new Sim('PC', '2026-01-15').send('CONSULT', '2026-01-20', { service: 'ABF' });
    expect(refused(() => pc.send('RECORD_OPINION', '2026-03-21', { consultation: 1, opinion: 'defavorable' })))
      .toMatchObject({ status: 409, code: 'opinion_already_recorded', message: expect.stringContaining('a déjà un avis tacite') });
    expect(pc.t.silence.meaning).toBe('accord');
  });

  it("the authority cannot grant against the ABF's refused accord (L632-2 code du patrimoine)", () => {
    const pc = new Sim('PC', '2026-01-15', ABORDS).send('CONSULT', '2026-01-20', { service: 'ABF' })
      .send('RECORD_OPINION', '2026-02-10', { consultation: 1, opinion: 'defavorable' });
    expect(refused(() => pc.send('PROPOSE_DECISION', '2026-02-11', { decision: 'accord' })).status).toBe(409);
    pc.send('PROPOSE_DECISION', '2026-02-11', { decision: 'refus' });
    expect(pc.state).toBe('instruction.delai.proposee');
  });

  it('a site classé from the constraints makes silence a refusal (R424-2 a)', () => {
    const pc = new Sim('PC', '2026-01-15', { silenceMeansRefusal: [{ article: 'R424-2 a', reason: 'Site classé' }] }).tick('2026-04-16');
    expect(pc.state).toBe('refus_tacite');
    expect(pc.ctx.decision?.article).toBe('R424-2 a');
  });
});

describe('silence on a DP, the ABF on a DP, accord or simple opinion (R424-2, R424-3, R424-2-1, R423-59, R423-67)', () => {
  it('silence on a DP in a site classé is a non-opposition: R424-2 covers permits only (CE 26 Oct 2012 n°350737)', () => {
    const dp = new Sim('DP', '2026-01-15', { silenceMeansRefusal: [{ article: 'R424-2 a', reason: 'Site classé' }] });
    expect(dp.t.silence).toEqual({ meaning: 'accord', label: 'non-opposition tacite', articles: ['R424-1 a'] });
    dp.tick('2026-02-16');
    expect(dp.state).toBe('accorde.valide');
    expect(dp.ctx.decision).toMatchObject({ outcome: 'granted', tacit: true, label: 'non-opposition tacite' });
  });

  it("silence on a DP after an unfavourable ABF opinion in the abords is a non-opposition: R424-3 covers permits only", () => {
    const dp = new Sim('DP', '2026-01-15', ABORDS).send('NOTIFY_MAJORATION', '2026-01-20', { majorations: ['R423-24 c'] })
      .send('CONSULT', '2026-01-20', { service: 'ABF' })
      .send('RECORD_OPINION', '2026-02-10', { consultation: 1, opinion: 'defavorable' });
    expect(dp.t.silence.meaning).toBe('accord');
    dp.tick('2026-03-16');
    expect(dp.state).toBe('accorde.valide');
  });

  it('a DP filed on 31 December 2025 for a project under environmental assessment: silence is an opposition (R424-2-1)', () => {
    const dp = new Sim('DP', '2025-12-31', { environmentalAssessment: true });
    expect(dp.t.silence).toEqual({ meaning: 'refus', label: 'opposition tacite', articles: ['R424-2-1'] });
    dp.tick('2026-02-01');
    expect(dp.state).toBe('refus_tacite');
    expect(dp.ctx.decision).toMatchObject({ outcome: 'refused', tacit: true, article: 'R424-2-1' });
  });

  it('a DP filed on 30 December 2025, before R424-2-1 applied, stays a tacit non-opposition despite the environmental assessment', () => {
    expect(new Sim('DP', '2025-12-30', { environmentalAssessment: true }).tick('2026-01-31').state).toBe('accorde.valide');
  });

  it('a PC under environmental assessment filed in 2026: silence is a refusal (R424-2-1)', () => {
    expect(new Sim('PC', '2026-01-15', { environmentalAssessment: true }).t.silence).toMatchObject({ meaning: 'refus', articles: ['R424-2-1'] });
  });

  it('the ABF consulted on a DP has one month (R423-59), not the two months of a permit (R423-67)', () => {
    const dp = new Sim('DP', '2026-01-15', ABORDS).send('NOTIFY_MAJORATION', '2026-01-20', { majorations: ['R423-24 c'] })
      .send('CONSULT', '2026-01-20', { service: 'ABF' });
    expect(dp.ctx.consultations[0]).toMatchObject({ months: 1, article: 'R423-59', avisConforme: true });
    dp.tick('2026-02-21');
    expect(dp.ctx.consultations[0]).toMatchObject({ opinion: 'favorable', tacit: true, opinionOn: '2026-02-21' });
  });

  it("in a site inscrit (AC2) the ABF's opinion on a PC is a simple one: an unfavourable opinion leaves the tacit permit", () => {
    const pc = new Sim('PC', '2026-01-15', SITE_INSCRIT).send('CONSULT', '2026-01-20', { service: 'ABF' })
      .send('RECORD_OPINION', '2026-02-10', { consultation: 1, opinion: 'defavorable' });
    expect(pc.ctx.consultations[0]!.avisConforme).toBe(false);
    expect(pc.t.silence.meaning).toBe('accord');
    pc.send('PROPOSE_DECISION', '2026-02-11', { decision: 'accord' });
    expect(pc.state).toBe('instruction.delai.proposee');
  });

  it('an ABF consulted with no constraint requiring its accord gives a simple opinion, unless the instructeur says otherwise', () => {
    expect(new Sim('PC', '2026-01-15').send('CONSULT', '2026-01-20', { service: 'ABF' }).ctx.consultations[0]!.avisConforme).toBe(false);
    expect(new Sim('PC', '2026-01-15').send('CONSULT', '2026-01-20', { service: 'ABF', avisConforme: true }).ctx.consultations[0]!.avisConforme).toBe(true);
  });
});

describe('validity after the décret n° 2025-461 of 26 May 2025 (R424-17, R424-21, art. 1 and 2), and a CU from its délivrance (L410-1)', () => {
  /** A PC filed two months earlier, granted expressly and notified on that day. */
  const grantedOn = (notifiedOn: string) => new Sim('PC', addMonths(notifiedOn, -2)).decide('accord', notifiedOn);

  it('a PC granted on 27 May 2022 gets one more year: valid until 27 May 2026, prorogeable (décret art. 2)', () => {
    const pc = grantedOn('2022-05-27');
    expect(pc.t.validityEnd).toBe('2026-05-27');
    expect(pc.t.prorogationRequestLastDay).toBe('2026-03-27');
  });

  it('a PC granted on 28 May 2022 is valid five years, until 28 May 2027, with no prorogation (décret art. 1)', () => {
    const pc = grantedOn('2022-05-28');
    expect(pc.t).toMatchObject({ validityEnd: '2027-05-28', prorogationRequestLastDay: null });
    expect(pc.t.validityArticle).toContain('2025-461');
  });

  it('a PC granted on 28 May 2024 is valid five years, until 28 May 2029 (décret art. 1)', () => {
    expect(grantedOn('2024-05-28').t.validityEnd).toBe('2029-05-28');
  });

  it('a PC granted on 29 May 2024 keeps its three years, until 29 May 2027 (R424-17)', () => {
    const pc = grantedOn('2024-05-29');
    expect(pc.t).toMatchObject({ validityEnd: '2027-05-29', validityArticle: 'R424-17', prorogationRequestLastDay: '2027-03-29' });
  });

  it('a tacit PC of mid-2023 does not lapse in mid-2026: valid five years (décret art. 1)', () => {
    const pc = new Sim('PC', '2023-03-15').tick('2026-07-01');
    expect(pc.ctx.decision).toMatchObject({ tacit: true, on: '2023-06-16' });
    expect(pc.state).toBe('accorde.valide');
    expect(pc.t.validityEnd).toBe('2028-06-16');
    expect(pc.tick('2028-06-17').state).toBe('perime');
  });

  it('a PC granted on 1 January 2021 and lapsed on 1 January 2024 gains nothing (not valid on 27 May 2025)', () => {
    expect(grantedOn('2021-01-01').t.validityEnd).toBe('2024-01-01');
  });

  it('a PC granted on 1 January 2021 and prorogued twice, still valid on 27 May 2025, gets one more year: 1 January 2027 (décret art. 2)', () => {
    const pc = grantedOn('2021-01-01').effect('PROROGED', '2023-09-01').effect('PROROGED', '2024-09-01');
    expect(pc.t.validityEnd).toBe('2027-01-01');
  });

  it('a PC granted on 31 December 2020 keeps the ordinary rule', () => {
    expect(grantedOn('2020-12-31').t.validityEnd).toBe('2023-12-31');
  });

  it('a CUb signed on 10 March and notified on 16 March is valid 18 months from its délivrance: until 10 September 2027 (L410-1)', () => {
    const cu = new Sim('CUb', '2026-02-01').decide('cu_positif', '2026-03-10', '2026-03-16');
    expect(cu.ctx.decision).toMatchObject({ on: '2026-03-16', signedOn: '2026-03-10' });
    expect(cu.t.validityEnd).toBe('2027-09-10');
  });
});

describe('the decision: proposed, signed, notified (R424-1, R424-10, L424-3)', () => {
  it('a refusal notified on the last day of the delay prevents the tacit permit', () => {
    const pc = new Sim('PC', '2026-01-15').decide('refus', '2026-04-10', '2026-04-15').tick('2030-01-01');
    expect(pc.state).toBe('refuse');
    expect(pc.ctx.decision).toMatchObject({ kind: 'refus', tacit: false, on: '2026-04-15', signedOn: '2026-04-10' });
  });

  it('a decision signed but notified after the deadline comes too late: the tacit permit arose the day after (R424-1)', () => {
    const pc = new Sim('PC', '2026-01-15').send('PROPOSE_DECISION', '2026-04-01', { decision: 'refus' }).send('SIGN_DECISION', '2026-04-10');
    expect(refused(() => pc.send('NOTIFY_DECISION', '2026-04-16'))).toMatchObject({ status: 409 });
    expect(pc.state).toBe('accorde.valide');
    expect(pc.ctx.decision).toMatchObject({ tacit: true, on: '2026-04-16' });
  });

  it('a sursis à statuer notified in time prevents the tacit permit (L424-3)', () => {
    const pc = new Sim('PC', '2026-01-15').decide('sursis', '2026-04-01').tick('2027-01-01');
    expect(pc.state).toBe('sursis');
  });

  it('a DP is decided by non-opposition or opposition, not by accord', () => {
    const dp = new Sim('DP', '2026-01-15');
    expect(refused(() => dp.send('PROPOSE_DECISION', '2026-01-20', { decision: 'accord' })).status).toBe(400);
    dp.decide('opposition', '2026-01-20');
    expect(dp.state).toBe('refuse');
  });

  it('a decision cannot be signed before it is proposed, nor proposed while the file is incomplete', () => {
    const pc = new Sim('PC', '2026-01-15');
    expect(refused(() => pc.send('SIGN_DECISION', '2026-01-20'))).toMatchObject({ status: 409, details: { state: 'instruction.delai.depose', event: 'SIGN_DECISION' } });
    pc.send('REQUEST_PIECES', '2026-01-20', { pieces: ['PC2'] });
    expect(refused(() => pc.send('PROPOSE_DECISION', '2026-01-21', { decision: 'accord' })).status).toBe(409);
  });
});

describe('after the decision (R600-2, L424-5, R424-17, R424-21 to R424-23, R462-6)', () => {
  const granted = () => new Sim('PC', '2026-01-15').decide('accord', '2026-03-02', '2026-03-05');

  it('the third-party appeal window ends 2 months after the first day of display, délai franc (R600-2)', () => {
    const pc = granted().send('DISPLAY_ON_SITE', '2026-03-10');
    expect(pc.t.appealLastDay).toBe('2026-05-11');
  });

  it('a permit can be withdrawn until three months after its date (L424-5), not later', () => {
    expect(granted().t.withdrawalLastDay).toBe('2026-06-02');
    expect(granted().send('WITHDRAW', '2026-06-02').state).toBe('retire');
    expect(refused(() => granted().send('WITHDRAW', '2026-06-03'))).toMatchObject({ status: 409, code: 'withdrawal_late', message: expect.stringContaining('L424-5') });
  });

  it('a tacit permit can be withdrawn within three months of the day it arose (L424-5)', () => {
    const pc = new Sim('PC', '2026-01-15').tick('2026-04-16');
    expect(pc.t.withdrawalLastDay).toBe('2026-07-16');
  });

  it('a permit is valid 3 years from its notification (R424-17) and lapses the next day without works', () => {
    const pc = granted();
    expect(pc.t.validityEnd).toBe('2029-03-05');
    pc.tick('2029-03-05');
    expect(pc.state).toBe('accorde.valide');
    pc.tick('2029-03-06');
    expect(pc.state).toBe('perime');
  });

  it('works started (DOC) before the end of validity: the permit does not lapse (R424-17)', () => {
    const pc = granted().effect('WORKS_STARTED', '2027-01-10').tick('2035-01-01');
    expect(pc.state).toBe('accorde.travaux');
  });

  it('a permit is prorogued twice for one year each (R424-21)', () => {
    const pc = granted().effect('PROROGED', '2028-12-01');
    expect(pc.t.validityEnd).toBe('2030-03-05');
    pc.effect('PROROGED', '2029-12-01');
    expect(pc.t.validityEnd).toBe('2031-03-05');
    expect(pc.t.prorogationRequestLastDay).toBe('2031-01-05');
  });

  it('a DAACT may be contested within 3 months (R462-6), or 5 when récolement is mandatory (R462-7); then conformity is acquired', () => {
    const daact = new Sim('DAACT', '2027-06-30');
    expect(daact.t.conformityContestLastDay).toBe('2027-09-30');
    daact.tick('2027-10-01');
    expect(daact.state).toBe('conforme');
    expect(daact.ctx.conformity).toEqual({ on: '2027-10-01', contested: false, tacit: true });
    const recolement = new Sim('DAACT', '2027-06-30', { recolementObligatoire: true });
    expect(recolement.t.conformityContestLastDay).toBe('2027-11-30');
    expect(refused(() => new Sim('DAACT', '2027-06-30').send('CONTEST_CONFORMITY', '2027-10-01')).status).toBe(409);
    expect(recolement.send('CONTEST_CONFORMITY', '2027-10-01').state).toBe('contestee');
  });

  it('silence on a prorogation for two months grants it (R424-23)', () => {
    const pro = new Sim('prorogation', '2028-12-01').tick('2029-02-02');
    expect(pro.state).toBe('accorde');
    expect(pro.ctx.decision).toMatchObject({ tacit: true, label: 'prorogation tacite', article: 'R424-23' });
  });

  it('a modificatif of a PCMI is instructed within two months (the PCMI delay)', () => {
    const m = new Sim('modificatif', '2026-09-01', {}, { months: 2, article: 'R423-23 b' });
    expect(m.t.decisionDeadline).toBe('2026-11-01');
  });
});

describe('every refusal of the engine has its own code and a French reason, dates as dd/mm/yyyy', () => {
  const granted = () => new Sim('PC', '2026-01-15').decide('accord', '2026-03-02', '2026-03-05');
  const abfAgainst = () => new Sim('PC', '2026-01-15', ABORDS).send('CONSULT', '2026-01-20', { service: 'ABF' })
    .send('RECORD_OPINION', '2026-02-01', { consultation: 1, opinion: 'defavorable' });
  it.each<[string, () => unknown, number, string]>([
    ['a majoration after the first month (R423-18)', () => new Sim('PC', '2026-01-15').send('NOTIFY_MAJORATION', '2026-02-16', { majorations: ['R423-24 c'] }), 409, 'majoration_late'],
    ['a majoration no article provides (L423-1)', () => new Sim('PC', '2026-01-15').send('NOTIFY_MAJORATION', '2026-01-20', { majorations: ['L111-1'] }), 400, 'majoration_unknown'],
    ['a majoration of the wrong length', () => new Sim('PC', '2026-01-15').send('NOTIFY_MAJORATION', '2026-01-20', { majorations: [{ article: 'R423-24 c', months: 2 }] }), 400, 'majoration_months_wrong'],
    ['a majoration for another type', () => new Sim('DP', '2026-01-15').send('NOTIFY_MAJORATION', '2026-01-20', { majorations: ['R423-28 b'] }), 400, 'majoration_not_applicable'],
    ['a signature with nothing proposed', () => new Sim('PC', '2026-01-15').send('SIGN_DECISION', '2026-01-20'), 409, 'event_not_allowed_in_state'],
    ['pieces that were not asked for', () => new Sim('PC', '2026-01-15').send('REQUEST_PIECES', '2026-01-20', { pieces: ['PC2'] }).send('RECEIVE_PIECES', '2026-01-25', { pieces: ['PC9'] }), 400, 'pieces_not_missing'],
    ['pieces received before they were asked for', () => new Sim('PC', '2026-01-15').send('REQUEST_PIECES', '2026-01-20', { pieces: ['PC2'] }).send('RECEIVE_PIECES', '2026-01-19'), 400, 'pieces_received_before_request'],
    ['an opinion on no consultation', () => new Sim('PC', '2026-01-15').send('RECORD_OPINION', '2026-01-20', { consultation: 7, opinion: 'favorable' }), 400, 'consultation_unknown'],
    ['a second opinion', () => abfAgainst().send('RECORD_OPINION', '2026-02-02', { consultation: 1, opinion: 'favorable' }), 409, 'opinion_already_recorded'],
    ['an opinion before the consultation', () => new Sim('PC', '2026-01-15').send('CONSULT', '2026-01-20', { service: 'SDIS' }).send('RECORD_OPINION', '2026-01-19', { consultation: 1, opinion: 'favorable' }), 400, 'opinion_before_consultation'],
    ['a grant against the ABF\'s refused accord (L632-2 code du patrimoine)', () => abfAgainst().send('PROPOSE_DECISION', '2026-02-03', { decision: 'accord' }), 409, 'binding_opinion_refused'],
    ['a decision of another type', () => new Sim('PC', '2026-01-15').send('PROPOSE_DECISION', '2026-01-20', { decision: 'non_opposition' }), 400, 'decision_not_applicable'],
    ['a signature before the proposal', () => new Sim('PC', '2026-01-15').send('PROPOSE_DECISION', '2026-02-01', { decision: 'accord' }).send('SIGN_DECISION', '2026-01-31'), 400, 'signature_before_proposal'],
    ['a notification before the signature', () => new Sim('PC', '2026-01-15').send('PROPOSE_DECISION', '2026-02-01', { decision: 'accord' }).send('SIGN_DECISION', '2026-02-02').send('NOTIFY_DECISION', '2026-02-01'), 400, 'notification_before_signature'],
    ['a second display', () => granted().send('DISPLAY_ON_SITE', '2026-03-10').send('DISPLAY_ON_SITE', '2026-03-12'), 409, 'display_already_recorded'],
    ['a withdrawal after three months (L424-5)', () => granted().send('WITHDRAW', '2026-06-03'), 409, 'withdrawal_late'],
    // The tacit conformity comes first when due events are applied; the guard holds without them too.
    ['a contest of conformity after three months (R462-6)', () => advance('DAACT', new Sim('DAACT', '2027-06-30').snap, parseUserEvent('CONTEST_CONFORMITY', '2027-10-01', {})), 409, 'conformity_contest_late'],
  ])('%s', (_what, f, status, code) => {
    const e = refused(f);
    expect(e).toMatchObject({ status, code });
    expect(englishWords(e.message)).toEqual([]);
    expect(e.message).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(e.message).toMatch(/\.$/);
  });
});

describe('what a user reads of the rules', () => {
  it('no [unconfirmed] marker reaches a user: labels, silences, delays and state labels of every type (the transfert says "pratique administrative")', () => {
    for (const rule of Object.values(TYPE_RULES)) {
      expect(JSON.stringify({ label: rule.label, silence: rule.silence, baseDelay: rule.baseDelay, labels: rule.labels }), rule.type).not.toMatch(/unconfirmed/i);
    }
    expect(TYPE_RULES.transfert.silence).toEqual({ label: 'transfert tacite', article: 'pratique administrative (R424-1)' });
  });
});

describe('displays at the mairie: the avis de dépôt (R423-6) and the decision extract (R424-15)', () => {
  it('the avis de dépôt of a PC filed on 20 January is displayed at the mairie by 4 February (15 days, R423-6), and its day recorded', () => {
    const pc = new Sim('PC', '2026-01-20');
    expect(pc.t.filingNoticeLastDay).toBe('2026-02-04');
    pc.send('DISPLAY_FILING_NOTICE', '2026-01-22');
    expect(pc.ctx.filingNoticeDisplayedOn).toBe('2026-01-22');
    expect(refused(() => pc.send('DISPLAY_FILING_NOTICE', '2026-01-23'))).toMatchObject({ status: 409, code: 'filing_notice_already_recorded' });
  });

  it('a CU has no avis de dépôt to display', () => {
    expect(new Sim('CUa', '2026-01-20').t.filingNoticeLastDay).toBeNull();
  });

  it('a permit signed on 10 March: its extract is displayed at the mairie by 18 March (8 days, R424-15), for two months from its display', () => {
    const pc = new Sim('PC', '2026-01-20').decide('accord', '2026-03-10', '2026-03-12');
    expect(pc.t.decisionExtractLastDay).toBe('2026-03-18');
    expect(refused(() => pc.send('DISPLAY_DECISION_EXTRACT', '2026-03-09'))).toMatchObject({ status: 400, code: 'display_before_decision' });
    pc.send('DISPLAY_DECISION_EXTRACT', '2026-03-13');
    expect(pc.t.decisionExtractDisplayUntil).toBe('2026-05-13');
  });

  it('a tacit permit arisen on 21 April: its extract is due at the mairie by 29 April (R424-15)', () => {
    const pc = new Sim('PC', '2026-01-20').tick('2026-04-21');
    expect(pc.state).toBe('accorde.valide');
    expect(pc.t.decisionExtractLastDay).toBe('2026-04-29');
  });
});

describe('the content of a majoration (R423-42) and its warnings', () => {
  it('a majoration R423-24 c notified on 2 February records its reason, the new delay of 4 months from 15 January, the deadline and what silence will mean (R423-42)', () => {
    const pc = new Sim('PC', '2026-01-15', ABORDS).send('CONSULT', '2026-01-20', { service: 'ABF' })
      .send('NOTIFY_MAJORATION', '2026-02-02', { majorations: ['R423-24 c'] });
    expect(pc.ctx.majorationNotices).toEqual([{
      on: '2026-02-02', articles: ['R423-24 c'], reasons: ["site patrimonial remarquable ou abords des monuments historiques (accord de l'ABF)"],
      delayMonths: 4, delayRunsFrom: '2026-01-15', decisionDeadline: '2026-05-15',
      silence: 'À défaut de décision au terme du délai, le silence gardé vaudra permis tacite (R424-1 b).', warnings: [],
    }]);
  });

  it('a PC in a site classé: the majoration letter states that silence will be a refusal (R423-42, R424-2 a)', () => {
    const pc = new Sim('PC', '2026-01-15', { silenceMeansRefusal: [{ article: 'R424-2 a', reason: 'Site classé' }] })
      .send('NOTIFY_MAJORATION', '2026-02-02', { majorations: ['R423-24 a'] });
    expect(pc.ctx.majorationNotices![0]!.silence).toBe('À défaut de décision au terme du délai, le silence gardé vaudra refus tacite (R424-2 a).');
  });

  it('R423-24 c notified without an ABF consultation: recorded with a French warning (CE 24 Oct 2023 n°462511)', () => {
    const pc = new Sim('PC', '2026-01-15').send('NOTIFY_MAJORATION', '2026-02-02', { majorations: ['R423-24 c'] });
    const [w] = pc.ctx.majorationNotices![0]!.warnings;
    expect(w).toMatch(/sans consultation de l’Architecte des Bâtiments de France.*CE 24 oct\. 2023 n° 462511/);
    expect(englishWords(w!)).toEqual([]);
  });
});

describe('withdrawal and its contradictory procedure (L424-5; L121-1, L122-1 CRPA)', () => {
  it('a withdrawal on 20 April records the opening of the contradictory procedure on 1 April', () => {
    const pc = new Sim('PC', '2026-01-15').decide('accord', '2026-03-10').send('WITHDRAW', '2026-04-20', { motifs: 'Fraude', contradictoryOpenedOn: '2026-04-01' });
    expect(pc.state).toBe('retire');
    expect(pc.ctx).toMatchObject({ withdrawnOn: '2026-04-20', withdrawalContradictoryOn: '2026-04-01' });
  });

  it('a contradictory procedure opened after the withdrawal is refused (400 contradictory_after_withdrawal)', () => {
    const pc = new Sim('PC', '2026-01-15').decide('accord', '2026-03-10');
    expect(refused(() => pc.send('WITHDRAW', '2026-04-20', { contradictoryOpenedOn: '2026-04-21' }))).toMatchObject({ status: 400, code: 'contradictory_after_withdrawal' });
  });
});
