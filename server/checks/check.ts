// The spatial check: which PLU zones, prescriptions, informations and SUP assiettes a set of parcels
// and/or a drawn footprint meets, how much of it each covers, and what that implies. The same
// function answers POST /api/checks and is run when a dossier is filed.
import type { Knex } from 'knex';
import { badRequest } from '../errors.ts';
import type { CheckInput } from './input.ts';
import { toLambert93 } from '../geometry/queries.ts';
import { existingParcels, measureIntersections, type Layer, type Measured, type Measures } from './queries.ts';
import { attributeKey, attributesOf } from './attributes.ts';
import { consequencesOf } from './consequences.ts';

export type Constraint = {
  layer: Layer;
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
  /**
   * Whether a PLU (or PLUi, POS, carte communale) is loaded where the subject lies: a document zones
   * its whole territory, so no zone met means none is loaded here. Said in so many words, because an
   * empty list of zones would read as "no constraint" while the RNU or an unimported document applies.
   */
  plu: { loaded: boolean; message: string | null };
};

export const NO_PLU_MESSAGE = "aucun PLU chargé ici : règlement national d'urbanisme ou document non importé";

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export type FoundRow = Measured & { properties: Record<string, any> };

/** What the subject meets, measured, with each object's attributes. */
export async function intersections(knex: Knex, parcels: string[], subjectEwkb: string | null, opts: { snapped?: boolean } = {}): Promise<Omit<Measures, 'rows'> & { rows: FoundRow[] }> {
  // A write to the layers committed between the two queries (an import, rare) changes the data
  // version: measure again rather than mix two states of the data.
  for (let attempt = 1; ; attempt++) {
    const m = await measureIntersections(knex, parcels, subjectEwkb, opts);
    const attributes = await attributesOf(knex, m.dataVersion, m.rows);
    if (attributes) return { ...m, rows: m.rows.map((r) => ({ ...r, properties: attributes.get(attributeKey(r.layer, r.gid))! })) };
    if (attempt === 5) throw new Error('the PLU and SUP layers changed during five spatial checks in a row');
  }
}

function toConstraint(r: FoundRow, subjectArea: number): Constraint {
  const c: Constraint = { layer: r.layer, gid: r.gid, properties: r.properties };
  const kind = r.properties.nature_geom;
  if (kind === 'lin') c.length = round(r.measure, 2);
  else if (kind === 'pct') c.count = r.measure;
  else {
    c.area = round(r.measure, 2);
    c.share = subjectArea > 0 ? round((100 * r.measure) / subjectArea, 4) : 0;
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
    if (!(s.area > 0)) throw badRequest('geometry_area_zero', 'Géométrie invalide : sa surface est nulle.');
    ewkb = s.ewkb;
  }
  const { rows, subjectArea: area, parcelsFound } = await intersections(knex, input.parcels, ewkb);
  // The statement counts the parcels it found; only when some are missing are they named.
  if (parcelsFound < new Set(input.parcels).size) {
    const found = new Set(await existingParcels(knex, input.parcels));
    const unknown = input.parcels.filter((p) => !found.has(p));
    if (unknown.length) throw badRequest('parcel_unknown', `${unknown.length > 1 ? 'Parcelles inconnues' : 'Parcelle inconnue'} : ${unknown.join(', ')} ${unknown.length > 1 ? 'ne figurent' : 'ne figure'} pas dans le cadastre chargé dans Terrier.`, { unknownParcels: unknown });
  }
  const all = rows.map((r) => toConstraint(r, area));
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
    // Edge contacts count: a subject touching a zone lies in the document's territory.
    plu: all.some((c) => c.layer === 'zone_urba') ? { loaded: true, message: null } : { loaded: false, message: NO_PLU_MESSAGE },
  };
}
