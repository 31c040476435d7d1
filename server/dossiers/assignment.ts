// Who is in charge of a dossier: the instructeur given at filing by the commune's rule (else the
// instructeur who files it, else nobody until a chef assigns it), a child dossier (modificatif,
// DOC…) following its permit; reassigned by a chef de service or an admin, journaled as ASSIGN.
// Each change is one transaction; the dossier's version is checked like an event's.
import type { Knex } from 'knex';
import { assertCommune, type SessionUser } from '../accounts/roles.ts';
import { parseWith } from '../contract/parse.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { AssignBody, RuleBody } from './api.ts';
import type { LegalDate } from './dates.ts';
import { appendJournal, lockDossier } from './repository.ts';

/** The roles that may be put in charge of a dossier. */
const IN_CHARGE = ['instructeur', 'chef'];

export type Instructeur = { id: number; login: string; name: string | null; role: string; communes: string[] };

const toInstructeur = (r: any): Instructeur => ({ id: Number(r.id), login: r.login, name: r.name, role: r.role, communes: r.communes ?? [] });

/** The active accounts that may be in charge, those working for one of these communes (null: all). */
export async function listInstructeurs(knex: Knex | Knex.Transaction, communes: string[] | null): Promise<Instructeur[]> {
  const { rows } = await knex.raw(`
    SELECT id, login, name, role, communes FROM users
    WHERE role = ANY(?::text[]) AND disabled_at IS NULL
      AND (?::varchar[] IS NULL OR cardinality(communes) = 0 OR communes && ?::varchar[])
    ORDER BY coalesce(name, login), login`, [IN_CHARGE, communes, communes]);
  return rows.map(toInstructeur);
}

/** An account that may be in charge of a dossier of this commune, or a 400 saying why not. */
async function eligible(trx: Knex.Transaction, id: number, insee: string): Promise<Instructeur> {
  const { rows } = await trx.raw('SELECT id, login, name, role, communes, disabled_at FROM users WHERE id = ?', [id]);
  const u = rows[0];
  if (!u) throw badRequest('instructeur_unknown', `Aucun compte n° ${id}.`);
  if (!IN_CHARGE.includes(u.role)) throw badRequest('instructeur_not_eligible', `Le compte « ${u.login} » (${u.role}) ne peut pas être chargé d’un dossier : il faut un instructeur ou un chef de service.`);
  if (u.disabled_at) throw badRequest('instructeur_not_eligible', `Le compte « ${u.login} » est désactivé.`);
  if ((u.communes ?? []).length && !u.communes.includes(insee)) throw badRequest('instructeur_not_eligible', `Le compte « ${u.login} » ne travaille pas pour la commune ${insee}.`);
  return toInstructeur(u);
}

export type InCharge = { id: number; login: string; name: string | null };

/** Who is in charge of a dossier, or null. */
export async function instructeurOf(knex: Knex, dossierId: number): Promise<InCharge | null> {
  const { rows } = await knex.raw(`SELECT u.id, u.login, u.name FROM dossiers d JOIN users u ON u.id = d.instructeur_id WHERE d.id = ?`, [dossierId]);
  return rows[0] ? { id: Number(rows[0].id), login: rows[0].login, name: rows[0].name } : null;
}

/**
 * At filing, in the filing's transaction: the permit's instructeur for a child dossier, else the
 * commune's rule (if its account may still take it), else the instructeur who files; set on the
 * dossier without a version of its own (it is part of the filing, whose journal entry names it).
 */
export async function assignAtFiling(trx: Knex.Transaction, dossierId: number, insee: string, parentId: number | null, user: SessionUser): Promise<InCharge | null> {
  const { rows } = await trx.raw(`
    SELECT u.id, u.login, u.name FROM users u
    WHERE u.disabled_at IS NULL AND u.role = ANY(?::text[]) AND (cardinality(u.communes) = 0 OR ? = ANY(u.communes)) AND u.id = coalesce(
      (SELECT instructeur_id FROM dossiers WHERE id = ?),
      (SELECT instructeur_id FROM assignment_rules WHERE insee = ?),
      CASE WHEN ? = ANY(?::text[]) THEN ?::bigint END)`, [IN_CHARGE, insee, parentId, insee, user.role, IN_CHARGE, user.id]);
  const u = rows[0];
  if (!u) return null;
  await trx.raw('UPDATE dossiers SET instructeur_id = ? WHERE id = ?', [u.id, dossierId]);
  return { id: Number(u.id), login: u.login, name: u.name };
}

