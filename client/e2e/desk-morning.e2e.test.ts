// A service's morning at the desk, in a real Chromium (and its main path in Firefox): the instructeur
// logs in and lands on "Mes dossiers", overdue first then by the nearest deadline, each row saying who
// is in charge; the list sorts on a column; the chef de service reassigns a dossier to the second
// instructeur, writes a note, and reads the full history (legal date, date of entry, who). What the page
// shows is compared with what the API says. Screenshots: docs/desk-*.png (Chromium),
// test-results/browser/firefox-desk-*.png (Firefox).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { localDate } from '../../server/dossiers/dates.ts';
import { frDate } from '../desk/dates.ts';
import { axeViolations } from './axe.ts';
import { openWorld, type World } from './harness.ts';
import { firefoxPage, launchFirefox, type Firefox, type FirefoxPage } from './firefox.ts';

const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs');
const today = localDate();
let world: World;
let page: Page;
/** Screenshots for the documentation go to docs/ (Chromium, PGlite run only, so one engine writes them). */
const doc = (name: string) => page.screenshot({ path: world.db.engine === 'pglite' ? path.join(DOCS, name) : path.join('test-results', 'browser-postgresql', name) });
const api = (url: string) => page.evaluate(async (u) => (await fetch(u)).json(), url);
const rowIds = () => page.$$eval('#desk-list tbody tr', (trs) => trs.map((tr) => Number((tr as HTMLElement).dataset.id)));

async function login(user: string): Promise<void> {
  await page.click('#login-open');
  await page.fill('#login-user', user);
  await page.fill('#login-password', `${user}-demo-terrier`);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#logout'); // a login hashes at the production cost: seconds on a loaded machine
}

let reassigned = 0;
/** axe-core's WCAG 2.1 A/AA violations, by page checked (asserted empty at the end). */
const accessibility: Record<string, string[]> = {};
const axe = async (name: string) => { accessibility[name] = await axeViolations(page); };

beforeAll(async () => {
  world = await openWorld({ width: 1366, height: 900 });
  page = world.page;
});
afterAll(async () => { await world?.close(); });

