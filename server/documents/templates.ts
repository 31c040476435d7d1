// The editable part of each document: a LiquidJS template (templates/<kind>.liquid) a commune's
// admin may override in TERRIER_TEMPLATES_DIR, rendering the small markup of markup.ts. Its version
// is the SHA-256 of its text, stored with every document made from it. A template that does not
// render is an error naming the file and the line; nothing is stored then.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Liquid, type Template } from 'liquidjs';
import { AppError } from '../errors.ts';
import { frDate } from '../dossiers/dates.ts';
import { frLongDate, frMonths } from './typography.ts';

export const SHIPPED_TEMPLATES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'templates');

const engine = new Liquid({ strictFilters: true, ownPropertyOnly: true });
engine.registerFilter('date_long', (d: unknown) => (typeof d === 'string' && d ? frLongDate(d) : ''));
engine.registerFilter('date_court', (d: unknown) => (typeof d === 'string' && d ? frDate(d) : ''));
engine.registerFilter('mois', (n: unknown) => (typeof n === 'number' ? frMonths(n) : ''));

const parsed = new Map<string, Template[]>();
const sha256 = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');

export type Rendered = { template: string; sha256: string; markup: string };

async function readTemplate(name: string, dir: string | null): Promise<string> {
  if (dir) {
    try { return await fs.readFile(path.join(dir, name), 'utf8'); } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; }
  }
  return fs.readFile(path.join(SHIPPED_TEMPLATES, name), 'utf8');
}

/** Renders a template with the document's facts; the parse is kept by the text's hash. */
export async function renderTemplate(name: string, data: Record<string, unknown>, dir: string | null): Promise<Rendered> {
  const text = await readTemplate(name, dir);
  const hash = sha256(text);
  try {
    let tpl = parsed.get(hash);
    if (!tpl) {
      tpl = engine.parse(text, name);
      if (parsed.size > 200) parsed.clear();
      parsed.set(hash, tpl);
    }
    return { template: name, sha256: hash, markup: String(await engine.render(tpl, data)) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const line = /line:(\d+)/.exec(message)?.[1];
    const cause = message.split(/, (file|line):/)[0];
    throw new AppError(500, 'template_error',
      `Le modèle « ${name} » ne peut être produit${line ? ` (ligne ${line})` : ''} : ${cause}. Aucun document n'a été enregistré.`,
      { template: name, line: line ? Number(line) : null });
  }
}


