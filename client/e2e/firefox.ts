// Drives Debian's Firefox ESR over WebDriver BiDi, spoken here directly: playwright-core's Firefox
// needs Playwright's patched build, and its BiDi mode asks this Firefox for commands it lacks. The
// path is /usr/bin/firefox-esr unless TERRIER_FIREFOX says otherwise. Firefox runs headless on a
// fresh, throw-away profile whose prefs switch off everything that would call out (no internet here).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';

export const DEFAULT_FIREFOX = '/usr/bin/firefox-esr';

export function firefoxPath(env: Record<string, string | undefined> = process.env): string {
  const p = env.TERRIER_FIREFOX?.trim() || DEFAULT_FIREFOX;
  if (!fs.existsSync(p)) {
    throw new Error(`Firefox not found at ${p}: install Debian's Firefox ESR (apt-get install firefox-esr) `
      + 'or set TERRIER_FIREFOX to the path of a Firefox executable.');
  }
  return p;
}

const PREFS: Record<string, string | number | boolean> = {
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.page': 0,
  'browser.startup.homepage': 'about:blank',
  'browser.startup.homepage_override.mstone': 'ignore',
  'startup.homepage_welcome_url': 'about:blank',
  'startup.homepage_welcome_url.additional': '',
  'browser.newtabpage.enabled': false,
  'browser.aboutwelcome.enabled': false,
  'browser.sessionstore.resume_from_crash': false,
  'browser.warnOnQuit': false,
  'browser.tabs.warnOnClose': false,
  'browser.translations.automaticallyPopup': false,
  'browser.urlbar.suggest.searches': false,
  'browser.search.update': false,
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.topsites.contile.enabled': false,
  'app.normandy.enabled': false,
  'app.shield.optoutstudies.enabled': false,
  'app.update.enabled': false,
  'messaging-system.rsexperimentloader.enabled': false,
  'services.settings.server': 'http://127.0.0.1:9/',
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.usage.uploadEnabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.server': '',
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'media.gmp-manager.updateEnabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.http.speculative-parallel-limit': 0,
  'security.OCSP.enabled': 0,
  'geo.provider.network.url': '',
  'dom.disable_open_during_load': false,
  'dom.max_script_run_time': 0,
  'focusmanager.testmode': true,
  'layout.testing.top-level-always-active': true,
  'intl.accept_languages': 'fr-FR, fr',
};

export type BidiEvent = { method: string; params: Record<string, unknown> };

export type Firefox = {
  /** Sends one BiDi command and resolves with its result (rejects with the error it answers). */
  send: <T = Record<string, unknown>>(method: string, params?: Record<string, unknown>) => Promise<T>;
  /** Calls `listener` with every event (subscribe to it first with `session.subscribe`). */
  onEvent: (listener: (event: BidiEvent) => void) => void;
  /** Ends the session, kills Firefox and removes its profile. */
  close: () => Promise<void>;
};

export async function launchFirefox(): Promise<Firefox> {
  const executable = firefoxPath();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'terrier-firefox-'));
  fs.writeFileSync(path.join(profile, 'user.js'),
    Object.entries(PREFS).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n'));
  const child = spawn(executable, ['--headless', '--remote-debugging-port=0', '--profile', profile], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const removeProfile = () => fs.rmSync(profile, { recursive: true, force: true });

  let ws: WebSocket;
  try {
    // Port 0: Firefox picks a free port and says which on stderr.
    const endpoint = await new Promise<string>((resolve, reject) => {
      let err = '';
      const timer = setTimeout(() => reject(new Error(`Firefox did not open WebDriver BiDi within 30 s:\n${err}`)), 30_000);
      child.stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString();
        const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(err);
        if (m) { clearTimeout(timer); resolve(m[1]!); }
      });
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`Firefox exited (${code}):\n${err}`)); });
    });
    ws = new WebSocket(`${endpoint}/session`);
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  } catch (e) {
    child.kill('SIGKILL');
    await exited;
    removeProfile();
    throw e;
  }

  let nextId = 1;
  const pending = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void; method: string }>();
  const listeners: ((event: BidiEvent) => void)[] = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { id?: number; type: string; result?: unknown; error?: string; message?: string; method?: string; params?: Record<string, unknown> };
    if (msg.type === 'event') {
      for (const l of listeners) l({ method: msg.method!, params: msg.params! });
      return;
    }
    const p = msg.id === undefined ? undefined : pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id!);
    if (msg.type === 'error') p.reject(new Error(`${p.method}: ${msg.error}: ${msg.message}`));
    else p.resolve(msg.result as never);
  });
  ws.on('close', () => {
    for (const p of pending.values()) p.reject(new Error(`${p.method}: connection to Firefox closed`));
    pending.clear();
  });

  const send = <T>(method: string, params: Record<string, unknown> = {}) => new Promise<T>((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve: resolve as (v: never) => void, reject, method });
    ws.send(JSON.stringify({ id, method, params }));
  });

  await send('session.new', { capabilities: {} });
  return {
    send,
    onEvent: (listener) => { listeners.push(listener); },
    close: async () => {
      // browser.close ends the session and Firefox; kill it anyway if it lingers.
      await Promise.race([send('browser.close').catch(() => undefined), new Promise((r) => setTimeout(r, 5_000))]);
      ws.close();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      removeProfile();
    },
  };
}

