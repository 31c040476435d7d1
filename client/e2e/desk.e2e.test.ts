// The instructeur's desk in a real browser: log in, select two parcels on the map and file a PC on
// them, request pieces, receive them, propose a decision, then sign it as the signataire. After each
// step the page must show the state and deadlines the engine gives (read back from the API).
// Screenshots of each step go to test-results/browser/desk-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointOnFeature } from '@turf/turf';
import type { Page } from 'playwright-core';
import type { Db } from '../../server/db.ts';
import { addMonths, localDate } from '../../server/dossiers/dates.ts';
import type { TestServer } from '../../server/testing/http.ts';
import { countdown, frDate } from '../desk/dates.ts';
import { mercator, openWorld, type World } from './harness.ts';
import { axeViolations } from './axe.ts';

let db: Db;
let server: TestServer;
let world: World;
let page: Page;
let problems: string[];
/** HTTP errors this test provokes on purpose (a wrong password, a stale version, an expired session). */
let provoked: RegExp[];

const shot = (name: string) => world.shot(name);
/** axe-core's WCAG 2.1 A/AA violations, by page checked (asserted empty at the end). */
const accessibility: Record<string, string[]> = {};
const axe = async (name: string) => { accessibility[name] = await axeViolations(page); };
const today = localDate();

type Parcel = { id: string; lonlat: [number, number] };
let parcels: Parcel[] = [];
let dossierId = 0;

const settle = () => world.settle();

/** Centres the map on a parcel at close zoom and clicks it (with Ctrl when asked). */
async function clickParcel(p: Parcel, ctrl = false): Promise<void> {
  // The parcel panel of a previous click covers part of the map.
  if (await page.isVisible('#info-panel')) await page.click('#info-close');
  const [x, y] = mercator(...p.lonlat);
  await page.evaluate(([cx, cy]) => { const v = window.terrier!.map.getView(); v.setCenter([cx!, cy!]); v.setZoom(18); }, [x, y]);
  await settle();
  const box = (await page.locator('#map').boundingBox())!;
  if (ctrl) await page.keyboard.down('Control');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  if (ctrl) await page.keyboard.up('Control');
}

/** The dossier as the engine gives it, read with the page's session. */
const engine = () => page.evaluate(async (id) => (await fetch(`/api/dossiers/${id}`)).json(), dossierId);

/** The page shows the engine's state, and its deadlines with their countdowns. */
async function expectStateAndDeadlines(): Promise<any> {
  const d = await engine();
  await expect.poll(() => page.getAttribute('#desk-state', 'data-state')).toBe(d.state);
  expect(await page.textContent('#desk-state')).toBe(d.stateLabel);
  const shown = await page.$$eval('#desk-deadlines li', (lis) => lis.map((li) => ({
    key: (li as HTMLElement).dataset.key, day: (li as HTMLElement).dataset.day, text: li.querySelector('.desk-countdown')!.textContent, date: li.querySelector('b')!.textContent,
  })));
  const byKey = Object.fromEntries(shown.map((s) => [s.key, s]));
  if (d.decisionDeadline) {
    expect(byKey.decision).toEqual({ key: 'decision', day: d.decisionDeadline, date: frDate(d.decisionDeadline), text: countdown(d.decisionDeadline, today).text });
  } else {
    expect(byKey.decision).toBeUndefined();
  }
  if (d.state === 'instruction.incomplet') expect(byKey.pieces?.day).toBe(d.completeness.piecesLastDay);
  else expect(byKey.pieces).toBeUndefined();
  if (d.tacitOn) expect(await page.textContent('#desk-silence')).toContain(frDate(d.tacitOn));
  // The actions offered: the server's offer for this role (available.ts), each enabled or disabled with its reason.
  const offered = await page.$$eval('#desk-actions .desk-action', (els) => els.map((el) => ({
    event: (el as HTMLElement).dataset.event, enabled: (el as HTMLElement).dataset.enabled === 'true', why: el.querySelector('small')?.textContent ?? null })));
  expect(offered).toEqual(d.actions.map((a: any) => ({ event: a.event, enabled: a.enabled,
    why: a.enabled ? (a.withoutEffect ? `Sans effet légal : ${a.withoutEffect}` : null) : a.reason })));
  const role = await page.evaluate(async () => (await (await fetch('/api/me')).json()).user.role);
  const { USER_EVENTS } = await import('../../server/dossiers/rules.ts');
  expect(offered.map((o) => o.event)).toEqual(d.allowedEvents.filter((e: string) => (USER_EVENTS as any)[e]?.roles.includes(role)));
  // The journal shows every event.
  expect(await page.$$eval('#desk-journal li', (lis) => lis.map((li) => (li as HTMLElement).dataset.event))).toEqual(d.journal.map((j: any) => j.event));
  return d;
}

