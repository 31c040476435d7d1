// Password hashing with argon2id (the `argon2` package, prebuilt for Linux, macOS and Windows), at a
// cost above OWASP's Password Storage Cheat Sheet minimum (19 MiB, 2 passes, 1 lane). Hashes are
// PHC strings ($argon2id$v=19$m=…,t=…,p=…$salt$hash) that carry their own parameters, so the cost
// can be raised later: a login with a hash made at another cost, or with the older
// scrypt$N$r$p$salt$hash format, is verified by that format and rehashed at the current cost.
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import * as argon2 from 'argon2';

export type PasswordCost = { memoryKiB: number; passes: number; parallelism: number };

/** OWASP's minimum for argon2id; the default must never be below it. */
export const OWASP_MINIMUM: PasswordCost = { memoryKiB: 19 * 1024, passes: 2, parallelism: 1 };
/** ~110–130 ms per hash on a 2-core development machine (docs/benchmarks.md, "Password hashing"). */
export const DEFAULT_COST: PasswordCost = { memoryKiB: 64 * 1024, passes: 2, parallelism: 1 };

let current: PasswordCost = DEFAULT_COST;

/**
 * For the test harness only (server/testing/setup.ts): suites create many accounts, and hashing each
 * at the production cost would make them slow. The server never calls it.
 */
export function usePasswordCost(cost: PasswordCost): void {
  current = cost;
}
export const currentPasswordCost = (): PasswordCost => current;

const options = (c: PasswordCost): argon2.HashOptions => ({ type: argon2.argon2id, memoryCost: c.memoryKiB, timeCost: c.passes, parallelism: c.parallelism });

export async function hashPassword(password: string, cost: PasswordCost = current): Promise<string> {
  return argon2.hash(password, options(cost));
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('$argon2')) {
    try {
      return await argon2.verify(stored, password);
    } catch {
      return false; // a malformed hash matches no password
    }
  }
  if (stored.startsWith('scrypt$')) return verifyScrypt(password, stored);
  return false;
}

/** Is this stored hash of another kind or cost than the current one? (Then rehash at the next login.) */
export function needsRehash(stored: string, cost: PasswordCost = current): boolean {
  if (!stored.startsWith('$argon2id$')) return true;
  try {
    return argon2.needsRehash(stored, { memoryCost: cost.memoryKiB, timeCost: cost.passes, parallelism: cost.parallelism });
  } catch {
    return true;
  }
}

// A hash of a random password at the current cost, to verify against when the login is unknown:
// both answers then take the same time, so timing does not tell which logins exist.
const dummies = new Map<string, Promise<string>>();
export function dummyHash(cost: PasswordCost = current): Promise<string> {
  const key = JSON.stringify(cost);
  let h = dummies.get(key);
  if (!h) {
    dummies.set(key, h = hashPassword(crypto.randomBytes(24).toString('base64'), cost));
    h.catch(() => dummies.delete(key)); // tried again by the next caller
  }
  return h;
}

// The format used before argon2id (scrypt, N = 2^14): still verified, so that existing accounts keep
// logging in, and replaced at their next correct login.
const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;

async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const [, n, r, p, salt, hash] = stored.split('$');
  if (!salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const N = Number(n), R = Number(r), P = Number(p);
  if (!Number.isInteger(N) || !Number.isInteger(R) || !Number.isInteger(P) || N > 2 ** 20 || R > 32 || P > 16 || expected.length < 16) return false;
  try {
    const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N, r: R, p: P, maxmem: 256 * N * R + 1024 * 1024 });
    return crypto.timingSafeEqual(actual, expected);
  } catch {
    return false;
  }
}

/** A password a person can be asked to choose: long enough, not absurdly long (scrypt cost). */
export function passwordProblem(password: string): { code: string; message: string } | null {
  if (password.length < 10) return { code: 'password_too_short', message: 'Le mot de passe doit compter au moins 10 caractères.' };
  if (password.length > 200) return { code: 'password_too_long', message: 'Le mot de passe doit compter au plus 200 caractères.' };
  return null;
}
