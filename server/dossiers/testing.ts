// Test helpers of the dossiers: accounts for each role, a fixed "today", sample filings, and an app
// serving the dossier routes with that today (buildApp reads the real clock).
import express, { type Express } from 'express';
import { expect } from 'vitest';
import { ROLES, type Role, type SessionUser } from '../accounts/roles.ts';
import { accountRoutes } from '../accounts/routes.ts';
import { DEFAULT_SESSION_OPTIONS, sessionMiddleware } from '../accounts/sessions.ts';
import { createUser } from '../accounts/users.ts';
import { parseConfig } from '../config.ts';
import type { Db } from '../db.ts';
import { errorMiddleware, notFoundRoute } from '../errors.ts';
import { loginLimiter } from '../ratelimit.ts';
import { testDb } from '../testing/db.ts';
import { serve, type TestServer } from '../testing/http.ts';
import { loadSmallCommune } from '../testing/small-commune.ts';
import type { EngineOptions } from './engine.ts';
import { parseFiling, type FilingInput } from './input.ts';
import { dossierRoutes } from './routes.ts';

export const PASSWORD = 'correct horse battery';
export type Clock = { today: string };

export const engineOptions = (clock: Clock): EngineOptions => ({ today: () => clock.today, check: parseConfig({}).check, service: 'X' });

/** One account per role (login `<role>1`), plus `epci1`, an instructeur scoped to another commune. */
export async function createAccounts(db: Db): Promise<Record<Role | 'epci', SessionUser>> {
  const out = {} as Record<Role | 'epci', SessionUser>;
  for (const role of ROLES) {
    const u = await createUser(db.knex, { login: `${role}1`, role, password: PASSWORD });
    out[role] = { id: u.id, login: u.login, name: null, role, communes: [], csrfToken: '' };
  }
  const e = await createUser(db.knex, { login: 'epci1', role: 'instructeur', password: PASSWORD, communes: ['91216'] });
  out.epci = { id: e.id, login: e.login, name: null, role: 'instructeur', communes: ['91216'], csrfToken: '' };
  return out;
}

export const PERSON = { kind: 'person', lastName: 'Martin', firstName: 'Claire', address: { street: '3 rue des Lilas', postcode: '96100', city: 'Terrier-sur-Lande' }, email: 'claire.martin@example.org' };
export const COMPANY = { kind: 'company', name: 'SCI Les Tilleuls', siret: '12345678900017', representative: { lastName: 'Durand', firstName: 'Paul' } };

/** A filing body as a client sends it (parcel AB1 of the small commune unless told otherwise). */
export const filingBody = (over: Record<string, unknown> = {}) => ({
  type: 'PC', insee: '96001', parcels: ['96001000AB0001'], filedOn: '2026-01-15', applicant: PERSON,
  works: { description: 'Maison de 120 m² et garage', floorArea: 120, dwellings: 1 }, ...over,
});

export const filing = (over: Record<string, unknown> = {}): FilingInput => parseFiling(filingBody(over));

/** The dossier routes behind sessions, with a clock the test moves. */
export function dossierApp(db: Db, clock: Clock) {
  const app = express();
  app.use(express.json());
  app.use(sessionMiddleware(db.knex, DEFAULT_SESSION_OPTIONS));
  app.use(accountRoutes(db.knex, DEFAULT_SESSION_OPTIONS, loginLimiter(parseConfig({}).rateLimit)));
  app.use(dossierRoutes(db.knex, parseConfig({}).check, { today: () => clock.today }));
  app.use(notFoundRoute);
  app.use(errorMiddleware((err) => console.error(err)));
  return app;
}

export type Client = {
  get: (path: string) => Promise<{ status: number; body: any }>;
  post: (path: string, body: unknown) => Promise<{ status: number; body: any }>;
  patch: (path: string, body: unknown) => Promise<{ status: number; body: any }>;
  put: (path: string, body: unknown) => Promise<{ status: number; body: any }>;
};

export async function login(http: TestServer, loginName: string): Promise<Client> {
  const res = await http.post('/api/login', { login: loginName, password: PASSWORD });
  if (res.status !== 200) throw new Error(`login ${loginName}: ${res.status} ${JSON.stringify(res.body)}`);
  const headers = { cookie: res.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': res.body.csrfToken as string };
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(http.url + path, { method, headers: { ...headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    let parsed: any = text;
    try { parsed = JSON.parse(text); } catch { /* keep text */ }
    return { status: r.status, body: parsed };
  };
  return { get: (p) => call('GET', p), post: (p, b) => call('POST', p, b), patch: (p, b) => call('PATCH', p, b), put: (p, b) => call('PUT', p, b) };
}

/**
 * A client recording each act on its day: before a filing or an event is posted, the clock moves to
 * its date (not when it is past `latest`, the tests' today: a date in the future stays one). Every read
 * applies what fell due up to today (freshness.ts), so a test walking through a dossier's history
 * must live that history day by day, as the staff does.
 */
export function onTheDay<C extends { post: (path: string, body: unknown, ...rest: any[]) => Promise<any> }>(c: C, clock: Clock, latest: string): C {
  return { ...c, post: (path: string, body: unknown, ...rest: any[]) => {
    const b = body as { on?: unknown; filedOn?: unknown } | null;
    const d = typeof b?.on === 'string' ? b.on : typeof b?.filedOn === 'string' ? b.filedOn : null;
    if (d && /^\d{4}-\d{2}-\d{2}$/.test(d) && d <= latest) clock.today = d;
    return c.post(path, body, ...rest);
  } };
}

type Poster = { post: (path: string, body: unknown, ...rest: any[]) => Promise<any> };

/**
 * An app served on the small commune, with the guichet, the instructeur and the signataire logged in
 * through `logIn`, each acting on the day of its act (onTheDay), never after clock.today.
 */
export async function openWorld<C extends Poster>(clock: Clock, app: (db: Db, clock: Clock) => Express,
  logIn: (http: TestServer, loginName: string) => Promise<C>): Promise<{ db: Db; http: TestServer; guichet: C; instructeur: C; signataire: C }> {
  const db = await testDb();
  await loadSmallCommune(db);
  await createAccounts(db);
  const http = await serve(app(db, clock));
  const acting = async (l: string) => onTheDay(await logIn(http, l), clock, clock.today);
  const [guichet, instructeur, signataire] = await Promise.all([acting('guichet1'), acting('instructeur1'), acting('signataire1')]);
  return { db, http, guichet, instructeur, signataire };
}

/** The dossier routes' world (openWorld). */
export const openDossierWorld = (clock: Clock) => openWorld(clock, dossierApp, login);

/** An event posted on the dossier's current version, as the desk does. */
export async function sendEvent(who: Client, id: number, type: string, on: string, payload?: unknown) {
  const { body } = await who.get(`/api/dossiers/${id}`);
  return who.post(`/api/dossiers/${id}/events`, { type, on, version: body.version, payload });
}

/** The answer's body, once its status is the one expected (the body says why otherwise). */
export const ok = (res: { status: number; body: any }, status = 200) => { expect(res.status, JSON.stringify(res.body)).toBe(status); return res.body; };

export { serve };