async function login(user: string, password: string): Promise<void> {
  await page.click('#login-open');
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('login-user');
  expect(await page.inputValue('#login-user')).toBe('');
  await page.keyboard.type(user);
  await page.fill('#login-password', password);
  await page.keyboard.press('Enter');
}

async function act(event: string, fill: () => Promise<void> = async () => {}): Promise<void> {
  const before = (await engine()).version;
  await page.click(`#desk-actions button[data-event="${event}"]`);
  expect(await page.inputValue('#action-date')).toBe(today);
  await fill();
  await page.click('#action-submit');
  await expect.poll(async () => (await engine()).version).toBe(before + 1);
  await page.waitForSelector('.desk-msg-ok');
}

beforeAll(async () => {
  world = await openWorld({ width: 1366, height: 768 });
  ({ db, server, page, problems, provoked } = world);
  // Two parcels of the demo commune, the largest (easy to click), with a point inside each.
  const fc = (await server.get('/api/cadastre/parcelle?code_insee=96001&_limit=1000')).body;
  parcels = fc.features
    .sort((a: any, b: any) => (b.properties.contenance ?? 0) - (a.properties.contenance ?? 0))
    .slice(0, 2)
    .map((f: any) => ({ id: f.properties.idu, lonlat: pointOnFeature(f).geometry.coordinates as [number, number] }));
});

afterAll(async () => {
  await world?.close();
});

