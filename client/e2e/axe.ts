// Automated accessibility checks in the browser tests (issue #19): axe-core injected into the page,
// run on the whole document (or a part) with the WCAG 2.0/2.1 A and AA rules, and every violation
// returned as one line naming the rule, its impact and the elements, for a readable failure.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let source: string | null = null;

type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/**
 * The WCAG 2.1 A/AA violations on the page now, as readable lines (empty: none). `include`: a CSS
 * selector to check only a part; `exclude`: selectors left out (the map canvas, checked elsewhere).
 */
export async function axeViolations(page: Page, opts: { include?: string; exclude?: string[] } = {}): Promise<string[]> {
  source ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol: the app's CSP (script-src 'self') refuses an inline script tag.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${source}\n;undefined`);
  const violations = await page.evaluate(async ({ include, exclude }) => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: Violation[] }> } }).axe;
    const context = { include: include ? [include] : [['html']], exclude: (exclude ?? []).map((s) => [s]) };
    const r = await axe.run(context, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  }, opts);
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ')}${v.nodes.length > 5 ? ` … (${v.nodes.length})` : ''}`);
}
