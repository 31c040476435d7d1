// A dossier's full journal as the desk reads it: each entry's event, its legal date (the day the act
// counts from) and its date of entry (when it was recorded), who recorded it (login, name, role) and
// the change of state. Élus get the same entries from their projection (elu_dossier_events): no login,
// no name, no payload.
import type { Knex } from 'knex';
import type { DossierType } from './rules.ts';
import { stateLabel } from './rules.ts';

export type JournalItem = {
  version: number; event: string; on: string; recordedAt: string;
  actor?: string; actorName?: string | null; role: string; payload?: Record<string, unknown>;
  from: string | null; fromLabel: string | null; to: string; toLabel: string;
};

const labels = (type: DossierType, from: string | null, to: string) =>
  ({ from, fromLabel: from === null ? null : stateLabel(type, from), to, toLabel: stateLabel(type, to) });

export async function staffJournal(knex: Knex, dossierId: number, type: DossierType): Promise<JournalItem[]> {
  const { rows } = await knex.raw(`
    SELECT e.version, e.event, e.legal_date, e.recorded_at, e.actor, e.actor_role, e.payload,
           e.before ->> 'state' AS from_state, e.after ->> 'state' AS to_state, u.name
    FROM dossier_events e LEFT JOIN users u ON u.id = e.actor_id
    WHERE e.dossier_id = ? ORDER BY e.version`, [dossierId]);
  return rows.map((r: any) => ({
    version: r.version, event: r.event, on: r.legal_date, recordedAt: new Date(r.recorded_at).toISOString(),
    actor: r.actor, actorName: r.actor === 'system' ? null : r.name ?? null, role: r.actor_role, payload: r.payload,
    ...labels(type, r.from_state, r.to_state),
  }));
}

export async function eluJournal(knex: Knex, dossierId: number, type: DossierType): Promise<JournalItem[]> {
  const { rows } = await knex.raw(`SELECT version, event, legal_date, recorded_at, actor_role, from_state, to_state
    FROM elu_dossier_events WHERE dossier_id = ? ORDER BY version`, [dossierId]);
  return rows.map((r: any) => ({
    version: r.version, event: r.event, on: r.legal_date, recordedAt: new Date(r.recorded_at).toISOString(), role: r.actor_role,
    ...labels(type, r.from_state, r.to_state),
  }));
}
