// Legal date arithmetic: délais non francs "de quantième à quantième", clamped to the end of the
// month, no weekend extension, tacit decision the next day (legal-rules §3.2, §3.7).
import { describe, expect, it } from 'vitest';
import {
  addDays, addMonths, addYears, appealLastDay, dayAfter, easterSunday, isLegalDate, lastDayOf, localDate, nextWorkingDay, publicHolidays, weekday,
} from './dates.ts';

describe('a delay in months runs from date to same date (quantième à quantième)', () => {
  it.each([
    ['2026-01-02', 1, '2026-02-02'],
    ['2026-03-15', 3, '2026-06-15'],
    ['2026-11-30', 2, '2027-01-30'],
    ['2026-12-31', 1, '2027-01-31'],
  ])('%s + %i month(s) is %s', (start, months, end) => {
    expect(addMonths(start, months)).toBe(end);
  });

  it('31 January + 1 month is 28 February in a common year (end-of-month clamping)', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
  });

  it('31 January + 1 month is 29 February in a leap year', () => {
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
  });

  it('31 March + 1 month is 30 April; 30 November + 3 months is 28 February', () => {
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });

  it('is counted in one step from its start: 31 January + 2 months is 31 March, not 28 March', () => {
    expect(addMonths('2026-01-31', 2)).toBe('2026-03-31');
    expect(addMonths(addMonths('2026-01-31', 1), 1)).toBe('2026-03-28'); // what month-by-month would wrongly give
  });

  it('counts backwards too (a prorogation is asked two months before the end of validity, R424-22)', () => {
    expect(addMonths('2029-04-30', -2)).toBe('2029-02-28');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
  });

  it('3 years from 29 February ends on 28 February (validity, R424-17)', () => {
    expect(addYears('2028-02-29', 3)).toBe('2031-02-28');
  });
});

describe('the last day of the delay and the tacit decision', () => {
  it('a DP filed on 2 January must be answered by 2 February; the tacit decision arises on 3 February (R424-1)', () => {
    const last = lastDayOf('2026-01-02', 1);
    expect(last).toBe('2026-02-02');
    expect(dayAfter(last)).toBe('2026-02-03');
  });

  it('no weekend extension: a last day falling on a Sunday stays on that Sunday', () => {
    const last = lastDayOf('2026-01-01', 2); // 1 March 2026 is a Sunday
    expect(weekday(last)).toBe(0);
    expect(last).toBe('2026-03-01');
    expect(dayAfter(last)).toBe('2026-03-02');
  });

  it('the day after 31 December is 1 January, and after 28 February 2028 comes the 29th', () => {
    expect(dayAfter('2026-12-31')).toBe('2027-01-01');
    expect(dayAfter('2028-02-28')).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('the third-party appeal window is a délai franc of 2 months from the first day of display (R600-2): displayed on 15 April 2026, last day 16 June', () => {
    expect(appealLastDay('2026-04-15')).toBe('2026-06-16');
  });

  it('an appeal window ending on Saturday 16 May 2026 runs to Monday 18 May (R600-2, CE 15 Dec 2023 n°472836)', () => {
    expect(appealLastDay('2026-03-15')).toBe('2026-05-18');
  });

  it('month end: displayed on 30 December 2025, the window ends on Saturday 28 February 2026 and runs to Monday 2 March', () => {
    expect(appealLastDay('2025-12-30')).toBe('2026-03-02');
  });

  it('an appeal window ending on a public holiday runs to the next working day: 14 July 2026 → 15 July; Whit Monday 25 May 2026 → 26 May', () => {
    expect(appealLastDay('2026-05-13')).toBe('2026-07-15');
    expect(appealLastDay('2026-03-24')).toBe('2026-05-26');
  });

  it('the French public holidays of 2026, Easter-based ones included (L3133-1 code du travail; Easter on 5 April)', () => {
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(publicHolidays(2026)).toEqual(['2026-01-01', '2026-04-06', '2026-05-01', '2026-05-08', '2026-05-14', '2026-05-25',
      '2026-07-14', '2026-08-15', '2026-11-01', '2026-11-11', '2026-12-25']);
    expect(nextWorkingDay('2026-05-14')).toBe('2026-05-15');
    expect(nextWorkingDay('2026-05-13')).toBe('2026-05-13');
  });
});

describe('legal dates are local calendar dates', () => {
  it('accepts only real dates written YYYY-MM-DD', () => {
    expect(isLegalDate('2026-02-28')).toBe(true);
    expect(isLegalDate('2028-02-29')).toBe(true);
    for (const bad of ['2026-02-29', '2026-02-30', '2026-13-01', '2026-1-5', '05/01/2026', '2026-01-05T00:00:00Z', 20260105, null]) {
      expect(isLegalDate(bad), String(bad)).toBe(false);
    }
  });

  it("today is the date in France, not in UTC: 31 December at 23:30 UTC is already 1 January in Paris", () => {
    expect(localDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(localDate(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(localDate(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });
});
