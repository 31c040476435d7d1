// The élus' dashboard (#tableau-de-bord), mounted by main.ts beside the desk: for a period and a
// commune, the figures of GET /api/stats as plots (Observable Plot, SVG), each with its table view
// (RGAA's text alternative to a chart) and a CSV download; the map of permits by section
// (OpenLayers); "Imprimer" gives a print layout for a council meeting. Élus land here after login;
// staff reach it from the header.
import type { Commune } from '../api.ts';
import { errorText, getJson } from '../api.ts';
import { h, message } from '../desk/dom.ts';
import type { Session } from '../desk/session.ts';
import {
  activityByTypeFigure, activityFigure, constraintsFigure, delaysFigure, formatValue, frDate, housingFigure, outcomesFigure,
  ratesFigure, riskFigure, sectionsFigure, toCsv, type Figure, type Stats,
} from './figures.ts';
import { activityPlot, byTypePlot, constraintsPlot, delaysPlot, housingPlot, outcomesPlot } from './plots.ts';
import { createStatsMap, type StatsMap } from './map.ts';

export const DASHBOARD_HASH = '#tableau-de-bord';
/** The roles GET /api/stats answers (server/stats/routes.ts). */
const MAY_SEE = ['elu', 'instructeur', 'signataire', 'admin'];

export type StatsDeps = { communes: Commune[]; session: Session; onLayout: () => void; today?: () => string };

const todayLocal = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** The periods offered in one click: this year, the last twelve months, last year. */
export function presets(today: string): { label: string; from: string; to: string }[] {
  const y = Number(today.slice(0, 4));
  const back = `${y - 1}-${today.slice(5, 10) === '02-29' ? '02-28' : today.slice(5, 10)}`;
  return [
    { label: 'Cette année', from: `${y}-01-01`, to: today },
    { label: '12 derniers mois', from: back, to: today },
    { label: `Année ${y - 1}`, from: `${y - 1}-01-01`, to: `${y - 1}-12-31` },
  ];
}

function tableOf(f: Figure, link?: (row: Figure['rows'][number]) => string | null): HTMLTableElement {
  return h('table', { class: 'stats-table', id: `table-${f.id}` },
    h('caption', {}, f.title),
    h('thead', {}, h('tr', {}, ...f.columns.map((c) => h('th', { scope: 'col' }, c.label)))),
    h('tbody', {}, ...f.rows.map((r) => h('tr', {}, ...f.columns.map((c, i) => {
      const text = formatValue(r[c.key] ?? null, c.kind);
      const href = i === 0 && link ? link(r) : null;
      const numeric = c.kind !== 'text' && c.kind !== 'month' && c.kind !== 'date';
      return h(i === 0 ? 'th' : 'td', { ...(i === 0 ? { scope: 'row' } : {}), class: numeric ? 'num' : null }, href ? h('a', { href }, text) : text);
    })))));
}

function csvLink(f: Figure, period: Stats['period']): HTMLAnchorElement {
  const a = h('a', { class: 'desk-button small', id: `csv-${f.id}`, href: '#', download: `${f.id}-${period.from}-${period.to}.csv` }, 'Télécharger (CSV)');
  // A fresh blob each time: the figure shown is the one downloaded.
  a.addEventListener('click', () => {
    if (a.href.startsWith('blob:')) URL.revokeObjectURL(a.href);
    a.href = URL.createObjectURL(new Blob([toCsv(f)], { type: 'text/csv;charset=utf-8' }));
  });
  return a;
}

/** A figure's card: its plot (if any), its note, its table (shown on demand, always in print) and its CSV. */
function card(f: Figure, period: Stats['period'], plot: (() => Element) | null, opts: { open?: boolean; link?: (r: Figure['rows'][number]) => string | null; extra?: Node } = {}): HTMLElement {
  let drawn: Element | null = null;
  if (plot && f.rows.length) {
    try { drawn = plot(); } catch (err) { console.warn(err); }
    drawn?.setAttribute('role', 'img');
    drawn?.setAttribute('aria-label', `${f.title} : graphique, les valeurs sont dans le tableau qui suit.`);
  }
  const empty = !f.rows.length;
  return h('section', { class: 'stats-card', id: `figure-${f.id}`, 'aria-labelledby': `title-${f.id}` },
    h('h3', { id: `title-${f.id}` }, f.title),
    f.note ? h('p', { class: 'stats-note' }, f.note) : null,
    opts.extra ?? null,
    empty ? h('p', { class: 'stats-empty' }, 'Aucune donnée pour cette période.') : null,
    drawn ? h('div', { class: 'stats-plot' }, drawn as Node) : null,
    empty ? null : h('details', { class: 'stats-details', ...(opts.open ? { open: true } : {}) },
      h('summary', {}, 'Tableau des données'), tableOf(f, opts.link)),
    empty ? null : h('p', { class: 'stats-actions' }, csvLink(f, period)));
}

