// Who may see and do what: accounts, sessions, the rate limit, and the role × route matrix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { buildApp } from '../app.ts';
import { testDb } from '../testing/db.ts';
import { serve, type TestServer } from '../testing/http.ts';
import { listRoutes } from '../testing/routes.ts';
import { loadSmallCommune } from '../testing/small-commune.ts';
import { DEFAULT_SESSION_OPTIONS } from './sessions.ts';
import { ROLES, assertCommune, type Audience, type Role } from './roles.ts';
import { createUser, disableUser, listUsers, resetPassword } from './users.ts';
import { hashPassword, verifyPassword } from './password.ts';

let db: Db;
let http: TestServer;
// The matrix calls each public spatial route once per role: above the default per-minute limit.
const app = () => buildApp(db, { sessions: DEFAULT_SESSION_OPTIONS, rateLimit: { loginFailuresPerAccount: 5, loginFailuresPerAddress: 12, publicPerMinute: 1000 } });
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  db = await testDb();
  await loadSmallCommune(db);
  for (const role of ROLES) await createUser(db.knex, { login: `${role}1`, role, password: PASSWORD });
  http = await serve(app());
});
afterAll(async () => { await http?.close(); await db?.close(); });

type Session = { cookie: string; csrf: string };
async function loginAs(login: string, password = PASSWORD): Promise<Session> {
  const res = await http.post('/api/login', { login, password });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return { cookie, csrf: res.body.csrfToken };
}
async function call(method: string, path: string, s?: Session, body?: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (s) { headers.cookie = s.cookie; headers['x-csrf-token'] = s.csrf; }
  const res = await fetch(http.url + path, { method, headers, body: method === 'GET' ? undefined : JSON.stringify(body ?? {}) });
  return { status: res.status, body: await res.json().catch(() => null), headers: res.headers };
}

