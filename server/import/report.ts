// What an import tells its caller: per file, how many features were read, imported, repaired and
// rejected (with the feature and the reason), and the error that aborts a whole import.
import { AppError } from '../errors.ts';

export type Kind = 'cadastre' | 'plu' | 'sup';

export type Issue = { feature: string; reason: string };

export type FileReport = {
  file: string;
  table: string;
  read: number;
  imported: number;
  repaired: Issue[];
  rejected: Issue[];
  /** Issues beyond the ones kept (a département can hold thousands; the counts stay exact). */
  moreRepaired: number;
  moreRejected: number;
};

export type ImportReport = {
  kind: Kind;
  files: FileReport[];
  /** Facts about the delivery as a whole: the partition chosen, an idurba rewritten, a layer skipped… */
  notes: string[];
  /** The communes the data belongs to (cadastre: imported; PLU, SUP: named by the data). */
  communes: string[];
  documents: string[];
  partitions: string[];
};

/** An import that cannot go on: the transaction is rolled back and nothing is written. */
export class ImportError extends AppError {
  constructor(readonly file: string, message: string) {
    super(422, 'import_failed', `${file}: ${message}`, { file });
  }
}

const KEEP = 1000;

export function newReport(kind: Kind): ImportReport {
  return { kind, files: [], notes: [], communes: [], documents: [], partitions: [] };
}

export function newFileReport(file: string, table: string): FileReport {
  return { file, table, read: 0, imported: 0, repaired: [], rejected: [], moreRepaired: 0, moreRejected: 0 };
}

export function repaired(r: FileReport, feature: string, reason: string): void {
  if (r.repaired.length < KEEP) r.repaired.push({ feature, reason });
  else r.moreRepaired++;
}

export function rejected(r: FileReport, feature: string, reason: string): void {
  if (r.rejected.length < KEEP) r.rejected.push({ feature, reason });
  else r.moreRejected++;
}

export const countRepaired = (r: FileReport) => r.repaired.length + r.moreRepaired;
export const countRejected = (r: FileReport) => r.rejected.length + r.moreRejected;

export function totals(report: ImportReport) {
  const t = { read: 0, imported: 0, repaired: 0, rejected: 0 };
  for (const f of report.files) {
    t.read += f.read; t.imported += f.imported; t.repaired += countRepaired(f); t.rejected += countRejected(f);
  }
  return t;
}

/** The summary the CLI prints; `limit` caps the issues listed per file. */
export function formatReport(report: ImportReport, limit = 50): string {
  const lines: string[] = [];
  for (const f of report.files) {
    lines.push(`${f.file} → ${f.table} : ${counts(f.read, f.imported, countRepaired(f), countRejected(f))}`);
    const list = (label: string, issues: Issue[], more: number) => {
      issues.slice(0, limit).forEach((i) => lines.push(`  ${label} ${i.feature} : ${i.reason}`));
      const hidden = issues.length - Math.min(limit, issues.length) + more;
      if (hidden > 0) lines.push(`  … et ${hidden} autre(s) ${label}(s)`);
    };
    list('réparé', f.repaired, f.moreRepaired);
    list('rejeté', f.rejected, f.moreRejected);
  }
  for (const n of report.notes) lines.push(`remarque : ${n}`);
  const t = totals(report);
  lines.push(`total : ${counts(t.read, t.imported, t.repaired, t.rejected)}`);
  if (report.communes.length) lines.push(`communes : ${abbreviate(report.communes)}`);
  if (report.documents.length) lines.push(`documents : ${report.documents.join(', ')}`);
  if (report.partitions.length) lines.push(`partitions : ${report.partitions.join(', ')}`);
  return lines.join('\n');
}

// The user reads the summary in French, the house language of every message.
const counts = (read: number, imported: number, repaired: number, rejected: number) =>
  `${read} lu(s), ${imported} importé(s), ${repaired} réparé(s), ${rejected} rejeté(s)`;
const abbreviate = (xs: string[]) => (xs.length > 20 ? `${xs.slice(0, 20).join(', ')} … (${xs.length})` : xs.join(', '));

export type Progress = { file: string; done: number; total: number; features: number };

/** A one-line progress bar redrawn in place; only meant for a TTY. */
export function progressBar(out: NodeJS.WriteStream): (p: Progress | null) => void {
  let last = 0;
  return (p) => {
    if (!p) { out.write('\r\x1b[K'); return; }
    const now = Date.now();
    if (now - last < 100 && p.done < p.total) return;
    last = now;
    const share = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
    const width = 30, full = Math.round(share * width);
    const name = p.file.length > 40 ? `…${p.file.slice(-39)}` : p.file;
    out.write(`\r\x1b[K${name} [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(share * 100).toFixed(0)}% ${p.features} objets`);
  };
}