/** One tab of a launched Firefox, with the few things the tests do in it. */
export type FirefoxPage = {
  context: string;
  goto: (url: string) => Promise<void>;
  /** Runs `fn(...args)` in the page (awaited); arguments and result travel as JSON. */
  evaluate: <T, A extends unknown[] = []>(fn: (...args: A) => T | Promise<T>, ...args: A) => Promise<Awaited<T>>;
  /** Polls `fn` in the page until it returns something truthy. */
  waitFor: <A extends unknown[] = []>(fn: (...args: A) => unknown, timeout?: number, ...args: A) => Promise<void>;
  /** A left click at viewport coordinates, as a mouse would. */
  click: (x: number, y: number) => Promise<void>;
  /** Types keys into the focused element, each pressed and released (WebDriver key values: '\uE007' is Enter). */
  keys: (text: string) => Promise<void>;
  /** A PNG of the viewport. */
  screenshot: () => Promise<Buffer>;
};

export async function firefoxPage(fx: Firefox, viewport: { width: number; height: number }): Promise<FirefoxPage> {
  const tree = await fx.send<{ contexts: { context: string }[] }>('browsingContext.getTree', { maxDepth: 0 });
  const context = tree.contexts[0]!.context;
  await fx.send('browsingContext.setViewport', { context, viewport });
  const evaluate = async <T, A extends unknown[]>(fn: (...args: A) => T | Promise<T>, ...args: A): Promise<Awaited<T>> => {
    const r = await fx.send<{ type: string; result?: { type: string; value?: string }; exceptionDetails?: { text: string } }>('script.callFunction', {
      functionDeclaration: `async () => JSON.stringify(await (${String(fn)})(...${JSON.stringify(args)}) ?? null)`,
      target: { context }, awaitPromise: true, resultOwnership: 'none',
    });
    if (r.type === 'exception') throw new Error(`in Firefox: ${r.exceptionDetails!.text}`);
    return JSON.parse(r.result!.value!) as Awaited<T>;
  };
  return {
    context,
    evaluate,
    goto: async (url) => { await fx.send('browsingContext.navigate', { context, url, wait: 'complete' }); },
    waitFor: async (fn, timeout = 30_000, ...args) => {
      const until = Date.now() + timeout;
      while (!(await evaluate(fn, ...args))) {
        if (Date.now() > until) throw new Error(`timed out after ${timeout} ms waiting in Firefox for ${String(fn)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    click: async (x, y) => {
      await fx.send('input.performActions', { context, actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [
        { type: 'pointerMove', x: Math.round(x), y: Math.round(y) },
        { type: 'pointerDown', button: 0 },
        { type: 'pointerUp', button: 0 },
      ] }] });
      await fx.send('input.releaseActions', { context });
    },
    keys: async (text) => {
      await fx.send('input.performActions', { context, actions: [{ type: 'key', id: 'keyboard',
        actions: [...text].flatMap((value) => [{ type: 'keyDown', value }, { type: 'keyUp', value }]) }] });
    },
    screenshot: async () => Buffer.from((await fx.send<{ data: string }>('browsingContext.captureScreenshot', { context })).data, 'base64'),
  };
}
