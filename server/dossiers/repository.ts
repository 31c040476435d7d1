// The dossiers' SQL: rows in, rows out. No rule of law here (engine.ts and machine.ts hold them).
import type { Knex } from 'knex';
import { segment } from '../geometry/bbox.ts';
import type { Ctx } from './context.ts';
import type { Due } from './machine.ts';
import type { DossierType } from './rules.ts';

export type DossierRow = {
  id: number;
  number: string;
  type: DossierType;
  parent_id: number | null;
  insee: string;
  parcels: string[];
  filed_on: string;
  applicant: Record<string, unknown>;
  applicant_name: string;
  works: Record<string, unknown>;
  constraints: Record<string, unknown> | null;
  receipt: Record<string, unknown>;
  state: string;
  context: Ctx;
  decision_deadline: string | null;
  /** The short public description, set by staff (PATCH /api/dossiers/:id/publication). */
  objet_affiche: string | null;
  version: number;
  created_at: string;
  updated_at: string;
};

export type JournalRow = {
  version: number; event: string; legal_date: string; actor: string; actor_role: string; payload: Record<string, unknown>;
  before: { state: string; context: Ctx } | null; after: { state: string; context: Ctx }; recorded_at: string;
};

const COLUMNS = `id, number, type, parent_id, insee, parcels, filed_on, applicant, applicant_name, works, constraints, receipt,
  state, context, decision_deadline, objet_affiche, version, created_at, updated_at`;

const norm = (r: any): DossierRow => ({ ...r, id: Number(r.id), parent_id: r.parent_id === null ? null : Number(r.parent_id) });

export type NewDossier = Omit<DossierRow, 'id' | 'version' | 'created_at' | 'updated_at' | 'objet_affiche'>;

/** Sets the public description; false when the version is no longer the one read. */
export async function saveObjetAffiche(trx: Knex.Transaction, id: number, expectedVersion: number, objet: string | null): Promise<boolean> {
  const n = await trx.raw('UPDATE dossiers SET objet_affiche = ?, version = version + 1, updated_at = now() WHERE id = ? AND version = ?', [objet, id, expectedVersion]);
  return (n.rowCount ?? n.affectedRows ?? 0) === 1;
}

export async function insertDossier(trx: Knex.Transaction, d: NewDossier): Promise<DossierRow> {
  const { rows } = await trx.raw(`
    INSERT INTO dossiers (number, number_compact, type, parent_id, insee, parcels, filed_on, applicant, applicant_name, works,
      constraints, receipt, state, context, decision_deadline)
    VALUES (?, ?, ?, ?, ?, ?::varchar[], ?, ?::jsonb, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?::jsonb, ?)
    RETURNING ${COLUMNS}`, [d.number, d.number.replace(/\s+/g, ''), d.type, d.parent_id, d.insee, d.parcels, d.filed_on,
    JSON.stringify(d.applicant), d.applicant_name, JSON.stringify(d.works), d.constraints === null ? null : JSON.stringify(d.constraints),
    JSON.stringify(d.receipt), d.state, JSON.stringify(d.context), d.decision_deadline]);
  return norm(rows[0]);
}

export async function getDossier(knex: Knex, id: number): Promise<DossierRow | null> {
  const { rows } = await knex.raw(`SELECT ${COLUMNS} FROM dossiers WHERE id = ?`, [id]);
  return rows[0] ? norm(rows[0]) : null;
}

/** The dossier, locked until the end of the transaction: events on one dossier are applied one at a time. */
export async function lockDossier(trx: Knex.Transaction, id: number): Promise<DossierRow | null> {
  const { rows } = await trx.raw(`SELECT ${COLUMNS} FROM dossiers WHERE id = ? FOR UPDATE`, [id]);
  return rows[0] ? norm(rows[0]) : null;
}

