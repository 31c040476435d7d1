// Time of one password hash (what a login costs the server): argon2id at Terrier's cost and at
// OWASP's minimum, and the scrypt of earlier versions, interleaved round by round.
// npx tsx bench/password.ts [--rounds 20]
import crypto from 'node:crypto';
import os from 'node:os';
import { DEFAULT_COST, OWASP_MINIMUM, hashPassword, verifyPassword } from '../server/accounts/password.ts';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 20;
const legacy = (pw: string) => new Promise<Buffer>((resolve, reject) =>
  crypto.scrypt(pw, crypto.randomBytes(16), 32, { N: 16384, r: 8, p: 1 }, (e, k) => (e ? reject(e) : resolve(k))));

const variants: [string, () => Promise<unknown>][] = [
  ['argon2id 64 MiB t=2 (Terrier, hash)', () => hashPassword('correct horse battery', DEFAULT_COST)],
  ['argon2id 19 MiB t=2 (OWASP minimum)', () => hashPassword('correct horse battery', OWASP_MINIMUM)],
  ['scrypt N=2^14 (before)', () => legacy('correct horse battery')],
];
const stored = await hashPassword('correct horse battery', DEFAULT_COST);
variants.push(['argon2id 64 MiB t=2 (Terrier, verify)', () => verifyPassword('correct horse battery', stored)]);

const times = new Map<string, number[]>(variants.map(([n]) => [n, []]));
for (let i = 0; i < rounds; i++) {
  for (const [name, run] of variants) {
    const t = performance.now();
    await run();
    times.get(name)!.push(performance.now() - t);
  }
}
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
console.log(`${os.cpus().length} × ${os.cpus()[0]?.model}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${rounds} rounds`);
for (const [name, xs] of times) console.log(`${name.padEnd(40)} median ${q(xs, 0.5).toFixed(0).padStart(4)} ms   p90 ${q(xs, 0.9).toFixed(0).padStart(4)} ms`);
