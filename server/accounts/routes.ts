import { Router } from 'express';
import type { Knex } from 'knex';
import { parseWith } from '../contract/parse.ts';
import { LoginBody } from './api.ts';
import { allow, type SessionUser } from './roles.ts';
import { login, logout, type SessionOptions } from './sessions.ts';
import type { LoginLimiter } from '../ratelimit.ts';
import { listUsers } from './users.ts';

const me = (u: SessionUser) => ({
  user: { id: u.id, login: u.login, name: u.name, role: u.role, communes: u.communes },
  csrfToken: u.csrfToken,
});

export function accountRoutes(knex: Knex, opts: SessionOptions, limiter: LoginLimiter): Router {
  const r = Router();
  r.post('/api/login', allow('public'), async (req, res) => {
    // Logins are keys of the in-memory rate limiter: a megabyte-long one must not reach it (LoginBody's maxima).
    const { login: l, password } = parseWith(LoginBody, req.body ?? {}, (issue) => (issue.code === 'too_big'
      ? ['credentials_too_long', 'Identifiant ou mot de passe trop long.']
      : ['credentials_missing', 'Saisissez votre identifiant et votre mot de passe.']));
    res.json(me(await login(knex, req, res, opts, limiter, l.trim().toLowerCase(), password)));
  });
  r.post('/api/logout', allow('public'), async (req, res) => {
    await logout(knex, req, res);
    res.status(204).end();
  });
  r.get('/api/me', allow('staff'), (req, res) => { res.json(me(req.user!)); });
  r.get('/api/users', allow('admin'), async (_req, res) => { res.json(await listUsers(knex)); });
  return r;
}
