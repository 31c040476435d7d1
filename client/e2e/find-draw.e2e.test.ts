// Find and draw in a real browser, on the demo commune: type a parcel reference in the header's
// search box, choose it from the keyboard, the map flies there and the panel shows the parcel and
// its zone; draw a footprint with the mouse and with the keyboard, read its area and its check
// (zones, consequences); a self-intersecting drawing gets the server's refusal. Screenshots of
// each step go to test-results/browser/find-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Db } from '../../server/db.ts';
import type { TestServer } from '../../server/testing/http.ts';
import { fileDossier } from '../../server/dossiers/engine.ts';
import { engineOptions, filing } from '../../server/dossiers/testing.ts';
import { DEMO_PASSWORD_SUFFIX } from '../../server/accounts/demo.ts';
import { mercator, openWorld, type World } from './harness.ts';

let db: Db;
let server: TestServer;
let world: World;
let page: Page;
let problems: string[];
// The one refusal this test provokes on purpose (the self-intersecting footprint).
let expectedRefusals = 0;
/** A parcel of the demo inside a PLU zone and an AC1 perimeter, so that a footprint in it has consequences. */
let target: { id: string; section: string; numero: string; libelle: string; typezone: string; lon: number; lat: number };

const shot = (name: string) => world.shot(name);
const R = 6378137, RAD = Math.PI / 180;
const toLonLat = ([x, y]: number[]) => [x! / R / RAD, (2 * Math.atan(Math.exp(y! / R)) - Math.PI / 2) / RAD];

const idle = () => page.waitForFunction(() => !window.terrier!.map.getView().getAnimating());
const renderComplete = () => world.renderComplete();

/** The page position of a WGS84 point on the map. */
async function screenPoint(lon: number, lat: number): Promise<{ x: number; y: number }> {
  const box = (await page.locator('#map').boundingBox())!;
  const [px, py] = await page.evaluate((c) => window.terrier!.map.getPixelFromCoordinate(c), mercator(lon, lat));
  return { x: box.x + px!, y: box.y + py! };
}

/** The map coordinates (EPSG:3857) of page positions. */
async function mapCoordinates(points: { x: number; y: number }[]): Promise<number[][]> {
  const box = (await page.locator('#map').boundingBox())!;
  return page.evaluate((px) => px.map((p) => window.terrier!.map.getCoordinateFromPixel(p)), points.map((p) => [p.x - box.x, p.y - box.y]));
}

/** Geodesic area (m², PostGIS geography on the spheroid) of a WGS84 ring, computed apart from the client. */
async function geodesicArea(ring: number[][]): Promise<number> {
  const wkt = `POLYGON((${[...ring, ring[0]!].map(([x, y]) => `${x} ${y}`).join(', ')}))`;
  const { rows } = await db.knex.raw('SELECT ST_Area(ST_GeogFromText(?)) AS a', [wkt]);
  return rows[0].a;
}

const areaIn = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

beforeAll(async () => {
  world = await openWorld({ width: 1440, height: 900 });
  ({ db, server, page, problems } = world);
  const { rows } = await db.knex.raw(`
    SELECT p.id, p.section, p.numero, z.libelle, z.typezone,
           ST_X(ST_Transform(ST_PointOnSurface(p.geom), 4326)) AS lon, ST_Y(ST_Transform(ST_PointOnSurface(p.geom), 4326)) AS lat
    FROM cadastre_parcelles p
    JOIN plu_zone_urba z ON ST_Within(p.geom, z.geom)
    JOIN sup_assiette a ON a.categorie = 'AC1' AND a.nature_geom = 'surf' AND ST_Within(p.geom, a.geom)
    WHERE p.commune = '96001' AND p.id LIKE '96001000AB%'
    ORDER BY ST_Area(p.geom) DESC LIMIT 1`);
  target = rows[0];
});

afterAll(async () => {
  await world?.close();
});