// Every route of the app and who may call it. A route added without an entry here fails the
// first test, and one without allow(…) fails it too.
const MATRIX: Record<string, { audience: Audience[]; sample: string }> = {
  'POST /api/login': { audience: ['public'], sample: '/api/login' },
  'POST /api/logout': { audience: ['public'], sample: '/api/logout' },
  'GET /api/me': { audience: ['staff'], sample: '/api/me' },
  'GET /api/users': { audience: ['admin'], sample: '/api/users' },
  'GET /api/health': { audience: ['public'], sample: '/api/health' },
  'GET /api/communes': { audience: ['public'], sample: '/api/communes' },
  'GET /api/backgrounds': { audience: ['public'], sample: '/api/backgrounds' },
  'GET /api/find': { audience: ['public'], sample: '/api/find?q=AB%201' },
  'GET /api/layers': { audience: ['public'], sample: '/api/layers' },
  'GET /api/layers/:name': { audience: ['public'], sample: '/api/layers/parcelles?bbox=2.99,46.49,3.01,46.51' },
  'GET /tiles/:layer/:z/:x/:y': { audience: ['public'], sample: '/tiles/zone_urba/14/8328/5867.mvt' },
  'POST /api/checks': { audience: ['public'], sample: '/api/checks' },
  ...Object.fromEntries(['parcelle', 'localisant', 'feuille', 'division', 'commune'].map((l) => [`ALL /api/cadastre/${l}`, { audience: ['public'] as Audience[], sample: `/api/cadastre/${l}?code_insee=96001` }])),
  'GET /api/openapi.json': { audience: ['public'], sample: '/api/openapi.json' },
  'GET /api/docs': { audience: ['public'], sample: '/api/docs' },
  'GET /api/docs/start.js': { audience: ['public'], sample: '/api/docs/start.js' },
  'ALL /api/gpu/municipality': { audience: ['public'], sample: '/api/gpu/municipality?insee=96001' },
  'POST /api/dossiers': { audience: ['guichet', 'instructeur', 'admin'], sample: '/api/dossiers' },
  'GET /api/dossiers': { audience: ['staff'], sample: '/api/dossiers' },
  'GET /api/dossiers/map': { audience: ['staff'], sample: '/api/dossiers/map?bbox=2.99,46.49,3.01,46.51' },
  'GET /api/dossiers/:id': { audience: ['staff'], sample: '/api/dossiers/1' },
  'GET /api/dossiers/:id/parcels': { audience: ['staff'], sample: '/api/dossiers/1/parcels' },
  'PATCH /api/dossiers/:id/publication': { audience: ['instructeur', 'admin'], sample: '/api/dossiers/1/publication' },
  'PATCH /api/dossiers/:id/instructeur': { audience: ['chef', 'admin'], sample: '/api/dossiers/1/instructeur' },
  'GET /api/dossiers/:id/notes': { audience: ['guichet', 'instructeur', 'chef', 'signataire', 'admin'], sample: '/api/dossiers/1/notes' },
  'POST /api/dossiers/:id/notes': { audience: ['guichet', 'instructeur', 'chef', 'signataire', 'admin'], sample: '/api/dossiers/1/notes' },
  'GET /api/dossiers/:id/journal': { audience: ['staff'], sample: '/api/dossiers/1/journal' },
  'GET /api/instructeurs': { audience: ['guichet', 'instructeur', 'chef', 'signataire', 'admin'], sample: '/api/instructeurs' },
  'GET /api/assignment-rules': { audience: ['chef', 'admin'], sample: '/api/assignment-rules' },
  'PUT /api/assignment-rules': { audience: ['chef', 'admin'], sample: '/api/assignment-rules' },
  'GET /api/public/autorisations': { audience: ['public'], sample: '/api/public/autorisations?bbox=2.99,46.49,3.01,46.51' },
  'GET /api/public/autorisations/:number': { audience: ['public'], sample: '/api/public/autorisations/PC09600126X0001' },
  'GET /api/public/registre': { audience: ['public'], sample: '/api/public/registre?commune=96001&mois=2026-01' },
  'GET /api/public/registre.csv': { audience: ['public'], sample: '/api/public/registre.csv?commune=96001&mois=2026-01' },
  'GET /open-data/schema.json': { audience: ['public'], sample: '/open-data/schema.json' },
  'GET /open-data/autorisations.csv': { audience: ['public'], sample: '/open-data/autorisations.csv' },
  'GET /open-data/autorisations.geojson': { audience: ['public'], sample: '/open-data/autorisations.geojson' },
  'POST /api/dossiers/:id/events': { audience: ['guichet', 'instructeur', 'signataire', 'admin'], sample: '/api/dossiers/1/events' },
  'GET /api/dossiers/:id/documents': { audience: ['staff'], sample: '/api/dossiers/1/documents' },
  'POST /api/dossiers/:id/documents': { audience: ['guichet', 'instructeur', 'signataire', 'admin'], sample: '/api/dossiers/1/documents' },
  'GET /api/documents/:id.pdf': { audience: ['staff'], sample: '/api/documents/1.pdf' },
  'POST /api/documents/:id/signed': { audience: ['guichet', 'instructeur', 'signataire', 'admin'], sample: '/api/documents/1/signed' },
  'GET /api/documents/:id/signed.pdf': { audience: ['staff'], sample: '/api/documents/1/signed.pdf' },
  'GET /api/stats': { audience: ['elu', 'instructeur', 'signataire', 'admin'], sample: '/api/stats' },
  'GET /api/renseignements.pdf': { audience: ['public'], sample: '/api/renseignements.pdf?parcelle=96001000AB0001' },
  ...Object.fromEntries(['zone-urba', 'prescription-surf', 'prescription-lin', 'prescription-pct', 'info-surf', 'info-lin', 'info-pct',
    'assiette-sup-s', 'assiette-sup-l', 'assiette-sup-p', 'document', 'secteur-cc', 'acte-sup', 'generateur-sup-s', 'generateur-sup-l', 'generateur-sup-p'].map((l) => [`ALL /api/gpu/${l}`, { audience: ['public'] as Audience[], sample: `/api/gpu/${l}?partition=DU_96001` }])),
};

