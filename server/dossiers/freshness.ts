// What every read shows is the dossiers' legal state today: a tacit decision, a lapse or a deemed
// completeness that fell due since the scheduler last ran is applied before the read answers, each
// in its own transaction (scheduler.ts tick), so a back-dated filing never shows "Déposé" with
// actions offered once its tacit decision has arisen.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import type { LegalDate } from './dates.ts';
import { catchUp } from './engine.ts';
import { dueOf, lockDossier } from './repository.ts';
import { tick } from './scheduler.ts';

/**
 * Applies everything due up to today on all dossiers. Concurrent callers share one run; when nothing
 * is due it costs one indexed query.
 */
export function catchUpAll(knex: Knex, today: () => LegalDate): () => Promise<void> {
  let running: Promise<void> | null = null;
  return () => {
    running ??= tick(knex, today()).then(() => undefined).finally(() => { running = null; });
    return running;
  };
}

/** A middleware running catchUpAll before the GET and HEAD requests it is mounted on. */
export function catchUpBeforeReads(knex: Knex, today: () => LegalDate): RequestHandler {
  const run = catchUpAll(knex, today);
  return (req: Request, _res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    run().then(() => next(), next);
  };
}

/** Applies what fell due on one dossier up to today, in its own transaction. */
export async function catchUpDossier(knex: Knex, id: number, today: LegalDate): Promise<void> {
  if (!(await dueOf(knex, id, today)).length) return;
  await knex.transaction(async (trx) => {
    const row = await lockDossier(trx, id);
    if (row) await catchUp(trx, row, today);
  });
}
