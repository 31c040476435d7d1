// The CERFA essentials a filing carries beyond the applicant and the works (input.ts): the land
// (address, area), the pieces filed (from the CERFA bordereau of the type, pieces.ts), the architect,
// and whether the dossier is imported from an earlier system. Kept in the dossier's `works` (jsonb):
// neither the élus' projection nor the public one (migration 013) reads these keys. The body's fields
// are validated by the filing's schema (api.ts, filingBodyOf); here, what a filing's date may be.
import { badRequest } from '../errors.ts';
import { addYears, frDate, type LegalDate } from './dates.ts';

export type Land = { address?: { street?: string; postcode?: string; city?: string }; area?: number };
export type Architect = { lastName: string; firstName?: string; registration?: string };

/** How far back a filing may be dated when typed at the desk; older: an import only. */
export const FILING_MAX_YEARS_BACK = 5;

/** A filing more than five years back is a typing error, unless the dossier is imported. */
export function assertFilingDate(filedOn: LegalDate, today: LegalDate, imported: boolean): void {
  const limit = addYears(today, -FILING_MAX_YEARS_BACK);
  if (!imported && filedOn < limit) {
    throw badRequest('filing_too_old', `La date de dépôt ${frDate(filedOn)} remonte à plus de ${FILING_MAX_YEARS_BACK} ans (avant le ${frDate(limit)}) : vérifiez-la ; un dossier ancien se reprend par import (« imported »: true).`);
  }
}
