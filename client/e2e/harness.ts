// One browser test file's world: a test database holding the demo commune (and its accounts), the
// app served on it (`openApp`, shared with the Firefox test), and Chromium with one page. What goes
// wrong in the page — console errors, page errors, failed requests, HTTP errors — is collected in
// `problems`, except what the test says it provokes; screenshots go to test-results/browser/
// (browser-postgresql/ on PostgreSQL).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { buildApp } from '../../server/app.ts';
import type { Db } from '../../server/db.ts';
import { loadDemo } from '../../server/demo/load.ts';
import { testDb } from '../../server/testing/db.ts';
import { serve, type TestServer } from '../../server/testing/http.ts';
import { launchChromium } from './browser.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Web Mercator (the map view's projection) of a WGS84 point. */
export const mercator = (lon: number, lat: number): [number, number] => {
  const R = 6378137, rad = Math.PI / 180;
  return [R * lon * rad, R * Math.log(Math.tan(Math.PI / 4 + (lat * rad) / 2))];
};

export type World = {
  db: Db;
  server: TestServer;
  page: Page;
  problems: string[];
  /** Console messages and responses ("<status> <url>") matching one of these are expected. */
  provoked: RegExp[];
  shot: (name: string) => Promise<unknown>;
  /** Resolves once OpenLayers has rendered everything that is loaded (re-renders once to be sure). */
  renderComplete: () => Promise<void>;
  /** Waits until no layer of the map is loading and the map has rendered. */
  settle: () => Promise<void>;
  close: () => Promise<void>;
};

export type App = {
  db: Db;
  server: TestServer;
  /** The folder screenshots go to. */
  shots: string;
  problems: string[];
  provoked: RegExp[];
  /** Whether a console message or a response ("<status> <url>") is one the test provokes. */
  expected: (s: string) => boolean;
  close: () => Promise<void>;
};

/**
 * The demo commune in a test database and the app served on it, server errors kept in `problems`;
 * or, given a database, the app served on it as it is (real data imported by the CLI).
 */
export async function openApp(given?: Db): Promise<App> {
  const db = given ?? await testDb();
  const shots = path.join(ROOT, 'test-results', db.engine === 'postgresql' ? 'browser-postgresql' : 'browser');
  fs.mkdirSync(shots, { recursive: true });
  if (!given) await loadDemo(db);
  const problems: string[] = [];
  const provoked: RegExp[] = [];
  const expected = (s: string) => provoked.some((r) => r.test(s));
  // client/dist exists (built by build-client.ts) before the app is built: it serves it only then.
  const server = await serve(buildApp(db, { log: (err) => problems.push(`server: ${String(err)}`) }));
  return {
    db, server, shots, problems, provoked, expected,
    close: async () => {
      await server.close();
      await db.close();
    },
  };
}

export async function openWorld(viewport: { width: number; height: number }, given?: Db): Promise<World> {
  const app = await openApp(given);
  const { db, server, shots, problems, provoked, expected } = app;
  const browser = await launchChromium(viewport);
  const page = await browser.context.newPage();
  page.on('console', (m) => { if (m.type() === 'error' && !expected(m.text())) problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => { if (r.status() >= 400 && !expected(`${r.status()} ${r.url()}`)) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  const renderComplete = () => page.evaluate(() => new Promise<void>((resolve) => {
    const map = window.terrier!.map;
    map.once('rendercomplete', () => resolve());
    map.render();
  }));
  return {
    db, server, page, problems, provoked, renderComplete,
    shot: (name) => page.screenshot({ path: path.join(shots, name) }),
    settle: async () => {
      await page.waitForFunction(() => !document.querySelector('.switcher-item[aria-busy="true"]'), null, { timeout: 30_000 });
      await renderComplete();
    },
    close: async () => {
      await browser.close();
      await app.close();
    },
  };
}