const pct = (n: number | null) => formatValue(n, 'share');

/** The headline numbers, in words, at the top of the page. */
function headline(s: Stats): HTMLElement {
  const total = s.delays.find((d) => d.type === 'total');
  const filed = s.activity.reduce((t, r) => t + r.filed, 0);
  const dwellings = s.housing.reduce((t, r) => t + r.dwellings, 0);
  const tacit = s.outcomes.rows.find((r) => r.outcome === 'tacite')?.count ?? 0;
  const item = (value: string, label: string, id: string) => h('li', { id }, h('strong', {}, value), h('span', {}, label));
  return h('ul', { class: 'stats-headline', 'aria-label': 'Chiffres clés de la période' },
    item(formatValue(filed, 'int'), 'dossiers déposés', 'kpi-depots'),
    item(formatValue(s.outcomes.decisions, 'int'), 'décisions', 'kpi-decisions'),
    item(formatValue(dwellings, 'int'), 'logements autorisés', 'kpi-logements'),
    item(total ? formatValue(total.medianDays, 'days') : '—', 'délai médian d’instruction', 'kpi-delai'),
    item(total ? pct(total.withinShare) : '—', 'décidés dans le délai', 'kpi-dans-delai'),
    item(formatValue(tacit, 'int'), 'accords tacites', 'kpi-tacites'),
    item(formatValue(s.risk.soon.length, 'int'), `tacites possibles sous ${s.risk.days} jours`, 'kpi-risque'));
}

