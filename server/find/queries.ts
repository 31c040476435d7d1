// The search's SQL: parcels by reference, sections, communes, dossiers by number. Every answer
// carries a WGS84 bbox for the map to fly to. Parcel ids are matched on the Etalab id, whose
// section (2 characters) and numero (4 digits) are zero-padded, while the section and numero
// columns keep what the source published ("A" or "0A", "37" or "0037").
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { ParcelProperties as ParcelPropertiesSchema } from './api.ts';
import type { ParcelRef } from './query.ts';
import { FOLD_BINDINGS, foldSql } from './query.ts';

export type Bbox = [number, number, number, number];
export type ParcelProperties = z.output<typeof ParcelPropertiesSchema>;

export type ParcelRow = ParcelProperties & { nom: string | null; exact: boolean; bbox: Bbox };
export type SectionRow = { commune: string; nom: string | null; prefixe: string; section: string; parcelles: number; bbox: Bbox };
export type CommuneRow = { insee: string; nom: string; rank: number; parcelles: number; bbox: Bbox | null };
export type EpciRow = { siren: string; nom: string; rank: number; plui: number; communes: number; bbox: Bbox | null };
export type DossierHit = { id: number; number: string; type: string; insee: string; nom: string | null; state: string; filed_on: string; exact: boolean; bbox: Bbox | null };

// A geometry `b` in EPSG:4326 as [minLon, minLat, maxLon, maxLat]; NULL stays NULL.
const BBOX = `CASE WHEN b IS NULL THEN NULL ELSE json_build_array(ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)) END`;
// The numero of the id without its leading zeros.
const NUMERO = `ltrim(substr(id, 11, 4), '0')`;

/**
 * Parcels by reference. Within a commune, the numero is a prefix ("AB 3" finds AB 3, then AB 30…,
 * exact first); across all communes only the exact reference is looked up (index of migration 012).
 */
export async function findParcels(knex: Knex, ref: ParcelRef & { numero: string }, commune: string | null, limit: number): Promise<ParcelRow[]> {
  const where: string[] = [];
  const values: Knex.Value[] = [];
  if (commune) {
    // section IN (…) lets the (commune, section, numero) index narrow the scan.
    where.push('commune = ?', 'section IN (?, ?)', 'substr(id, 9, 2) = ?', `${NUMERO} LIKE ?`);
    values.push(commune, ref.section, ref.section.replace(/^0/, ''), ref.section, `${ref.numero}%`);
  } else {
    where.push('substr(id, 9, 6) = ?');
    values.push(ref.section + ref.numero.padStart(4, '0'));
  }
  if (ref.prefixe) { where.push('substr(id, 6, 3) = ?'); values.push(ref.prefixe); }
  const { rows } = await knex.raw(`
    SELECT p.id, p.commune, p.prefixe, p.section, p.numero, p.contenance, c.nom, p.exact, ${BBOX} AS bbox
    FROM (
      SELECT id, commune, prefixe, section, numero, contenance, geom, ${NUMERO} = ? AS exact, length(${NUMERO}) AS len
      FROM cadastre_parcelles
      WHERE ${where.join(' AND ')}
      ORDER BY exact DESC, len, id
      LIMIT ?
    ) p
    LEFT JOIN communes c ON c.insee = p.commune,
    LATERAL (SELECT ST_Transform(p.geom, 4326) AS b) x
    ORDER BY p.exact DESC, p.len, p.id`, [ref.numero, ...values, limit]);
  return rows;
}

/** A section of a commune, its extent being that of its parcels (Etalab deliveries may lack the sections layer). */
export async function findSections(knex: Knex, ref: ParcelRef, commune: string, limit: number): Promise<SectionRow[]> {
  const prefixe = ref.prefixe ? 'AND substr(id, 6, 3) = ?' : '';
  const { rows } = await knex.raw(`
    SELECT s.commune, c.nom, s.prefixe, s.section, s.parcelles, ${BBOX} AS bbox
    FROM (
      SELECT commune, substr(id, 6, 3) AS prefixe, substr(id, 9, 2) AS section, count(*)::int AS parcelles,
             ST_Transform(ST_SetSRID(ST_Extent(geom)::geometry, 2154), 4326) AS b
      FROM cadastre_parcelles
      WHERE commune = ? AND section IN (?, ?) AND substr(id, 9, 2) = ? ${prefixe}
      GROUP BY 1, 2, 3
      ORDER BY 2
      LIMIT ?
    ) s
    LEFT JOIN communes c ON c.insee = s.commune`,
  [commune, ref.section, ref.section.replace(/^0/, ''), ref.section, ...(ref.prefixe ? [ref.prefixe] : []), limit]);
  return rows;
}

