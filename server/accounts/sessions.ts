// Sessions by cookie, stored in the database (so several server processes share them), with a
// sliding expiry; CSRF protection for cookie-authenticated writes; rate-limited logins.
import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { AppError } from '../errors.ts';
import type { LoginLimiter } from '../ratelimit.ts';
import { verifyPassword } from './password.ts';
import type { SessionUser } from './roles.ts';

export const COOKIE = 'terrier_session';

export type SessionOptions = {
  /** Minutes of inactivity after which a session ends. */
  ttlMinutes: number;
};

export const DEFAULT_SESSION_OPTIONS: SessionOptions = { ttlMinutes: 8 * 60 };

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const token = () => crypto.randomBytes(32).toString('base64url');

export function readCookie(req: Request, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    // A cookie that is not valid percent-encoding (`terrier_session=%`) is no session, not an error.
    try { return decodeURIComponent(v.join('=')); } catch { return null; }
  }
  return null;
}

function setCookie(req: Request, res: Response, value: string, maxAgeSeconds: number): void {
  const attrs = [`${COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`];
  if (req.secure) attrs.push('Secure');
  res.append('Set-Cookie', attrs.join('; '));
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Puts the logged-in user on req.user; refuses cookie-authenticated writes without the CSRF token. */
export function sessionMiddleware(knex: Knex, opts: SessionOptions): RequestHandler {
  return async (req, _res, next) => {
    const raw = readCookie(req, COOKIE);
    if (!raw) return next();
    const { rows } = await knex.raw(`
      UPDATE sessions s SET last_seen_at = now(), expires_at = now() + make_interval(mins => ?)
      FROM users u
      WHERE s.token_hash = ? AND u.id = s.user_id AND s.expires_at > now() AND u.disabled_at IS NULL
      RETURNING u.id, u.login, u.name, u.role, u.communes, s.csrf_token`, [opts.ttlMinutes, sha256(raw)]);
    const r = rows[0];
    if (!r) return next(); // expired, logged out or disabled: the request is anonymous
    req.user = { id: Number(r.id), login: r.login, name: r.name, role: r.role, communes: r.communes ?? [], csrfToken: r.csrf_token };
    // SameSite=Lax already stops most cross-site posts; the token also covers same-site origins.
    if (UNSAFE.has(req.method) && req.path !== '/api/login') {
      const sent = req.get('x-csrf-token') ?? '';
      const ok = sent.length === r.csrf_token.length && crypto.timingSafeEqual(Buffer.from(sent), Buffer.from(r.csrf_token));
      if (!ok) return next(new AppError(403, 'csrf', 'missing or wrong X-CSRF-Token header (get it from GET /api/me)'));
    }
    next();
  };
}

// Verifying against a dummy hash when the login does not exist keeps both answers equally slow,
// so response times do not tell which logins exist.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export async function login(knex: Knex, req: Request, res: Response, opts: SessionOptions, limiter: LoginLimiter, login: string, password: string): Promise<SessionUser> {
  await limiter.attempt(req, res, login);
  const user = await knex('users').where({ login }).first();
  const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok || user.disabled_at) {
    throw new AppError(401, 'bad_credentials', user?.disabled_at && ok ? 'this account is disabled' : 'wrong login or password');
  }
  const t = token(), csrf = token();
  await knex.raw(`INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, now() + make_interval(mins => ?))`,
    [sha256(t), user.id, csrf, opts.ttlMinutes]);
  await limiter.succeeded(req, login);
  setCookie(req, res, t, opts.ttlMinutes * 60);
  return { id: Number(user.id), login: user.login, name: user.name, role: user.role, communes: user.communes ?? [], csrfToken: csrf };
}

export async function logout(knex: Knex, req: Request, res: Response): Promise<void> {
  const raw = readCookie(req, COOKIE);
  if (raw) await knex('sessions').where({ token_hash: sha256(raw) }).delete();
  setCookie(req, res, '', 0);
}

export async function purgeExpiredSessions(knex: Knex): Promise<number> {
  return knex('sessions').where('expires_at', '<', knex.fn.now()).delete();
}
