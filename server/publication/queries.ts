// The public SQL: every statement reads the view public_autorisations (the allow-list, migration 013)
// and, for a commune's name, the public table communes. Nothing here names a column of dossiers.
import type { Knex } from 'knex';
import { RECORD_SQL } from './columns.ts';
import type { Bbox, MapQuery } from './input.ts';

export type PublicRecord = Record<string, unknown> & { num_dau: string; longitude: number | null; latitude: number | null };

function filters(q: { types?: string[] | null; etats?: string[] | null; annee?: number | null; commune?: string | null }) {
  const where: string[] = [];
  const values: Knex.Value[] = [];
  if (q.types) { where.push('t.type_dau = ANY(?::text[])'); values.push(q.types); }
  if (q.etats) { where.push('t.etat_dau = ANY(?::text[])'); values.push(q.etats); }
  if (q.annee) { where.push('t.date_reelle_depot >= ?::date AND t.date_reelle_depot < ?::date'); values.push(`${q.annee}-01-01`, `${q.annee + 1}-01-01`); }
  if (q.commune) { where.push('t.comm = ?'); values.push(q.commune); }
  return { where, values };
}

/** The published dossiers whose point lies in a WGS84 bbox (at most `limit`, by number). */
export async function autorisationsInBbox(knex: Knex, q: MapQuery, limit: number): Promise<PublicRecord[]> {
  const f = filters(q);
  const { rows } = await knex.raw(`
    WITH env AS (SELECT ST_Transform(ST_Segmentize(ST_MakeEnvelope(?, ?, ?, ?, 4326), ?), 2154) AS g)
    SELECT ${RECORD_SQL}
    FROM public_autorisations t, env
    WHERE t.geom && env.g AND ST_Intersects(t.geom, env.g) ${f.where.map((w) => `AND ${w}`).join(' ')}
    ORDER BY t.num_dau
    LIMIT ?`, [...q.bbox, (q.bbox[2] - q.bbox[0]) / 16, ...f.values, limit]);
  return rows;
}

export type PublicPage = PublicRecord & { contraintes: unknown; terrain: unknown; commune_nom: string | null };

export async function autorisationByNumber(knex: Knex, number: string): Promise<PublicPage | null> {
  const { rows } = await knex.raw(`
    SELECT ${RECORD_SQL}, t.contraintes, ST_AsGeoJSON(ST_Transform(t.geom_parcelles, 4326), 7)::json AS terrain, c.nom AS commune_nom
    FROM public_autorisations t LEFT JOIN communes c ON c.insee = t.comm
    WHERE t.num_dau = ?`, [number]);
  return rows[0] ?? null;
}

/** The records linked to a permit (DOC, DAACT, modificatif, transfert: migration 017), in the order they were filed. */
export async function linkedRecords(knex: Knex, parent: string): Promise<PublicRecord[]> {
  const { rows } = await knex.raw(`SELECT ${RECORD_SQL} FROM public_autorisations t WHERE t.num_dau_parent = ? ORDER BY t.date_reelle_depot, t.num_dau`, [parent]);
  return rows;
}

/**
 * The register of a commune for a month: filed (R423-6) and decided (R424-15) in it, by number. A DOC
 * or a DAACT is a declaration, not an application: no avis de dépôt, so not in the register.
 */
export async function register(knex: Knex, commune: string, first: string, last: string): Promise<{ depots: PublicRecord[]; decisions: PublicRecord[] }> {
  const [depots, decisions] = await Promise.all([
    knex.raw(`SELECT ${RECORD_SQL} FROM public_autorisations t WHERE t.comm = ? AND t.date_reelle_depot BETWEEN ?::date AND ?::date AND t.type_dau NOT IN ('DOC', 'DAACT') ORDER BY t.date_reelle_depot, t.num_dau`, [commune, first, last]),
    knex.raw(`SELECT ${RECORD_SQL} FROM public_autorisations t WHERE t.comm = ? AND t.date_decision BETWEEN ?::date AND ?::date ORDER BY t.date_decision, t.num_dau`, [commune, first, last]),
  ]);
  return { depots: depots.rows, decisions: decisions.rows };
}

export async function communeName(knex: Knex, insee: string): Promise<string | null | undefined> {
  const { rows } = await knex.raw('SELECT nom FROM communes WHERE insee = ?', [insee]);
  return rows.length ? (rows[0].nom as string | null) : undefined;
}

/** Permits whose number contains the fragment (spaces ignored), the exact one first: the search box. */
export async function findAutorisations(knex: Knex, fragment: string, limit: number)
  : Promise<{ num_dau: string; type_dau: string; etat_dau: string; comm: string; nom: string | null; date_reelle_depot: string; exact: boolean; bbox: Bbox | null }[]> {
  const { rows } = await knex.raw(`
    SELECT t.num_dau, t.type_dau, t.etat_dau, t.comm, c.nom, t.date_reelle_depot, replace(t.num_dau, ' ', '') = ? AS exact,
      CASE WHEN t.geom_parcelles IS NULL THEN NULL ELSE
        (SELECT json_build_array(ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)) FROM (SELECT ST_Transform(ST_Envelope(t.geom_parcelles), 4326) AS b) x) END AS bbox
    FROM public_autorisations t LEFT JOIN communes c ON c.insee = t.comm
    WHERE replace(t.num_dau, ' ', '') LIKE ? ESCAPE '\\'
    ORDER BY exact DESC, t.date_reelle_depot DESC, t.num_dau
    LIMIT ?`, [fragment, `%${fragment.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`, limit]);
  return rows;
}

/** The export's filter, shared by the streaming reader and the benchmark's COPY. */
export function exportWhere(q: { commune: string | null; annee: number | null }) {
  return filters(q);
}

/**
 * The version of the published data and when it last changed: the dossiers' (migration 017), not the
 * reference data's, whose imports change nothing published here.
 */
export async function publicationVersion(knex: Knex): Promise<{ version: number; changedAt: Date }> {
  const { rows } = await knex.raw('SELECT version, changed_at FROM dossier_version').options({ name: 'dossier_version_changed' });
  return { version: Number(rows[0].version), changedAt: new Date(rows[0].changed_at) };
}
