// The README's "Loading a real commune", done as a newcomer does it and then looked at in a real
// browser (npm run test:data-browser): the README's own commands (`npm run import -- …`, and
// `npm run user -- add` for a staff account) fill a fresh embedded database in a scratch folder with
// the full real data — the Etalab cadastre of Épinay-sur-Orge without its communes file, the PLU of
// Arpaillargues-et-Aureillac, the AC1 of Corse-du-Sud and one raw EDIGEO feuille of
// Cornillon-Confoux —; the app is served on that database and opened in Chromium, each commune is
// searched by its name as the README writes it, and its parcels, zones or servitudes are drawn where
// the map lands. Then the phone layout (390 × 844) on the same data. Screenshots: docs/real-*.png.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../server/db.ts';
import { shared } from '../../server/import/test-helpers.ts';
import { openWorld, type World } from './harness.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DOCS = path.join(ROOT, 'docs');
const PASSWORD = 'donnees-reelles-essai';

let dataDir: string;
let world: World;
let page: Page;
const printed: Record<string, string> = {};

/** `npm run <script> -- <args>` in the project, on the scratch database, as typed in a shell; stdin gets `input`. */
function npmRun(script: string, args: string[], input = ''): Promise<string> {
  // The embedded database of the README: TERRIER_DATA_DIR, never a DATABASE_URL of the caller.
  const env: NodeJS.ProcessEnv = { ...process.env, TERRIER_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script, '--', ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.stdin.end(input);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`npm run ${script} -- ${args.join(' ')} exited with ${code}:\n${out}`));
    });
  });
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'terrier-real-commune-'));
  // One after the other: the embedded database is single-writer.
  printed.cadastre = await npmRun('import', ['cadastre', shared('cadastre/etalab/cadastre-91216-parcelles.json')]);
  printed.plu = await npmRun('import', ['plu', shared('plu/30014_arpaillargues-et-aureillac')]);
  printed.sup = await npmRun('import', ['sup', shared('sup/ac1_2a_corse-du-sud')]);
  printed.edigeo = await npmRun('import', ['cadastre', shared('cadastre/edigeo-raw/13029/edigeo-130290000A01.tar.bz2')]);
  printed.user = await npmRun('user', ['add', 'instructrice', '--role', 'instructeur', '--name', 'Jeanne Essai'], `${PASSWORD}\n`);
  // The CLI has closed the database: the app opens it like `npm start` would.
  const db = await openDb({ dataDir });
  world = await openWorld({ width: 1024, height: 640 }, db);
  page = world.page;
}, 900_000);