describe('find a parcel', () => {
  it('lists the parcel as one types its reference, as a combobox with its listbox', async () => {
    expect(target, 'a demo parcel of section AB in a zone and an AC1 perimeter').toBeDefined();
    await page.goto(server.url);
    await page.waitForFunction(() => window.terrier !== undefined);
    const input = page.locator('#find-input');
    expect(await input.getAttribute('role')).toBe('combobox');
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    expect(await page.textContent('label[for="find-input"]')).toMatch(/^Rechercher une parcelle/);

    await input.focus();
    await input.pressSequentially(`${target.section} ${Number(target.numero)}`, { delay: 40 });
    await page.waitForSelector(`#find-results [role="option"][data-id="${target.id}"]`);
    expect(await input.getAttribute('aria-expanded')).toBe('true');
    const first = page.locator('#find-results [role="option"]').first();
    expect(await first.getAttribute('data-id')).toBe(target.id);
    expect(await first.locator('.find-label').textContent()).toBe(`Parcelle ${target.section} ${Number(target.numero)}`);
    expect(await first.locator('.find-kind').textContent()).toBe('Parcelle');
    expect(await page.textContent('#find-status')).toMatch(/^\d+ résultats? : flèches pour choisir/);
    await shot('find-01-resultats.png');

    // Arrows move the active option (aria-activedescendant), Escape closes the list.
    await page.keyboard.press('ArrowDown');
    expect(await input.getAttribute('aria-activedescendant')).toBe('find-option-0');
    expect(await first.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Escape');
    expect(await page.isHidden('#find-results')).toBe(true);
    expect(await input.getAttribute('aria-expanded')).toBe('false');
  });

  it('Enter on the option flies the map to the parcel and opens its panel with its zone', async () => {
    await page.keyboard.press('ArrowDown');
    expect(await page.getAttribute('#find-input', 'aria-activedescendant')).toBe('find-option-0');
    const before = await page.evaluate(() => window.terrier!.map.getView().getZoom()!);
    await page.keyboard.press('Enter');
    expect(await page.isHidden('#find-results')).toBe(true);
    await page.waitForFunction(() => window.terrier!.map.getView().getAnimating());
    await idle();

    // The view now holds the parcel's bbox, much closer than the commune's view.
    const { body } = await server.get(`/api/find?q=${target.id}`);
    const bbox = body.results[0].bbox as number[];
    const [x0, y0] = mercator(bbox[0]!, bbox[1]!), [x1, y1] = mercator(bbox[2]!, bbox[3]!);
    const view = await page.evaluate(() => window.terrier!.map.getView().calculateExtent());
    expect(view[0]! <= x0! && view[1]! <= y0! && view[2]! >= x1! && view[3]! >= y1!).toBe(true);
    expect(await page.evaluate(() => window.terrier!.map.getView().getZoom()!)).toBeGreaterThan(before + 2);

    const id = target.id;
    const reference = `${id.slice(0, 5)} ${id.slice(5, 8)} ${id.slice(8, 10)} ${id.slice(10)}`;
    await page.waitForSelector('#info-panel:not([hidden])');
    expect(await page.textContent('#info-panel [data-layer="parcelles"] [data-field="reference"]')).toBe(reference);
    await page.waitForSelector('#info-panel [data-layer="check"] [data-field="check-zone"]');
    expect(await page.textContent('#info-panel [data-layer="check"] dl')).toContain(`Zone ${target.libelle} (${target.typezone})`);
    expect(await page.textContent('#info-panel [data-layer="check"] [data-field="check-zone"]')).toMatch(/^100 % \([\d\s\u202f]+ m²\)$/);
    // Its outline is drawn from the server's geometry.
    // (getAllLayers: the selection is a group of a vector layer and a tile layer.)
    await page.waitForFunction(() => window.terrier!.map.getAllLayers()
      .some((l) => l.get('name') === 'selection' && (l as any).getSource().getFeatures().length === 1));
    await renderComplete();
    await shot('find-02-parcelle.png');
  });
});

describe('draw a footprint', () => {
  let ring: number[][] = [];

  it('draws a square by clicking on the map, its area measured live', async () => {
    await page.click('#draw-start');
    expect(await page.getAttribute('#draw-start', 'aria-pressed')).toBe('true');
    expect(await page.textContent('#draw-status')).toMatch(/^Cliquez les sommets/);
    const c = await screenPoint(target.lon, target.lat);
    const d = 22;
    const corners = [{ x: c.x - d, y: c.y - d }, { x: c.x + d, y: c.y - d }, { x: c.x + d, y: c.y + d }, { x: c.x - d, y: c.y + d }];
    for (const p of corners) { await page.mouse.click(p.x, p.y); await page.waitForTimeout(150); }
    // Three sides placed, the fourth follows the cursor: the area is shown while drawing.
    await page.mouse.move(corners[3]!.x, corners[3]!.y);
    await expect.poll(() => page.textContent('#draw-area')).toMatch(/^Surface : [\d\s\u202f]+ m²$/);
    ring = (await mapCoordinates(corners)).map(toLonLat);
    await shot('find-03-dessin.png');
    await page.mouse.click(corners[0]!.x, corners[0]!.y); // the first vertex closes the polygon
    expect(await page.getAttribute('#draw-start', 'aria-pressed')).toBe('false');
  });

  it('shows the footprint\'s area and its check: zone with its share, and the consequences for instruction', async () => {
    await page.waitForSelector('#info-panel [data-layer="footprint"]');
    await page.waitForSelector('#info-panel [data-layer="check"] [data-field="check-zone"]');
    const shown = areaIn(await page.textContent('#info-panel [data-field="footprint-area"]'));
    const geodesic = await geodesicArea(ring);
    expect(Math.abs(shown - geodesic) / geodesic).toBeLessThan(0.01);
    expect(areaIn(await page.textContent('#draw-area'))).toBe(shown);
    expect(await page.textContent('#info-panel [data-layer="footprint"] h3')).toMatch(/^Emprise de [\d\s\u202f]+ m²$/);
    expect(await page.textContent('#info-panel [data-layer="check"] h3')).toBe('Contraintes sur l’emprise');
    expect(await page.textContent('#info-panel [data-layer="check"] dl')).toContain(`Zone ${target.libelle} (${target.typezone})`);

    // The panel says what the server says about this polygon.
    const check = await server.post('/api/checks', { geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] }, crs: 'EPSG:4326' });
    expect(check.status).toBe(200);
    expect(check.body.consequences.length).toBeGreaterThan(0);
    const titles = await page.$$eval('#info-panel [data-layer="consequence"] h3', (els) => els.map((e) => e.textContent));
    expect(titles).toEqual(check.body.consequences.map((c: { label: string }) => c.label));
    expect(await page.textContent('#draw-status')).toMatch(/^Emprise de [\d\s\u202f]+ m² contrôlée/);
    expect(await page.isVisible('#draw-clear')).toBe(true);
    await renderComplete();
    await shot('find-04-emprise-controlee.png');
  });

  it('Escape on the tools clears the footprint and its panel', async () => {
    await page.focus('#draw-clear');
    await page.keyboard.press('Escape');
    const count = await page.evaluate(() => (window.terrier!.map.getAllLayers()
      .find((l) => l.get('name') === 'emprise') as any).getSource().getFeatures().length);
    expect(count).toBe(0);
    expect(await page.isHidden('#info-panel')).toBe(true);
    expect(await page.isHidden('#draw-clear')).toBe(true);
  });

  it('draws from the keyboard: Entrée adds the map centre, arrows move, Maj+Entrée finishes', async () => {
    await page.focus('#draw-start');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('map');
    for (const key of ['ArrowRight', 'ArrowDown']) {
      await page.keyboard.press('Enter');
      await page.keyboard.press(key);
      await idle();
    }
    await page.keyboard.press('Enter');
    await expect.poll(async () => areaIn(await page.textContent('#draw-area'))).toBeGreaterThan(0);
    await page.keyboard.press('Shift+Enter');
    await page.waitForSelector('#info-panel [data-layer="footprint"] [data-field="footprint-vertices"]');
    expect(await page.textContent('#info-panel [data-field="footprint-vertices"]')).toBe('3');
    await page.waitForSelector('#info-panel [data-layer="check"]');
    await renderComplete();
    await shot('find-05-clavier.png');
    // Échap on the map closes the panel and clears the footprint.
    await page.keyboard.press('Escape');
    expect(await page.isHidden('#info-panel')).toBe(true);
    expect(await page.isHidden('#draw-clear')).toBe(true);
  });

  it('Escape while drawing cancels the drawing', async () => {
    await page.click('#draw-start');
    const c = await screenPoint(target.lon, target.lat);
    await page.mouse.click(c.x, c.y);
    await page.mouse.click(c.x + 30, c.y);
    await page.keyboard.press('Escape');
    expect(await page.getAttribute('#draw-start', 'aria-pressed')).toBe('false');
    expect(await page.textContent('#draw-status')).toBe('Dessin annulé');
    expect(await page.isHidden('#draw-area')).toBe(true);
  });

  it('a self-intersecting footprint gets the server\'s refusal, shown plainly', async () => {
    await page.click('#draw-start');
    const c = await screenPoint(target.lon, target.lat);
    const d = 20;
    // A bow tie: the second and fourth sides cross.
    const points = [{ x: c.x - d, y: c.y - d }, { x: c.x + d, y: c.y + d }, { x: c.x + d, y: c.y - d }, { x: c.x - d, y: c.y + d }];
    expectedRefusals++;
    for (const p of points) { await page.mouse.click(p.x, p.y); await page.waitForTimeout(150); }
    await page.mouse.click(points[0]!.x, points[0]!.y);
    await page.waitForSelector('#info-panel [data-field="check-error"]');
    expect(await page.textContent('#info-panel [data-field="check-error"]')).toMatch(/^Géométrie invalide\s: le contour se recoupe \(auto-intersection\) près du point lon [\d.]+, lat [\d.]+\.$/);
    expect(await page.textContent('#draw-status')).toMatch(/^Emprise refusée : Géométrie invalide\s: le contour se recoupe/);
    // turf sees the crossing too: no misleading area.
    expect(await page.textContent('#info-panel [data-field="footprint-area"]')).toBe('non mesurable, le tracé se recoupe');
    expect(await page.textContent('#draw-area')).toBe('Surface : non mesurable, le tracé se recoupe');
    await renderComplete();
    await shot('find-06-emprise-invalide.png');
    await page.click('#draw-clear');
  });

});

