// The desk's list of dossiers (GET /api/dossiers): filters on each column shown (number, type,
// applicant, commune, parcel, filing date, state, deadline, who is in charge, "mine"), sorted on any of
// them. The two orders the desk reads most keep a keyset cursor (newest: by id; deadline: the next
// due day, so the overdue first, then the nearest); any other order pages by offset ("o<n>").
// Élus read the projection elu_dossiers: no natural person, nobody in charge.
import type { Knex } from 'knex';
import type { z } from 'zod';
import { AppError, badRequest } from '../errors.ts';
import { parseWith } from '../contract/parse.ts';
import { ListQuery as ListParams, type Sort } from './api.ts';
import { isLegalDate, type LegalDate } from './dates.ts';
import { stateLabel, type DossierType } from './rules.ts';

/** A list request: the filters as api.ts reads them, the order, the cursor and the page's size. */
export type ListQuery = Omit<z.output<typeof ListParams>, 'order' | 'after' | 'limit'> & {
  order: 'asc' | 'desc';
  after?: { id: number; due?: LegalDate | null } | { offset: number }; limit: number;
};

/** The natural order of each sort: the newest and the latest filed first, the rest ascending. */
const defaultOrder = (s: Sort): 'asc' | 'desc' => (s === 'newest' || s === 'filed' ? 'desc' : 'asc');
/** Whether this sort and order page with a keyset cursor (else by offset). */
const keyset = (q: Pick<ListQuery, 'sort' | 'order'>) => (q.sort === 'newest' || q.sort === 'deadline') && q.order === defaultOrder(q.sort);

/** The list's query (api.ts), then what depends on several parameters: the cursor of this sort and order, then the limit. */
export function parseListQuery(q: Record<string, unknown>): ListQuery {
  const { order, after, limit, ...filters } = parseWith(ListParams, q);
  const out: ListQuery = { ...filters, order: order ?? defaultOrder(filters.sort), limit: 50 };
  if (after !== undefined) out.after = cursor(after, out);
  if (limit !== undefined) {
    if (!/^[0-9]+$/.test(limit) || Number(limit) < 1 || Number(limit) > 200) throw badRequest('limit_invalid', '« limit » doit être un entier de 1 à 200.');
    out.limit = Number(limit);
  }
  return out;
}

/** The page a cursor starts: an offset ("o<n>"), or a keyset cursor as listDossiers writes it in « next ». */
function cursor(after: string, q: Pick<ListQuery, 'sort' | 'order'>): NonNullable<ListQuery['after']> {
  const bad = () => badRequest('cursor_invalid', `« after » doit être le curseur renvoyé dans « next » par le même tri (${q.sort}).`);
  if (!keyset(q)) {
    const m = /^o([1-9][0-9]{0,8})$/.exec(after);
    if (!m) throw bad();
    return { offset: Number(m[1]) };
  }
  // newest: "<id>"; deadline: "<next due day or none>.<id>".
  const m = q.sort === 'newest' ? /^()([1-9][0-9]{0,15})$/.exec(after) : /^([0-9]{4}-[0-9]{2}-[0-9]{2}|none)\.([1-9][0-9]{0,15})$/.exec(after);
  if (!m || (m[1] && m[1] !== 'none' && !isLegalDate(m[1]))) throw bad();
  return { id: Number(m[2]), ...(q.sort === 'deadline' ? { due: m[1] === 'none' ? null : m[1] } : {}) };
}

type Row = {
  id: number; number: string; type: DossierType; parent_id: number | null; insee: string; parcels: string[]; filed_on: string;
  applicant_name: string | null; state: string; decision_deadline: string | null; version: number; next_event: string | null; next_due: string | null;
  instructeur_id: number | null; instructeur_login: string | null; instructeur_name: string | null;
};

// Text in code-point order (COLLATE "C"): the same order on PGlite and on any PostgreSQL's locale.
const COLUMN: Record<Exclude<Sort, 'deadline' | 'newest'>, string> = {
  number: 'number_compact', type: 'type', applicant: 'lower(applicant_name) COLLATE "C"', commune: 'insee', filed: 'filed_on', state: 'state', instructeur: 'lower(instructeur_name) COLLATE "C"',
};

export type ListScope = { projection: 'staff' | 'elu'; communes: string[] | null; userId: number; today: LegalDate };

