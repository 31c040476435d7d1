// The public side in a real browser, as an anonymous visitor and then as an élu: the permits' layer
// drawn and filtered, a permit's card and public page (timeline, constraints, the neighbours' appeal
// window), a 404, the register of a month printed (print media: no map) and downloaded as CSV, the
// search box finding a permit; at 1366 × 768 and at 390 × 844 (a phone), with a clean console.
// Dossiers are filed through the staff API first (a company's PC under instruction, a person's DP
// granted and displayed on the land), in the month before today. Screenshots: public-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appealLastDay, frDate, localDate } from '../../server/dossiers/dates.ts';
import type { TestServer } from '../../server/testing/http.ts';
import { axeViolations } from './axe.ts';
import { mercator, openWorld, type World } from './harness.ts';

let world: World;
let server: TestServer;
let page: Page;
let problems: string[];
/** axe-core's WCAG 2.1 A/AA violations, by page checked (asserted empty at the end). */
const accessibility: Record<string, string[]> = {};
const axe = async (name: string) => { accessibility[name] = await axeViolations(page); };

const today = localDate();
/** The month before today's: every date in it is in the past, as the engine requires. */
const month = (() => {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
})();
const MONTH_FR = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-15T12:00:00Z`));
/** Planted in the person's dossier: none of it may reach a public page. */
const PERSON = { kind: 'person', lastName: 'Zébulonpriv', firstName: 'Hortense', email: 'hortense.zebulonpriv@example.org', phone: '0611223344',
  address: { street: '17 impasse des Secrets', postcode: '96100', city: 'Terrier-sur-Lande' } };
const COMPANY = { kind: 'company', name: 'SCI Les Tilleuls du Bourg', siret: '12345678900017', representative: { lastName: 'Représentantpriv', firstName: 'Paul' } };

type Permit = { id: number; number: string; lon: number; lat: number };
let pc: Permit;
let dp: Permit;
const displayedOn = `${month}-13`;

/** A staff session on the test server: cookie and CSRF token, for JSON calls. */
async function staff(login: string): Promise<(method: string, path: string, body?: unknown) => Promise<any>> {
  const res = await server.post('/api/login', { login, password: `${login}-demo-terrier` });
  if (res.status !== 200) throw new Error(`login ${login}: ${res.status}`);
  const headers = { cookie: res.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': res.body.csrfToken as string, 'content-type': 'application/json' };
  return async (method, path, body) => {
    const r = await fetch(server.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await r.json();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
    return json;
  };
}

async function seed(): Promise<void> {
  // Two parcels near the commune's centre, apart from each other.
  const { rows } = await world.db.knex.raw(`
    WITH c AS (SELECT ST_Centroid(ST_Collect(geom)) AS g FROM cadastre_parcelles)
    SELECT p.id FROM cadastre_parcelles p, c ORDER BY p.geom <-> c.g LIMIT 12`);
  const ids = (rows as { id: string }[]).map((r) => r.id);
  const guichet = await staff('guichet');
  const instructeur = await staff('instructeur');
  const signataire = await staff('signataire');
  const insee = ids[0]!.slice(0, 5);
  const file = (body: Record<string, unknown>) => guichet('POST', '/api/dossiers', { insee, ...body });
  const pcRow = await file({ type: 'PC', parcels: [ids[0]], filedOn: `${month}-05`, applicant: COMPANY,
    works: { description: 'Texte privé du dépôt : immeuble de bureaux', floorArea: 420, dwellings: 0, nature: 'construction_neuve', destination: 'commerce_activites_service' } });
  await instructeur('PATCH', `/api/dossiers/${pcRow.id}/publication`, { objetAffiche: 'Immeuble de bureaux sur trois niveaux', version: pcRow.version });
  let d = await file({ type: 'DP', parcels: [ids[6]], filedOn: `${month}-08`, applicant: PERSON,
    works: { description: 'Texte privé : véranda chez Mme Zébulonpriv', floorArea: 18, dwellings: 0, nature: 'extension', destination: 'habitation' } });
  const event = async (who: typeof guichet, type: string, on: string, payload?: unknown) => {
    d = await who('POST', `/api/dossiers/${d.id}/events`, { type, on, version: d.version, payload });
  };
  await event(instructeur, 'PROPOSE_DECISION', `${month}-10`, { decision: 'non_opposition' });
  await event(signataire, 'SIGN_DECISION', `${month}-11`);
  await event(instructeur, 'NOTIFY_DECISION', `${month}-12`);
  await event(instructeur, 'DISPLAY_ON_SITE', displayedOn);
  const where = async (row: { id: number; number: string }): Promise<Permit> => {
    const p = (await server.get(`/api/public/autorisations/${encodeURIComponent(row.number)}`)).body;
    return { id: row.id, number: row.number, lon: p.autorisation.longitude, lat: p.autorisation.latitude };
  };
  pc = await where(pcRow);
  dp = await where(d);
}

/** Centres the map on a permit at a zoom, and waits until its point is in the loaded tiles. */
async function showPermit(p: Permit, zoom: number): Promise<void> {
  const [x, y] = mercator(p.lon, p.lat);
  await page.evaluate(([cx, cy, z]) => { const v = window.terrier!.map.getView(); v.setCenter([cx!, cy!]); v.setZoom(z!); }, [x, y, zoom]);
  await page.waitForFunction((n) => {
    const { map, layers } = window.terrier!;
    return layers.get('autorisations')!.getFeaturesInExtent(map.getView().calculateExtent(map.getSize())).some((f) => f.get('num_dau') === n);
  }, p.number, { timeout: 30_000 });
  await world.settle();
}

/** The permits the map actually draws at a permit's pixel (hit detection on what was rendered). */
const drawnAt = (p: Permit) => page.evaluate(([cx, cy]) => {
  const { map, layers } = window.terrier!;
  const layer = layers.get('autorisations')!;
  const found: string[] = [];
  map.forEachFeatureAtPixel(map.getPixelFromCoordinate([cx!, cy!]), (f) => { found.push(String(f.get('num_dau'))); }, { layerFilter: (l) => l === layer, hitTolerance: 2 });
  return found;
}, mercator(p.lon, p.lat));

/** Clicks the map at a permit's point. */
async function clickPermit(p: Permit): Promise<void> {
  if (await page.isVisible('#info-panel')) await page.click('#info-close');
  const pixel = await page.evaluate(([cx, cy]) => window.terrier!.map.getPixelFromCoordinate([cx!, cy!]), mercator(p.lon, p.lat));
  const box = (await page.locator('#map').boundingBox())!;
  await page.mouse.click(box.x + pixel[0]!, box.y + pixel[1]!);
  await page.waitForSelector('#info-panel:not([hidden]) [data-layer="autorisations"]');
}

const bodyText = () => page.evaluate(() => document.body.textContent);
const PRIVATE = /Zébulonpriv|Hortense|0611223344|impasse des Secrets|Représentantpriv|Texte privé/i;

beforeAll(async () => {
  world = await openWorld({ width: 1366, height: 768 });
  ({ server, page, problems } = world);
  await seed();
});

afterAll(async () => {
  await world?.close();
});

describe('the public side, anonymous, at 1366 × 768', () => {
  it('lists the permits layer in the switcher and the legend, and draws the permits', async () => {
    await page.goto(server.url);
    await page.waitForFunction(() => window.terrier !== undefined);
    expect(await page.isChecked('#couche-autorisations')).toBe(true);
    expect(await page.textContent('label[for="couche-autorisations"]')).toMatch(/Autorisations d.urbanisme/);
    expect(await page.$$eval('#legende-autorisations [data-etat]', (els) => els.map((e) => (e as HTMLElement).dataset.etat)))
      .toEqual(['en_cours', 'accorde', 'tacite', 'refuse', 'sursis', 'retire', 'annule', 'perime', 'commence', 'acheve']);
    expect(await page.isVisible('#legende-autorisations svg')).toBe(true);
    await showPermit(pc, 16);
    expect(await drawnAt(pc)).toContain(pc.number);
    // Numbers never pile up: the layer declutters its labels (with the parcels' numbers).
    expect(await page.evaluate(() => window.terrier!.layers.get('autorisations')!.getDeclutter())).toBeTruthy();
    // At zoom 17 the dossier's parcels are outlined from their own tiles.
    await showPermit(dp, 17.5);
    await page.waitForFunction((n) => {
      const { map, layers } = window.terrier!;
      return layers.get('autorisations_parcelles')!.getFeaturesInExtent(map.getView().calculateExtent(map.getSize())).some((f) => f.get('num_dau') === n);
    }, dp.number, { timeout: 30_000 });
    await world.settle();
    await world.shot('public-01-couche.png');
  });

  it('filters the permits by state and by type, then shows them all again', async () => {
    await showPermit(pc, 16);
    await page.selectOption('#filtre-etat', 'accorde');
    await world.renderComplete();
    expect(await drawnAt(pc)).toEqual([]);
    await page.selectOption('#filtre-etat', 'en_cours');
    await world.renderComplete();
    expect(await drawnAt(pc)).toContain(pc.number);
    await page.selectOption('#filtre-type', 'DP');
    await world.renderComplete();
    expect(await drawnAt(pc)).toEqual([]);
    // The year of filing is offered once permits of that year are loaded.
    expect(await page.$$eval('#filtre-annee option', (os) => os.map((o) => (o as HTMLOptionElement).value))).toContain(month.slice(0, 4));
    await page.click('#filtre-reset');
    // The form applies a reset a task later, once the fields are emptied: the button hides then.
    await page.waitForSelector('#filtre-reset', { state: 'hidden' });
    await world.renderComplete();
    expect(await page.inputValue('#filtre-type')).toBe('');
    expect(await drawnAt(pc)).toContain(pc.number);
  });

  it('clicks a permit: its card, with the public fields, links to its public page', async () => {
    await clickPermit(pc);
    const card = '#info-panel [data-layer="autorisations"]';
    expect(await page.textContent(`${card} h3`)).toBe(pc.number);
    expect(await page.textContent(`${card} [data-field="etat_dau"]`)).toBe('En cours d’instruction');
    // The full public record replaces the tile's few fields: the company is named, as Sitadel does.
    await expect.poll(() => page.textContent(card)).toContain('SCI Les Tilleuls du Bourg — SIREN 123456789');
    expect(await page.textContent(`${card} [data-field="objet_affiche"]`)).toBe('Immeuble de bureaux sur trois niveaux');
    await axe('fiche');
    await world.shot('public-02-fiche.png');
    await page.click(`${card} a.info-link`);
    await page.waitForSelector('#public-panel:not([hidden]) [data-field="num_dau"]');
    expect(await page.evaluate(() => decodeURIComponent(location.hash))).toBe(`#autorisation/${pc.number}`);
    expect(await page.isHidden('#info-panel')).toBe(true);
  });

  it('shows the public page: fields, timeline, constraints at filing, the neighbours\' rights; the map flies to it', async () => {
    expect(await page.textContent('#public-title')).toBe(pc.number);
    expect(await page.textContent('#public-panel [data-field="type_dau"]')).toBe('Permis de construire');
    expect(await page.textContent('#public-panel [data-field="demandeur"]')).toBe('SCI Les Tilleuls du Bourg — SIREN 123456789');
    const steps = await page.$$eval('#public-timeline li', (lis) => lis.map((li) => [(li as HTMLElement).dataset.event, (li as HTMLElement).dataset.done]));
    expect(steps).toEqual([['depot', 'true'], ['decision', 'false'], ['affichage', 'false'], ['doc', 'false'], ['daact', 'false']]);
    expect(await page.textContent('#public-timeline [data-event="depot"] time')).toBe(frDate(`${month}-05`));
    expect(await page.textContent('#public-constraints-title')).toBe('Contraintes relevées au dépôt');
    expect(await page.isVisible('#public-zones li')).toBe(true);
    expect(await page.textContent('#public-recours')).toMatch(/en cours d’instruction.*R600-2/);
    // The map is centred on the permit's land, outlined.
    await world.settle();
    expect(await page.evaluate(() => {
      const focus = window.terrier!.map.getLayers().getArray().find((l) => l.get('name') === 'public-focus') as unknown as { getSource: () => { getFeatures: () => { getGeometry: () => { getType: () => string } }[] } };
      return focus.getSource().getFeatures().map((f) => f.getGeometry().getType());
    })).toEqual(['MultiPolygon']);
    const centre = await page.evaluate(() => window.terrier!.map.getView().getCenter()!);
    const [x, y] = mercator(pc.lon, pc.lat);
    expect(Math.hypot(centre[0]! - x, centre[1]! - y)).toBeLessThan(150);
    expect(await bodyText()).not.toMatch(PRIVATE);
    await axe('page publique');
    await world.shot('public-03-page.png');
  });

  it('gives a decided, displayed permit its appeal window "si affichage continu et régulier", and never names its applicant', async () => {
    await page.evaluate((n) => { location.hash = `#autorisation/${encodeURIComponent(n)}`; }, dp.number);
    await expect.poll(() => page.textContent('#public-title')).toBe(dp.number);
    await page.waitForSelector('#public-recours');
    expect(await page.getAttribute('#public-recours', 'data-last-day')).toBe(appealLastDay(displayedOn));
    expect(await page.textContent('#public-panel .public-deadline')).toContain(`jusqu’au ${frDate(appealLastDay(displayedOn))}`);
    expect(await page.textContent('#public-recours')).toMatch(/continu et régulier/);
    expect(await page.textContent('#public-timeline [data-event="affichage"] time')).toBe(frDate(displayedOn));
    expect(await page.textContent('#public-panel [data-field="demandeur"]')).toBe('Particulier (non publié)');
    expect(await bodyText()).not.toMatch(PRIVATE);
    await world.shot('public-04-page-recours.png');
  });

  it('says in French when a number is unknown', async () => {
    world.provoked.push(/^404 .*\/api\/public\/autorisations\//, /status of 404/);
    await page.evaluate(() => { location.hash = '#autorisation/PC%20096001%2099%20X9999'; });
    await expect.poll(() => page.textContent('#public-title')).toBe('Autorisation introuvable');
    expect(await page.textContent('#public-panel [role="alert"]')).toContain('Aucune autorisation d’urbanisme publiée ne porte le numéro « PC 096001 99 X9999 »');
  });

  it('opens the register of a month: the dossiers filed and the decisions taken, as tables', async () => {
    await page.click('#public-nav a[href="#registre"]');
    await page.waitForSelector('#registre-mois');
    await page.selectOption('#registre-mois', month);
    await page.click('.public-form button[type="submit"]');
    await page.waitForSelector('#registre-depots table');
    expect(await page.evaluate(() => location.hash)).toBe(`#registre/96001/${month}`);
    const depots = await page.$$eval('#registre-depots tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.number));
    expect(depots).toEqual(expect.arrayContaining([pc.number, dp.number]));
    expect(await page.textContent('#registre-depots caption')).toContain(MONTH_FR);
    expect(await page.title()).toContain(MONTH_FR);
    const decisions = await page.$$eval('#registre-decisions tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.number));
    expect(decisions).toContain(dp.number);
    expect(decisions).not.toContain(pc.number);
    expect(await page.textContent('.public-licence')).toContain('Licence Ouverte 2.0');
    expect(await bodyText()).not.toMatch(PRIVATE);
    await axe('registre');
    await world.shot('public-05-registre.png');
  });

  it('prints the register alone: no map, no header, the commune and the month as title', async () => {
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.isVisible('#map')).toBe(false);
      expect(await page.isVisible('.app-header')).toBe(false);
      expect(await page.isVisible('.sidebar')).toBe(false);
      expect(await page.isVisible('.public-form')).toBe(false);
      expect(await page.isVisible('#registre-titre')).toBe(true);
      const communes = (await server.get('/api/communes')).body as { insee: string; nom: string }[];
      expect(await page.textContent('#registre-titre')).toBe(`${communes.find((c) => c.insee === '96001')!.nom} (96001) — ${MONTH_FR}`);
      expect(await page.isVisible('#registre-depots table')).toBe(true);
      await world.shot('public-06-registre-impression.png');
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('downloads the register and the open data as CSV, header row first', async () => {
    const href = (await page.getAttribute('#registre-csv', 'href'))!;
    expect(href).toBe(`/api/public/registre.csv?commune=96001&mois=${month}`);
    const csv = await page.evaluate(async (u) => { const r = await fetch(u); return { status: r.status, type: r.headers.get('content-type'), text: await r.text() }; }, href);
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    const [head, ...lines] = csv.text.replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean);
    expect(head!.split(/[;,]/)[0]).toBe('RUBRIQUE');
    expect(head).toContain('NUM_DAU');
    expect(lines.some((l) => l.includes(dp.number))).toBe(true);
    expect(csv.text).not.toMatch(PRIVATE);
    const open = await page.evaluate(async (u) => (await fetch(u)).text(), (await page.getAttribute('#opendata-csv', 'href'))!);
    expect(open.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toMatch(/^"?NUM_DAU"?,/);
    expect(await page.getAttribute('#opendata-schema', 'href')).toBe('/open-data/schema.json');
  });

  it('finds a permit by its number in the search box and opens its public page', async () => {
    await page.evaluate(() => { location.hash = ''; });
    await page.fill('#find-input', pc.number);
    await page.waitForSelector('#find-results [role="option"][data-kind="autorisation"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash))).toBe(`#autorisation/${pc.number}`);
    await expect.poll(() => page.textContent('#public-title')).toBe(pc.number);
  });
});

describe('the public side on a phone, 390 × 844', () => {
  it('shows the map with the permits, a card and the public page in one column', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => { location.hash = ''; });
    await page.waitForFunction(() => document.getElementById('public-panel')!.hidden);
    await page.evaluate(() => window.terrier!.map.updateSize());
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await page.isVisible('#map')).toBe(true);
    await showPermit(pc, 16);
    expect(await drawnAt(pc)).toContain(pc.number);
    await world.shot('public-07-mobile-carte.png');
    await clickPermit(pc);
    const panel = (await page.locator('#info-panel').boundingBox())!;
    expect(panel.x).toBeGreaterThanOrEqual(0);
    expect(panel.x + panel.width).toBeLessThanOrEqual(390);
    await world.shot('public-08-mobile-fiche.png');
    await page.click('#info-panel a.info-link');
    await expect.poll(() => page.textContent('#public-title')).toBe(pc.number);
    // The page is a bottom sheet over the map (client/sheets.ts), full width, the map's top still in view.
    const pageBox = (await page.locator('#public-panel').boundingBox())!;
    const mapBox = (await page.locator('#map').boundingBox())!;
    expect(pageBox.width).toBeGreaterThan(370);
    expect(pageBox.y).toBeGreaterThan(mapBox.y);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await world.shot('public-09-mobile-page.png');
    // "Voir sur la carte" brings the map into view.
    await page.click('#public-to-map');
    await expect.poll(async () => (await page.locator('#map').boundingBox())!.y).toBeLessThan(844 / 2);
  });

  it('shows the register, printable and downloadable', async () => {
    await page.evaluate((h) => { location.hash = h; }, `#registre/96001/${month}`);
    await page.waitForSelector('#registre-depots table');
    expect(await page.isVisible('#registre-csv')).toBe(true);
    expect(await page.isVisible('#registre-imprimer')).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await world.shot('public-10-mobile-registre.png');
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.isVisible('#map')).toBe(false);
      expect(await page.isVisible('#registre-titre')).toBe(true);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });
});

