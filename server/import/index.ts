// The import library: one call imports a set of files of one kind, atomically. Pass a Knex to get a
// transaction of its own, or a transaction to import several kinds together (the demo does).
import type { Knex } from 'knex';
import { registerCommunes } from '../communes/register.ts';
import { importCadastre } from './cadastre.ts';
import { openDeliveries } from './files.ts';
import type { Options } from './pipeline.ts';
import { importPlu } from './plu.ts';
import { newReport, type ImportReport, type Kind } from './report.ts';
import { importSup, type SupOptions } from './sup.ts';

export type ImportOptions = Options & SupOptions;

export { ImportError, formatReport, totals, type ImportReport, type Kind } from './report.ts';

export const KINDS: readonly Kind[] = ['cadastre', 'plu', 'sup'];

export async function runImport(conn: Knex | Knex.Transaction, kind: Kind, paths: string[], opts: ImportOptions = {}): Promise<ImportReport> {
  if (!('isTransaction' in conn && conn.isTransaction)) {
    return (conn as Knex).transaction((trx) => runImport(trx, kind, paths, opts));
  }
  const trx = conn as Knex.Transaction;
  const report = newReport(kind);
  const deliveries = await openDeliveries(paths);
  try {
    if (kind === 'cadastre') await importCadastre(trx, deliveries, report, opts);
    else if (kind === 'plu') await importPlu(trx, deliveries, report, opts);
    else await importSup(trx, deliveries, report, opts);
  } finally {
    await Promise.all(deliveries.map((d) => d.close()));
  }
  // The communes the data belongs to get their name, EPCI and extent, in the same transaction.
  const communes = await registerCommunes(trx, kind === 'cadastre' ? { communes: report.communes }
    : kind === 'plu' ? { documents: report.documents } : { partitions: report.partitions });
  if (kind !== 'cadastre') report.communes.push(...communes);
  return report;
}

export const importCadastreFiles = (conn: Knex | Knex.Transaction, paths: string[], opts?: ImportOptions) => runImport(conn, 'cadastre', paths, opts);
export const importPluFiles = (conn: Knex | Knex.Transaction, paths: string[], opts?: ImportOptions) => runImport(conn, 'plu', paths, opts);
export const importSupFiles = (conn: Knex | Knex.Transaction, paths: string[], opts?: ImportOptions) => runImport(conn, 'sup', paths, opts);