describe('the role × route matrix', () => {
  it('lists every route of the app, each with the audience it declares', () => {
    const routes = listRoutes(app());
    const declared = Object.fromEntries(routes.map((r) => [`${r.method} ${r.path}`, r.audience]));
    expect(Object.keys(declared).sort()).toEqual(Object.keys(MATRIX).sort());
    for (const [key, { audience }] of Object.entries(MATRIX)) expect(declared[key], key).toEqual(audience);
  });

  const allowed = (audience: Audience[], role: Role | null) =>
    audience.includes('public') || (role !== null && (audience.includes('staff') || audience.includes(role)));

  it('is enforced: anonymous gets 401 and a role outside the audience 403, on every route', async () => {
    const sessions = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await loginAs(`${r}1`)] as const)));
    for (const [key, { audience, sample }] of Object.entries(MATRIX)) {
      if (key.includes('/api/logout') || key.includes('/api/login')) continue; // they change the sessions themselves
      const method = key.startsWith('ALL') ? 'GET' : key.split(' ')[0]!;
      for (const role of [null, ...ROLES]) {
        const res = await call(method, sample, role ? sessions[role] : undefined);
        const expected = allowed(audience, role) ? 'allowed' : role ? 403 : 401;
        const got = res.status === 401 || res.status === 403 ? res.status : 'allowed';
        expect(got, `${key} as ${role ?? 'anonymous'}: ${res.status} ${JSON.stringify(res.body)}`).toBe(expected);
      }
    }
  }, 240_000); // some 500 requests, one after another
});

describe('login and sessions', () => {
  it('a login gives an HttpOnly SameSite=Lax cookie, and /api/me tells who is logged in', async () => {
    const res = await http.post('/api/login', { login: 'Instructeur1', password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/^terrier_session=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=28800$/);
    expect(res.body.user).toEqual({ id: expect.any(Number), login: 'instructeur1', name: null, role: 'instructeur', communes: [] });
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|scrypt|password/);
    const s = { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: res.body.csrfToken };
    expect((await call('GET', '/api/me', s)).body.user.login).toBe('instructeur1');
  });

  it('a wrong password or unknown login gets the same 401', async () => {
    const a = await http.post('/api/login', { login: 'elu1', password: 'wrong password!' });
    const b = await http.post('/api/login', { login: 'nobody', password: 'wrong password!' });
    expect([a.status, b.status]).toEqual([401, 401]);
    expect(a.body.error).toEqual(b.body.error);
    expect(a.body.error).toEqual({ code: 'bad_credentials', message: 'Identifiant ou mot de passe incorrect.' });
  });

  it('logout ends the session', async () => {
    const s = await loginAs('elu1');
    expect((await call('POST', '/api/logout', s)).status).toBe(204);
    expect((await call('GET', '/api/me', s)).status).toBe(401);
  });

  it('an expired session is anonymous', async () => {
    const s = await loginAs('guichet1');
    await db.knex('sessions').update({ expires_at: db.knex.raw("now() - interval '1 minute'") });
    expect((await call('GET', '/api/me', s)).status).toBe(401);
  });

  it('each request pushes the expiry forward (sliding sessions)', async () => {
    const s = await loginAs('signataire1');
    await db.knex('sessions').update({ expires_at: db.knex.raw("now() + interval '1 minute'") });
    expect((await call('GET', '/api/me', s)).status).toBe(200);
    const { rows } = await db.knex.raw(`SELECT count(*) FILTER (WHERE expires_at - now() > interval '7 hours') = 1 AS ok FROM sessions`);
    expect(rows[0].ok).toBe(true);
  });

  it('a cookie-authenticated write without the CSRF token is refused', async () => {
    const s = await loginAs('admin1');
    const res = await fetch(`${http.url}/api/logout`, { method: 'POST', headers: { cookie: s.cookie } });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('csrf');
    expect((await call('GET', '/api/me', s)).status).toBe(200); // still logged in
  });

  it('a disabled account loses its sessions and cannot log in', async () => {
    await createUser(db.knex, { login: 'partant', role: 'instructeur', password: PASSWORD });
    const s = await loginAs('partant');
    await disableUser(db.knex, 'partant');
    expect((await call('GET', '/api/me', s)).status).toBe(401);
    const res = await http.post('/api/login', { login: 'partant', password: PASSWORD });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'account_disabled', message: expect.stringMatching(/Ce compte est désactivé/) });
  });

  it('a reset password closes the sessions and the new password works', async () => {
    await createUser(db.knex, { login: 'oublieux', role: 'elu', password: PASSWORD });
    const s = await loginAs('oublieux');
    await resetPassword(db.knex, 'oublieux', 'un nouveau mot de passe');
    expect((await call('GET', '/api/me', s)).status).toBe(401);
    await loginAs('oublieux', 'un nouveau mot de passe');
  });
});

