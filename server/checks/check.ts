// The spatial check: which PLU zones, prescriptions, informations and SUP assiettes a set of parcels
// and/or a drawn footprint meets, how much of it each covers, and what that implies. The same
// function answers POST /api/checks and is run when a dossier is filed.
import type { Knex } from 'knex';
import { badRequest } from '../errors.ts';
import type { CheckInput } from './input.ts';
import { toLambert93 } from '../geometry/queries.ts';
import { existingParcels, intersections, type FoundRow } from './queries.ts';
import { consequencesOf } from './consequences.ts';

export type Constraint = {
  layer: FoundRow['layer'];
  gid: number;
  /** m² for surfaces, m for lines, number of points for points. */
  area?: number;
  length?: number;
  count?: number;
  /** Percentage of the subject's area covered (surfaces only). */
  share?: number;
  properties: Record<string, any>;
};

export type CheckResult = {
  subject: { parcels: string[]; geometry: boolean; area: number };
  tolerance: CheckInput['tolerance'];
  zones: Constraint[];
  prescriptions: Constraint[];
  informations: Constraint[];
  servitudes: Constraint[];
  edgeContacts: Constraint[];
  consequences: ReturnType<typeof consequencesOf>;
};

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

function toConstraint(r: FoundRow): Constraint {
  const c: Constraint = { layer: r.layer, gid: Number(r.gid), properties: r.properties };
  const kind = r.properties.nature_geom;
  if (kind === 'lin') c.length = round(r.measure, 2);
  else if (kind === 'pct') c.count = r.measure;
  else {
    c.area = round(r.measure, 2);
    c.share = r.subject_area > 0 ? round((100 * r.measure) / r.subject_area, 4) : 0;
  }
  return c;
}

function isEdgeContact(c: Constraint, t: CheckInput['tolerance']): boolean {
  if (c.area !== undefined) return c.area < t.area || (c.share ?? 0) < t.share;
  if (c.length !== undefined) return c.length < t.length;
  return false;
}

export async function runCheck(knex: Knex, input: CheckInput): Promise<CheckResult> {
  let ewkb: string | null = null;
  if (input.geometry) {
    const s = await toLambert93(knex, input.geometry, input.srid);
    if (!(s.area > 0)) throw badRequest('invalid geometry: its area is zero');
    ewkb = s.ewkb;
  }
  if (input.parcels.length) {
    const found = new Set(await existingParcels(knex, input.parcels));
    const unknown = input.parcels.filter((p) => !found.has(p));
    if (unknown.length) throw badRequest(`unknown parcel ${unknown.join(', ')}: not in the cadastre loaded in Terrier`, { unknownParcels: unknown });
  }
  const { rows, subjectArea: area } = await intersections(knex, input.parcels, ewkb);
  const all = rows.map(toConstraint);
  const edge = all.filter((c) => isEdgeContact(c, input.tolerance));
  const real = all.filter((c) => !edge.includes(c));
  return {
    subject: { parcels: input.parcels, geometry: input.geometry !== null, area: round(area, 2) },
    tolerance: input.tolerance,
    zones: real.filter((c) => c.layer === 'zone_urba'),
    prescriptions: real.filter((c) => c.layer === 'prescription'),
    informations: real.filter((c) => c.layer === 'information'),
    servitudes: real.filter((c) => c.layer === 'servitude'),
    edgeContacts: edge,
    consequences: consequencesOf(real),
  };
}
