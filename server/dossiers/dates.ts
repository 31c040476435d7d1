// Legal date arithmetic of the Code de l'urbanisme, on local calendar dates ('YYYY-MM-DD' strings,
// never JS Dates: a legal date must not move with the server's time zone).
//
// The convention (Code de l'urbanisme R423-19, R423-23, R424-1; CE 24 May 2024 n°472321):
// - Instruction delays are "délais non francs", counted "de quantième à quantième": a delay of N
//   months starting on day D ends on the same day number N months later, and THAT day is the last
//   day of the delay (a DP filed on 2 January must be answered by 2 February 23:59). So
//   lastDay = addMonths(start, N), not addMonths(start, N) − 1 day.
// - When the target month has no such day, the last day is the end of that month (31 January +
//   1 month = 28 February, or 29 in a leap year): openADS's utils::mois_date clamps the same way.
// - A delay is counted in one step from its start (31 January + 2 months = 31 March), never month by
//   month (which would give 28 March).
// - No extension when the last day is a Saturday, a Sunday or a public holiday (instruction delays).
// - The tacit decision arises at 0:00 on the day after the last day (R424-1; congrès des notaires
//   2024; CE 24 May 2024 n°472321): tacitOn = lastDay + 1 day.
// - Exception: the third-party appeal window (R600-2) is a litigation delay, "délai franc" (CE sect.
//   4 June 1954 Cne de Décines-Charpieu): neither its first day nor its last counts, so the last day
//   to appeal is the quantième of the day after the first day of display, 2 months later
//   (see appealLastDay), and, being a litigation delay, it runs to the next working day when it
//   ends on a Saturday, a Sunday or a public holiday (CE 15 Dec 2023 n°472836).

export type LegalDate = string; // 'YYYY-MM-DD'

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(d: LegalDate): [number, number, number] {
  const m = ISO.exec(d);
  if (!m) throw new Error(`not a date: ${d}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const fmt = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

/** Is this a real calendar date written YYYY-MM-DD (no 30 February, no 2026-1-5)? */
export function isLegalDate(s: unknown): s is LegalDate {
  if (typeof s !== 'string') return false;
  const m = ISO.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= 1900 && y <= 2999 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** N months later (or earlier when N < 0), same day number, clamped to the end of the target month. */
export function addMonths(date: LegalDate, months: number): LegalDate {
  if (!Number.isInteger(months)) throw new Error(`months must be an integer, got ${months}`);
  const [y, m, d] = parts(date);
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12), tm = (total % 12) + 1;
  return fmt(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

export const addYears = (date: LegalDate, years: number): LegalDate => addMonths(date, 12 * years);

export function addDays(date: LegalDate, days: number): LegalDate {
  const [y, m, d] = parts(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return fmt(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export const dayAfter = (date: LegalDate): LegalDate => addDays(date, 1);

/** The last day of a delay of N months starting on `start` (quantième à quantième, non franc). */
export const lastDayOf = (start: LegalDate, months: number): LegalDate => addMonths(start, months);

/** Easter Sunday of a year (Gregorian computus, Meeus/Jones/Butcher). */
export function easterSunday(y: number): LegalDate {
  const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return fmt(y, month, day);
}

/**
 * The public holidays of metropolitan France (code du travail L3133-1): eleven days, three of them
 * from Easter (Easter Monday, Ascension, Whit Monday). Computed on legal dates rather than taken
 * from a library whose JS Dates would move with the server's time zone. Alsace-Moselle's two
 * extra days (L3134-13) are not counted [our reading: the communes served are outside it].
 */
export function publicHolidays(y: number): LegalDate[] {
  const easter = easterSunday(y);
  return [`${y}-01-01`, addDays(easter, 1), `${y}-05-01`, `${y}-05-08`, addDays(easter, 39), addDays(easter, 50),
    `${y}-07-14`, `${y}-08-15`, `${y}-11-01`, `${y}-11-11`, `${y}-12-25`].sort();
}

export const isPublicHoliday = (date: LegalDate): boolean => publicHolidays(parts(date)[0]).includes(date);
export const isWorkingDay = (date: LegalDate): boolean => weekday(date) !== 0 && weekday(date) !== 6 && !isPublicHoliday(date);

/** The day itself if it is a working day, else the next working day (CPC art. 642 al. 2). */
export function nextWorkingDay(date: LegalDate): LegalDate {
  let d = date;
  while (!isWorkingDay(d)) d = dayAfter(d);
  return d;
}

/**
 * Last day to bring a third-party appeal when the display on the land began on `firstDay` (R600-2,
 * délai franc). A délai franc that ends on a Saturday, a Sunday or a public holiday runs to the next
 * working day (CPC art. 642; applied to R600-2 by CE 15 Dec 2023 n°472836).
 */
export const appealLastDay = (firstDay: LegalDate, months = 2): LegalDate => nextWorkingDay(addMonths(dayAfter(firstDay), months));


/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: LegalDate): number {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** Today's date where the commune is (default Europe/Paris), from an instant. */
export function localDate(instant: Date = new Date(), timeZone = 'Europe/Paris'): LegalDate {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** A legal date as a French reader writes it: '2026-01-31' → '31/01/2026'. */
export const frDate = (date: LegalDate): string => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
