// Accounts: created, listed, disabled and re-passworded by an admin (CLI or API). Every change is
// one statement or one transaction; a password or its hash is never returned.
import type { Knex } from 'knex';
import { badRequest, notFound } from '../errors.ts';
import { INSEE } from '../communes/codes.ts';
import { hashPassword, passwordProblem } from './password.ts';
import { ROLES, type Role } from './roles.ts';

export type User = { id: number; login: string; name: string | null; role: Role; communes: string[]; disabled: boolean; createdAt: string };

const PUBLIC_COLUMNS = ['id', 'login', 'name', 'role', 'communes', 'disabled_at', 'created_at'];

function toUser(r: any): User {
  return { id: Number(r.id), login: r.login, name: r.name, role: r.role, communes: r.communes ?? [], disabled: r.disabled_at !== null, createdAt: new Date(r.created_at).toISOString() };
}

export function normaliseLogin(login: string): string {
  const l = login.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]{1,62}$/.test(l)) throw badRequest('login_malformed', `Identifiant invalide : « ${login} ». Il faut de 2 à 63 lettres, chiffres, points, tirets ou soulignés.`);
  return l;
}

export function parseRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) throw badRequest('role_unknown', `Rôle inconnu : « ${role} ». Rôles admis : ${ROLES.join(', ')}.`);
  return role as Role;
}

export function parseCommunes(communes: string[]): string[] {
  const bad = communes.filter((c) => !INSEE.test(c));
  if (bad.length) throw badRequest('insee_malformed', `Code INSEE invalide : ${bad.join(', ')}.`);
  return [...new Set(communes)].sort();
}

export async function createUser(knex: Knex, u: { login: string; role: string; password: string; name?: string | null; communes?: string[] }): Promise<User> {
  const problem = passwordProblem(u.password);
  if (problem) throw badRequest(problem.code, problem.message);
  const row = {
    login: normaliseLogin(u.login), role: parseRole(u.role), name: u.name ?? null,
    communes: parseCommunes(u.communes ?? []), password_hash: await hashPassword(u.password),
  };
  const [created] = await knex('users').insert(row).returning(PUBLIC_COLUMNS);
  return toUser(created);
}

export async function listUsers(knex: Knex): Promise<User[]> {
  return (await knex('users').select(PUBLIC_COLUMNS).orderBy('login')).map(toUser);
}

export async function disableUser(knex: Knex, login: string): Promise<void> {
  await knex.transaction(async (trx) => {
    const n = await trx('users').where({ login: normaliseLogin(login) }).whereNull('disabled_at').update({ disabled_at: trx.fn.now() });
    if (!n) throw notFound('account_unknown', `Aucun compte actif « ${login} ».`);
    await trx('sessions').whereIn('user_id', trx('users').select('id').where({ login: normaliseLogin(login) })).delete();
  });
}

/** Sets a new password and closes the account's open sessions. */
export async function resetPassword(knex: Knex, login: string, password: string): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw badRequest(problem.code, problem.message);
  const hash = await hashPassword(password);
  await knex.transaction(async (trx) => {
    const n = await trx('users').where({ login: normaliseLogin(login) }).update({ password_hash: hash, password_changed_at: trx.fn.now() });
    if (!n) throw notFound('account_unknown', `Aucun compte « ${login} ».`);
    await trx('sessions').whereIn('user_id', trx('users').select('id').where({ login: normaliseLogin(login) })).delete();
  });
}
