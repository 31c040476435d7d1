// The dashboard's tables and CSV, without a browser: French formats, every month of the period shown
// (months without a dossier as zeros), last year's months laid over this year's, CSV for a French
// spreadsheet.
import { describe, expect, it } from 'vitest';
import { activityFigure, formatValue, monthsOf, outcomesFigure, toCsv, type Stats } from './figures.ts';
import { classOf } from './map.ts';
import { presets } from './index.ts';

const stats = (over: Partial<Stats> = {}): Stats => ({
  period: { from: '2026-01-01', to: '2026-03-15' }, previousPeriod: { from: '2025-01-01', to: '2025-03-15' }, communes: null, today: '2026-03-15',
  activity: [{ month: '2026-01', type: 'PC', filed: 2, decided: 0 }, { month: '2026-01', type: 'DP', filed: 1, decided: 1 }, { month: '2026-03', type: 'PC', filed: 0, decided: 2 }],
  activityPrevious: [{ month: '2025-02', type: 'PC', filed: 4, decided: 1 }],
  outcomes: { decisions: 3, rows: [{ outcome: 'accord', count: 2, share: 2 / 3, byType: { PC: 2 } }, { outcome: 'refus', count: 1, share: 1 / 3, byType: { DP: 1 } }] },
  delays: [], rates: [], risk: { days: 15, soon: [], late: [] }, housing: [], sections: [], constraints: [], ...over,
});

describe('the dashboard figures', () => {
  it('values in French: thousands with a narrow space, decimal comma, percent, days, m², months in words, dd/mm/yyyy', () => {
    expect(formatValue(12345, 'int')).toBe('12\u202f345');
    expect(formatValue(0.8333, 'share')).toBe('83,3\u00a0%');
    expect(formatValue(48.6, 'days')).toBe('48,6 j');
    expect(formatValue(1500, 'area')).toBe('1\u202f500 m²');
    expect(formatValue('2026-03', 'month')).toBe('mars 2026');
    expect(formatValue('2026-12-02', 'date')).toBe('02/12/2026');
    expect(formatValue(null, 'int')).toBe('—');
  });

  it('every month of the period is a row, last year\'s figures on the same month of this year', () => {
    expect(monthsOf('2025-11-20', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(activityFigure(stats()).rows).toEqual([
      { month: '2026-01', filed: 3, filedPrevious: 0, decided: 1, decidedPrevious: 0 },
      { month: '2026-02', filed: 0, filedPrevious: 4, decided: 0, decidedPrevious: 1 },
      { month: '2026-03', filed: 0, filedPrevious: 0, decided: 2, decidedPrevious: 0 },
    ]);
  });

  it('a CSV for a French spreadsheet: BOM, semicolons, French headers, decimal comma, quoted when needed', () => {
    expect(toCsv(outcomesFigure(stats()))).toBe('\uFEFFDécision;Nombre;Part;Par type\r\n'
      + `Accord;2;${String(2 / 3).replace('.', ',')};PC : 2\r\nRefus ou opposition;1;${String(1 / 3).replace('.', ',')};DP : 1\r\n`);
    const quoted = toCsv({ id: 'x', title: 'x', columns: [{ key: 'a', label: 'A;B', kind: 'text' }], rows: [{ a: 'dit "oui"' }] });
    expect(quoted).toBe('\uFEFF"A;B"\r\n"dit ""oui"""\r\n');
  });

  it('the choropleth has five classes, none for zero; the usual periods end today', () => {
    expect([0, 1, 5, 10].map((n) => classOf(n, 10))).toEqual([0, 1, 2, 4]);
    expect(presets('2026-03-15')).toEqual([
      { label: 'Cette année', from: '2026-01-01', to: '2026-03-15' },
      { label: '12 derniers mois', from: '2025-03-15', to: '2026-03-15' },
      { label: 'Année 2025', from: '2025-01-01', to: '2025-12-31' },
    ]);
  });
});
