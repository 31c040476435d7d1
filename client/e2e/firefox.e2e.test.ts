// The map in Firefox (Debian's firefox-esr, driven over WebDriver BiDi by firefox.ts): serves the app
// on a test database holding the demo commune, opens the map, waits for the parcels' vector tiles,
// checks the zones and the legend, clicks a parcel and reads its reference and zone in the info
// panel, finds a parcel from the keyboard, and checks that the console stayed clean and no request failed. Screenshots go to
// test-results/browser/firefox-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from './harness.ts';
import { firefoxPage, launchFirefox, type Firefox, type FirefoxPage } from './firefox.ts';
import { centreOnNearestParcel } from './page-scripts.ts';

let app: App;
let fx: Firefox | undefined;
let page: FirefoxPage;
const shot = async (name: string) => fs.writeFileSync(path.join(app.shots, `firefox-${name}`), await page.screenshot());
const renderComplete = () => page.evaluate(() => new Promise<void>((resolve) => {
  const map = window.terrier!.map;
  map.once('rendercomplete', () => resolve());
  map.render();
}));
/** No layer of the map is loading, and the map has rendered. */
const settle = async () => {
  await page.waitFor(() => !document.querySelector('.switcher-item[aria-busy="true"]'));
  await renderComplete();
};
const text = (selector: string) => page.evaluate((s: string) => document.querySelector(s)?.textContent ?? null, selector);

beforeAll(async () => {
  app = await openApp();
  fx = await launchFirefox();
  const { problems, expected } = app;
  fx.onEvent(({ method, params }) => {
    if (method === 'log.entryAdded') {
      const p = params as { level: string; type: string; text: string | null };
      if (p.level === 'error' && !expected(p.text ?? '')) problems.push(`${p.type === 'javascript' ? 'page error' : 'console'}: ${p.text}`);
    } else if (method === 'network.responseCompleted') {
      const p = params as { request: { url: string }; response: { status: number } };
      const line = `${p.response.status} ${p.request.url}`;
      if (p.response.status >= 400 && !expected(line)) problems.push(`HTTP ${line}`);
    } else if (method === 'network.fetchError') {
      const p = params as { request: { url: string }; errorText: string };
      problems.push(`request failed: ${p.request.url} ${p.errorText}`);
    }
  });
  await fx.send('session.subscribe', { events: ['log.entryAdded', 'network.responseCompleted', 'network.fetchError'] });
  page = await firefoxPage(fx, { width: 1440, height: 900 });
});

afterAll(async () => {
  await fx?.close();
  await app?.close();
});