describe('a morning at the desk (Chromium)', () => {
  it('the instructeur lands on "Mes dossiers": his dossiers only, overdue first then by the nearest deadline', async () => {
    await page.goto(world.server.url);
    await page.waitForFunction(() => window.terrier !== undefined);
    await login('instructeur');
    await page.click('#desk-nav a[href="#dossiers"]');
    await page.waitForSelector('#desk-list tbody tr');
    expect(await page.textContent('#desk-title')).toBe('Mes dossiers');
    expect(await page.isChecked('#filtre-mes-dossiers')).toBe(true);
    const expected = await api('/api/dossiers?mine=1&sort=deadline&limit=50');
    expect(expected.items.length).toBeGreaterThan(0);
    await expect.poll(rowIds, { timeout: 20_000 }).toEqual(expected.items.map((i: any) => i.id));
    expect(new Set(await page.$$eval('#desk-list td.desk-in-charge', (tds) => tds.map((td) => (td as HTMLElement).dataset.instructeur)))).toEqual(new Set(['instructeur']));
    // Overdue first, then the nearest: the next due days never go back.
    const dues = expected.items.map((i: any) => i.nextDue?.on ?? '9999-12-31');
    expect(dues).toEqual([...dues].sort());
    const overdue = await page.$$eval('#desk-list tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.overdue === 'true'));
    expect(overdue).toEqual([...overdue].sort((a, b) => Number(b) - Number(a)));
    // The columns the issue asks for, the applicant included (staff).
    expect(await page.$$eval('#desk-list thead th', (ths) => ths.map((th) => th.textContent!.replace(/ [▲▼]$/, ''))))
      .toEqual(['Numéro', 'Type', 'Demandeur', 'Commune', 'Dépôt', 'État', 'Échéance', 'Instructeur']);
    expect(await page.getAttribute('#desk-list th:has([data-sort="deadline"])', 'aria-sort')).toBe('ascending');
    await axe('mes dossiers');
    await doc('desk-mes-dossiers.png');
  });

  it('a column header sorts the list, and again the other way', async () => {
    await page.click('#desk-list [data-sort="filed"]');
    const desc = await api('/api/dossiers?mine=1&sort=filed&limit=50');
    await expect.poll(rowIds, { timeout: 20_000 }).toEqual(desc.items.map((i: any) => i.id));
    expect(await page.getAttribute('#desk-list th:has([data-sort="filed"])', 'aria-sort')).toBe('descending');
    await page.click('#desk-list [data-sort="filed"]');
    const asc = await api('/api/dossiers?mine=1&sort=filed&order=asc&limit=50');
    await expect.poll(rowIds, { timeout: 20_000 }).toEqual(asc.items.map((i: any) => i.id));
    await page.click('#desk-list [data-sort="deadline"]');
    await expect.poll(() => page.getAttribute('#desk-list th:has([data-sort="deadline"])', 'aria-sort'), { timeout: 20_000 }).toBe('ascending');
  });

  it('the chef de service reassigns a dossier to the second instructeur; the page and the API agree', async () => {
    await page.click('#logout');
    await page.waitForSelector('#login-open');
    await login('chef');
    await page.evaluate(() => { location.hash = '#dossiers'; });
    await page.waitForSelector('#desk-list tbody tr');
    expect(await page.textContent('#desk-title')).toBe('Dossiers');
    reassigned = (await rowIds())[0]!;
    await page.click(`#desk-list tr[data-id="${reassigned}"] a`);
    await page.waitForSelector('#desk-in-charge');
    expect(await page.getAttribute('#desk-in-charge', 'data-instructeur')).toBe('instructeur');
    const before = await api(`/api/dossiers/${reassigned}`);
    const ines = (await api('/api/instructeurs')).find((u: any) => u.login === 'instructeur2');
    await page.waitForSelector('#assign-submit:not([disabled])');
    await page.selectOption('#assign-select', String(ines.id));
    await page.click('#assign-submit');
    await page.waitForSelector('.desk-msg-ok');
    expect(await page.textContent('.desk-msg-ok')).toBe('Dossier confié à Inès Instructrice (démo).');
    expect(await page.getAttribute('#desk-in-charge', 'data-instructeur')).toBe('instructeur2');
    const after = await api(`/api/dossiers/${reassigned}`);
    expect(after).toMatchObject({ version: before.version + 1, state: before.state, instructeur: { login: 'instructeur2' } });
    expect(after.journal.at(-1)).toMatchObject({ event: 'ASSIGN', actor: 'chef', payload: { instructeur: 'instructeur2', before: 'instructeur' } });
    await page.locator('#desk-assignment').scrollIntoViewIfNeeded();
    await axe('réattribution');
    await doc('desk-reattribution.png');
  });

  it('writes a private note, kept with its author and time', async () => {
    await page.fill('#note-body', 'Le voisin a appelé au sujet de la limite séparative : à vérifier sur place.');
    await page.click('#note-submit');
    await page.waitForSelector('#desk-notes li');
    expect(await page.textContent('#desk-notes li .desk-note-body')).toBe('Le voisin a appelé au sujet de la limite séparative : à vérifier sur place.');
    expect(await page.textContent('#desk-notes li .desk-note-meta')).toMatch(/^Charles Chef de service \(démo\) \(Chef de service\) — \d\d\/\d\d\/\d{4} à \d\d:\d\d$/);
    expect(await api(`/api/dossiers/${reassigned}/notes`)).toHaveLength(1);
    await page.locator('#desk-notes-card').scrollIntoViewIfNeeded();
    await axe('notes');
    await doc('desk-notes.png');
  });

  it('reads the full history: every act with its legal date, its date of entry and who recorded it', async () => {
    await page.click('#desk-history-details summary');
    await page.waitForSelector('#desk-history tbody tr');
    const journal = await api(`/api/dossiers/${reassigned}/journal`);
    const rows = await page.$$eval('#desk-history tbody tr', (trs) => trs.map((tr) => ({ event: (tr as HTMLElement).dataset.event,
      cells: [...tr.querySelectorAll('td')].map((td) => td.textContent) })));
    expect(rows.map((r) => r.event)).toEqual(journal.map((e: any) => e.event));
    const last = rows.at(-1)!;
    expect(last.cells[0]).toBe(frDate(today));
    expect(last.cells[1]).toMatch(new RegExp(`^${frDate(today).replace(/\//g, '\\/')} à \\d\\d:\\d\\d$`));
    expect(last.cells[2]).toBe('Charles Chef de service (démo) (Chef de service)');
    expect(last.cells[3]).toBe('Attribution à un instructeurConfié à instructeur2 (avant : instructeur)');
    expect(rows[0]!.cells[0]).toBe(frDate(journal[0].on));
    await page.locator('#desk-history-card').scrollIntoViewIfNeeded();
    await axe('historique');
    await doc('desk-historique.png');
  });

  it('axe-core finds no WCAG 2.1 A/AA violation on Mes dossiers, the reassignment, the notes and the history', () => {
    expect(Object.keys(accessibility)).toEqual(['mes dossiers', 'réattribution', 'notes', 'historique']);
    expect(accessibility).toEqual({ 'mes dossiers': [], réattribution: [], notes: [], historique: [] });
  });

  it('logged no console error, failed request or server error', () => {
    expect(world.problems).toEqual([]);
  });
});

describe('the same morning in Firefox (main path)', () => {
  let fx: Firefox | undefined;
  let ff: FirefoxPage;
  const shot = async (name: string) => fs.writeFileSync(path.join(world.db.engine === 'pglite' ? 'test-results/browser' : 'test-results/browser-postgresql', `firefox-${name}`), await ff.screenshot());
  const text = (s: string) => ff.evaluate((sel: string) => document.querySelector(sel)?.textContent ?? null, s);
  const click = (s: string) => ff.evaluate((sel: string) => { (document.querySelector(sel) as HTMLElement).click(); }, s);
  const loginFx = async (user: string) => {
    await ff.waitFor(() => document.querySelector('#login-open') !== null);
    await click('#login-open');
    await ff.evaluate((u: string) => {
      (document.querySelector('#login-user') as HTMLInputElement).value = u;
      (document.querySelector('#login-password') as HTMLInputElement).value = `${u}-demo-terrier`;
      (document.querySelector('.login-form') as HTMLFormElement).requestSubmit();
    }, user);
    await ff.waitFor(() => document.querySelector('#logout') !== null);
  };

  beforeAll(async () => {
    fx = await launchFirefox();
    ff = await firefoxPage(fx, { width: 1366, height: 900 });
  });
  afterAll(async () => { await fx?.close(); });

  it('log in, "Mes dossiers" by deadline, reassign as chef, write a note, read the history', async () => {
    await ff.goto(world.server.url);
    expect(await ff.evaluate(() => navigator.userAgent)).toMatch(/Firefox\/\d+/);
    await ff.waitFor(() => window.terrier !== undefined);
    await loginFx('instructeur');
    await ff.evaluate(() => { location.hash = '#dossiers'; });
    await ff.waitFor(() => document.querySelectorAll('#desk-list tbody tr').length > 0);
    expect(await text('#desk-title')).toBe('Mes dossiers');
    const mine = await ff.evaluate(async () => (await (await fetch('/api/dossiers?mine=1&sort=deadline&limit=50')).json()).items.map((i: any) => i.id));
    await ff.waitFor((ids: number[]) => JSON.stringify([...document.querySelectorAll<HTMLElement>('#desk-list tbody tr')].map((tr) => Number(tr.dataset.id))) === JSON.stringify(ids), 10_000, mine);
    await shot('desk-mes-dossiers.png');

    await click('#logout');
    await loginFx('chef');
    // A dossier still Ivan's (the Chromium test gave one to Inès).
    const id = mine.find((x: number) => x !== reassigned)!;
    await ff.evaluate((x: number) => { location.hash = `#dossier/${x}`; }, id);
    await ff.waitFor(() => document.querySelector('#assign-submit:not([disabled])') !== null);
    await ff.evaluate(async () => {
      const ines = (await (await fetch('/api/instructeurs')).json()).find((u: any) => u.login === 'instructeur2');
      const select = document.querySelector('#assign-select') as HTMLSelectElement;
      select.value = String(ines.id);
      (document.querySelector('#assign-submit') as HTMLElement).click();
    });
    await ff.waitFor(() => document.querySelector('#desk-in-charge')?.getAttribute('data-instructeur') === 'instructeur2');
    await ff.evaluate(() => {
      (document.querySelector('#note-body') as HTMLTextAreaElement).value = 'Pièces à relancer lundi.';
      (document.querySelector('#note-submit') as HTMLElement).click();
    });
    await ff.waitFor(() => document.querySelector('#desk-notes li .desk-note-body')?.textContent === 'Pièces à relancer lundi.');
    await click('#desk-history-details summary');
    await ff.waitFor(() => document.querySelector('#desk-history tbody tr[data-event="ASSIGN"]') !== null);
    const last = await ff.evaluate(() => [...document.querySelectorAll('#desk-history tbody tr')].at(-1)!.querySelectorAll('td')[2]!.textContent);
    expect(last).toBe('Charles Chef de service (démo) (Chef de service)');
    await shot('desk-historique.png');
    expect(world.problems).toEqual([]);
  });
});