/** A page of the list (limit + 1 rows read, to know whether there is a next page). */
export async function listDossiers(knex: Knex, q: ListQuery, scope: ListScope): Promise<{ items: ReturnType<typeof itemJson>[]; next: string | null }> {
  const elu = scope.projection === 'elu';
  if (elu && (q.applicant || q.sort === 'applicant')) throw new AppError(403, 'role_not_allowed', 'Le rôle elu ne permet pas de chercher ni de trier par demandeur (données personnelles).');
  if (elu && (q.mine || q.instructeur !== undefined || q.sort === 'instructeur')) throw new AppError(403, 'role_not_allowed', 'Le rôle elu ne voit pas qui instruit les dossiers.');
  const where: string[] = [];
  const values: Knex.Value[] = [];
  const add = (sql: string, ...v: Knex.Value[]) => { where.push(sql); values.push(...v); };
  if (scope.communes) add('dossiers.insee = ANY(?::varchar[])', scope.communes);
  if (q.number) add(`number_compact LIKE ? ESCAPE '\\'`, `%${likeEscape(q.number.replace(/\s+/g, '').toUpperCase())}%`);
  if (q.type) add('type = ?', q.type);
  if (q.state) add(`(state = ? OR state LIKE ? ESCAPE '\\')`, q.state, `${likeEscape(q.state)}.%`);
  if (q.commune) add('dossiers.insee = ?', q.commune);
  if (q.parcel) add('parcels @> ARRAY[?]::varchar[]', q.parcel);
  if (q.applicant) add(`applicant_name ILIKE ? ESCAPE '\\'`, `%${likeEscape(q.applicant)}%`);
  if (q.filedFrom) add('filed_on >= ?', q.filedFrom);
  if (q.filedTo) add('filed_on <= ?', q.filedTo);
  if (q.deadlineFrom) add('decision_deadline >= ?', q.deadlineFrom);
  if (q.deadlineTo) add('decision_deadline <= ?', q.deadlineTo);
  if (q.overdue) add('EXISTS (SELECT 1 FROM dossier_due d WHERE d.dossier_id = dossiers.id AND d.due_on <= ?)', scope.today);
  if (q.mine) add('dossiers.instructeur_id = ?', scope.userId);
  if (q.instructeur === null) add('dossiers.instructeur_id IS NULL');
  else if (q.instructeur !== undefined) add('dossiers.instructeur_id = ?', q.instructeur);

  const page: string[] = [];
  const pageValues: Knex.Value[] = [];
  const a = q.after;
  if (a && 'id' in a && q.sort === 'newest') { page.push('id < ?'); pageValues.push(a.id); }
  if (a && 'id' in a && q.sort === 'deadline') {
    if (a.due) {
      page.push('(next_due > ?::date OR (next_due = ?::date AND id < ?) OR next_due IS NULL)');
      pageValues.push(a.due, a.due, a.id);
    } else {
      page.push('(next_due IS NULL AND id < ?)');
      pageValues.push(a.id);
    }
  }
  const dir = q.order.toUpperCase();
  const orderBy = q.sort === 'newest' ? `id ${dir}`
    : q.sort === 'deadline' ? `next_due ${dir} NULLS LAST, id DESC`
    : `${COLUMN[q.sort]} ${dir} NULLS LAST, id DESC`;
  const offset = a && 'offset' in a ? a.offset : 0;
  const { rows } = await knex.raw(`
    SELECT * FROM (
      SELECT dossiers.id, number, number_compact, type, parent_id, dossiers.insee, parcels, filed_on,
        ${elu ? 'denomination AS applicant_name' : 'applicant_name'}, state, decision_deadline, version,
        n.event AS next_event, n.due_on AS next_due,
        ${elu ? 'NULL::bigint AS instructeur_id, NULL AS instructeur_login, NULL AS instructeur_name'
          : 'dossiers.instructeur_id, u.login AS instructeur_login, coalesce(u.name, u.login) AS instructeur_name'}
      FROM ${elu ? 'elu_dossiers dossiers' : 'dossiers LEFT JOIN users u ON u.id = dossiers.instructeur_id'}
      LEFT JOIN LATERAL (SELECT event, due_on FROM dossier_due WHERE dossier_id = dossiers.id ORDER BY due_on, rank, key LIMIT 1) n ON true
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ) x
    ${page.length ? `WHERE ${page.join(' AND ')}` : ''}
    ORDER BY ${orderBy} LIMIT ? OFFSET ?`, [...values, ...pageValues, q.limit + 1, offset]);
  const all: Row[] = rows.map((r: any) => ({ ...r, id: Number(r.id), parent_id: r.parent_id === null ? null : Number(r.parent_id),
    instructeur_id: r.instructeur_id === null ? null : Number(r.instructeur_id) }));
  const items = all.slice(0, q.limit);
  const last = items[items.length - 1];
  const next = all.length <= q.limit || !last ? null
    : !keyset(q) ? `o${offset + q.limit}` : q.sort === 'newest' ? String(last.id) : `${last.next_due ?? 'none'}.${last.id}`;
  return { items: items.map((r) => itemJson(r, elu)), next };
}

const itemJson = (r: Row, elu: boolean) => ({
  id: r.id, number: r.number, type: r.type, parentId: r.parent_id, state: r.state, stateLabel: stateLabel(r.type, r.state),
  insee: r.insee, parcels: r.parcels, filedOn: r.filed_on, applicantName: r.applicant_name, decisionDeadline: r.decision_deadline, version: r.version,
  nextDue: r.next_due === null ? null : { event: r.next_event, on: r.next_due },
  ...(elu ? {} : { instructeur: r.instructeur_id === null ? null : { id: r.instructeur_id, login: r.instructeur_login, name: r.instructeur_name } }),
});

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
