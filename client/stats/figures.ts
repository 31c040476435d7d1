// The dashboard's figures as tables: one definition per figure (title, columns, rows of raw values)
// from which the table view (RGAA's text alternative to a chart), the CSV and the plots are all
// drawn. Pure: no DOM here, so the numbers are tested without a browser.
import type { z } from 'zod';
import type { Stats as StatsSchema } from '../../server/stats/api.ts';
import { DESTINATION_LABELS as PUBLIC_DESTINATIONS } from '../publication/card.ts';

// The answer's shape is the server's contract (type-only import: no zod in the bundle); the figures
// below are the client's own.
export type Stats = z.output<typeof StatsSchema>;

export type Kind = 'text' | 'int' | 'share' | 'days' | 'area' | 'month' | 'date';
export type Column = { key: string; label: string; kind: Kind };
export type Row = Record<string, string | number | null>;
export type Figure = { id: string; title: string; note?: string; columns: Column[]; rows: Row[] };

const NUMBER = new Intl.NumberFormat('fr-FR');
const DECIMAL = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const PERCENT = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });
const MONTH = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });

export const monthDate = (m: string) => new Date(`${m}-01T00:00:00Z`);
export const monthLabel = (m: string) => MONTH.format(monthDate(m));
export const frDate = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

/** A value as a French reader expects it: 1 234, 12,5 %, 45 j, mars 2026, 02/12/2026; — when none. */
export function formatValue(v: string | number | null, kind: Kind): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return kind === 'month' ? monthLabel(v) : kind === 'date' ? frDate(v) : v;
  switch (kind) {
    case 'share': return PERCENT.format(v);
    case 'days': return `${DECIMAL.format(v)} j`;
    case 'area': return `${NUMBER.format(v)} m²`;
    default: return NUMBER.format(v);
  }
}

export const TYPE_LABELS: Record<string, string> = {
  PC: 'Permis de construire', PCMI: 'Permis de construire (maison individuelle)', DP: 'Déclaration préalable',
  PA: 'Permis d’aménager', PD: 'Permis de démolir', CU: 'Certificat d’urbanisme', total: 'Tous types',
};
export const OUTCOME_LABELS: Record<string, string> = {
  accord: 'Accord', accord_prescriptions: 'Accord avec prescriptions', refus: 'Refus ou opposition', tacite: 'Accord tacite',
  refus_tacite: 'Refus ou opposition tacite', rejet: 'Rejet (pièces non fournies)', sursis: 'Sursis à statuer', retrait: 'Retrait',
};
export const DESTINATION_LABELS: Record<string, string> = { ...PUBLIC_DESTINATIONS, non_renseignee: 'Non renseignée' };
export const EVENT_LABELS: Record<string, string> = {
  TACIT_DECISION: 'Décision tacite', DEEMED_COMPLETE: 'Dossier réputé complet', TACIT_OPINION: 'Avis tacite', TACIT_REJECTION: 'Rejet tacite',
};
const label = (labels: Record<string, string>, k: string) => labels[k] ?? k;

/** Every month of a period, 'YYYY-MM', in order. */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const end = to.slice(0, 7);
  for (;;) {
    const s = `${y}-${String(m).padStart(2, '0')}`;
    if (s > end) return out;
    out.push(s);
    if (++m > 12) { m = 1; y++; }
  }
}

/** The same month a year later: the previous period's months drawn over this period's. */
export const nextYear = (m: string) => `${Number(m.slice(0, 4)) + 1}${m.slice(4)}`;

export function activityFigure(s: Stats): Figure {
  const sum = (rows: Stats['activity'], month: string, k: 'filed' | 'decided') => rows.filter((r) => r.month === month).reduce((t, r) => t + r[k], 0);
  const previous = s.activityPrevious.map((r) => ({ ...r, month: nextYear(r.month) }));
  return {
    id: 'activite', title: 'Dossiers déposés et décidés par mois, comparés à l’année précédente',
    columns: [{ key: 'month', label: 'Mois', kind: 'month' }, { key: 'filed', label: 'Déposés', kind: 'int' },
      { key: 'filedPrevious', label: 'Déposés un an avant', kind: 'int' }, { key: 'decided', label: 'Décidés', kind: 'int' },
      { key: 'decidedPrevious', label: 'Décidés un an avant', kind: 'int' }],
    rows: monthsOf(s.period.from, s.period.to).map((month) => ({
      month, filed: sum(s.activity, month, 'filed'), filedPrevious: sum(previous, month, 'filed'),
      decided: sum(s.activity, month, 'decided'), decidedPrevious: sum(previous, month, 'decided'),
    })),
  };
}

export function activityByTypeFigure(s: Stats): Figure {
  return {
    id: 'depots-par-type', title: 'Dossiers déposés par mois et par type',
    columns: [{ key: 'month', label: 'Mois', kind: 'month' }, { key: 'type', label: 'Type', kind: 'text' }, { key: 'filed', label: 'Déposés', kind: 'int' }, { key: 'decided', label: 'Décidés', kind: 'int' }],
    rows: s.activity.map((r) => ({ month: r.month, type: r.type, filed: r.filed, decided: r.decided })),
  };
}

