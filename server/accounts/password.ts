// Password hashing with scrypt from node:crypto (memory-hard, no native dependency to build).
// Stored as scrypt$N$r$p$salt$hash so that parameters can be raised later without breaking logins.
import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;
const N = 16384, R = 8, P = 1, LEN = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password, salt, LEN, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 });
  return crypto.timingSafeEqual(actual, expected);
}

/** A password a person can be asked to choose: long enough, not absurdly long (scrypt cost). */
export function passwordProblem(password: string): { code: string; message: string } | null {
  if (password.length < 10) return { code: 'password_too_short', message: 'Le mot de passe doit compter au moins 10 caractères.' };
  if (password.length > 200) return { code: 'password_too_long', message: 'Le mot de passe doit compter au plus 200 caractères.' };
  return null;
}
