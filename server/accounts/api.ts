// The contract of the accounts' routes: the login body (validated through it) and the answers.
import { z } from 'zod';
import type { ApiRoute } from '../contract/route.ts';
import { ROLES } from './roles.ts';

export const LoginBody = z.object({
  login: z.string().min(1).max(200),
  password: z.string().min(1).max(1000),
});

/** The logged-in agent (the desk's type: client/desk/api.ts). */
export const User = z.object({ id: z.number().int(), login: z.string(), name: z.string().nullable(), role: z.enum(ROLES), communes: z.array(z.string()) });
export const Me = z.object({ user: User, csrfToken: z.string().describe('À renvoyer dans l’en-tête X-CSRF-Token de chaque écriture') });

export const ACCOUNT_API: ApiRoute[] = [
  { method: 'post', path: '/api/login', audience: ['public'], summary: 'Connexion d’un agent : pose le cookie de session', body: LoginBody, response: Me, errors: [400, 401, 403, 429] },
  { method: 'post', path: '/api/logout', audience: ['public'], summary: 'Déconnexion (204)', response: { mediaType: 'none', description: 'Session close' } },
  { method: 'get', path: '/api/me', audience: ['staff'], summary: 'L’agent connecté et son jeton CSRF', response: Me, errors: [401], example: { as: 'admin' } },
  {
    method: 'get', path: '/api/users', audience: ['admin'], summary: 'Les comptes (administrateur)',
    response: z.array(User.extend({ disabled: z.boolean(), createdAt: z.string() })), errors: [401, 403], example: { as: 'admin' },
  },
];
