// Issue 16: a rule the texts do not settle carries an "[unconfirmed]" marker in the source, for
// maintainers; it never reaches a user, who reads French. The transfert's delay and silence have no
// article (pratique administrative): its API answer and its récépissé say so plainly. Then the
// source itself: the marker only ever appears in comments, never in a string a user could receive.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { COMPANY, filingBody, type Clock } from '../dossiers/testing.ts';
import type { TestServer } from '../testing/http.ts';
import { flat, openDocumentWorld, pdfText, type Client, type Res } from './testing.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let db: Db;
let http: TestServer;
const clock: Clock = { today: '2026-11-23' };
let guichet: Client, instructeur: Client, signataire: Client;

beforeAll(async () => { ({ db, http, guichet, instructeur, signataire } = await openDocumentWorld(clock)); });
afterAll(async () => { await http?.close(); await db?.close(); });

const ok = (res: Res, status = 200) => { expect(res.status, JSON.stringify(res.body)).toBe(status); return res.body; };
async function event(who: Client, id: number, type: string, on: string, payload?: unknown) {
  const { body } = await who.get(`/api/dossiers/${id}`);
  return ok(await who.post(`/api/dossiers/${id}/events`, { type, on, version: body.version, payload }));
}

/** The source files a user's answers are made from (tests and test helpers aside). */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return ['testing', 'node_modules', 'dist'].includes(e.name) ? [] : sources(p);
    return /\.(ts|liquid|html)$/.test(e.name) && !/\.(test|e2e\.test)\.ts$/.test(e.name) ? [p] : [];
  });
}
/** The text with its comments removed: // and /* … *\/ in code, {% comment %} in templates. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/{%-?\s*comment\s*-?%}[\s\S]*?{%-?\s*endcomment\s*-?%}/g, '')
  .split('\n').map((l) => l.replace(/(^|\s)\/\/.*$/, '')).join('\n');

describe('no [unconfirmed] marker reaches a user (issue 16)', () => {
  it('the marker is only in comments: no string of the server, its templates or the desk carries it', () => {
    const files = [...sources(path.join(ROOT, 'server')), ...sources(path.join(ROOT, 'client'))];
    expect(files.length).toBeGreaterThan(100);
    const leaks = files.filter((f) => /unconfirmed/i.test(code(fs.readFileSync(f, 'utf8')))).map((f) => path.relative(ROOT, f));
    expect(leaks).toEqual([]);
  });

  it('a transfert (no article for its delay): its API answer and récépissé say "pratique administrative", never the marker nor "article pratique administrative"', async () => {
    const pc = ok(await guichet.post('/api/dossiers', filingBody({ filedOn: '2026-01-05', parcels: ['96001000AB0004'] })), 201).id;
    await event(instructeur, pc, 'PROPOSE_DECISION', '2026-01-20', { decision: 'accord' });
    await event(signataire, pc, 'SIGN_DECISION', '2026-01-21');
    await event(guichet, pc, 'NOTIFY_DECISION', '2026-01-23');
    const t = ok(await guichet.post('/api/dossiers', { type: 'transfert', parentId: pc, filedOn: '2026-03-02', applicant: COMPANY }), 201);
    const answer = JSON.stringify(ok(await instructeur.get(`/api/dossiers/${t.id}`)));
    expect(answer).not.toMatch(/unconfirmed/i);
    expect(answer).toContain('pratique administrative');

    const doc = ok(await guichet.post(`/api/dossiers/${t.id}/documents`, { kind: 'recepisse' }), 201);
    const text = flat(pdfText((await guichet.get(doc.url)).bytes));
    expect(text).not.toMatch(/unconfirmed/i);
    expect(text).not.toMatch(/article pratique/);
    expect(text).toContain('pratique administrative');
    expect(text).toContain('transfert tacite');
  });
});
