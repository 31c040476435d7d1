// The dashboard's plots, drawn as SVG by Observable Plot from the same figures as the tables. Colours:
// the Okabe–Ito palette (readable with the common colour-vision deficiencies), as the public layer.
import * as Plot from '@observablehq/plot';
import { monthDate, monthLabel, nextYear, type Figure, type Stats, OUTCOME_LABELS, TYPE_LABELS, DESTINATION_LABELS } from './figures.ts';

const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
const NUMBER = new Intl.NumberFormat('fr-FR');
const WIDTH = 560;
const monthTick = (d: Date) => monthLabel(d.toISOString().slice(0, 7));
const SHORT_MONTH = new Intl.DateTimeFormat('fr-FR', { month: 'short', year: '2-digit', timeZone: 'UTC' });
/** Bars by month: short French months ("janv. 26"), slanted, so that twelve fit under a card. */
const bandMonths = { type: 'band' as const, label: null, tickFormat: (d: Date) => SHORT_MONTH.format(d), tickRotate: -35 };
const common = { width: WIDTH, height: 240, marginLeft: 48, style: { fontSize: '12px', background: 'transparent' } };

export function activityPlot(s: Stats): SVGSVGElement | HTMLElement {
  const cur = new Map<string, { filed: number; decided: number }>();
  const add = (m: Map<string, { filed: number; decided: number }>, month: string, filed: number, decided: number) => {
    const o = m.get(month) ?? { filed: 0, decided: 0 };
    m.set(month, { filed: o.filed + filed, decided: o.decided + decided });
  };
  for (const r of s.activity) add(cur, r.month, r.filed, r.decided);
  const prev = new Map<string, { filed: number; decided: number }>();
  for (const r of s.activityPrevious) add(prev, nextYear(r.month), r.filed, r.decided);
  const months = [...new Set([...cur.keys(), ...prev.keys()])].sort();
  const series = (name: string, m: typeof cur, k: 'filed' | 'decided') => months.map((month) => ({ month: monthDate(month), n: m.get(month)?.[k] ?? 0, series: name }));
  const data = [...series('Déposés', cur, 'filed'), ...series('Déposés un an avant', prev, 'filed'),
    ...series('Décidés', cur, 'decided'), ...series('Décidés un an avant', prev, 'decided')];
  return Plot.plot({
    ...common,
    x: { type: 'utc', label: null, tickFormat: monthTick, ticks: 6 },
    y: { label: 'Dossiers', grid: true, tickFormat: (n: number) => NUMBER.format(n) },
    color: { legend: true, domain: ['Déposés', 'Déposés un an avant', 'Décidés', 'Décidés un an avant'], range: [OKABE_ITO[0]!, '#9ecae1', OKABE_ITO[5]!, '#f4b183'] },
    marks: [
      Plot.ruleY([0]),
      Plot.line(data.filter((d) => !d.series.includes('avant')), { x: 'month', y: 'n', stroke: 'series', strokeWidth: 2 }),
      Plot.line(data.filter((d) => d.series.includes('avant')), { x: 'month', y: 'n', stroke: 'series', strokeWidth: 2, strokeDasharray: '4,3' }),
      Plot.dot(data, { x: 'month', y: 'n', fill: 'series', r: 2.5 }),
    ],
  });
}

export function byTypePlot(f: Figure): SVGSVGElement | HTMLElement {
  const data = f.rows.filter((r) => Number(r.filed) > 0).map((r) => ({ month: monthDate(String(r.month)), type: String(r.type), n: Number(r.filed) }));
  return Plot.plot({
    ...common,
    x: bandMonths, marginBottom: 44,
    y: { label: 'Déposés', grid: true, tickFormat: (n: number) => NUMBER.format(n) },
    color: { legend: true, domain: ['PC', 'PCMI', 'DP', 'PA', 'PD', 'CU'], range: OKABE_ITO, tickFormat: (t: string) => TYPE_LABELS[t] ?? t },
    marks: [Plot.barY(data, { x: 'month', y: 'n', fill: 'type' }), Plot.ruleY([0])],
  });
}

export function outcomesPlot(s: Stats): SVGSVGElement | HTMLElement {
  const data = s.outcomes.rows.map((r) => ({ label: OUTCOME_LABELS[r.outcome] ?? r.outcome, n: r.count }));
  return Plot.plot({
    ...common, marginLeft: 190, height: 30 + data.length * 26,
    x: { label: 'Décisions', grid: true, tickFormat: (n: number) => NUMBER.format(n) },
    y: { label: null, domain: data.map((d) => d.label) },
    marks: [Plot.barX(data, { x: 'n', y: 'label', fill: OKABE_ITO[0] }), Plot.text(data, { x: 'n', y: 'label', text: (d: { n: number }) => NUMBER.format(d.n), dx: 10 }), Plot.ruleX([0])],
  });
}

export function delaysPlot(f: Figure): SVGSVGElement | HTMLElement {
  const rows = f.rows.filter((r) => r.medianDays !== null || r.legalDays !== null);
  const y = rows.map((r) => String(r.type));
  return Plot.plot({
    ...common, marginLeft: 290, height: 40 + rows.length * 30,
    x: { label: 'Jours', grid: true },
    y: { label: null, domain: y },
    color: { legend: true, domain: ['Médiane', '9e décile', 'Délai légal'], range: [OKABE_ITO[0]!, OKABE_ITO[4]!, OKABE_ITO[5]!] },
    marks: [
      // A function gives a channel: a plain string would be read as a colour or a field name.
      Plot.barX(rows, { x: 'p90Days', y: 'type', fill: () => '9e décile' }),
      Plot.barX(rows, { x: 'medianDays', y: 'type', fill: () => 'Médiane', insetTop: 5, insetBottom: 5 }),
      Plot.tickX(rows, { x: 'legalDays', y: 'type', stroke: () => 'Délai légal', strokeWidth: 3 }),
      Plot.ruleX([0]),
    ],
  });
}

export function housingPlot(s: Stats): SVGSVGElement | HTMLElement {
  const data = s.housing.map((r) => ({ month: monthDate(r.month), destination: DESTINATION_LABELS[r.destination] ?? r.destination, n: r.dwellings, area: r.floorArea }));
  return Plot.plot({
    ...common,
    x: bandMonths, marginBottom: 44,
    y: { label: 'Surface de plancher créée (m²)', grid: true, tickFormat: (n: number) => NUMBER.format(n) },
    color: { legend: true, range: OKABE_ITO },
    marks: [Plot.barY(data, { x: 'month', y: 'area', fill: 'destination' }), Plot.ruleY([0])],
  });
}

export function constraintsPlot(f: Figure): SVGSVGElement | HTMLElement {
  const data = f.rows.map((r) => ({ label: `${r.label} (${r.kind === 'Zone du PLU' ? 'zone' : 'SUP'})`, n: Number(r.dossiers) }));
  return Plot.plot({
    ...common, marginLeft: 140, height: 30 + data.length * 24,
    x: { label: 'Dossiers', grid: true, tickFormat: (n: number) => NUMBER.format(n) },
    y: { label: null, domain: data.map((d) => d.label) },
    marks: [Plot.barX(data, { x: 'n', y: 'label', fill: OKABE_ITO[2] }), Plot.ruleX([0])],
  });
}
