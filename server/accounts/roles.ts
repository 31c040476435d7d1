// Who may call a route. Every route declares it with allow(…) as its first handler; the role ×
// route test reads these declarations back from the router, so a route without one fails the test.
import type { RequestHandler } from 'express';
import { AppError } from '../errors.ts';

// chef: the chef de service, who reads every dossier of the service and says who is in charge of each.
export const ROLES = ['guichet', 'instructeur', 'chef', 'signataire', 'elu', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** 'public': anyone, no account; 'staff': any logged-in account; or the roles listed. */
export type Audience = 'public' | 'staff' | Role;

export type SessionUser = { id: number; login: string; name: string | null; role: Role; communes: string[]; csrfToken: string };

declare module 'express-serve-static-core' {
  interface Request { user?: SessionUser }
}

export type Guard = RequestHandler & { audience: readonly Audience[] };

export function allow(...audience: Audience[]): Guard {
  const guard: RequestHandler = (req, _res, next) => {
    if (audience.includes('public')) return next();
    if (!req.user) return next(new AppError(401, 'unauthenticated', 'Connectez-vous d’abord.'));
    if (audience.includes('staff') || audience.includes(req.user.role)) return next();
    next(new AppError(403, 'forbidden', `Votre rôle (${req.user.role}) ne permet pas cette action.`));
  };
  return Object.assign(guard, { audience });
}

export function isGuard(fn: unknown): fn is Guard {
  return typeof fn === 'function' && Array.isArray((fn as Guard).audience);
}

/**
 * May this user see or act on this commune's data? An account scoped to other communes gets a 404,
 * so as not to reveal that the object exists.
 */
export function assertCommune(user: SessionUser, insee: string, code = 'not_found', message = 'Cet objet n’existe pas.'): void {
  if (user.communes.length && !user.communes.includes(insee)) throw new AppError(404, code, message);
}