afterAll(async () => {
  await world?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Features of the layers drawn in the current view, counted per layer (0 when the layer is hidden at this zoom). */
const drawn = () => page.evaluate(() => {
  const { map, layers } = window.terrier!;
  const extent = map.getView().calculateExtent(map.getSize());
  const of = (name: string) => {
    const layer = layers.get(name)!;
    const features = layer.isVisible(map.getView()) ? layer.getFeaturesInExtent(extent) : [];
    const values = (key: string) => [...new Set(features.map((f) => String(f.get(key) ?? '')))].filter(Boolean).sort();
    return { n: features.length, communes: values('commune'), categories: values('categorie').map((c) => c.toUpperCase()), idurba: values('idurba') };
  };
  return { parcelles: of('parcelles'), zone_urba: of('zone_urba'), assiettes_sup: of('assiettes_sup'), generateurs_sup: of('generateurs_sup') };
});

/**
 * A screenshot in docs/ one zoom level closer: a whole dense cadastre at the parcels' first zoom makes
 * a PNG several times the size of the other screenshots there.
 */
async function shotCloser(name: string): Promise<void> {
  await page.evaluate(() => { const v = window.terrier!.map.getView(); v.setZoom(v.getZoom()! + 1); });
  await world.settle();
  await page.screenshot({ path: path.join(DOCS, name) });
}

/** Types `text` in the search box as a user would, and chooses the commune `insee` among the results. */
async function findCommune(text: string, insee: string): Promise<void> {
  const input = page.locator('#find-input');
  await input.fill('');
  await input.focus();
  await input.pressSequentially(text, { delay: 30 });
  const option = page.locator(`#find-results [role="option"][data-kind="commune"][data-id="${insee}"]`);
  await option.waitFor({ timeout: 30_000 });
  expect(await option.locator('.find-kind').textContent()).toBe('Commune');
  await option.click();
  await page.waitForTimeout(100);
  await page.waitForFunction(() => !window.terrier!.map.getView().getAnimating());
  await world.settle();
  // The header's selector follows, so that « AB 37 » typed next is looked for in this commune.
  expect(await page.inputValue('#commune-select')).toBe(insee);
}

describe('the README\'s commands on the full real data', () => {
  it('import each file and create the account, saying what they imported', () => {
    expect(printed.cadastre).toMatch(/4241 importé/);
    expect(printed.cadastre).toMatch(/communes : 91216/);
    expect(printed.plu).toMatch(/documents : 30014_PLU_20171013/);
    expect(printed.sup).toMatch(/partitions : 172014607_SUP_2A_AC1/);
    expect(printed.sup).toMatch(/2A041/);
    expect(printed.edigeo).toMatch(/389 importé/);
    expect(printed.edigeo).toMatch(/communes : 13029/);
    expect(printed.user).not.toMatch(/erreur|invalide/i);
  });
});

describe('each commune found by its name, its content drawn where the map lands', () => {
  it('opens the map on what was imported', async () => {
    await page.goto(world.server.url);
    await page.waitForFunction(() => window.terrier !== undefined);
    await expect.poll(() => page.textContent('#health')).toMatch(/^Service en ligne · [\d\s\u202f]+ parcelles au cadastre$/);
    const communes = await page.evaluate(() => window.terrier!.communes.map((c) => c.insee));
    expect(communes).toEqual(expect.arrayContaining(['91216', '30014', '2A041', '13029']));
  });

  it('« Épinay »: the parcels of Épinay-sur-Orge (Etalab, no communes file)', async () => {
    await findCommune('Épinay', '91216');
    await expect.poll(async () => (await drawn()).parcelles.n, { timeout: 30_000 }).toBeGreaterThan(50);
    expect((await drawn()).parcelles.communes).toContain('91216');
    await shotCloser('real-epinay-sur-orge.png');
  });

  it('« arpaillargues »: the zones of the PLU of Arpaillargues-et-Aureillac', async () => {
    await findCommune('arpaillargues', '30014');
    await expect.poll(async () => (await drawn()).zone_urba.n, { timeout: 30_000 }).toBeGreaterThan(5);
    expect((await drawn()).zone_urba.idurba).toContain('30014_PLU_20171013');
    const typezones = await page.$$eval('#legende-zonage [data-typezone]', (els) => els.map((e) => (e as HTMLElement).dataset.typezone));
    expect(typezones.length).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(DOCS, 'real-arpaillargues.png') });
  });

  it('« Bonifacio »: the AC1 perimeters of Corse-du-Sud, in the legend too', async () => {
    await findCommune('Bonifacio', '2A041');
    await expect.poll(async () => (await drawn()).assiettes_sup.n, { timeout: 30_000 }).toBeGreaterThan(0);
    const sup = await drawn();
    expect(sup.assiettes_sup.categories).toEqual(['AC1']);
    await expect.poll(() => page.textContent('#legende-servitudes')).toContain('AC1 — Monuments historiques');
    await page.screenshot({ path: path.join(DOCS, 'real-bonifacio.png') });
  });

  it('« Cornillon »: the parcels of the one raw EDIGEO feuille of Cornillon-Confoux', async () => {
    await findCommune('Cornillon', '13029');
    await expect.poll(async () => (await drawn()).parcelles.n, { timeout: 30_000 }).toBeGreaterThan(10);
    expect((await drawn()).parcelles.communes).toEqual(['13029']);
    await page.screenshot({ path: path.join(DOCS, 'real-cornillon-confoux.png') });
  });
});

describe('on a phone (390 × 844), the same data', () => {
  const WIDTH = 390, HEIGHT = 844;
  const box = async (selector: string) => (await page.locator(selector).boundingBox())!;

  it('keeps the map the width of the screen, finds a commune and logs the account in with its logout button on screen', async () => {
    await page.setViewportSize({ width: WIDTH, height: HEIGHT });
    await page.evaluate(() => window.terrier!.map.updateSize());
    await findCommune('Épinay', '91216');
    const map = await box('#map');
    expect(map.width).toBeGreaterThan(300);
    expect(map.height).toBeGreaterThan(300);
    expect((await page.evaluate(() => window.terrier!.map.getSize()))![0]).toBeGreaterThan(300);
    await expect.poll(async () => (await drawn()).parcelles.n, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);

    await page.click('#login-open');
    await page.fill('#login-user', 'instructrice');
    await page.fill('#login-password', PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#logout', { timeout: 30_000 });
    const logout = await box('#logout');
    expect(await page.isVisible('#logout')).toBe(true);
    expect(logout.x).toBeGreaterThanOrEqual(0);
    expect(logout.x + logout.width).toBeLessThanOrEqual(WIDTH);
    expect(logout.y + logout.height).toBeLessThanOrEqual(HEIGHT / 2);
    await shotCloser('real-phone-epinay.png');
  });

  it('logged no console error, failed request or server error', () => {
    expect(world.problems).toEqual([]);
  });
});
