// Documents in a real browser: the parcel panel links the note de renseignements; the guichet files a PC and prints its récépissé (a stored PDF whose
// text poppler reads back), then, once the instructeur has proposed a decision, the signataire reads
// the proposed arrêté in full on the dossier page before signing it.
// Screenshots go to test-results/browser/documents-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointOnFeature } from '@turf/turf';
import type { Page } from 'playwright-core';
import { localDate } from '../../server/dossiers/dates.ts';
import { flat, pdfText } from '../../server/documents/testing.ts';
import type { TestServer } from '../../server/testing/http.ts';
import { frLongDate } from '../../server/documents/typography.ts';
import { mercator, openWorld, type World } from './harness.ts';

let server: TestServer;
let world: World;
let page: Page;
let problems: string[];
const today = localDate();
let dossierId = 0;

async function login(user: string, password: string): Promise<void> {
  await page.click('#login-open');
  await page.fill('#login-user', user);
  await page.fill('#login-password', password);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#desk-nav:not([hidden])');
}

/** The bytes of a same-origin URL, fetched with the page's session. */
const bytesOf = async (url: string) => Buffer.from(await page.evaluate(async (u) => {
  const b = new Uint8Array(await (await fetch(u)).arrayBuffer());
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s);
}, url), 'base64');

beforeAll(async () => {
  world = await openWorld({ width: 1366, height: 768 });
  ({ server, page, problems } = world);
  // A new tab opened on a PDF is the browser's business, not the page's: close it.
  page.context().on('page', (p) => { if (p !== page) void p.close(); });
});
afterAll(async () => { await world?.close(); });

describe('documents at the desk', () => {
  it('prints the récépissé right after a filing', async () => {
    await page.goto(server.url);
    await page.waitForFunction(() => window.terrier !== undefined);
    await login('guichet', 'guichet-demo-terrier');
    // The largest parcel of the demo commune, selected from its panel.
    const fc = (await server.get('/api/cadastre/parcelle?code_insee=96001&_limit=1000')).body;
    const f = fc.features.sort((a: any, b: any) => (b.properties.contenance ?? 0) - (a.properties.contenance ?? 0))[0];
    const [x, y] = mercator(...(pointOnFeature(f).geometry.coordinates as [number, number]));
    await page.evaluate(([cx, cy]) => { const v = window.terrier!.map.getView(); v.setCenter([cx!, cy!]); v.setZoom(18); }, [x, y]);
    await world.settle();
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForSelector('#info-panel [data-layer="parcelles"] .desk-select');
    // The parcel's panel links its note de renseignements d'urbanisme (public).
    const note = (await page.getAttribute('#info-panel [data-layer="parcelles"] a.info-renseignements', 'href'))!;
    expect(note).toBe(`/api/renseignements.pdf?parcelle=${f.properties.idu}`);
    expect(flat(pdfText(await bytesOf(note)))).toContain('Note de renseignements d’urbanisme');
    await page.click('#info-panel .desk-select');
    await page.waitForFunction(() => location.hash === '#nouveau');
    await page.selectOption('#depot-type', 'PC');
    await page.fill('#depot-lastName', 'Martin');
    await page.fill('#depot-firstName', 'Claire');
    await page.fill('#depot-description', 'Maison individuelle de 140 m² avec garage');
    await page.fill('#depot-floorArea', '140');
    await page.click('#depot-submit');
    await page.waitForSelector('#desk-receipt #desk-print-receipt');
    dossierId = Number(/^#dossier\/(\d+)$/.exec(await page.evaluate(() => location.hash))![1]);

    await page.click('#desk-print-receipt');
    const link = await page.waitForSelector('#desk-receipt-print a[data-document="recepisse"]');
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^\/api\/documents\/\d+\.pdf$/);
    const bytes = await bytesOf(href);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const d = await page.evaluate(async (id) => (await fetch(`/api/dossiers/${id}`)).json(), dossierId);
    const text = flat(pdfText(bytes));
    expect(text).toContain('Récépissé de dépôt');
    expect(text).toContain(d.number);
    expect(text).toContain(`déposé le ${frLongDate(today)}`);
    expect(text).toContain(`au plus tard le ${frLongDate(d.decisionDeadline)}`);
    expect(text).toContain('Claire Martin');
    await world.shot('documents-01-recepisse.png');
    // Listed on the dossier page.
    await page.reload();
    await page.waitForSelector('#desk-document-list li[data-kind="recepisse"]');
    expect(await page.$$eval('#desk-document-list li', (lis) => lis.map((li) => (li as HTMLElement).dataset.kind))).toEqual(['recepisse']);
  });

  it('the signataire reads the proposed arrêté in full before signing', async () => {
    await page.click('#logout');
    await login('instructeur', 'instructeur-demo-terrier');
    await page.evaluate(async ({ id, on }) => {
      const me = await (await fetch('/api/me')).json();
      const d = await (await fetch(`/api/dossiers/${id}`)).json();
      const res = await fetch(`/api/dossiers/${id}/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ type: 'PROPOSE_DECISION', on, version: d.version, payload: { decision: 'refus', motifs: 'la hauteur du projet excède celle permise par le règlement de la zone' } }) });
      if (!res.ok) throw new Error(await res.text());
    }, { id: dossierId, on: today });
    await page.click('#logout');
    await login('signataire', 'signataire-demo-terrier');
    await page.evaluate((id) => { location.hash = `#dossier/${id}`; }, dossierId);
    await page.click('#desk-read-arrete');
    await page.waitForSelector('#desk-arrete-text');
    const text = (await page.textContent('#desk-arrete-text'))!;
    expect(text).toContain('ARRÊTE');
    expect(text).toContain('Considérant que la hauteur du projet excède celle permise');
    expect(text).toContain('est REFUSÉ');
    expect(text).toContain('Projet non signé');
    expect(text).toContain('R421-1');
    await world.shot('documents-02-projet-arrete.png');
    expect(await page.isVisible('#desk-actions button[data-event="SIGN_DECISION"]')).toBe(true);
    expect(problems).toEqual([]);
  });
});
