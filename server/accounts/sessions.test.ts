// Sessions and credentials: the cookie slides with the session, stale rows are purged, old hashes
// are upgraded at login, and a disabled account is revealed only to the right password.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { buildApp } from '../app.ts';
import { testDb } from '../testing/db.ts';
import { serve, type TestServer } from '../testing/http.ts';
import { DEFAULT_SESSION_OPTIONS, checkCredentials } from './sessions.ts';
import { createUser, disableUser } from './users.ts';
import { DEFAULT_COST, currentPasswordCost, dummyHash, hashPassword, needsRehash, usePasswordCost, verifyPassword, type PasswordCost } from './password.ts';

let db: Db;
let http: TestServer;
const PASSWORD = 'correct horse battery';
const TTL_MINUTES = 30;

beforeAll(async () => {
  db = await testDb();
  http = await serve(buildApp(db, { sessions: { ...DEFAULT_SESSION_OPTIONS, ttlMinutes: TTL_MINUTES }, rateLimit: { loginFailuresPerAddress: 1000 } }));
});
afterAll(async () => { await http?.close(); await db?.close(); });

async function loginAs(login: string, password = PASSWORD) {
  const res = await http.post('/api/login', { login, password });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return { cookie, csrf: res.body.csrfToken as string, token: cookie.split('=')[1]! };
}
async function get(path: string, cookie: string) {
  return fetch(http.url + path, { headers: { cookie } });
}
const hashOf = async (login: string): Promise<string> => (await db.knex('users').where({ login }).first()).password_hash;