/** Saves a new state if the version is still the one read; false when someone else changed it first. */
export async function saveDossier(trx: Knex.Transaction, id: number, expectedVersion: number,
  s: { state: string; context: Ctx; decision_deadline: string | null; applicant?: Record<string, unknown>; applicant_name?: string }): Promise<boolean> {
  const sets = ['state = ?', 'context = ?::jsonb', 'decision_deadline = ?', 'version = version + 1', 'updated_at = now()'];
  const values: Knex.Value[] = [s.state, JSON.stringify(s.context), s.decision_deadline];
  if (s.applicant) { sets.push('applicant = ?::jsonb', 'applicant_name = ?'); values.push(JSON.stringify(s.applicant), s.applicant_name ?? null); }
  const n = await trx.raw(`UPDATE dossiers SET ${sets.join(', ')} WHERE id = ? AND version = ?`, [...values, id, expectedVersion]);
  return (n.rowCount ?? n.affectedRows ?? 0) === 1;
}

export async function appendJournal(trx: Knex.Transaction, e: {
  dossierId: number; version: number; event: string; legalDate: string; actorId: number | null; actor: string; actorRole: string;
  payload: Record<string, unknown>; before: { state: string; context: Ctx } | null; after: { state: string; context: Ctx };
}): Promise<void> {
  await trx.raw(`
    INSERT INTO dossier_events (dossier_id, version, event, legal_date, actor_id, actor, actor_role, payload, before, after)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb)`,
  [e.dossierId, e.version, e.event, e.legalDate, e.actorId, e.actor, e.actorRole, JSON.stringify(e.payload),
    e.before === null ? null : JSON.stringify(e.before), JSON.stringify(e.after)]);
}

/** Rewrites the dossier's due events from its new snapshot. */
export async function replaceDue(trx: Knex.Transaction, dossierId: number, due: Due[]): Promise<void> {
  await trx.raw('DELETE FROM dossier_due WHERE dossier_id = ?', [dossierId]);
  if (!due.length) return;
  await trx('dossier_due').insert(due.map((d) => ({
    dossier_id: dossierId, key: d.key, event: d.event, due_on: d.on, rank: d.rank, payload: JSON.stringify(d.payload),
  })));
}

export type DueRow = { dossier_id: number; key: string; event: string; due_on: string; rank: number; payload: Record<string, unknown> };

const normDue = (r: any): DueRow => ({ ...r, dossier_id: Number(r.dossier_id) });

/** Due events of one dossier up to a day, in the order they fall due. */
export async function dueOf(trx: Knex | Knex.Transaction, dossierId: number, until: string): Promise<DueRow[]> {
  const { rows } = await trx.raw(`SELECT * FROM dossier_due WHERE dossier_id = ? AND due_on <= ? ORDER BY due_on, rank, key`, [dossierId, until]);
  return rows.map(normDue);
}

/** The next due events across dossiers, oldest first. */
export async function dueUntil(knex: Knex, until: string, limit: number): Promise<DueRow[]> {
  const { rows } = await knex.raw(`SELECT * FROM dossier_due WHERE due_on <= ? ORDER BY due_on, rank, dossier_id, key LIMIT ?`, [until, limit]);
  return rows.map(normDue);
}

export async function allDue(knex: Knex, dossierId: number): Promise<DueRow[]> {
  const { rows } = await knex.raw('SELECT * FROM dossier_due WHERE dossier_id = ? ORDER BY due_on, rank, key', [dossierId]);
  return rows.map(normDue);
}

export async function journalOf(knex: Knex, dossierId: number): Promise<JournalRow[]> {
  const { rows } = await knex.raw(`
    SELECT version, event, legal_date, actor, actor_role, payload, before, after, recorded_at
    FROM dossier_events WHERE dossier_id = ? ORDER BY version`, [dossierId]);
  return rows;
}

