// Applies the due tacit events (deemed completeness, tacit opinions and decisions, lapses…) whose
// day has come, oldest first, each in its own transaction. Idempotent: a row applied or replaced
// in the meantime is skipped, so running it twice, or after days of downtime, is safe and catches
// up in legal order. Runs in-process (startScheduler) and from `npm run tick`.
import type { Knex } from 'knex';
import { applyDue } from './engine.ts';
import { localDate, type LegalDate } from './dates.ts';
import { dueUntil, type DueRow } from './repository.ts';

export type TickReport = { today: LegalDate; applied: number; skipped: number; failed: { dossierId: number; event: string; dueOn: string; error: string }[] };

export async function tick(knex: Knex, today: LegalDate, log: (msg: string) => void = () => {}): Promise<TickReport> {
  const report: TickReport = { today, applied: 0, skipped: 0, failed: [] };
  const failed = new Set<string>();
  const keyOf = (d: DueRow) => `${d.dossier_id}/${d.key}/${d.due_on}`;
  for (;;) {
    // Applying a row can make new rows due (a tacit permit's own dates), so read again until none is left.
    const batch = (await dueUntil(knex, today, 100 + failed.size)).filter((d) => !failed.has(keyOf(d)));
    if (!batch.length) return report;
    for (const d of batch) {
      try {
        if (await applyDue(knex, d)) report.applied++;
        else report.skipped++;
      } catch (err) {
        failed.add(keyOf(d));
        const error = err instanceof Error ? err.message : String(err);
        report.failed.push({ dossierId: d.dossier_id, event: d.event, dueOn: d.due_on, error });
        log(`dossier ${d.dossier_id}: ${d.event} due on ${d.due_on} failed: ${error}`);
      }
    }
  }
}

/**
 * Runs tick() now and then every `everyMs` (default hourly: a new legal day is caught within the
 * hour; each run applies only what is due, so running often costs nothing). Runs never overlap.
 * The timer does not keep the process alive. To wire in server/main.ts after migrate():
 * `startScheduler(db.knex)`.
 */
export function startScheduler(knex: Knex, opts: { today?: () => LegalDate; everyMs?: number; log?: (msg: string) => void } = {}):
  { stop: () => void; idle: () => Promise<void> } {
  const today = opts.today ?? (() => localDate());
  const log = opts.log ?? ((m) => console.error(`scheduler: ${m}`));
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(async () => {
      const r = await tick(knex, today(), log);
      if (r.applied) log(`${r.applied} due event(s) applied up to ${r.today}`);
    }).catch((err) => log(String(err)));
  };
  run();
  const timer = setInterval(run, opts.everyMs ?? 60 * 60 * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer), idle: () => running };
}