// The format Terrier stored before argon2id: scrypt$N$r$p$salt$hash with N = 2^14.
function legacyScryptHash(password: string): string {
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(password, salt, 32, { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', 16384, 8, 1, salt.toString('base64'), hash.toString('base64')].join('$');
}

describe('the session cookie', () => {
  it('is sent again with the full Max-Age on each authenticated answer, as the session slides', async () => {
    await createUser(db.knex, { login: 'glissant', role: 'instructeur', password: PASSWORD });
    const s = await loginAs('glissant');
    await db.knex('sessions').update({ expires_at: db.knex.raw("now() + interval '1 minute'") });
    const res = await get('/api/me', s.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBe(`terrier_session=${s.token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${TTL_MINUTES * 60}`);
    const { rows } = await db.knex.raw(`SELECT expires_at - now() > interval '29 minutes' AS slid FROM sessions`);
    expect(rows.map((r: { slid: boolean }) => r.slid)).toEqual([true]);
  });

  it('is cleared when the session it names has expired', async () => {
    const s = await loginAs('glissant');
    await db.knex('sessions').update({ expires_at: db.knex.raw("now() - interval '1 minute'") });
    const res = await get('/api/me', s.cookie);
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBe('terrier_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
  });

  it('is cleared once by logout, not renewed and cleared in the same answer', async () => {
    const s = await loginAs('glissant');
    const res = await fetch(`${http.url}/api/logout`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie()).toEqual(['terrier_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0']);
  });
});

describe('behind a reverse proxy (TERRIER_TRUST_PROXY)', () => {
  it('the cookie is Secure when the trusted proxy says the request came over HTTPS, and not when an untrusted client says so', async () => {
    await createUser(db.knex, { login: 'distant', role: 'elu', password: PASSWORD });
    const proxied = await serve(buildApp(db, { trustProxy: 1, sessions: { ...DEFAULT_SESSION_OPTIONS, ttlMinutes: TTL_MINUTES } }));
    try {
      const https = await proxied.post('/api/login', { login: 'distant', password: PASSWORD }, { 'x-forwarded-proto': 'https' });
      expect(https.headers.get('set-cookie')).toMatch(/; Secure$/);
    } finally {
      await proxied.close();
    }
    const direct = await http.post('/api/login', { login: 'distant', password: PASSWORD }, { 'x-forwarded-proto': 'https' });
    expect(direct.headers.get('set-cookie')).not.toMatch(/Secure/);
  });
});

describe('purge', () => {
  it('a login deletes every expired session and the failed logins older than a day, and keeps the rest', async () => {
    await createUser(db.knex, { login: 'ancien', role: 'elu', password: PASSWORD });
    await db.knex('sessions').delete();
    const live = await loginAs('glissant');
    const { id } = await db.knex('users').where({ login: 'ancien' }).first();
    await db.knex('sessions').insert([
      { token_hash: 'expired-1', user_id: id, csrf_token: 'x', expires_at: db.knex.raw("now() - interval '1 second'") },
      { token_hash: 'expired-2', user_id: id, csrf_token: 'x', expires_at: db.knex.raw("now() - interval '30 days'") },
    ]);
    await db.knex('login_failures').insert([
      { key: 'login:ancien', at: db.knex.raw("now() - interval '2 days'") },
      { key: 'ip:192.0.2.1', at: db.knex.raw("now() - interval '25 hours'") },
      { key: 'ip:192.0.2.2', at: db.knex.raw("now() - interval '1 hour'") },
    ]);
    await loginAs('ancien');
    const sessions = await db.knex('sessions').select('token_hash', 'user_id');
    expect(sessions.map((r) => r.token_hash)).not.toContain('expired-1');
    expect(sessions.map((r) => r.token_hash)).not.toContain('expired-2');
    expect(sessions).toHaveLength(2); // glissant's live session and ancien's new one
    expect((await get('/api/me', live.cookie)).status).toBe(200);
    expect((await db.knex('login_failures').select('key')).map((r) => r.key)).toEqual(['ip:192.0.2.2']);
    await db.knex('login_failures').delete();
  });
});

describe('password hashes', () => {
  it('an account with an old scrypt hash logs in, and that login replaces the hash by argon2id', async () => {
    await createUser(db.knex, { login: 'historique', role: 'guichet', password: PASSWORD });
    await db.knex('users').where({ login: 'historique' }).update({ password_hash: legacyScryptHash(PASSWORD) });
    const before = await db.knex('users').where({ login: 'historique' }).first();
    expect(before.password_hash).toMatch(/^scrypt\$16384\$/);
    await loginAs('historique');
    const after = await db.knex('users').where({ login: 'historique' }).first();
    expect(after.password_hash).toMatch(/^\$argon2id\$v=19\$/);
    expect(needsRehash(after.password_hash)).toBe(false);
    expect(await verifyPassword(PASSWORD, after.password_hash)).toBe(true);
    // Same password, so not a password change.
    expect(new Date(after.password_changed_at).getTime()).toBe(new Date(before.password_changed_at).getTime());
    await loginAs('historique');
  });

  it('an argon2id hash made at another cost is redone at the current one', async () => {
    await createUser(db.knex, { login: 'econome', role: 'guichet', password: PASSWORD });
    const cheaper: PasswordCost = { memoryKiB: 2048, passes: 1, parallelism: 1 };
    await db.knex('users').where({ login: 'econome' }).update({ password_hash: await hashPassword(PASSWORD, cheaper) });
    expect(needsRehash(await hashOf('econome'))).toBe(true);
    await loginAs('econome');
    expect(needsRehash(await hashOf('econome'))).toBe(false);
  });

  it('a wrong password against an old hash is refused and leaves the hash as it was', async () => {
    const legacy = legacyScryptHash(PASSWORD);
    await db.knex('users').where({ login: 'historique' }).update({ password_hash: legacy });
    const res = await http.post('/api/login', { login: 'historique', password: 'pas le bon mot de passe' });
    expect(res.status).toBe(401);
    expect(await hashOf('historique')).toBe(legacy);
  });

  it('a hash at the current cost is left alone at login', async () => {
    const hash = await hashOf('econome');
    await loginAs('econome');
    expect(await hashOf('econome')).toBe(hash);
  });
});

describe('a disabled account', () => {
  it('with a wrong password gets exactly the answer of an unknown login', async () => {
    await createUser(db.knex, { login: 'desactive', role: 'instructeur', password: PASSWORD });
    await disableUser(db.knex, 'desactive');
    const disabled = await http.post('/api/login', { login: 'desactive', password: 'un essai au hasard' });
    const unknown = await http.post('/api/login', { login: 'personne', password: 'un essai au hasard' });
    expect(disabled.status).toBe(401);
    expect(disabled.body).toEqual(unknown.body);
    expect(disabled.body.error).toEqual({ code: 'bad_credentials', message: 'Identifiant ou mot de passe incorrect.' });
  });

  it('with the right password is told it is disabled (403 account_disabled), and gets no session', async () => {
    const res = await http.post('/api/login', { login: 'desactive', password: PASSWORD });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'account_disabled', message: expect.stringMatching(/^Ce compte est désactivé\s:/) });
    expect(res.headers.get('set-cookie')).toBeNull();
    await db.knex('login_failures').delete();
  });
});

describe('timing of an unknown login', () => {
  it('is verified against a dummy hash of the current cost', async () => {
    expect(needsRehash(await dummyHash())).toBe(false);
  });

  it('takes about as long as a wrong password at the production cost', async () => {
    const harness = currentPasswordCost();
    usePasswordCost(DEFAULT_COST);
    try {
      await db.knex('users').where({ login: 'econome' }).update({ password_hash: await hashPassword(PASSWORD) });
      const median = async (login: string) => {
        const times: number[] = [];
        for (let i = 0; i < 3; i++) {
          const t = performance.now();
          expect('error' in await checkCredentials(db.knex, login, 'un mauvais mot de passe')).toBe(true);
          times.push(performance.now() - t);
        }
        return times.sort((a, b) => a - b)[1]!;
      };
      await dummyHash(); // made once per process, not part of an answer's time
      const known = await median('econome'), unknown = await median('inconnu');
      // Without the dummy hash an unknown login would answer in ~1 ms against ~100 ms.
      expect(unknown).toBeGreaterThan(known * 0.4);
    } finally {
      usePasswordCost(harness);
    }
  });
});
