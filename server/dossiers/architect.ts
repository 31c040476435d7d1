// When recourse to an architect is required for a permit (L431-1, L431-3, R431-2 of the code de
// l'urbanisme; loi n° 77-2 du 3 janvier 1977, article 3): computed from what the CERFA says, shown to
// the instructeur at filing and on the dossier. Its absence does not stop the filing from being
// registered: it is a ground to ask for the piece or to refuse, which the instructeur decides.
import type { Applicant, Works } from './input.ts';
import type { DossierType } from './rules.ts';

/** R431-2: the thresholds below which a natural person building for himself is exempt. */
export const ARCHITECT_THRESHOLDS = { dwelling: 150, agricultural: 800 } as const;
/** R441-4-1: a lotissement's project architecturally designed from 2 500 m² of land. */
export const LOTISSEMENT_THRESHOLD = 2500;

export type ArchitectNeed = { required: boolean; reason: string };

/**
 * floorArea and footprint: after the works, existing included (R431-2: the construction, not only
 * its extension); the CERFA gives the floor area created, which the instructeur completes.
 */
export function architectNeed(type: DossierType, applicant: Pick<Applicant, 'kind'> | null, works: Works & { landArea?: number }): ArchitectNeed | null {
  if (type === 'PA') {
    const land = works.landArea ?? works.land?.area;
    if (land === undefined) return null;
    return land >= LOTISSEMENT_THRESHOLD
      ? { required: true, reason: `Lotissement sur ${fr(land)} m² de terrain, à partir de ${fr(LOTISSEMENT_THRESHOLD)} m² : projet architectural, paysager et environnemental établi par un architecte ou un paysagiste-concepteur (L441-4, R441-4-1).` }
      : { required: false, reason: `Lotissement sur ${fr(land)} m² de terrain, moins de ${fr(LOTISSEMENT_THRESHOLD)} m² : architecte non obligatoire (R441-4-1).` };
  }
  if (type !== 'PC' && type !== 'PCMI' && type !== 'modificatif') return null;
  if (applicant?.kind === 'company') {
    return { required: true, reason: 'Demandeur personne morale : le recours à un architecte est obligatoire (L431-1) ; seules les personnes physiques et les EARL construisant pour elles-mêmes en sont dispensées sous les seuils de l’article R431-2.' };
  }
  const agricultural = works.destination === 'exploitation_agricole_forestiere';
  const limit = agricultural ? ARCHITECT_THRESHOLDS.agricultural : ARCHITECT_THRESHOLDS.dwelling;
  const area = works.floorArea ?? 0;
  const footprint = works.footprint ?? 0;
  if (area > limit || footprint > limit) {
    const what = area > limit ? `surface de plancher de ${fr(area)} m²` : `emprise au sol de ${fr(footprint)} m²`;
    return { required: true, reason: `${what[0]!.toUpperCase()}${what.slice(1)}, au-delà de ${fr(limit)} m²${agricultural ? ' (construction agricole)' : ''} : le recours à un architecte est obligatoire (L431-1, R431-2).` };
  }
  return { required: false, reason: `Personne physique construisant pour elle-même, surface de plancher et emprise au sol de ${fr(Math.max(area, footprint))} m² au plus, jusqu’à ${fr(limit)} m²${agricultural ? ' (construction agricole)' : ''} : architecte non obligatoire (R431-2).` };
}

const fr = (n: number) => n.toLocaleString('fr-FR').replace(/\u202f/g, '\u00a0');
