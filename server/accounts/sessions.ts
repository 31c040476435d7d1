// Sessions by cookie, stored in the database (so several server processes share them), with a
// sliding expiry; CSRF protection for cookie-authenticated writes; rate-limited logins.
import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { AppError } from '../errors.ts';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './password.ts';
import type { LoginLimiter } from '../ratelimit.ts';
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

/** Sets the session cookie, replacing any set earlier in this answer (a renewal then a logout). */
function setCookie(req: Request, res: Response, value: string, maxAgeSeconds: number): void {
  const attrs = [`${COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`];
  if (req.secure) attrs.push('Secure');
  const previous = res.getHeader('Set-Cookie');
  const others = (Array.isArray(previous) ? previous : previous === undefined ? [] : [String(previous)])
    .filter((c) => !c.startsWith(`${COOKIE}=`));
  res.setHeader('Set-Cookie', [...others, attrs.join('; ')]);
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Puts the logged-in user on req.user; refuses cookie-authenticated writes without the CSRF token. */
export function sessionMiddleware(knex: Knex, opts: SessionOptions): RequestHandler {
  // Made now rather than by the first unknown login, which would otherwise take twice as long.
  dummyHash().catch(() => {});
  return async (req, res, next) => {
    const raw = readCookie(req, COOKIE);
    if (!raw) return next();
    const { rows } = await knex.raw(`
      UPDATE sessions s SET last_seen_at = now(), expires_at = now() + make_interval(mins => ?)
      FROM users u
      WHERE s.token_hash = ? AND u.id = s.user_id AND s.expires_at > now() AND u.disabled_at IS NULL
      RETURNING u.id, u.login, u.name, u.role, u.communes, s.csrf_token`, [opts.ttlMinutes, sha256(raw)]);
    const r = rows[0];
    if (!r) { // expired, logged out or disabled: the request is anonymous, and the stale cookie goes
      setCookie(req, res, '', 0);
      return next();
    }
    // The cookie's lifetime slides with the session's, or the browser would drop it at the end of
    // the first TTL while the session is still alive in the database.
    setCookie(req, res, raw, opts.ttlMinutes * 60);
    req.user = { id: Number(r.id), login: r.login, name: r.name, role: r.role, communes: r.communes ?? [], csrfToken: r.csrf_token };
    // SameSite=Lax already stops most cross-site posts; the token also covers same-site origins.
    if (UNSAFE.has(req.method) && req.path !== '/api/login') {
      const sent = req.get('x-csrf-token') ?? '';
      const ok = sent.length === r.csrf_token.length && crypto.timingSafeEqual(Buffer.from(sent), Buffer.from(r.csrf_token));
      if (!ok) return next(new AppError(403, 'csrf', 'En-tête X-CSRF-Token absent ou erroné : rechargez la page (le jeton est donné par GET /api/me).'));
    }
    next();
  };
}

export async function login(knex: Knex, req: Request, res: Response, opts: SessionOptions, limiter: LoginLimiter, login: string, password: string): Promise<SessionUser> {
  await limiter.attempt(req, res, login);
  const checked = await checkCredentials(knex, login, password);
  if ('error' in checked) throw checked.error;
  const { user, rehashed } = checked;
  const t = token(), csrf = token();
  await knex.transaction(async (trx) => {
    await trx.raw(`INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, now() + make_interval(mins => ?))`,
      [sha256(t), user.id, csrf, opts.ttlMinutes]);
    // Only if the hash is still the one verified: a password reset meanwhile wins.
    if (rehashed) await trx('users').where({ id: user.id, password_hash: user.password_hash }).update({ password_hash: rehashed });
    await purgeStale(trx);
  });
  await limiter.succeeded(req, login);
  setCookie(req, res, t, opts.ttlMinutes * 60);
  return { id: Number(user.id), login: user.login, name: user.name, role: user.role, communes: user.communes ?? [], csrfToken: csrf };
}

export async function logout(knex: Knex, req: Request, res: Response): Promise<void> {
  const raw = readCookie(req, COOKIE);
  if (raw) await knex('sessions').where({ token_hash: sha256(raw) }).delete();
  setCookie(req, res, '', 0);
}

type UserRow = { id: number | string; login: string; name: string | null; role: SessionUser['role']; communes: string[] | null; password_hash: string; disabled_at: Date | null };

/**
 * The account behind a login and password, with its hash redone at the current cost when it was
 * made at another (or by scrypt); or the error to answer. An unknown login and a wrong password get
 * the same answer, in about the same time (verified against a dummy hash of the current cost);
 * only the right password learns that an account is disabled.
 */
export async function checkCredentials(knex: Knex, login: string, password: string):
  Promise<{ user: UserRow; rehashed: string | null } | { error: AppError }> {
  const user: UserRow | undefined = await knex('users').where({ login }).first();
  const ok = await verifyPassword(password, user?.password_hash ?? await dummyHash());
  if (!user || !ok) return { error: new AppError(401, 'bad_credentials', 'Identifiant ou mot de passe incorrect.') };
  if (user.disabled_at) return { error: new AppError(403, 'account_disabled', 'Ce compte est désactivé : voyez votre administrateur.') };
  return { user, rehashed: needsRehash(user.password_hash) ? await hashPassword(password) : null };
}

// Failed logins older than this serve no rate limit any more.
const LOGIN_FAILURES_KEPT = '1 day';

/**
 * Deletes expired sessions and old failed logins. Run at each successful login, in its transaction,
 * so that both tables stay small without a job of their own (any login purges every account's).
 */
export async function purgeStale(knex: Knex): Promise<{ sessions: number; failures: number }> {
  const sessions = await knex('sessions').where('expires_at', '<=', knex.fn.now()).delete();
  const failures = await knex('login_failures').where('at', '<', knex.raw(`now() - interval '${LOGIN_FAILURES_KEPT}'`)).delete();
  return { sessions, failures };
}