export async function childrenOf(knex: Knex, parentId: number): Promise<Pick<DossierRow, 'id' | 'number' | 'type' | 'state' | 'filed_on'>[]> {
  const { rows } = await knex.raw('SELECT id, number, type, state, filed_on FROM dossiers WHERE parent_id = ? ORDER BY id', [parentId]);
  return rows.map((r: any) => ({ ...r, id: Number(r.id) }));
}

// --- the élus' projection (views elu_dossiers and elu_dossier_events, migration 013) -------------

export type EluRow = Pick<DossierRow, 'id' | 'number' | 'type' | 'parent_id' | 'insee' | 'parcels' | 'filed_on' | 'state' | 'context'
  | 'decision_deadline' | 'objet_affiche' | 'version' | 'created_at' | 'updated_at'> & {
  applicant_kind: string; denomination: string | null; siren: string | null; nature_travaux: string | null;
  surface_plancher_creee: number | null; nb_logements: number | null; destination: string | null; constraints: Record<string, unknown> | null;
};
export type EluJournalRow = { version: number; event: string; legal_date: string; actor_role: string; from_state: string | null; to_state: string; recorded_at: string };

export async function getEluDossier(knex: Knex, id: number): Promise<EluRow | null> {
  const { rows } = await knex.raw('SELECT * FROM elu_dossiers WHERE id = ?', [id]);
  return rows[0] ? { ...rows[0], id: Number(rows[0].id), parent_id: rows[0].parent_id === null ? null : Number(rows[0].parent_id) } : null;
}

export async function eluJournalOf(knex: Knex, dossierId: number): Promise<EluJournalRow[]> {
  const { rows } = await knex.raw(`SELECT version, event, legal_date, actor_role, from_state, to_state, recorded_at
    FROM elu_dossier_events WHERE dossier_id = ? ORDER BY version`, [dossierId]);
  return rows;
}

/**
 * The dossiers (not those filed on a permit: they share its parcels) whose parcels meet a WGS84
 * bbox, each as the union of its parcels in WGS84, with its number, type and state only.
 */
export async function dossiersInBbox(knex: Knex, bbox: [number, number, number, number], communes: string[] | null, limit: number)
  : Promise<{ id: number; number: string; type: DossierType; state: string; geometry: unknown }[]> {
  const { rows } = await knex.raw(`
    WITH env AS (SELECT ST_Transform(ST_Segmentize(ST_MakeEnvelope(?, ?, ?, ?, 4326), ?), 2154) AS g),
    -- The parcels in the bbox (GiST), then the dossiers naming one of them (GIN on dossiers.parcels).
    inbox AS (SELECT coalesce(array_agg(p.id), '{}') AS ids FROM cadastre_parcelles p, env WHERE p.geom && env.g),
    hit AS (
      SELECT d.id FROM elu_dossiers d, inbox
      WHERE d.parcels && inbox.ids AND d.parent_id IS NULL AND (?::varchar[] IS NULL OR d.insee = ANY(?::varchar[]))
    )
    SELECT d.id, d.number, d.type, d.state, ST_AsGeoJSON(ST_Transform(ST_Multi(ST_Union(p.geom)), 4326), 7)::json AS geometry
    FROM hit JOIN elu_dossiers d ON d.id = hit.id JOIN cadastre_parcelles p ON p.id = ANY(d.parcels)
    GROUP BY d.id, d.number, d.type, d.state ORDER BY d.id LIMIT ?`, [...bbox, segment(bbox), communes, communes, limit]);
  return rows.map((r: any) => ({ ...r, id: Number(r.id) }));
}

/** A dossier's parcels in WGS84, for its page's map. */
export async function parcelsOf(knex: Knex, ids: string[]): Promise<{ id: string; section: string; numero: string; contenance: number | null; geometry: unknown }[]> {
  const { rows } = await knex.raw(`
    SELECT id, section, numero, contenance, ST_AsGeoJSON(ST_Transform(geom, 4326), 7)::json AS geometry
    FROM cadastre_parcelles WHERE id = ANY(?::varchar[]) ORDER BY id`, [ids]);
  return rows;
}

