// Terrier on a phone (390 × 844, RGAA 10.11 reflow) in a real browser: the map keeps the width of the
// screen, the header wraps with every control on screen, and the panels (layers, info panel, desk,
// a permit's public page) are bottom sheets over the map that fold and unfold. Screenshots go to
// docs/phone-*.png, where the README shows them.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openWorld, type World } from './harness.ts';

const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs');
const WIDTH = 390, HEIGHT = 844;

let world: World;
let page: Page;

beforeAll(async () => {
  world = await openWorld({ width: WIDTH, height: HEIGHT });
  page = world.page;
});

afterAll(async () => {
  await world?.close();
});

const box = async (selector: string) => (await page.locator(selector).boundingBox())!;

/** Every visible control of the header lies inside the screen (none pushed off to the right). */
const expectHeaderOnScreen = () => expectHeaderOnScreenAt(WIDTH);
async function expectHeaderOnScreenAt(screenWidth: number): Promise<void> {
  const outside = await page.$$eval('.app-header a, .app-header button, .app-header input, .app-header select', (els, width) => els
    .filter((e) => (e as HTMLElement).offsetParent !== null && !e.closest('.visually-hidden, [hidden]'))
    .map((e) => ({ id: e.id || e.textContent, r: e.getBoundingClientRect() }))
    .filter(({ r }) => r.width > 0 && (r.left < 0 || r.right > width + 0.5))
    .map(({ id, r }) => `${id}: ${Math.round(r.left)}–${Math.round(r.right)}`), screenWidth);
  expect(outside).toEqual([]);
}

/** The map is wide enough to use, and OpenLayers knows its size. */
async function expectMapUsable(): Promise<void> {
  const map = await box('#map');
  expect(map.width).toBeGreaterThan(300);
  expect(map.height).toBeGreaterThan(300);
  const size = await page.evaluate(() => window.terrier!.map.getSize());
  expect(size![0]).toBeGreaterThan(300);
}

describe('on a phone (390 × 844)', () => {
  it('shows the map over the whole width; the layers fold into a button and open as a sheet', async () => {
    await page.goto(world.server.url);
    await page.waitForFunction(() => window.terrier !== undefined);
    await world.settle();
    await expectMapUsable();
    await expectHeaderOnScreen();
    // The header speaks plain French, no database jargon.
    await expect.poll(() => page.textContent('#health')).toMatch(/^Service en ligne/);
    expect(await page.textContent('#health')).not.toMatch(/base|pglite|postgis/i);

    // Layers and legend: folded by default, a button at the top right of the map.
    const handle = page.locator('.sheet-sidebar .sheet-handle');
    expect(await handle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.isVisible('#layer-switcher')).toBe(false);
    const folded = (await handle.boundingBox())!;
    expect(folded.x + folded.width).toBeLessThanOrEqual(WIDTH);
    await page.screenshot({ path: path.join(DOCS, 'phone-carte.png') });

    await handle.click();
    expect(await handle.getAttribute('aria-expanded')).toBe('true');
    expect(await page.isVisible('#layer-switcher')).toBe(true);
    const sheet = await box('.sheet-sidebar');
    expect(sheet.y + sheet.height).toBeCloseTo((await box('.app-main')).y + (await box('.app-main')).height, 0);
    expect(sheet.height).toBeLessThan(HEIGHT * 0.5);
    await page.screenshot({ path: path.join(DOCS, 'phone-couches.png') });
    await handle.click();
    expect(await page.isVisible('#layer-switcher')).toBe(false);
  });

  it('opens the info panel of a tapped point as a sheet that folds', async () => {
    await page.evaluate(() => { const v = window.terrier!.map.getView(); if ((v.getZoom() ?? 0) < 16) v.setZoom(16); });
    await world.settle();
    const map = await box('#map');
    await page.mouse.click(map.x + map.width / 2, map.y + map.height / 3);
    await page.waitForSelector('#info-panel:not([hidden])');
    const panel = await box('#info-panel');
    expect(panel.x).toBeGreaterThanOrEqual(0);
    expect(panel.x + panel.width).toBeLessThanOrEqual(WIDTH);
    expect(panel.height).toBeLessThan(HEIGHT * 0.5);
    expect(await page.isVisible('#info-body')).toBe(true);
    await page.screenshot({ path: path.join(DOCS, 'phone-fiche.png') });

    await page.click('.info-fold');
    expect(await page.getAttribute('.info-fold', 'aria-expanded')).toBe('false');
    expect(await page.isVisible('#info-body')).toBe(false);
    expect((await box('#info-panel')).height).toBeLessThan(80);
    await page.click('.info-fold');
    expect(await page.isVisible('#info-body')).toBe(true);
    await page.click('#info-close');
    expect(await page.isHidden('#info-panel')).toBe(true);
  });

  it("shows a permit's public page as a sheet over the map", async () => {
    const all = (await world.server.get('/api/public/autorisations?bbox=-180,-90,180,90')).body as { features: { properties: { num_dau: string } }[] };
    const number = all.features[0]!.properties.num_dau;
    await page.evaluate((n) => { location.hash = `#autorisation/${encodeURIComponent(n)}`; }, number);
    await expect.poll(() => page.textContent('#public-title'), { timeout: 30_000 }).toBe(number);
    const handle = page.locator('.sheet-public .sheet-handle');
    expect(await handle.getAttribute('aria-expanded')).toBe('true');
    const sheet = await box('.sheet-public');
    expect(sheet.x).toBe(0);
    expect(sheet.width).toBe(WIDTH);
    await expectMapUsable();
    await expectHeaderOnScreen();
    await page.screenshot({ path: path.join(DOCS, 'phone-autorisation.png') });

    await handle.click();
    expect(await page.isVisible('#public-title')).toBe(false);
    expect((await box('.sheet-public')).height).toBeLessThan(60);
    await handle.click();
    expect(await page.isVisible('#public-title')).toBe(true);
    await page.evaluate(() => { location.hash = ''; });
    await page.waitForSelector('#public-panel', { state: 'hidden' });
    expect(await page.isVisible('.sheet-public')).toBe(false);
  });

  it('logs staff in with the logout button on screen, and shows the desk list as a sheet', async () => {
    await page.click('#login-open');
    await page.fill('#login-user', 'instructeur');
    await page.fill('#login-password', 'instructeur-demo-terrier');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#logout');
    await expectHeaderOnScreen();
    const logout = await box('#logout');
    expect(logout.x + logout.width).toBeLessThanOrEqual(WIDTH);
    expect(logout.y + logout.height).toBeLessThanOrEqual(HEIGHT / 2);

    await page.evaluate(() => { location.hash = '#dossiers'; });
    await page.waitForSelector('#desk-list tbody tr', { timeout: 30_000 });
    expect(await page.isVisible('.sheet-desk')).toBe(true);
    await expectMapUsable();
    await page.screenshot({ path: path.join(DOCS, 'phone-bureau.png') });
    const handle = page.locator('.sheet-desk .sheet-handle');
    await handle.click();
    expect(await page.isVisible('#desk-list')).toBe(false);
    await handle.click();
    expect(await page.isVisible('#desk-list')).toBe(true);

    await page.click('#logout');
    await page.waitForSelector('#login-open');
  });
});

