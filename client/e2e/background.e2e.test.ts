// The background map in a real browser, with the default configuration (IGN's Géoplateforme WMTS).
// The tests never reach the internet: Chromium's requests to data.geopf.fr are intercepted, answered
// with a local PNG in the first test and refused as by a cut network in the second.
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { buildApp } from '../../server/app.ts';
import { parseConfig } from '../../server/config.ts';
import type { Db } from '../../server/db.ts';
import { loadDemo } from '../../server/demo/load.ts';
import { testDb } from '../../server/testing/db.ts';
import { serve, type TestServer } from '../../server/testing/http.ts';
import { launchChromium } from './browser.ts';

const IGN = 'https://data.geopf.fr/wmts**';
const SHOTS = path.resolve('test-results', 'browser');

/** A one-pixel PNG of one colour: OpenLayers stretches it over the whole tile, plain to see on a screenshot. */
function png(r: number, g: number, b: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.from([0, r, g, b]))), chunk('IEND', Buffer.alloc(0)),
  ]);
}

let db: Db;
let server: TestServer;
let browser: { context: BrowserContext; close: () => Promise<void> };

beforeAll(async () => {
  db = await testDb();
  await loadDemo(db);
  // The backgrounds of a server started with no TERRIER_BACKGROUNDS: the defaults under test.
  server = await serve(buildApp(db, { backgrounds: parseConfig({}).backgrounds }));
  browser = await launchChromium({ width: 1366, height: 768 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db?.close();
});

/** A fresh page whose console errors, page errors and failed requests are collected. */
async function open(): Promise<{ page: Page; problems: string[]; failed: Request[] }> {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  const failed: Request[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => failed.push(r));
  return { page, problems, failed };
}

const backgroundState = (page: Page) => page.evaluate(() => {
  const layer = window.terrier!.map.getLayers().getArray().find((l) => l.get('name') === 'fond')!;
  return { visible: layer.getVisible(), hasSource: (layer as unknown as { getSource: () => unknown }).getSource() !== null };
});

describe('background map', () => {
  it("shows IGN's Plan IGN by default, with its attribution, and switches to the orthophotos and to none", async () => {
    const { page, problems, failed } = await open();
    const asked: string[] = [];
    await page.route(IGN, (route) => {
      asked.push(route.request().url());
      const jpeg = route.request().url().includes('FORMAT=image/jpeg');
      // Plan: pale green; orthophotos: pale brown (any image will do: the browser only decodes it).
      return route.fulfill({ status: 200, contentType: jpeg ? 'image/jpeg' : 'image/png', body: jpeg ? png(214, 196, 160) : png(200, 230, 200) });
    });
    const res = await page.goto(server.url);
    // The page may load images from IGN's server and its own only.
    expect(res!.headers()['content-security-policy']).toMatch(/img-src 'self' data: blob: https:\/\/data\.geopf\.fr;/);
    await page.waitForFunction(() => window.terrier !== undefined);

    expect(await page.isChecked('#fond-plan-ign')).toBe(true);
    await expect.poll(() => backgroundState(page), { timeout: 30_000 }).toEqual({ visible: true, hasSource: true });
    await expect.poll(() => asked.filter((u) => u.includes('LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2')).length, { timeout: 30_000 }).toBeGreaterThan(1);
    for (const u of asked) expect(u).toMatch(/SERVICE=WMTS&REQUEST=GetTile&.*TILEMATRIXSET=PM&TILEMATRIX=\d+&TILEROW=\d+&TILECOL=\d+/);
    await expect.poll(() => page.textContent('.ol-attribution')).toContain('© IGN – Géoplateforme');
    expect(await page.isVisible('.ol-attribution a[href="https://geoservices.ign.fr/"]')).toBe(true);
    expect(await page.textContent('#fond-etat')).toBe('');
    await page.screenshot({ path: path.join(SHOTS, 'fond-plan-ign.png') });

    await page.check('#fond-ortho-ign');
    await expect.poll(() => asked.some((u) => u.includes('LAYER=ORTHOIMAGERY.ORTHOPHOTOS') && u.includes('FORMAT=image/jpeg')), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => backgroundState(page)).toEqual({ visible: true, hasSource: true });

    await page.check('#fond-aucun');
    await expect.poll(() => backgroundState(page)).toEqual({ visible: false, hasSource: false });
    await expect.poll(() => page.textContent('.ol-attribution')).not.toContain('IGN');
    // The choice is remembered: the page opens again on no background.
    await page.reload();
    await page.waitForFunction(() => window.terrier !== undefined);
    expect(await page.isChecked('#fond-aucun')).toBe(true);
    await page.evaluate(() => localStorage.removeItem('terrier.fond'));

    expect(problems).toEqual([]);
    expect(failed.map((r) => r.url())).toEqual([]);
    await page.close();
  });

  it('falls back to a plain background when the tile server cannot be reached, and recovers once it can', async () => {
    const { page, problems, failed } = await open();
    let reachable = false;
    const asked: string[] = [];
    await page.route(IGN, (route) => {
      asked.push(route.request().url());
      return reachable ? route.fulfill({ status: 200, contentType: 'image/png', body: png(200, 230, 200) }) : route.abort('internetdisconnected');
    });
    await page.goto(server.url);
    await page.waitForFunction(() => window.terrier !== undefined);

    await expect.poll(() => page.textContent('#fond-etat'), { timeout: 30_000 }).toMatch(/^Fond de plan « Plan IGN » indisponible .*: la carte s’affiche sur fond uni\.$/);
    expect(await backgroundState(page)).toEqual({ visible: false, hasSource: false });
    // The map still draws its data: the demo's parcels, once zoomed in enough for them.
    await page.evaluate(() => { const v = window.terrier!.map.getView(); if ((v.getZoom() ?? 0) < 15.5) v.setZoom(15.5); });
    await page.waitForFunction(() => {
      const { map, layers } = window.terrier!;
      return layers.get('parcelles')!.getFeaturesInExtent(map.getView().calculateExtent(map.getSize())).length > 0;
    }, null, { timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, 'fond-indisponible.png') });
    // One probe tile was asked for, not a screenful; the page logged nothing of its own. Chromium
    // reports the refused request itself ("Failed to load resource"), which is the network's doing.
    expect(asked).toHaveLength(1);
    expect(failed.map((r) => r.url())).toEqual(asked);
    expect(problems.filter((p) => !/^console: Failed to load resource: net::ERR_INTERNET_DISCONNECTED$/.test(p))).toEqual([]);
    expect(await page.textContent('.ol-attribution').catch(() => '')).not.toContain('IGN');

    // The network comes back: the browser says so, and the background appears without a reload.
    reachable = true;
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect.poll(() => backgroundState(page), { timeout: 30_000 }).toEqual({ visible: true, hasSource: true });
    await expect.poll(() => page.textContent('#fond-etat')).toBe('');
    await page.close();
  });
});