/**
 * Communes by INSEE code or by (folded) name: the code first, then names starting with the query, then
 * containing it. The extent is the outline's, else the envelope of what was imported (migration 020).
 * `parcelles` tells the client whether landing at the parcels' zoom shows something.
 */
export async function findCommunes(knex: Knex, insee: string | null, name: string | null, limit: number): Promise<CommuneRow[]> {
  const folded = foldSql('c.nom');
  const { rows } = await knex.raw(`
    SELECT insee, nom, rank, parcelles, ${BBOX} AS bbox
    FROM (
      SELECT c.insee, c.nom,
             CASE WHEN c.insee = ? THEN 0 WHEN ${folded} LIKE ? THEN 1 ELSE 2 END AS rank,
             (SELECT count(*)::int FROM (SELECT 1 FROM cadastre_parcelles p WHERE p.commune = c.insee LIMIT 1) p) AS parcelles,
             ST_Transform(COALESCE(c.geom, c.emprise,
               (SELECT ST_SetSRID(ST_Extent(p.geom)::geometry, 2154) FROM cadastre_parcelles p WHERE p.commune = c.insee)), 4326) AS b
      FROM communes c
      WHERE c.insee = ? OR ${folded} LIKE ?
      ORDER BY rank, c.nom, c.insee
      LIMIT ?
    ) x
    ORDER BY rank, nom, insee`,
  [insee, ...FOLD_BINDINGS, name === null ? null : `${likeEscape(name)}%`, insee, ...FOLD_BINDINGS, name === null ? null : `%${likeEscape(name)}%`, limit]);
  return rows;
}

/**
 * Intercommunalités (EPCI met by an import) by folded name: a PLUi is reached by its EPCI's name
 * ("Trois Provinces"). The extent covers the EPCI's communes holding data and its PLUi's zones.
 */
export async function findEpci(knex: Knex, name: string, limit: number): Promise<EpciRow[]> {
  const folded = foldSql('e.nom');
  const { rows } = await knex.raw(`
    SELECT siren, nom, rank, plui, communes, ${BBOX} AS bbox
    FROM (
      SELECT e.siren, e.nom, CASE WHEN ${folded} LIKE ? THEN 1 ELSE 2 END AS rank,
             (SELECT count(*)::int FROM plu_doc_urba d WHERE d.siren = e.siren) AS plui,
             (SELECT count(*)::int FROM communes c WHERE c.epci = e.siren) AS communes,
             ST_Transform(ST_SetSRID((SELECT ST_Extent(g) FROM (
               SELECT COALESCE(c.geom, c.emprise) AS g FROM communes c WHERE c.epci = e.siren
               UNION ALL
               SELECT z.geom FROM plu_zone_urba z JOIN plu_doc_urba d ON d.idurba = z.idurba WHERE d.siren = e.siren
             ) u)::geometry, 2154), 4326) AS b
      FROM epci e
      WHERE ${folded} LIKE ?
      ORDER BY rank, e.nom
      LIMIT ?
    ) x
    ORDER BY rank, nom`,
  [...FOLD_BINDINGS, `${likeEscape(name)}%`, ...FOLD_BINDINGS, `%${likeEscape(name)}%`, limit]);
  return rows;
}

/**
 * Dossiers whose number contains the fragment (spaces ignored), the exact number first, then the
 * newest. `communes` is the user's scope (null: every commune). Never selects the applicant.
 */
export async function findDossiers(knex: Knex, fragment: string, communes: string[] | null, limit: number): Promise<DossierHit[]> {
  const scope = communes ? 'AND d.insee = ANY(?::varchar[])' : '';
  const { rows } = await knex.raw(`
    SELECT d.id, d.number, d.type, d.insee, c.nom, d.state, d.filed_on, d.number_compact = ? AS exact, ${BBOX} AS bbox
    FROM (
      SELECT id, number, number_compact, type, insee, state, filed_on, parcels FROM dossiers d
      WHERE number_compact LIKE ? ${scope}
      ORDER BY number_compact = ? DESC, id DESC
      LIMIT ?
    ) d
    LEFT JOIN communes c ON c.insee = d.insee,
    LATERAL (SELECT ST_Transform(COALESCE(
      (SELECT ST_SetSRID(ST_Extent(p.geom)::geometry, 2154) FROM cadastre_parcelles p WHERE p.id = ANY(d.parcels)),
      ST_Envelope(c.geom)), 4326) AS b) x
    ORDER BY exact DESC, d.id DESC`,
  [fragment, `%${likeEscape(fragment)}%`, ...(communes ? [communes] : []), fragment, limit]);
  return rows.map((r: DossierHit) => ({ ...r, id: Number(r.id) }));
}

export async function communeExists(knex: Knex, insee: string): Promise<boolean> {
  const { rows } = await knex.raw('SELECT 1 FROM communes WHERE insee = ?', [insee]);
  return rows.length > 0;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