describe('back on a laptop (1366 × 768)', () => {
  it('keeps the panels beside the map, with no sheet handle', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.evaluate(() => { location.hash = ''; });
    await page.evaluate(() => window.terrier!.map.updateSize());
    expect(await page.isVisible('.sheet-handle')).toBe(false);
    expect(await page.isVisible('#layer-switcher')).toBe(true);
    expect((await box('#sidebar')).width).toBe(290);
    const all = (await world.server.get('/api/public/autorisations?bbox=-180,-90,180,90')).body as { features: { properties: { num_dau: string } }[] };
    await page.evaluate((n) => { location.hash = `#autorisation/${encodeURIComponent(n)}`; }, all.features[0]!.properties.num_dau);
    await page.waitForSelector('#public-title');
    // The public page beside the map, right of it, the whole height; nothing wider than the screen.
    const [map, panel] = [await box('#map'), await box('#public-panel')];
    expect(panel.x).toBeGreaterThanOrEqual(map.x + map.width - 1);
    expect(panel.x + panel.width).toBeLessThanOrEqual(1366);
    expect(map.width).toBeGreaterThan(500);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    await expectHeaderOnScreenAt(1366);

    // The desk's list beside the map too, the header's controls all on screen once logged in.
    await page.evaluate(() => { location.hash = ''; });
    await page.click('#login-open');
    await page.fill('#login-user', 'instructeur');
    await page.fill('#login-password', 'instructeur-demo-terrier');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#logout');
    await page.evaluate(() => { location.hash = '#dossiers'; });
    await page.waitForSelector('#desk-list tbody tr', { timeout: 30_000 });
    const [map2, desk] = [await box('#map'), await box('#desk')];
    expect(desk.x).toBeGreaterThanOrEqual(map2.x + map2.width - 1);
    expect(desk.x + desk.width).toBeLessThanOrEqual(1366);
    expect(map2.width).toBeGreaterThan(500);
    await expectHeaderOnScreenAt(1366);
    await page.click('#logout');
    await page.waitForSelector('#login-open');
    expect(world.problems).toEqual([]);
  });
});
