// Validation of what clients send, into typed values, before anything is read or written: a 400
// naming what is wrong.
import type { z } from 'zod';
import { parseWith } from '../contract/parse.ts';
import { EventBody, FilingHead, filingBodyOf, legalDay } from './api.ts';
import type { LegalDate } from './dates.ts';
import type { DossierType } from './rules.ts';
import type { DESTINATIONS, NATURES } from '../publication/columns.ts';
import type { Architect, Land } from './cerfa.ts';


export const legalDate = (v: unknown, name: string): LegalDate => parseWith(legalDay(name), v);

export type Address = { street?: string; postcode?: string; city?: string; country?: string };
export type Applicant =
  | { kind: 'person'; lastName: string; firstName?: string; address?: Address; email?: string; phone?: string }
  | { kind: 'company'; name: string; siren?: string; siret?: string; legalForm?: string; representative?: { lastName: string; firstName?: string }; address?: Address; email?: string; phone?: string };

export const applicantName = (a: Applicant) => (a.kind === 'person' ? [a.lastName, a.firstName].filter(Boolean).join(' ') : a.name);

/**
 * nature and destination are published (server/publication); floorArea is the surface de plancher
 * créée and dwellings the dwellings created, both published; the description stays private.
 */
export type Works = {
  description?: string; floorArea?: number; footprint?: number; dwellings?: number; demolition?: boolean;
  /** The surface de plancher demolished (CERFA 4.4), private. */
  floorAreaDemolished?: number;
  nature?: (typeof NATURES)[number]; destination?: (typeof DESTINATIONS)[number];
  /** The CERFA's land, pieces filed and architect (cerfa.ts): private. */
  land?: Land; piecesFiled?: string[]; architect?: Architect;
};

export type FilingInput = {
  type: DossierType;
  insee: string | null;
  parcels: string[];
  filedOn: LegalDate;
  applicant: Applicant | null;
  works: Works;
  parentId: number | null;
  recolementObligatoire: boolean;
  /** The project is subject to an environmental assessment: silence is a refusal (R424-2-1, filed from 31 Dec 2025). */
  environmentalAssessment: boolean;
  /** Taken over from an earlier system: may be dated more than five years back (cerfa.ts). */
  imported: boolean;
};

/** A filing body read: first its type, then what that type needs (api.ts, filingBodyOf). */
export function parseFiling(body: unknown): FilingInput {
  const { type } = parseWith(FilingHead, body);
  const { parentId, insee, parcels, filedOn, applicant, recolementObligatoire, environmentalAssessment, imported, land, pieces, architect, works } = parseWith(filingBodyOf(type), body);
  return {
    type, insee: insee ?? null, parcels: parcels ?? [], filedOn, parentId: parentId ?? null,
    // The SIREN is published (a legal person's, as Sitadel does): it is the SIRET's first nine digits.
    applicant: applicant?.kind === 'company' ? { ...applicant, siren: applicant.siren ?? applicant.siret?.slice(0, 9) } : applicant ?? null,
    works: { ...works, ...(land ? { land } : {}), ...(pieces ? { piecesFiled: pieces } : {}), ...(architect ? { architect } : {}) },
    imported: imported === true, recolementObligatoire: recolementObligatoire === true, environmentalAssessment: environmentalAssessment === true,
  };
}

export type EventInput = z.output<typeof EventBody>;

export const parseEventBody = (body: unknown): EventInput => parseWith(EventBody, body);
