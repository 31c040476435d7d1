// The dossiers' HTTP API (docs/api.md). Applicant data is personal: every route is staff-only and
// scoped to the user's communes (another commune's dossier is a 404).
import { Router } from 'express';
import type { Knex } from 'knex';
import { allow, assertCommune, type Role } from '../accounts/roles.ts';
import { availableActions } from './available.ts';
import { assertFilingDate } from './cerfa.ts';
import { architectNeed } from './architect.ts';
import type { CheckLimits } from '../config.ts';
import { AppError, notFound } from '../errors.ts';
import { localDate, type LegalDate } from './dates.ts';
import { fileDossier, postEvent, type EngineOptions } from './engine.ts';
import { catchUpBeforeReads, catchUpDossier } from './freshness.ts';
import { parseEventBody, parseFiling, type Applicant } from './input.ts';
import { listDossiers, parseListQuery } from './list.ts';
import { deskRoutes } from './desk.ts';
import { instructeurOf } from './assignment.ts';
import { clampToTerritories, type Bbox } from '../geometry/bbox.ts';
import { parseWith } from '../contract/parse.ts';
import { MapQuery } from './api.ts';
import { isServiceChar } from './numbering.ts';
import { allDue, childrenOf, dossiersInBbox, eluJournalOf, getDossier, getEluDossier, journalOf, parcelsOf } from './repository.ts';
import { dossierJson, eluDossierJson } from './view.ts';
import { stateLabel } from './rules.ts';
import { parsePublicationBody, setPublication } from '../publication/staff.ts';

const MAP_LIMIT = 5000;

/** The staff map's query: a bbox, nothing else (api.ts). */
export const parseMapQuery = (q: Record<string, unknown>): Bbox => parseWith(MapQuery, q).bbox;

export type DossierRouteOptions = {
  /** Today's legal date; tests fix it. Default: the date in Europe/Paris. */
  today?: () => LegalDate;
  /** The instructing service's character in the numbers (A423-3); default 'X'. */
  service?: string;
};

/** offer: the user's role and today, for the actions offered (available.ts). */
export async function loadDossierJson(knex: Knex, id: number, offer?: { role: Role; today: LegalDate }) {
  const row = await getDossier(knex, id);
  if (!row) return null;
  const [journal, children, due, parent, instructeur] = await Promise.all([
    journalOf(knex, id), childrenOf(knex, id), allDue(knex, id),
    row.parent_id === null ? null : getDossier(knex, row.parent_id), instructeurOf(knex, id),
  ]);
  // Who is in charge (assignment.ts): staff only, élus' projection has no such column.
  const json = { ...dossierJson(row, journal, children, due, parent ? { id: parent.id, number: parent.number } : null), instructeur };
  return offer ? { ...json, actions: availableActions(row, offer.role, offer.today), architectNeed: architectNeed(row.type, row.applicant as Applicant | null, row.works) } : json;
}

// Élus read the dossiers through their own projection (views elu_dossiers and elu_dossier_events,
// migration 013), never the table: a personal field added later cannot reach them by omission.
export async function loadEluDossierJson(knex: Knex, id: number) {
  const row = await getEluDossier(knex, id);
  if (!row) return null;
  const [journal, children, due, parent] = await Promise.all([
    eluJournalOf(knex, id), childrenOf(knex, id), allDue(knex, id),
    row.parent_id === null ? null : getEluDossier(knex, row.parent_id),
  ]);
  return eluDossierJson(row, journal, children, due, parent ? { id: parent.id, number: parent.number } : null);
}

const idParam = (raw: unknown): number => {
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,15}$/.test(raw)) throw notFound('dossier_unknown', 'Ce dossier n’existe pas.');
  return Number(raw);
};