async function logIn(login: string): Promise<void> {
  await page.click('#login-open');
  await page.fill('#login-user', login);
  await page.fill('#login-password', `${login}-demo-terrier`);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`#account .account-role[data-role="${login}"]`);
}

describe('the instructeur', () => {
  it('writes the "objet affiché" on the dossier page, and the public page shows it', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.evaluate(() => { location.hash = ''; });
    await logIn('instructeur');
    await page.evaluate((id) => { location.hash = `#dossier/${id}`; }, pc.id);
    await page.waitForSelector('#desk-objet-input');
    expect(await page.inputValue('#desk-objet-input')).toBe('Immeuble de bureaux sur trois niveaux');
    await page.fill('#desk-objet-input', 'Bureaux sur trois niveaux et commerce en rez-de-chaussée');
    await page.click('#desk-objet-form button[type="submit"]');
    await expect.poll(() => page.textContent('#desk')).toContain('Objet affiché enregistré');
    await world.shot('public-11-objet-affiche.png');
    await page.click('#desk-public-link');
    await expect.poll(() => page.textContent('#public-panel [data-field="objet_affiche"]')).toBe('Bureaux sur trois niveaux et commerce en rez-de-chaussée');
    await page.click('#logout');
    await page.waitForSelector('#login-open');
  });
});

describe('an élu', () => {
  it('sees the same public layer once logged in', async () => {
    await page.evaluate(() => { location.hash = ''; });
    await page.click('#login-open');
    await page.fill('#login-user', 'elu');
    await page.fill('#login-password', 'elu-demo-terrier');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#account .account-role[data-role="elu"]');
    // An élu lands on the dashboard (#tableau-de-bord); the map is one step back.
    await page.waitForFunction(() => location.hash === '#tableau-de-bord');
    await page.evaluate(() => { location.hash = ''; });
    await page.waitForFunction(() => document.body.dataset.view !== 'stats');
    expect(await page.isChecked('#couche-autorisations')).toBe(true);
    await showPermit(dp, 16);
    expect(await drawnAt(dp)).toContain(dp.number);
    await world.shot('public-12-elu.png');
  });

  it('axe-core finds no WCAG 2.1 A/AA violation on a permit’s card, its public page and the register', () => {
    expect(accessibility).toEqual({ fiche: [], 'page publique': [], registre: [] });
  });

  it('logged no console error, failed request or server error', () => {
    expect(problems).toEqual([]);
  });
});