describe('brute force', () => {
  // Each test counts from zero on a server of its own (the limits live in the app's memory).
  const fresh = async () => serve(app());

  it('5 failed logins on an account block it with a 429 and Retry-After, even with the right password', async () => {
    await createUser(db.knex, { login: 'cible', role: 'admin', password: PASSWORD });
    const s = await fresh();
    try {
      for (let i = 0; i < 5; i++) expect((await s.post('/api/login', { login: 'cible', password: `essai ${i} raté` })).status).toBe(401);
      const blocked = await s.post('/api/login', { login: 'cible', password: PASSWORD });
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe('too_many_attempts');
      expect(blocked.body.error.message).toMatch(/^Trop de connexions échouées\s:\sréessayez dans 15 min\.$/);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
      expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
      // Another account from the same address is not blocked by it.
      expect((await s.post('/api/login', { login: 'elu1', password: PASSWORD })).status).toBe(200);
    } finally { await s.close(); }
  });

  it('failures spread over many logins from one address block that address', async () => {
    const s = await fresh();
    try {
      for (let i = 0; i < 12; i++) expect((await s.post('/api/login', { login: `inconnu${i}`, password: 'nimporte quoi' })).status).toBe(401);
      const res = await s.post('/api/login', { login: 'elu1', password: PASSWORD });
      expect(res.status).toBe(429);
    } finally { await s.close(); }
  });

  it('successful logins do not count against the address', async () => {
    const s = await fresh();
    try {
      for (let i = 0; i < 20; i++) expect((await s.post('/api/login', { login: 'elu1', password: PASSWORD })).status).toBe(200);
    } finally { await s.close(); }
  });

  it('parallel guesses cannot slip past the limit: of 20 at once on one account, at most 5 are checked', async () => {
    await createUser(db.knex, { login: 'rafale', role: 'elu', password: PASSWORD });
    const s = await fresh();
    try {
      const all = await Promise.all(Array.from({ length: 20 }, (_, i) => s.post('/api/login', { login: 'rafale', password: `essai ${i}` })));
      expect(all.filter((r) => r.status === 401)).toHaveLength(5);
      expect(all.filter((r) => r.status === 429)).toHaveLength(15);
    } finally { await s.close(); }
  });
});

describe('accounts', () => {
  it('passwords are stored as argon2id hashes and listed accounts never carry them', async () => {
    const { rows } = await db.knex.raw(`SELECT password_hash FROM users WHERE login = 'admin1'`);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$/);
    expect(await verifyPassword(PASSWORD, rows[0].password_hash)).toBe(true);
    expect(await verifyPassword('other', await hashPassword(PASSWORD))).toBe(false);
    const users = await listUsers(db.knex);
    expect(JSON.stringify(users)).not.toMatch(/argon2|password/);
  });

  it.each([
    [{ login: 'x', role: 'elu', password: PASSWORD }, 'login_malformed', /Identifiant invalide/],
    [{ login: 'maire', role: 'maire', password: PASSWORD }, 'role_unknown', /Rôle inconnu\s: «\smaire\s»/],
    [{ login: 'court', role: 'elu', password: 'court' }, 'password_too_short', /au moins 10 caractères/],
    [{ login: 'loin', role: 'elu', password: PASSWORD, communes: ['Paris'] }, 'insee_malformed', /Code INSEE invalide\s: Paris/],
  ])('bad account data is refused: %j', async (u, code, message) => {
    await expect(createUser(db.knex, u)).rejects.toMatchObject({ status: 400, code, message: expect.stringMatching(message) });
  });

  it('an account scoped to other communes is told a dossier of this one does not exist (404)', () => {
    const user = { id: 1, login: 'epci', name: null, role: 'instructeur' as const, communes: ['91216'], csrfToken: '' };
    expect(() => assertCommune(user, '96001', 'dossier_unknown', 'Ce dossier n’existe pas.')).toThrow(expect.objectContaining({ status: 404, code: 'dossier_unknown', message: 'Ce dossier n’existe pas.' }));
    expect(() => assertCommune(user, '91216')).not.toThrow();
    expect(() => assertCommune({ ...user, communes: [] }, '96001')).not.toThrow();
  });
});

describe('security headers', () => {
  it('are set on every answer, and errors carry no stack trace', async () => {
    const res = await http.get('/api/nothing');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts/);
  });

  it('a JSON body over the size limit gets a 413', async () => {
    const res = await http.post('/api/checks', { parcels: ['x'.repeat(3 * 1024 * 1024)] });
    expect(res.status).toBe(413);
  });
});
