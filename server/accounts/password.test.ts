// Password hashes: argon2id at OWASP's strength or more in production, older formats still verified.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COST, OWASP_MINIMUM, hashPassword, needsRehash, verifyPassword } from './password.ts';

const PASSWORD = 'correct horse battery';

describe('password hashes', () => {
  it('the production cost is at least OWASP minimum for argon2id (19 MiB, 2 passes, 1 lane)', () => {
    expect(DEFAULT_COST.memoryKiB).toBeGreaterThanOrEqual(OWASP_MINIMUM.memoryKiB);
    expect(DEFAULT_COST.passes).toBeGreaterThanOrEqual(OWASP_MINIMUM.passes);
    expect(OWASP_MINIMUM).toEqual({ memoryKiB: 19456, passes: 2, parallelism: 1 });
  });

  it('a hash at the production cost is an argon2id PHC string carrying that cost, and verifies', async () => {
    const hash = await hashPassword(PASSWORD, DEFAULT_COST);
    expect(hash).toMatch(/^\$argon2id\$v=19\$(?=.*m=65536)(?=.*t=2)(?=.*p=1)/);
    expect(await verifyPassword(PASSWORD, hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(needsRehash(hash, DEFAULT_COST)).toBe(false);
  });

  it('two hashes of one password differ (random salt)', async () => {
    expect(await hashPassword(PASSWORD)).not.toBe(await hashPassword(PASSWORD));
  });

  it('the scrypt format used before still verifies, and always asks for a rehash', async () => {
    const salt = crypto.randomBytes(16);
    const hash = crypto.scryptSync(PASSWORD, salt, 32, { N: 16384, r: 8, p: 1 });
    const stored = ['scrypt', 16384, 8, 1, salt.toString('base64'), hash.toString('base64')].join('$');
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
    expect(await verifyPassword('autre chose', stored)).toBe(false);
    expect(needsRehash(stored)).toBe(true);
  });

  it('a hash at another cost asks for a rehash', async () => {
    expect(needsRehash(await hashPassword(PASSWORD, { memoryKiB: 2048, passes: 1, parallelism: 1 }), DEFAULT_COST)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['unknown kind', 'md5$abc'],
    ['truncated argon2id', '$argon2id$v=19$m=65536,t=2,p=1$'],
    ['scrypt with absurd parameters', 'scrypt$1099511627776$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
    ['scrypt without its hash', 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA=='],
  ])('a malformed stored hash (%s) matches no password and throws nothing', async (_what, stored) => {
    expect(await verifyPassword(PASSWORD, stored)).toBe(false);
    expect(needsRehash(stored)).toBe(true);
  });
});