export function outcomesFigure(s: Stats): Figure {
  return {
    id: 'decisions', title: `Décisions de la période (${NUMBER.format(s.outcomes.decisions)})`,
    note: 'Un retrait est compté à sa date, en plus de l’accord retiré ; sa part est rapportée aux décisions.',
    columns: [{ key: 'outcome', label: 'Décision', kind: 'text' }, { key: 'count', label: 'Nombre', kind: 'int' }, { key: 'share', label: 'Part', kind: 'share' },
      { key: 'types', label: 'Par type', kind: 'text' }],
    rows: s.outcomes.rows.map((r) => ({ outcome: label(OUTCOME_LABELS, r.outcome), count: r.count, share: r.share,
      types: Object.entries(r.byType).map(([t, n]) => `${t} : ${NUMBER.format(n)}`).join(', ') || '—' })),
  };
}

export function delaysFigure(s: Stats): Figure {
  return {
    id: 'delais', title: 'Délais d’instruction (du dossier complet à la notification)',
    note: 'Médiane et 9e décile des décisions expresses, à côté du délai légal (majorations comprises). Une décision tacite n’est pas « dans le délai ».',
    columns: [{ key: 'type', label: 'Type', kind: 'text' }, { key: 'decisions', label: 'Décisions', kind: 'int' },
      { key: 'medianDays', label: 'Médiane', kind: 'days' }, { key: 'p90Days', label: '9e décile', kind: 'days' },
      { key: 'legalDays', label: 'Délai légal', kind: 'days' }, { key: 'withinShare', label: 'Décidés dans le délai', kind: 'share' }],
    rows: s.delays.map((r) => ({ type: label(TYPE_LABELS, r.type), code: r.type, decisions: r.decisions, medianDays: r.medianDays, p90Days: r.p90Days, legalDays: r.legalDays, withinShare: r.withinShare })),
  };
}

export function ratesFigure(s: Stats): Figure {
  return {
    id: 'majorations', title: 'Majorations de délai et dossiers incomplets (dossiers déposés)',
    columns: [{ key: 'type', label: 'Type', kind: 'text' }, { key: 'filed', label: 'Déposés', kind: 'int' },
      { key: 'majoratedShare', label: 'Délai majoré', kind: 'share' }, { key: 'incompleteShare', label: 'Incomplets', kind: 'share' }],
    rows: s.rates.map((r) => ({ type: label(TYPE_LABELS, r.type), filed: r.filed, majoratedShare: r.majoratedShare, incompleteShare: r.incompleteShare })),
  };
}

export function riskFigure(s: Stats, which: 'soon' | 'late'): Figure {
  return {
    id: which === 'soon' ? 'tacites-proches' : 'retards',
    title: which === 'soon' ? `Décisions tacites dans les ${s.risk.days} jours` : 'Dossiers en retard (échéance dépassée)',
    columns: [{ key: 'number', label: 'Numéro', kind: 'text' }, { key: 'type', label: 'Type', kind: 'text' },
      { key: 'event', label: 'Échéance', kind: 'text' }, { key: 'due_on', label: 'Le', kind: 'date' }],
    rows: s.risk[which].map((r) => ({ id: r.id, number: r.number, type: r.type, event: label(EVENT_LABELS, r.event), due_on: r.due_on })),
  };
}

export function housingFigure(s: Stats): Figure {
  return {
    id: 'logements', title: 'Logements et surface de plancher autorisés par mois',
    note: 'Permis et déclarations accordés (expressément ou tacitement), au mois de la décision.',
    columns: [{ key: 'month', label: 'Mois', kind: 'month' }, { key: 'destination', label: 'Destination', kind: 'text' },
      { key: 'permits', label: 'Autorisations', kind: 'int' }, { key: 'dwellings', label: 'Logements', kind: 'int' }, { key: 'floorArea', label: 'Surface de plancher créée', kind: 'area' }],
    rows: s.housing.map((r) => ({ month: r.month, destination: label(DESTINATION_LABELS, r.destination), permits: r.permits, dwellings: r.dwellings, floorArea: r.floorArea })),
  };
}

export function sectionsFigure(s: Stats): Figure {
  return {
    id: 'sections', title: 'Autorisations déposées par section cadastrale',
    columns: [{ key: 'insee', label: 'Commune', kind: 'text' }, { key: 'section', label: 'Section', kind: 'text' },
      { key: 'permits', label: 'Autorisations', kind: 'int' }, { key: 'dwellings', label: 'Logements', kind: 'int' }],
    rows: s.sections.map((r) => ({ insee: r.insee, section: r.section, permits: r.permits, dwellings: r.dwellings })),
  };
}

export function constraintsFigure(s: Stats): Figure {
  return {
    id: 'contraintes', title: 'Contraintes les plus souvent rencontrées au dépôt',
    columns: [{ key: 'kind', label: 'Nature', kind: 'text' }, { key: 'label', label: 'Contrainte', kind: 'text' }, { key: 'dossiers', label: 'Dossiers', kind: 'int' }],
    rows: s.constraints.map((r) => ({ kind: r.kind === 'servitude' ? 'Servitude d’utilité publique' : 'Zone du PLU', label: r.label, dossiers: r.dossiers })),
  };
}

/**
 * A figure as CSV for a French spreadsheet: semicolons, a BOM, French headers, numbers with a
 * decimal comma and no thousands separator, shares as fractions; dates as written (ISO).
 */
export function toCsv(f: Figure): string {
  const cell = (v: string | number | null) => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'number' ? String(v).replace('.', ',') : v;
    return /[;"\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [f.columns.map((c) => cell(c.label)), ...f.rows.map((r) => f.columns.map((c) => cell(r[c.key] ?? null)))];
  return `\uFEFF${lines.map((l) => l.join(';')).join('\r\n')}\r\n`;
}