describe('find a dossier', () => {
  let dossier: { id: number; number: string };
  beforeAll(async () => {
    const { rows: [u] } = await db.knex.raw(`SELECT id, login FROM users WHERE role = 'guichet' ORDER BY id LIMIT 1`);
    const row = await fileDossier(db.knex, engineOptions({ today: '2026-03-02' }), filing({ parcels: [target.id], filedOn: '2026-03-02' }),
      { id: u.id, login: u.login, name: null, role: 'guichet', communes: [], csrfToken: '' });
    dossier = { id: row.id, number: row.number };
  });

  const search = async (text: string) => {
    const input = page.locator('#find-input');
    await input.fill('');
    await input.focus();
    await input.pressSequentially(text, { delay: 20 });
    await page.waitForFunction(() => !document.querySelector('#find[aria-busy]') && !document.querySelector('#find-results')!.hasAttribute('hidden'));
  };

  it('the public finds the permit\'s public page by its number, never the staff\'s dossier', async () => {
    await search(dossier.number);
    const option = page.locator(`#find-results [role="option"][data-kind="autorisation"][data-id="${dossier.number}"]`);
    await option.waitFor();
    expect(await option.locator('.find-label').textContent()).toBe(dossier.number);
    expect(await page.locator('#find-results [role="option"][data-kind="dossier"]').count()).toBe(0);
    await page.keyboard.press('Escape');
  });

  it('a logged-in instructeur finds it, and choosing it opens #dossier/<id>', async () => {
    const res = await page.request.post(`${server.url}/api/login`, { data: { login: 'instructeur', password: `instructeur${DEMO_PASSWORD_SUFFIX}` } });
    expect(res.status()).toBe(200);
    await search(dossier.number.slice(-5));
    const option = page.locator(`#find-results [role="option"][data-kind="dossier"][data-id="${dossier.id}"]`);
    await option.waitFor();
    expect(await option.locator('.find-label').textContent()).toBe(dossier.number);
    expect(await option.locator('.find-detail').textContent()).toMatch(/^Permis de construire du 02\/03\/2026 · Déposé · /);
    await shot('find-07-dossier.png');
    await option.click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#dossier/${dossier.id}`);
    await idle();
  });

  it('logged no console error, failed request or server error other than the refusal provoked', () => {
    const refusals = problems.filter((p) => /HTTP 400: .*\/api\/checks$/.test(p) || /^console: Failed to load resource: .* 400/.test(p));
    expect(refusals.length).toBeLessThanOrEqual(2 * expectedRefusals);
    expect(problems.filter((p) => !refusals.includes(p))).toEqual([]);
  });
});