describe('map page in Firefox', () => {
  it('opens on the first commune and draws its parcels', async () => {
    const communes = (await app.server.get('/api/communes')).body as { nom: string }[];
    await page.goto(app.server.url);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    expect(await page.evaluate(() => navigator.userAgent)).toMatch(/Firefox\/\d+/);
    await page.waitFor(() => window.terrier !== undefined);
    await page.waitFor((nom: string) => document.querySelector('#commune-name')?.textContent?.includes(nom), 30_000, communes[0]!.nom);

    // Parcels are drawn from zoom 15, as vector tiles (/tiles/parcelles/{z}/{x}/{y}.mvt).
    await page.evaluate(() => {
      const view = window.terrier!.map.getView();
      if ((view.getZoom() ?? 0) < 15) view.setZoom(15.5);
    });
    await page.waitFor(() => {
      const { map, layers } = window.terrier!;
      return layers.get('parcelles')!.getFeaturesInExtent(map.getView().calculateExtent(map.getSize())).length > 0;
    });
    await settle();
    expect(await page.evaluate(() => window.terrier!.layers.get('parcelles')!.isVisible(window.terrier!.map.getView()))).toBe(true);
    expect(await page.evaluate(() => document.querySelector<HTMLElement>('#map-hint')!.hidden)).toBe(true);
    expect(await text('#coords')).toMatch(/Lambert-93 : X [\d\s\u202f]+,\d m · Y [\d\s\u202f]+,\d m/);
    expect(await page.evaluate(() => document.querySelector('.ol-scale-line') !== null)).toBe(true);
    await shot('01-ouverture.png');
  });

  it('shows the PLU zones and the legend', async () => {
    const zones = await page.evaluate(() => {
      const { map, layers } = window.terrier!;
      const z = layers.get('zone_urba')!;
      const inView = z.getFeaturesInExtent(map.getView().calculateExtent(map.getSize()));
      return { visible: z.isVisible(map.getView()), typezones: [...new Set(inView.map((f) => f.get('typezone') as string))] };
    });
    expect(zones.visible).toBe(true);
    expect(zones.typezones.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.querySelector<HTMLInputElement>('#couche-zone_urba')!.checked)).toBe(true);
    expect(await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('#legende-zonage [data-typezone]')].map((e) => e.dataset.typezone)))
      .toEqual(['U', 'AUc', 'AUs', 'A', 'N']);
    // Every typezone drawn in view has its entry in the legend.
    for (const t of zones.typezones) expect(['U', 'AUc', 'AUs', 'A', 'N']).toContain(t);
    await page.waitFor(() => document.querySelectorAll('#legende-servitudes [data-categorie]').length > 0);
    await shot('02-zonage-legende.png');
  });

  it('clicks a parcel and reads its reference and its zone in the info panel', async () => {
    // At close zoom, centre the map on the label point (inside its parcel) of the parcel nearest the centre.
    await page.evaluate(() => window.terrier!.map.getView().setZoom(17.5));
    await settle();
    const id = await page.evaluate(centreOnNearestParcel);
    await settle();
    // The zone drawn under the centre, as Firefox rendered it.
    const drawn = await page.evaluate(() => {
      const { map, layers } = window.terrier!;
      const zone = layers.get('zone_urba')!;
      const size = map.getSize()!;
      const f = map.getFeaturesAtPixel([size[0]! / 2, size[1]! / 2], { layerFilter: (l) => l === zone })[0];
      return f ? { libelle: String(f.get('libelle')), typezone: String(f.get('typezone')) } : null;
    });
    expect(drawn).not.toBeNull();

    const box = await page.evaluate(() => {
      const r = document.querySelector('#map')!.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    });
    await page.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitFor(() => !document.querySelector<HTMLElement>('#info-panel')!.hidden);
    const expected = `${id.slice(0, 5)} ${id.slice(5, 8)} ${id.slice(8, 10)} ${id.slice(10)}`;
    expect(await text('#info-panel [data-layer="parcelles"] [data-field="reference"]')).toBe(expected);
    expect(await text('#info-panel [data-layer="parcelles"] h3')).toBe(`Parcelle ${expected}`);
    expect(await text('#info-panel [data-layer="zone_urba"] [data-field="libelle"]')).toBe(drawn!.libelle);
    // The spatial check of the whole parcel follows, naming that zone with its share.
    await page.waitFor(() => document.querySelector('#info-panel [data-layer="check"] [data-field="check-zone"]'));
    const checked = await page.evaluate(() => [...document.querySelectorAll('#info-panel [data-layer="check"] [data-field="check-zone"]')]
      .map((dd) => ({ zone: dd.previousElementSibling!.textContent, share: dd.textContent })));
    expect(checked.map((c) => c.zone)).toContain(`Zone ${drawn!.libelle} (${drawn!.typezone})`);
    for (const c of checked) expect(c.share).toMatch(/^\d+(,\d)? % \([\d\s\u202f]+ m²\)$/);
    await settle();
    await shot('03-fiche-parcelle.png');
  });

  it('finds a parcel from the keyboard: typed reference, arrow, Enter', async () => {
    await page.evaluate(() => document.querySelector<HTMLElement>('#info-close')!.click());
    const { rows } = await app.db.knex.raw("SELECT id, section, numero FROM cadastre_parcelles WHERE commune = '96001' ORDER BY id DESC LIMIT 1");
    const target = rows[0] as { id: string; section: string; numero: string };
    await page.evaluate(() => document.querySelector<HTMLInputElement>('#find-input')!.focus());
    await page.keys(`${target.section} ${Number(target.numero)}`);
    await page.waitFor((id: string) => document.querySelector(`#find-results [role="option"][data-id="${id}"]`), 10_000, target.id);
    const index = await page.evaluate((id: string) => [...document.querySelectorAll<HTMLElement>('#find-results [role="option"]')].findIndex((o) => o.dataset.id === id), target.id);
    await page.keys('\uE015'.repeat(index + 1)); // ArrowDown
    expect(await page.evaluate(() => document.querySelector('#find-input')!.getAttribute('aria-activedescendant'))).toBe(`find-option-${index}`);
    await page.keys('\uE007'); // Enter
    const id = target.id;
    const reference = `${id.slice(0, 5)} ${id.slice(5, 8)} ${id.slice(8, 10)} ${id.slice(10)}`;
    await page.waitFor((r: string) => document.querySelector('#info-panel [data-layer="parcelles"] [data-field="reference"]')?.textContent === r, 10_000, reference);
    await page.waitFor(() => !window.terrier!.map.getView().getAnimating());
    await page.waitFor(() => document.querySelector('#info-panel [data-layer="check"] [data-field="check-zone"]'));
    await settle();
    await shot('04-recherche.png');
  });

  it('logged no console error, JS error, failed request or HTTP error', async () => {
    // Give late console messages and responses a moment to arrive.
    await new Promise((r) => setTimeout(r, 300));
    expect(app.problems).toEqual([]);
  });
});
