// Certificats d'urbanisme after their délivrance: their prorogation one year at a time (R410-17,
// R410-17-1), and the cristallisation of the rules for an application filed on the same land within
// their validity (L410-1). The prorogation is a child dossier of type `prorogation` (rules.ts), whose
// grant reaches the certificate as PROROGED (machine.ts); context.ts lengthens the validity.
import type { Knex } from 'knex';
import { timeline, type Ctx } from './context.ts';
import type { LegalDate } from './dates.ts';
import type { DossierType } from './rules.ts';

// R410-17: "Le certificat d'urbanisme peut être prorogé par périodes d'une année sur demande présentée
// deux mois au moins avant l'expiration du délai de validité, si les prescriptions d'urbanisme, les
// servitudes administratives de tous ordres et le régime des taxes et participations d'urbanisme
// applicables au terrain n'ont pas changé." One year per prorogation and two months' notice, as for a
// permit (PROROGATION_MONTHS, PROROGATION_NOTICE_MONTHS), but no limit to their number (unlike R424-21).
/**
 * R410-17-1: the prorogation is acquired when no decision reached the holder within two months of
 * the receipt of the request. Its delay and silence, for a prorogation filed on a certificate.
 */
export const CU_PROROGATION_DELAY = { months: 2, article: 'R410-17-1' } as const;
export const CU_PROROGATION_SILENCE = { label: 'prorogation tacite du certificat d’urbanisme', article: 'R410-17-1' } as const;

export const isCertificate = (t: DossierType) => t === 'CUa' || t === 'CUb';

/** The certificate an application refers to (L410-1): its number, its délivrance and the end of its validity. */
export type CertificateRef = { id: number; number: string; type: 'CUa' | 'CUb'; deliveredOn: LegalDate; validityEnd: LegalDate };

/** L410-1 covers "une demande d'autorisation ou une déclaration préalable": the permits and the DP. */
export const CRISTALLISATION_TYPES: readonly DossierType[] = ['PC', 'PCMI', 'DP', 'PA', 'PD'];

/**
 * L410-1: "Lorsqu'une demande d'autorisation ou une déclaration préalable est déposée dans le délai
 * de dix-huit mois à compter de la délivrance d'un certificat d'urbanisme, les dispositions
 * d'urbanisme, le régime des taxes et participations d'urbanisme ainsi que les limitations
 * administratives au droit de propriété tels qu'ils existaient à la date du certificat ne peuvent
 * être remis en cause". The certificate of the same commune whose land shares ground with the
 * application's (a parcel in common, or land overlapping, not merely touching), delivered on or
 * before the filing and still valid on it (18 months from its délivrance, R410-17 prorogations
 * included). The latest délivrance when several qualify.
 */
export async function certificateFor(trx: Knex | Knex.Transaction, insee: string, parcels: readonly string[], filedOn: LegalDate): Promise<CertificateRef | null> {
  if (!parcels.length) return null;
  const { rows } = await trx.raw(`
    SELECT d.id, d.number, d.type, d.context
      FROM dossiers d
     WHERE d.type IN ('CUa', 'CUb') AND d.insee = ? AND d.state IN ('accorde', 'perime')
       AND (d.parcels && ?::varchar(14)[]
            OR ST_Relate(d.land, (SELECT ST_Union(p.geom) FROM cadastre_parcelles p WHERE p.id = ANY(?::varchar(14)[])), 'T********'))`,
  [insee, [...parcels], [...parcels]]);
  let best: CertificateRef | null = null;
  for (const r of rows as { id: number; number: string; type: 'CUa' | 'CUb'; context: Ctx }[]) {
    const d = r.context.decision;
    if (d?.outcome !== 'granted') continue;
    const deliveredOn = d.signedOn ?? d.on;
    const end = timeline(r.context).validityEnd;
    if (deliveredOn > filedOn || !end || end < filedOn) continue;
    if (!best || deliveredOn > best.deliveredOn) best = { id: r.id, number: r.number, type: r.type, deliveredOn, validityEnd: end };
  }
  return best;
}
