// The dossiers' HTTP API (docs/api.md). Applicant data is personal: every route is staff-only and
// scoped to the user's communes (another commune's dossier is a 404).
import { Router } from 'express';
import type { Knex } from 'knex';
import { allow, assertCommune } from '../accounts/roles.ts';
import type { CheckLimits } from '../config.ts';
import { notFound } from '../errors.ts';
import { localDate, type LegalDate } from './dates.ts';
import { fileDossier, postEvent, type EngineOptions } from './engine.ts';
import { parseEventBody, parseFiling, parseListQuery } from './input.ts';
import { isServiceChar } from './numbering.ts';
import { allDue, childrenOf, getDossier, journalOf, listDossiers } from './repository.ts';
import { dossierJson, listItemJson } from './view.ts';

export type DossierRouteOptions = {
  /** Today's legal date; tests fix it. Default: the date in Europe/Paris. */
  today?: () => LegalDate;
  /** The instructing service's character in the numbers (A423-3); default 'X'. */
  service?: string;
};

export async function loadDossierJson(knex: Knex, id: number) {
  const row = await getDossier(knex, id);
  if (!row) return null;
  const [journal, children, due, parent] = await Promise.all([
    journalOf(knex, id), childrenOf(knex, id), allDue(knex, id),
    row.parent_id === null ? null : getDossier(knex, row.parent_id),
  ]);
  return dossierJson(row, journal, children, due, parent ? { id: parent.id, number: parent.number } : null);
}

const idParam = (raw: unknown): number => {
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,15}$/.test(raw)) throw notFound('this dossier does not exist');
  return Number(raw);
};

export function dossierRoutes(knex: Knex, check: CheckLimits, opts: DossierRouteOptions = {}): Router {
  const service = opts.service ?? 'X';
  if (!isServiceChar(service)) throw new Error(`the instructing service's character must be one of A-Z or 0-9, got ${JSON.stringify(service)}`);
  const engine: EngineOptions = { today: opts.today ?? (() => localDate()), check, service };
  const r = Router();

  r.post('/api/dossiers', allow('guichet', 'admin'), async (req, res) => {
    const row = await fileDossier(knex, engine, parseFiling(req.body), req.user!);
    res.status(201).location(`/api/dossiers/${row.id}`).json(await loadDossierJson(knex, row.id));
  });

  r.get('/api/dossiers', allow('staff'), async (req, res) => {
    const q = parseListQuery(req.query as Record<string, unknown>);
    const user = req.user!;
    const rows = await listDossiers(knex, {
      ...q, communes: user.communes.length ? user.communes : null,
      overdue: q.overdue ? { today: engine.today() } : undefined, limit: q.limit + 1,
    });
    const items = rows.slice(0, q.limit);
    res.json({ items: items.map(listItemJson), next: rows.length > q.limit ? String(items[items.length - 1]!.id) : null });
  });

  r.get('/api/dossiers/:id', allow('staff'), async (req, res) => {
    const id = idParam(req.params.id);
    const row = await getDossier(knex, id);
    if (!row) throw notFound('this dossier does not exist');
    assertCommune(req.user!, row.insee, 'this dossier');
    res.json(await loadDossierJson(knex, id));
  });

  r.post('/api/dossiers/:id/events', allow('guichet', 'instructeur', 'signataire', 'admin'), async (req, res) => {
    const id = idParam(req.params.id);
    const row = await postEvent(knex, engine, id, parseEventBody(req.body), req.user!);
    res.json(await loadDossierJson(knex, row.id));
  });

  return r;
}