export function mountStats(root: HTMLElement, deps: StatsDeps): void {
  const today = deps.today ?? todayLocal;
  const link = document.getElementById('nav-dashboard');
  let period = presets(today())[0]!;
  let commune = '';
  let statsMap: StatsMap | null = null;
  let token = 0;

  const communeName = (insee: string) => deps.communes.find((c) => c.insee === insee)?.nom ?? insee;

  function form(): HTMLFormElement {
    const from = h('input', { type: 'date', id: 'stats-from', name: 'from', required: true, value: period.from });
    const to = h('input', { type: 'date', id: 'stats-to', name: 'to', required: true, value: period.to });
    const select = h('select', { id: 'stats-commune', name: 'commune' },
      h('option', { value: '' }, 'Toutes mes communes'),
      ...deps.communes.map((c) => h('option', { value: c.insee, selected: c.insee === commune }, `${c.nom} (${c.insee})`)));
    const f = h('form', { class: 'stats-form', id: 'stats-form', 'aria-label': 'Période et commune' },
      h('label', {}, 'Commune ', select), h('label', {}, 'Du ', from), h('label', {}, 'au ', to),
      h('button', { type: 'submit', class: 'desk-button primary' }, 'Afficher'),
      h('span', { class: 'stats-presets', role: 'group', 'aria-label': 'Périodes usuelles' },
        ...presets(today()).map((p, i) => h('button', { type: 'button', class: 'desk-button small', id: `stats-preset-${i}`,
          onclick: () => { period = p; commune = select.value; void show(); } }, p.label))));
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      period = { label: '', from: from.value, to: to.value };
      commune = select.value;
      void show();
    });
    return f;
  }

  async function show(): Promise<void> {
    const mine = ++token;
    const title = h('h2', { id: 'stats-title', tabindex: '-1' }, 'Tableau de bord');
    const where = commune ? `${communeName(commune)} (${commune})` : 'Toutes mes communes';
    const printTitle = h('p', { class: 'stats-print-title', id: 'stats-subtitle' }, `${where} — du ${frDate(period.from)} au ${frDate(period.to)}`);
    const top = [title, printTitle, form(),
      h('p', { class: 'stats-actions' }, h('button', { type: 'button', class: 'desk-button', id: 'stats-print', onclick: () => window.print() }, 'Imprimer'))];
    root.replaceChildren(...top, message('info', 'Calcul des chiffres…'));
    const q = new URLSearchParams({ from: period.from, to: period.to, ...(commune ? { commune } : {}) });
    let s: Stats;
    try {
      s = await getJson<Stats>(`/api/stats?${q}`);
    } catch (err) {
      if (mine === token) root.replaceChildren(...top, message('error', `Les chiffres ne peuvent pas être affichés : ${errorText(err)}`));
      return;
    }
    if (mine !== token) return;
    const p = s.period;
    const dossier = (r: Figure['rows'][number]) => (r.id ? `#dossier/${r.id}` : null);
    const mapEl = h('div', { class: 'stats-map', id: 'stats-map', role: 'region', 'aria-label': 'Carte des autorisations par section cadastrale' });
    const legend = h('ul', { class: 'stats-legend', 'aria-label': 'Légende de la carte' });
    const sections = sectionsFigure(s);
    root.replaceChildren(...top, headline(s),
      h('div', { class: 'stats-grid' },
        card(riskFigure(s, 'soon'), p, null, { open: true, link: dossier }),
        card(riskFigure(s, 'late'), p, null, { open: true, link: dossier }),
        card(activityFigure(s), p, () => activityPlot(s)),
        card(activityByTypeFigure(s), p, () => byTypePlot(activityByTypeFigure(s))),
        card(outcomesFigure(s), p, () => outcomesPlot(s)),
        card(delaysFigure(s), p, () => delaysPlot(delaysFigure(s))),
        card(ratesFigure(s), p, null, { open: true }),
        card(housingFigure(s), p, () => housingPlot(s)),
        card(sections, p, null, { extra: h('div', {}, mapEl, legend) }),
        card(constraintsFigure(s), p, () => constraintsPlot(constraintsFigure(s)))));
    statsMap?.map.setTarget(undefined);
    statsMap = createStatsMap(mapEl, legend);
    statsMap.show(s);
  }

  function render(): void {
    const user = deps.session.user();
    const visible = location.hash === DASHBOARD_HASH;
    const was = document.body.dataset.view === 'stats';
    root.hidden = !visible;
    if (visible) document.body.dataset.view = 'stats'; else delete document.body.dataset.view;
    if (was !== visible) deps.onLayout();
    if (!visible) return;
    if (!user) {
      root.replaceChildren(h('h2', { id: 'stats-title', tabindex: '-1' }, 'Tableau de bord'),
        message('info', 'Le tableau de bord est réservé aux élus et au personnel : connectez-vous (en haut à droite).'));
      deps.session.askLogin('Le tableau de bord est réservé aux élus et au personnel : connectez-vous.');
      return;
    }
    if (!MAY_SEE.includes(user.role)) {
      root.replaceChildren(h('h2', { id: 'stats-title', tabindex: '-1' }, 'Tableau de bord'), message('error', 'Votre rôle ne permet pas de consulter les chiffres.'));
      return;
    }
    void show().then(() => root.querySelector<HTMLElement>('#stats-title')?.focus());
  }

  // Print: every table view open (a closed <details> prints nothing), as they were afterwards.
  let closed: HTMLDetailsElement[] = [];
  window.addEventListener('beforeprint', () => {
    closed = [...root.querySelectorAll<HTMLDetailsElement>('details:not([open])')];
    for (const d of closed) d.open = true;
  });
  window.addEventListener('afterprint', () => { for (const d of closed) d.open = false; closed = []; });

  let previous: string | null = null;
  deps.session.onChange((user) => {
    if (link) link.hidden = !user || !MAY_SEE.includes(user.role);
    // Élus land on the dashboard when they log in (or come back logged in) on the bare map.
    if (user && user.login !== previous && user.role === 'elu' && (location.hash === '' || location.hash === '#')) location.hash = DASHBOARD_HASH;
    previous = user?.login ?? null;
    render();
  });
  window.addEventListener('hashchange', render);
  void deps.session.ready.then(render);
}