export type AssignInput = { instructeurId: number | null; version: number };


export const parseAssignBody = (body: unknown): AssignInput => parseWith(AssignBody, body);

/** Puts another instructeur (or nobody) in charge: one transaction, version checked, journaled as ASSIGN. */
export async function reassign(knex: Knex, id: number, input: AssignInput, user: SessionUser, today: LegalDate): Promise<void> {
  await knex.transaction(async (trx) => {
    const row = await lockDossier(trx, id);
    if (!row) throw notFound('dossier_unknown', 'Ce dossier n’existe pas.');
    assertCommune(user, row.insee, 'dossier_unknown', 'Ce dossier n’existe pas.');
    if (row.version !== input.version) throw conflict('version_stale', `Ce dossier a changé (version ${row.version}, vous avez envoyé la version ${input.version}) : rechargez-le.`, { version: row.version });
    const { rows } = await trx.raw('SELECT d.instructeur_id, u.login FROM dossiers d LEFT JOIN users u ON u.id = d.instructeur_id WHERE d.id = ?', [id]);
    const current = rows[0].instructeur_id === null ? null : Number(rows[0].instructeur_id);
    const next = input.instructeurId === null ? null : await eligible(trx, input.instructeurId, row.insee);
    if ((next?.id ?? null) === current) throw conflict('instructeur_unchanged', next ? `« ${next.login} » est déjà chargé de ce dossier.` : 'Personne n’est chargé de ce dossier.');
    await trx.raw('UPDATE dossiers SET instructeur_id = ?, version = version + 1, updated_at = now() WHERE id = ?', [next?.id ?? null, id]);
    const snap = { state: row.state, context: row.context };
    await appendJournal(trx, {
      dossierId: id, version: row.version + 1, event: 'ASSIGN', legalDate: today, actorId: user.id, actor: user.login, actorRole: user.role,
      payload: { instructeur: next?.login ?? null, before: rows[0].login ?? null }, before: snap, after: snap,
    });
  });
}

// --- the rules: one instructeur per commune ---------------------------------------------------------

export type AssignmentRule = { insee: string; commune: string | null; instructeur: InCharge; updatedBy: string; updatedAt: string };

export async function listRules(knex: Knex, communes: string[] | null): Promise<AssignmentRule[]> {
  const { rows } = await knex.raw(`
    SELECT r.insee, c.nom, u.id, u.login, u.name, r.updated_by, r.updated_at
    FROM assignment_rules r JOIN users u ON u.id = r.instructeur_id LEFT JOIN communes c ON c.insee = r.insee
    WHERE ?::varchar[] IS NULL OR r.insee = ANY(?::varchar[]) ORDER BY r.insee`, [communes, communes]);
  return rows.map((r: any) => ({ insee: r.insee, commune: r.nom ?? null, instructeur: { id: Number(r.id), login: r.login, name: r.name },
    updatedBy: r.updated_by, updatedAt: new Date(r.updated_at).toISOString() }));
}

export type RuleInput = { insee: string; instructeurId: number | null };

export const parseRuleBody = (body: unknown): RuleInput => parseWith(RuleBody, body);

/** Sets (or with null removes) a commune's rule; one transaction. */
export async function setRule(knex: Knex, input: RuleInput, user: SessionUser): Promise<void> {
  assertCommune(user, input.insee, 'commune_unknown', `La commune ${input.insee} n’existe pas.`);
  await knex.transaction(async (trx) => {
    const { rows } = await trx.raw('SELECT 1 FROM communes WHERE insee = ?', [input.insee]);
    if (!rows.length) throw notFound('commune_unknown', `La commune ${input.insee} n’existe pas.`);
    if (input.instructeurId === null) {
      await trx('assignment_rules').where({ insee: input.insee }).delete();
      return;
    }
    const u = await eligible(trx, input.instructeurId, input.insee);
    await trx.raw(`INSERT INTO assignment_rules (insee, instructeur_id, updated_by) VALUES (?, ?, ?)
      ON CONFLICT (insee) DO UPDATE SET instructeur_id = EXCLUDED.instructeur_id, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [input.insee, u.id, user.login]);
  });
}