export function dossierRoutes(knex: Knex, check: CheckLimits, opts: DossierRouteOptions = {}): Router {
  const service = opts.service ?? 'X';
  if (!isServiceChar(service)) throw new Error(`the instructing service's character must be one of A-Z or 0-9, got ${JSON.stringify(service)}`);
  const engine: EngineOptions = { today: opts.today ?? (() => localDate()), check, service };
  const r = Router();
  // Every read shows what fell due up to today (freshness.ts).
  r.use('/api/dossiers', catchUpBeforeReads(knex, engine.today));
  /** A dossier as it stands today, after a write: what fell due since the write's legal date is applied. */
  const freshJson = async (id: number, role: Role) => {
    await catchUpDossier(knex, id, engine.today());
    return loadDossierJson(knex, id, { role, today: engine.today() });
  };

  // Small communes' instructeurs register the files they receive themselves.
  r.post('/api/dossiers', allow('guichet', 'instructeur', 'admin'), async (req, res) => {
    const input = parseFiling(req.body);
    assertFilingDate(input.filedOn, engine.today(), input.imported);
    const row = await fileDossier(knex, engine, input, req.user!);
    res.status(201).location(`/api/dossiers/${row.id}`).json(await freshJson(row.id, req.user!.role));
  });

  r.get('/api/dossiers', allow('staff'), async (req, res) => {
    const user = req.user!;
    res.json(await listDossiers(knex, parseListQuery(req.query as Record<string, unknown>), {
      projection: user.role === 'elu' ? 'elu' : 'staff', communes: user.communes.length ? user.communes : null, userId: user.id, today: engine.today(),
    }));
  });

  // The staff map layer: no applicant, only what colours and labels a dossier (before /:id).
  r.get('/api/dossiers/map', allow('staff'), async (req, res) => {
    const user = req.user!;
    const bbox = clampToTerritories(parseMapQuery(req.query));
    const rows = bbox ? await dossiersInBbox(knex, bbox, user.communes.length ? user.communes : null, MAP_LIMIT + 1) : [];
    if (rows.length > MAP_LIMIT) throw new AppError(400, 'bbox_too_many_features', `Plus de ${MAP_LIMIT} dossiers dans cette emprise : zoomez.`);
    res.type('application/geo+json').json({
      type: 'FeatureCollection',
      features: rows.map((d) => ({ type: 'Feature', id: d.id, geometry: d.geometry,
        properties: { id: d.id, number: d.number, type: d.type, state: d.state, stateLabel: stateLabel(d.type, d.state) } })),
    });
  });

  r.get('/api/dossiers/:id', allow('staff'), async (req, res) => {
    const id = idParam(req.params.id);
    const row = await getDossier(knex, id);
    if (!row) throw notFound('dossier_unknown', 'Ce dossier n’existe pas.');
    assertCommune(req.user!, row.insee, 'dossier_unknown', 'Ce dossier n’existe pas.');
    res.json(req.user!.role === 'elu' ? await loadEluDossierJson(knex, id) : await loadDossierJson(knex, id, { role: req.user!.role, today: engine.today() }));
  });

  r.get('/api/dossiers/:id/parcels', allow('staff'), async (req, res) => {
    const id = idParam(req.params.id);
    const row = await getDossier(knex, id);
    if (!row) throw notFound('dossier_unknown', 'Ce dossier n’existe pas.');
    assertCommune(req.user!, row.insee, 'dossier_unknown', 'Ce dossier n’existe pas.');
    const parcels = await parcelsOf(knex, row.parcels);
    res.type('application/geo+json').json({
      type: 'FeatureCollection',
      features: parcels.map(({ geometry, ...properties }) => ({ type: 'Feature', id: properties.id, geometry, properties })),
    });
  });

  r.post('/api/dossiers/:id/events', allow('guichet', 'instructeur', 'signataire', 'admin'), async (req, res) => {
    const id = idParam(req.params.id);
    const row = await postEvent(knex, engine, id, parseEventBody(req.body), req.user!);
    res.json(await freshJson(row.id, req.user!.role));
  });

  // Who is in charge, the rules, notes and the full journal (desk.ts).
  r.use(deskRoutes(knex, engine.today, (id, role) => loadDossierJson(knex, id, { role, today: engine.today() })));

  // The short public description (server/publication): staff who instruct, journaled.
  r.patch('/api/dossiers/:id/publication', allow('instructeur', 'admin'), async (req, res) => {
    const id = idParam(req.params.id);
    await setPublication(knex, id, parsePublicationBody(req.body), req.user!, engine.today());
    res.json(await loadDossierJson(knex, id, { role: req.user!.role, today: engine.today() }));
  });

  return r;
}