describe('the desk', () => {
  it('the public sees the map only; staff log in from the header (a wrong password is explained)', async () => {
    await page.goto(server.url);
    await page.waitForFunction(() => window.terrier !== undefined);
    expect(await page.isHidden('#desk')).toBe(true);
    expect(await page.isHidden('#desk-nav')).toBe(true);
    expect(await page.isHidden('#desk-layer')).toBe(true);
    await axe('carte publique');

    provoked.push(/^401 .*\/api\/login$/, /status of 401/);
    await login('instructeur', 'pas le bon mot de passe');
    // A password hash takes its time on a loaded machine.
    await expect.poll(() => page.textContent('.login-feedback'), { timeout: 20_000 }).toBe('Identifiant ou mot de passe incorrect.');
    await page.fill('#login-user', '');
    await page.focus('#login-user');
    await page.keyboard.type('instructeur');
    await page.fill('#login-password', 'instructeur-demo-terrier');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('#account-user'), { timeout: 20_000 }).toBe('Ivan Instructeur (démo) · Instructeur');
    expect(await page.isVisible('#desk-nav')).toBe(true);
    expect(await page.isVisible('#desk-layer')).toBe(true);
    await shot('desk-01-login.png');
  });

  it('selects two parcels on the map (the panel button, then Ctrl + click) and files a PC on them', async () => {
    await clickParcel(parcels[0]!);
    await page.waitForSelector('#info-panel [data-layer="parcelles"] .desk-select');
    await page.click('#info-panel .desk-select');
    await page.waitForFunction(() => location.hash === '#nouveau');
    await expect.poll(() => page.$$eval('#desk-selection li', (lis) => lis.length)).toBe(1);
    await clickParcel(parcels[1]!, true);
    await expect.poll(() => page.$$eval('#desk-selection li', (lis) => lis.map((li) => (li as HTMLElement).dataset.parcel).sort()))
      .toEqual(parcels.map((p) => p.id).sort());
    expect(await page.evaluate(() => (window.terrier!.map.getAllLayers().find((l) => l.get('name') === 'desk-selection')!
      .getSource() as any).getFeatures().length)).toBe(2);
    await shot('desk-02-selection.png');

    // The full CERFA form: applicant with address and phone, land, works, architect, pieces.
    await page.selectOption('#depot-type', 'PC');
    await page.fill('#depot-lastName', 'Martin');
    await page.fill('#depot-firstName', 'Claire');
    await page.fill('#depot-email', 'claire.martin@example.org');
    await page.fill('#depot-street', '3 rue des Lilas');
    await page.fill('#depot-postcode', '96100');
    await page.fill('#depot-city', 'Terrier-sur-Lande');
    await page.fill('#depot-phone', '06 12 34 56 78');
    await page.fill('#depot-landStreet', '5 chemin du Moulin');
    await page.fill('#depot-landPostcode', '96100');
    await page.fill('#depot-landCity', 'Terrier-sur-Lande');
    await page.fill('#depot-landArea', '900');
    await page.fill('#depot-description', 'Maison individuelle de 140 m² avec garage');
    await page.fill('#depot-floorArea', '140');
    expect(await page.textContent('#depot-architect-need')).toMatch(/^Architecte non obligatoire — .*150 m².*\(R431-2\)/);
    await page.fill('#depot-floorArea', '160');
    expect(await page.textContent('#depot-architect-need')).toMatch(/^Architecte obligatoire — Surface de plancher de 160 m², au-delà de 150 m²/);
    await page.fill('#depot-architectLastName', 'Lemoine');
    await page.fill('#depot-architectRegistration', 'S12345');
    await page.selectOption('#depot-nature', 'construction_neuve');
    await page.selectOption('#depot-destination', 'habitation');
    await page.fill('#depot-floorAreaDemolished', '12');
    await page.fill('#depot-footprint', '110');
    await page.fill('#depot-dwellings', 'deux');
    for (const code of ['PC1', 'PC2', 'PC4']) await page.check(`#depot-pieces input[data-piece="${code}"]`);
    expect(await page.inputValue('#depot-filedOn')).toBe(today);
    // A wrong field is said, and the message goes once the field is fixed.
    await page.click('#depot-submit');
    await expect.poll(() => page.textContent('#desk-filing .desk-msg-error')).toBe('Le nombre de logements est un nombre positif entier.');
    await page.fill('#depot-dwellings', '1');
    expect(await page.$('#desk-filing .desk-msg-error')).toBeNull();
    // A filing date more than a month back asks for confirmation; the date is corrected.
    await page.fill('#depot-filedOn', addMonths(today, -2));
    await page.click('#depot-submit');
    await expect.poll(() => page.textContent('#depot-old-text')).toMatch(/^Saisie d’un dossier ancien \? La date de dépôt \d\d\/\d\d\/\d{4} remonte à plus d’un mois/);
    await shot('desk-02b-dossier-ancien.png');
    await page.click('text=Corriger la date');
    await page.fill('#depot-filedOn', today);
    await settle();
    await axe('formulaire de dépôt');
    await shot('desk-02c-formulaire-complet.png');
    await page.click('#depot-submit');
    await page.waitForSelector('#desk-receipt');
    dossierId = Number(/^#dossier\/(\d+)$/.exec(await page.evaluate(() => location.hash))![1]);
    const d = await expectStateAndDeadlines();
    expect(d).toMatchObject({ type: 'PC', state: 'instruction.delai.depose', filedOn: today,
      applicant: { kind: 'person', lastName: 'Martin', phone: '06 12 34 56 78', address: { street: '3 rue des Lilas', postcode: '96100', city: 'Terrier-sur-Lande' } },
      works: { floorArea: 160, floorAreaDemolished: 12, footprint: 110, dwellings: 1, nature: 'construction_neuve', destination: 'habitation',
        land: { address: { street: '5 chemin du Moulin', postcode: '96100', city: 'Terrier-sur-Lande' }, area: 900 }, piecesFiled: ['PC1', 'PC2', 'PC4'],
        architect: { lastName: 'Lemoine', registration: 'S12345' } },
      architectNeed: { required: true } });
    expect([...d.parcels].sort()).toEqual(parcels.map((p) => p.id).sort());
    expect(await page.textContent('[data-field="receipt-number"]')).toBe(d.number);
    expect(await page.textContent('[data-field="receipt-deadline"]')).toBe(frDate(d.receipt.decisionDeadline));
    expect(await page.textContent('[data-field="receipt-silence"]')).toContain(d.receipt.silence.label);
    // Its parcels are drawn on the map (from the server), and its constraints listed.
    await expect.poll(() => page.evaluate(() => (window.terrier!.map.getAllLayers().find((l) => l.get('name') === 'desk-dossier')!
      .getSource() as any).getFeatures().length)).toBe(2);
    expect(await page.$$eval('#desk-constraints [data-field="check-zone"]', (els) => els.length)).toBe(d.constraints.zones.length);
    // The focus is on the dossier's title, for keyboard users.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('desk-title');
    await settle();
    await axe('dossier et récépissé');
    await shot('desk-03-recepisse.png');
  });

  it('requests pieces: the file is incomplete, the decision deadline gone, the pieces deadline counted down', async () => {
    await act('REQUEST_PIECES', () => page.fill('#action-pieces', 'PC4 notice\nPC6 insertion'));
    const d = await expectStateAndDeadlines();
    expect(d).toMatchObject({ state: 'instruction.incomplet', decisionDeadline: null, completeness: { missing: ['PC4 notice', 'PC6 insertion'] } });
    await shot('desk-04-pieces-demandees.png');
  });

  it('receives the pieces: the delay restarts', async () => {
    await act('RECEIVE_PIECES');
    const d = await expectStateAndDeadlines();
    expect(d.state).toBe('instruction.delai.complet');
    expect(d.completeness.completeOn).toBe(today);
    await shot('desk-05-pieces-recues.png');
  });

  it('an action the engine would refuse is shown disabled with its French reason, the article and the date (a majoration after the first month, R423-18)', async () => {
    // A PC filed two months ago, through the API: the month to notify a majoration is over.
    const admin = await server.post('/api/login', { login: 'admin', password: 'admin-demo-terrier' });
    const headers = { cookie: admin.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': admin.body.csrfToken };
    const filedOn = addMonths(today, -2);
    const old = await server.post('/api/dossiers', { type: 'PC', insee: '96001', parcels: [parcels[0]!.id], filedOn,
      applicant: { kind: 'person', lastName: 'Lefèvre' }, works: { description: 'Extension de 20 m²' } }, headers);
    expect(old.status).toBe(201);
    await page.evaluate((id) => { location.hash = `#dossier/${id}`; }, old.body.id);
    const button = page.locator('#desk-actions button[data-event="NOTIFY_MAJORATION"]');
    await button.waitFor();
    expect(await button.getAttribute('aria-disabled')).toBe('true');
    const reason = page.locator(`#${await button.getAttribute('aria-describedby')}`);
    const text = (await reason.textContent())!;
    expect(text).toMatch(new RegExp(`^La majoration du délai doit être notifiée dans le mois qui suit le dépôt \\(R423-18\\)\\s: le dernier jour était le ${frDate(addMonths(filedOn, 1)).replace(/\//g, '\\/')}\\.$`));
    expect(text).not.toMatch(/\b(the|must|is|not|allowed)\b/);
    // Clicking it opens no form; a request for pieces says it would be without effect.
    await button.dispatchEvent('click'); // Playwright will not click an aria-disabled button: a user can.
    expect(await page.$('form[data-event="NOTIFY_MAJORATION"]')).toBeNull();
    expect(await page.textContent('#desk-actions .desk-action[data-event="REQUEST_PIECES"] small')).toMatch(/^Sans effet légal : .*ne suspend pas le délai/);
    expect(await page.evaluate(async (id) => (await (await fetch(`/api/dossiers/${id}`)).json()).version, old.body.id)).toBe(old.body.version); // nothing written
    await shot('desk-05b-refus-majoration.png');
    await page.evaluate((id) => { location.hash = `#dossier/${id}`; }, dossierId);
    await page.waitForSelector('#desk-actions button[data-event="PROPOSE_DECISION"]');
  });

  it('an action sent on a stale version is refused (409): the page reloads the dossier and says so', async () => {
    // Meanwhile, the admin consults a service from elsewhere: the version the page holds is stale.
    const admin = await server.post('/api/login', { login: 'admin', password: 'admin-demo-terrier' });
    const headers = { cookie: admin.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': admin.body.csrfToken };
    const stale = (await engine()).version;
    await page.click('#desk-actions button[data-event="PROPOSE_DECISION"]');
    const res = await server.post(`/api/dossiers/${dossierId}/events`, { type: 'CONSULT', on: today, version: stale, payload: { service: 'SDIS' } }, headers);
    expect(res.status).toBe(200);
    provoked.push(new RegExp(`^409 .*/api/dossiers/${dossierId}/events$`), /status of 409/);
    await page.click('#action-submit');
    await expect.poll(() => page.textContent('.desk-msg-error')).toContain(`modifié entre-temps (version ${stale} → ${stale + 1})`);
    await expectStateAndDeadlines();
    expect(await page.$$eval('#desk-journal li', (lis) => lis.map((li) => (li as HTMLElement).dataset.event))).toContain('CONSULT');
  });

  it('proposes a decision; signing is not the instructeur\'s', async () => {
    await act('PROPOSE_DECISION', async () => {
      await page.selectOption('#action-decision', 'accord');
      await page.fill('#action-motifs', 'Le projet respecte le règlement de la zone UA du PLU.');
      await page.fill('#action-prescriptions', 'Les menuiseries seront de teinte gris clair.');
    });
    const d = await expectStateAndDeadlines();
    expect(d.state).toBe('instruction.delai.proposee');
    expect(d.allowedEvents).toContain('SIGN_DECISION');
    expect(await page.$('#desk-actions button[data-event="SIGN_DECISION"]')).toBeNull();
    await shot('desk-06-proposition.png');
  });

  it('the signataire finds it in the list (overdue first, then by deadline) and signs', async () => {
    await page.click('#logout');
    await expect.poll(() => page.isHidden('#desk-nav')).toBe(true);
    await login('signataire', 'signataire-demo-terrier');
    await expect.poll(() => page.textContent('#account-user'), { timeout: 20_000 }).toBe('Sylvie Signataire, maire (démo) · Signataire');
    await page.click('#desk-nav a[href="#dossiers"]');
    await page.waitForSelector(`#desk-list tr[data-id="${dossierId}"]`);
    const d0 = await engine();
    const row = page.locator(`#desk-list tr[data-id="${dossierId}"]`);
    const last = d0.due[0].on;
    const lastDay = new Date(Date.parse(`${last}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect(await row.locator('.desk-countdown').textContent()).toBe(countdown(lastDay, today).text);
    expect(await row.locator('.desk-badge').textContent()).toBe(d0.stateLabel);
    await axe('liste des dossiers');
    await shot('desk-07-liste.png');
    await row.locator('a').click();
    await page.waitForSelector('#desk-actions button[data-event="SIGN_DECISION"]');
    // The signataire sees what he signs: the decision, its motifs, prescriptions, the opinions and the arrêté.
    await act('SIGN_DECISION', async () => {
      expect(await page.textContent('[data-field="sign-decision"]')).toMatch(/^Accord.*, proposée le /);
      expect(await page.textContent('[data-field="sign-motifs"]')).toBe('Le projet respecte le règlement de la zone UA du PLU.');
      expect(await page.textContent('[data-field="sign-prescriptions"]')).toBe('Les menuiseries seront de teinte gris clair.');
      expect(await page.textContent('#desk-sign-opinions')).toMatch(/Aucun avis rendu|SDIS/);
      await page.click('#desk-sign-read-arrete');
      await page.waitForSelector('#desk-sign-arrete pre');
      expect(await page.textContent('#desk-sign-arrete pre')).toMatch(/ACCORD/);
      await axe('signature');
      await shot('desk-08a-a-signer.png');
    });
    const d = await expectStateAndDeadlines();
    expect(d).toMatchObject({ state: 'instruction.delai.signee', signedOn: today });
    await shot('desk-08-signature.png');
  });

  it('the instructeur notifies the signed decision (first presentation, R424-10): the permit is granted and no longer offered to notify', async () => {
    await page.click('#logout');
    await expect.poll(() => page.isHidden('#desk-nav')).toBe(true);
    await login('instructeur', 'instructeur-demo-terrier');
    await expect.poll(() => page.isVisible('#desk-nav'), { timeout: 20_000 }).toBe(true);
    await page.evaluate((id) => { location.hash = `#dossier/${id}`; }, dossierId);
    await page.waitForSelector('#desk-actions button[data-event="NOTIFY_DECISION"]');
    await act('NOTIFY_DECISION');
    // Decided: the page shows the engine's state, and no decision deadline is counted down any more.
    const d = await engine();
    expect(d.state).not.toMatch(/^instruction/);
    await expect.poll(() => page.getAttribute('#desk-state', 'data-state')).toBe(d.state);
    expect(await page.textContent('#desk-state')).toBe(d.stateLabel);
    expect(await page.$$eval('#desk-deadlines li[data-key="decision"]', (lis) => lis.length)).toBe(0);
    expect(d.journal.at(-1)).toMatchObject({ event: 'NOTIFY_DECISION', on: today, actor: 'instructeur' });
    expect(d.actions.map((a: any) => a.event)).not.toContain('NOTIFY_DECISION');
    await axe('décision notifiée');
    await shot('desk-08b-notifiee.png');
  });

  it('the staff layer shows the dossier by state, and leaves with the session', async () => {
    const [x, y] = mercator(...parcels[0]!.lonlat);
    await page.evaluate(([cx, cy]) => { const v = window.terrier!.map.getView(); v.setCenter([cx!, cy!]); v.setZoom(16); }, [x, y]);
    await expect.poll(() => page.evaluate((id) => {
      const l = window.terrier!.map.getAllLayers().find((x) => x.get('name') === 'desk-dossiers')!;
      return (l.getSource() as any).getFeatures().filter((f: any) => f.get('id') === id).map((f: any) => f.get('state'));
    }, dossierId)).toEqual([(await engine()).state]);
    await settle();
    await shot('desk-09-couche-dossiers.png');
    await page.click('#logout');
    await expect.poll(() => page.evaluate(() => window.terrier!.map.getAllLayers().find((x) => x.get('name') === 'desk-dossiers')!.getVisible())).toBe(false);
    expect(await page.textContent('#desk')).toContain('Connectez-vous');
  });

  it('an expired session is said so, and the login form opens', async () => {
    await login('instructeur', 'instructeur-demo-terrier');
    await expect.poll(() => page.textContent('#account-user'), { timeout: 20_000 }).toContain('Instructeur');
    await page.waitForSelector('#desk-state'); // back on the dossier page, loaded
    await expect.poll(() => page.evaluate(() => (window.terrier!.map.getAllLayers().find((l) => l.get('name') === 'desk-dossier')!
      .getSource() as any).getFeatures().length)).toBe(2);
    await db.knex('sessions').update({ expires_at: db.knex.raw("now() - interval '1 minute'") });
    provoked.push(/^401 .*\/api\/dossiers\?/);
    await page.evaluate(() => { location.hash = '#dossiers'; });
    await expect.poll(() => page.textContent('.login-feedback')).toBe('Votre session a expiré : reconnectez-vous pour continuer.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login-user');
    expect(await page.isHidden('#desk-nav')).toBe(true);
    await shot('desk-10-session-expiree.png');
  });

  it('axe-core finds no WCAG 2.1 A/AA violation on the public map, the filing form, the dossier, the list, the signing step and the notified decision', () => {
    expect(accessibility).toEqual({ 'carte publique': [], 'formulaire de dépôt': [], 'dossier et récépissé': [], 'liste des dossiers': [], signature: [], 'décision notifiée': [] });
  });

  it('logged no console error, failed request or server error beyond the wrong password', () => {
    expect(problems).toEqual([]);
  });
});
