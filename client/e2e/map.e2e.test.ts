// The map in a real browser: serves the app on a test database holding the demo commune, opens the
// map in Chromium and checks parcels, zones, legend, the info panel of a clicked parcel, the zoom
// hint and that the console stayed clean. Screenshots of each step go to test-results/browser/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestServer } from '../../server/testing/http.ts';
import { mercator, openWorld, type World } from './harness.ts';
import { centreOnNearestParcel } from './page-scripts.ts';

let world: World;
let server: TestServer;
let page: Page;
let problems: string[];
const shot = (name: string) => world.shot(name);
const _renderComplete = () => world.renderComplete();
const settle = () => world.settle();

beforeAll(async () => {
  world = await openWorld({ width: 1440, height: 900 });
  ({ server, page, problems } = world);
});

afterAll(async () => {
  await world?.close();
});

describe('map page', () => {
  it('opens on the first commune and draws its parcels', async () => {
    const communes = (await server.get('/api/communes')).body as { insee: string; nom: string; bbox: number[] | null }[];
    expect(communes.length).toBeGreaterThan(0);
    await page.goto(server.url);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await page.waitForFunction(() => window.terrier !== undefined);
    await expect.poll(() => page.textContent('#commune-name')).toContain(communes[0]!.nom);

    // The view opens on the commune's bbox (converted here to Web Mercator).
    const bbox = communes[0]!.bbox!;
    const [x0, y0] = mercator(bbox[0]!, bbox[1]!), [x1, y1] = mercator(bbox[2]!, bbox[3]!);
    const view = await page.evaluate(() => window.terrier!.map.getView().calculateExtent());
    expect(view[0]! <= x0! + 1 && view[1]! <= y0! + 1 && view[2]! >= x1! - 1 && view[3]! >= y1! - 1).toBe(true);
    expect(Math.max((x1! - x0!) / (view[2]! - view[0]!), (y1! - y0!) / (view[3]! - view[1]!))).toBeGreaterThan(0.8);

    // Parcels are drawn from zoom 15: zoom in first if the commune is too large for that.
    if (await page.evaluate(() => (window.terrier!.map.getView().getZoom() ?? 0) < 15)) {
      await page.evaluate(() => window.terrier!.map.getView().setZoom(15.5));
    }
    // Parcels come as vector tiles (/tiles/parcelles/{z}/{x}/{y}.mvt): some are drawn in the view.
    await page.waitForFunction(() => {
      const { map, layers } = window.terrier!;
      return layers.get('parcelles')!.getFeaturesInExtent(map.getView().calculateExtent(map.getSize())).length > 0;
    }, null, { timeout: 30_000 });
    await settle();
    expect(await page.evaluate(() => window.terrier!.layers.get('parcelles')!.isVisible(window.terrier!.map.getView()))).toBe(true);
    expect(await page.isHidden('#map-hint')).toBe(true);
    // The header speaks to citizens: the service and its cadastre, no database engine or version.
    await expect.poll(() => page.textContent('#health')).toMatch(/^Service en ligne · [\d\s\u202f]+ parcelles? au cadastre$/);
    expect(await page.textContent('#health')).not.toMatch(/base|pglite|postgis|postgresql/i);
    expect(await page.textContent('#coords')).toMatch(/Lambert-93 : X [\d\s\u202f]+,\d m · Y [\d\s\u202f]+,\d m/);
    expect(await page.isVisible('.ol-scale-line')).toBe(true);
    // This test's server configures no background (TERRIER_BACKGROUNDS=aucun): the chooser says so, with no choice.
    expect(await page.textContent('#fond-etat')).toBe('Aucun fond de plan configuré : la carte s’affiche sur fond uni.');
    expect(await page.$$('input[name="fond"]')).toHaveLength(0);
    await shot('01-ouverture.png');
  });

  it('shows the PLU zones and the legend, and toggles a layer from the keyboard', async () => {
    const zones = await page.evaluate(() => {
      const { map, layers } = window.terrier!;
      const z = layers.get('zone_urba')!;
      const inView = z.getFeaturesInExtent(map.getView().calculateExtent(map.getSize()));
      return { visible: z.isVisible(map.getView()), typezones: [...new Set(inView.map((f) => f.get('typezone') as string))] };
    });
    expect(zones.visible).toBe(true);
    expect(zones.typezones.length).toBeGreaterThan(0);
    expect(await page.isChecked('#couche-zone_urba')).toBe(true);

    const typezones = await page.$$eval('#legende-zonage [data-typezone]', (els) => els.map((e) => (e as HTMLElement).dataset.typezone));
    expect(typezones).toEqual(['U', 'AUc', 'AUs', 'A', 'N']);
    // The legend lists the SUP categories of the tiles in view.
    const supInData = await page.evaluate(() => {
      const { map, layers } = window.terrier!;
      const extent = map.getView().calculateExtent(map.getSize());
      return [...new Set(['assiettes_sup', 'generateurs_sup']
        .flatMap((name) => layers.get(name)!.getFeaturesInExtent(extent))
        .map((f) => String(f.get('categorie')).toUpperCase()))].sort();
    });
    expect(supInData.length).toBeGreaterThan(0);
    await expect.poll(async () => (await page.$$eval('#legende-servitudes [data-categorie]', (els) => els.map((e) => (e as HTMLElement).dataset.categorie))).sort())
      .toEqual(supInData);
    if (supInData.includes('AC1')) expect(await page.textContent('#legende-servitudes')).toContain('AC1 — Monuments historiques');

    // Space on the focused checkbox hides the zones, and shows them again.
    await page.focus('#couche-zone_urba');
    await page.keyboard.press('Space');
    expect(await page.evaluate(() => window.terrier!.layers.get('zone_urba')!.getVisible())).toBe(false);
    await page.keyboard.press('Space');
    expect(await page.evaluate(() => window.terrier!.layers.get('zone_urba')!.getVisible())).toBe(true);
    await settle();
    await shot('02-zonage-legende.png');
  });

  it('clicks a parcel and shows its reference in the info panel', async () => {
    // At close zoom, centre the map on the label point (inside its parcel, served with the tiles from
    // zoom 17) of the parcel nearest the commune's centre.
    await page.evaluate(() => window.terrier!.map.getView().setZoom(17.5));
    await settle();
    const target = { id: await page.evaluate(centreOnNearestParcel) };
    await settle();
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForSelector('#info-panel:not([hidden])');
    const id = target.id;
    const expected = `${id.slice(0, 5)} ${id.slice(5, 8)} ${id.slice(8, 10)} ${id.slice(10)}`;
    expect(await page.textContent('#info-panel [data-layer="parcelles"] [data-field="reference"]')).toBe(expected);
    expect(await page.textContent('#info-panel [data-layer="parcelles"] h3')).toBe(`Parcelle ${expected}`);
    expect(await page.textContent('#info-panel [data-field="contenance"]')).toMatch(/^([\d\s\u202f]+ m²|non renseignée)$/);
    // The spatial check of the whole parcel follows: its zone with a share, and the surface.
    await page.waitForSelector('#info-panel [data-layer="check"] [data-field="check-zone"]');
    expect(await page.textContent('#info-panel [data-layer="check"] [data-field="check-zone"]')).toMatch(/^\d+(,\d)? % \([\d\s\u202f]+ m²\)$/);
    expect(await page.textContent('#info-panel [data-layer="check"] [data-field="check-area"]')).toMatch(/m²$/);
    // The whole parcel is outlined, tile by tile, by the selection layer over the parcels' tiles.
    const outlined = await page.evaluate(() => {
      const { map, layers } = window.terrier!;
      const group = map.getLayers().getArray().find((l) => l.get('name') === 'selection') as unknown as { getLayers: () => { getArray: () => { get: (k: string) => unknown; getVisible: () => boolean; getSource: () => unknown }[] } };
      const tiles = group.getLayers().getArray().find((l) => l.get('name') === 'selection-tiles')!;
      return tiles.getVisible() && tiles.getSource() === layers.get('parcelles')!.getSource();
    });
    expect(outlined).toBe(true);
    // The parcel's number is drawn on the map at this zoom (label "section numero").
    await settle();
    await shot('03-fiche-parcelle.png');

    // Escape closes the panel once it has the focus.
    await page.focus('#info-close');
    await page.keyboard.press('Escape');
    expect(await page.isHidden('#info-panel')).toBe(true);
  });

  it('hides the parcels below zoom 15 and says so', async () => {
    await page.evaluate(() => window.terrier!.map.getView().setZoom(14));
    await settle();
    expect(await page.isVisible('#map-hint')).toBe(true);
    expect(await page.textContent('#map-hint')).toBe('Zoomez pour afficher les parcelles');
    expect(await page.evaluate(() => window.terrier!.layers.get('parcelles')!.isVisible(window.terrier!.map.getView()))).toBe(false);
    await shot('04-zoom-faible.png');
  });

  it('logged no console error, failed request or server error', () => {
    expect(problems).toEqual([]);
  });
});
