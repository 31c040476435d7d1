// Legal dates on the client: YYYY-MM-DD local calendar days, never Date objects in UTC (a date made
// at 00:30 in Paris is still the previous day in UTC). Pure: no DOM.

const LEGAL = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Today's legal date on this computer's calendar. */
export function todayLocal(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** Day number since the epoch of a legal date (UTC arithmetic on a calendar day: no DST shift). */
function dayNumber(d: string): number {
  const m = LEGAL.exec(d);
  if (!m) throw new Error(`not a legal date: ${d}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
}

/** Days from a to b (positive when b is later). */
export const daysBetween = (a: string, b: string) => dayNumber(b) - dayNumber(a);

export function addDays(d: string, n: number): string {
  return new Date((dayNumber(d) + n) * 86_400_000).toISOString().slice(0, 10);
}

/** "15/04/2026", the way French forms write dates. */
export function frDate(d: string | null | undefined): string {
  const m = d ? LEGAL.exec(d) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '—';
}

export type Countdown = { text: string; overdue: boolean; days: number };

/**
 * Days left until a last day, as the desk shows them: "J-12", "dernier jour" (J-0), or past it
 * "en retard de 3 j".
 */
export function countdown(lastDay: string, today: string): Countdown {
  const days = daysBetween(today, lastDay);
  if (days > 0) return { text: `J-${days}`, overdue: false, days };
  if (days === 0) return { text: 'dernier jour', overdue: false, days };
  return { text: `en retard de ${-days} j`, overdue: true, days };
}

/**
 * A due event happens on its day (a tacit decision "the day after" the last day, R424-1): the last
 * day to act is the day before.
 */
export const lastDayBefore = (dueOn: string) => addDays(dueOn, -1);
