// The élus' dashboard in a real browser, on the demo commune and its 15 months of dossiers: the élu
// logs in and lands on it, sees the figures, switches the period, reads a table view (checked
// against the API) and downloads a CSV. Screenshots: test-results/browser/stats-*.png and, for the
// documentation, docs/dashboard.png.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { localDate } from '../../server/dossiers/dates.ts';
import type { TestServer } from '../../server/testing/http.ts';
import { openWorld, type World } from './harness.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NUMBER = new Intl.NumberFormat('fr-FR');
let world: World;
let page: Page;
let server: TestServer;
let problems: string[];
const today = localDate();
const lastYear = Number(today.slice(0, 4)) - 1;

beforeAll(async () => {
  world = await openWorld({ width: 1366, height: 900 });
  ({ page, server, problems } = world);
}, 300_000);
afterAll(async () => { await world?.close(); });

/** The decisions table's rows as shown: [label, count, share]. */
const decisionRows = () => page.$$eval('#table-decisions tbody tr', (trs) => trs.map((tr) => [...tr.children].slice(0, 3).map((c) => c.textContent ?? '')));

describe('the élus\' dashboard', () => {
  it('an élu logs in and lands on the dashboard, with this year\'s figures', async () => {
    await page.goto(server.url);
    await page.click('#login-open');
    await page.fill('#login-user', 'elu');
    await page.fill('#login-password', 'elu-demo-terrier');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash === '#tableau-de-bord');
    await page.waitForSelector('#kpi-decisions');
    expect(await page.isVisible('#map')).toBe(false);
    const api = await page.evaluate(async (t) => (await fetch(`/api/stats?from=${t.slice(0, 4)}-01-01&to=${t}`)).json(), today);
    expect(await page.textContent('#kpi-decisions strong')).toBe(NUMBER.format(api.outcomes.decisions));
    expect(await page.textContent('#stats-subtitle')).toContain(`01/01/${today.slice(0, 4)}`);
    // Plots are SVG with a text alternative; the map of sections is drawn by OpenLayers.
    expect(await page.locator('#figure-activite .stats-plot > [role="img"]').getAttribute('aria-label')).toContain('tableau');
    expect(await page.locator('#figure-activite .stats-plot svg').count()).toBeGreaterThan(0);
    await page.waitForSelector('#stats-map canvas');
    await world.shot('stats-elu.png');
  });

  it('switching the period redraws every figure for it; a table view gives the numbers of the plot', async () => {
    await page.click('#stats-preset-2');
    await page.waitForFunction((y) => document.querySelector('#stats-subtitle')?.textContent?.includes(`31/12/${y}`), lastYear);
    await page.waitForSelector('#table-decisions', { state: 'attached' });
    const api = await page.evaluate(async (y) => (await fetch(`/api/stats?from=${y}-01-01&to=${y}-12-31`)).json(), lastYear);
    expect(api.outcomes.decisions).toBeGreaterThan(0); // the demo holds 15 months of dossiers
    await page.click('#figure-decisions summary');
    expect(await page.isVisible('#table-decisions')).toBe(true);
    const rows = await decisionRows();
    const pct = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });
    expect(rows).toEqual(api.outcomes.rows.map((r: any) => [expect.any(String), NUMBER.format(r.count), r.share === null ? '—' : pct.format(r.share)]));
    expect(rows[0]![0]).toBe('Accord');
    await page.evaluate(() => document.querySelector('#stats-page')!.scrollTo(0, 0));
    await page.screenshot({ path: path.join(ROOT, 'docs', 'dashboard.png'), fullPage: false });
    await world.shot('stats-period.png');
  });

  it('a figure downloads as CSV for a French spreadsheet (semicolons, French headers, the same numbers)', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv-decisions')]);
    expect(download.suggestedFilename()).toBe(`decisions-${lastYear}-01-01-${lastYear}-12-31.csv`);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    const lines = text.replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines[0]).toBe('Décision;Nombre;Part;Par type');
    const api = await page.evaluate(async (y) => (await fetch(`/api/stats?from=${y}-01-01&to=${y}-12-31`)).json(), lastYear);
    expect(lines.slice(1).map((l) => Number(l.split(';')[1]))).toEqual(api.outcomes.rows.map((r: any) => r.count));
  });

  it('the map of the period: sections coloured by permits filed, with a legend', async () => {
    await page.click('#stats-preset-1');
    await page.waitForSelector('#stats-map canvas');
    expect(await page.locator('#stats-legend li, .stats-legend li').count()).toBe(4);
    await page.evaluate(() => document.querySelector('#figure-sections')!.scrollIntoView());
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(ROOT, 'docs', 'dashboard-map.png') });
  });

  it('staff reach it from the header; nothing went wrong in the page', async () => {
    expect(await page.isVisible('#nav-dashboard')).toBe(true);
    expect(problems).toEqual([]);
  });
});
