// Dossier numbers after A423-3 (legal-rules §1.3): the type's letters, then thirteen characters —
// département (3) and commune (3) of the INSEE code, the last two digits of the year of filing,
// one character reserved for the instructing service, and a 4-digit sequence per type of
// authorisation, commune and year, e.g. 'PC 013004 26 X0001'. A dossier filed on a granted
// permit takes its parent's number plus a suffix and a 2-digit counter, after openADS
// ('PC 013004 26 X0001M01', 'T01', 'PRO01', 'DOC01', 'DAACT01').
import type { Knex } from 'knex';
import { AppError } from '../errors.ts';
import type { TypeRule } from './rules.ts';
import { INSEE } from '../communes/codes.ts';

/** INSEE code → département and commune on three characters each: 13004 → 013 004, 2A004 → 02A 004, 97411 → 974 011. */
export function communeCodes(insee: string): { dep: string; com: string } {
  if (!INSEE.test(insee)) throw new Error(`not an INSEE code: ${insee}`);
  if (insee.startsWith('97')) return { dep: insee.slice(0, 3), com: `0${insee.slice(3)}` };
  return { dep: `0${insee.slice(0, 2)}`, com: insee.slice(2) };
}

export function formatNumber(prefix: string, insee: string, year: number, service: string, seq: number): string {
  const { dep, com } = communeCodes(insee);
  return `${prefix} ${dep}${com} ${String(year % 100).padStart(2, '0')} ${service}${String(seq).padStart(4, '0')}`;
}

const _compact = (number: string) => number.replace(/\s+/g, '').toUpperCase();

export const isServiceChar = (s: unknown): s is string => typeof s === 'string' && /^[A-Z0-9]$/.test(s);

/**
 * The next number of this nature, commune and year. Runs in the filing's transaction: the upsert
 * locks the counter row until commit, so concurrent filings get consecutive numbers, and a
 * rolled-back filing gives its number back (it was never issued).
 */
export async function nextNumber(trx: Knex.Transaction, prefix: NonNullable<TypeRule['prefix']>, insee: string, filedOn: string, service: string): Promise<string> {
  const year = Number(filedOn.slice(2, 4));
  const { rows } = await trx.raw(`
    INSERT INTO dossier_counters AS c (prefix, insee, year, last) VALUES (?, ?, ?, 1)
    ON CONFLICT (prefix, insee, year) DO UPDATE SET last = c.last + 1
    RETURNING last`, [prefix, insee, year]).catch((err) => {
    if (err?.code === '23514') throw new AppError(409, 'numbering_full', `Plus aucun numéro ${prefix} disponible pour la commune ${insee} en 20${filedOn.slice(2, 4)} : la numérotation s’arrête à 9999 (A423-3).`);
    throw err;
  });
  return formatNumber(prefix, insee, year, service, rows[0].last);
}

/** The number of the n-th dossier of this kind filed on a parent; the caller holds the parent's lock. */
export async function childNumber(trx: Knex.Transaction, parent: { id: number; number: string }, rule: TypeRule): Promise<string> {
  const { rows } = await trx.raw('SELECT count(*)::int AS n FROM dossiers WHERE parent_id = ? AND type = ?', [parent.id, rule.type]);
  const n = rows[0].n + 1;
  if (n > 99) throw new AppError(409, 'numbering_full', `99 dossiers ${rule.type} au plus sur un même permis.`);
  return `${parent.number}${rule.suffix}${String(n).padStart(2, '0')}`;
}
