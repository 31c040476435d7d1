// Launches the system Chromium with playwright-core (which never downloads a browser). The path is
// /usr/bin/chromium unless TERRIER_CHROMIUM says otherwise.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export function chromiumPath(env: Record<string, string | undefined> = process.env): string {
  const p = env.TERRIER_CHROMIUM?.trim() || DEFAULT_CHROMIUM;
  if (!fs.existsSync(p)) {
    throw new Error(`Chromium not found at ${p}: install Debian's chromium (apt-get install chromium) `
      + 'or set TERRIER_CHROMIUM to the path of a Chromium or Chrome executable.');
  }
  return p;
}

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** A persistent context on a fresh, throw-away profile; close() also removes the profile. */
export async function launchChromium(opts: { width?: number; height?: number } = {}): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'terrier-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: opts.width ?? 1366, height: opts.height ?? 768 },
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
