// The desk's list of dossiers. An instructeur opens on "mes dossiers" (mine=1), everyone on the overdue
// first then the nearest deadline (the server's sort=deadline). Columns: number, type, applicant (staff
// only), commune, filing date, state, next deadline, who is in charge; each header sorts (again: the
// other way), each column has its filter. Pages of 50 with "more".
import { errorText, type Commune } from '../api.ts';
import { staffApi, type Instructeur, type ListItem } from './api.ts';
import { countdown, frDate, lastDayBefore, todayLocal } from './dates.ts';
import { field, h, message } from './dom.ts';
import { FILING_TYPES, dueLabel, stateFamily } from './labels.ts';

const STATES: [string, string][] = [
  ['', 'Tous'], ['instruction', 'En instruction'], ['instruction.incomplet', 'Incomplet (pièces demandées)'],
  ['instruction.delai.proposee', 'Décision proposée'], ['instruction.delai.signee', 'Décision signée'],
  ['accorde', 'Accordé'], ['refuse', 'Refusé'], ['refus_tacite', 'Refus tacite'], ['rejet_tacite', 'Rejet tacite'], ['sursis', 'Sursis à statuer'],
  ['retire', 'Retiré'], ['perime', 'Périmé'],
];

export type ListSort = 'deadline' | 'number' | 'type' | 'applicant' | 'commune' | 'filed' | 'state' | 'instructeur';

export type ListFilters = {
  number: string; type: string; state: string; commune: string; overdue: boolean;
  applicant?: string; filedFrom?: string; filedTo?: string;
  /** "mes dossiers" */
  mine?: boolean;
  /** An account's id, 'none' for nobody in charge, '' for anyone. */
  instructeur?: string;
  sort?: ListSort; order?: 'asc' | 'desc';
};

/** The query string of the list for these filters (by default sorted by deadline, overdue first). */
export function listQuery(f: ListFilters, after: string | null = null, limit = 50): string {
  const q = new URLSearchParams({ sort: f.sort ?? 'deadline', limit: String(limit) });
  if (f.order) q.set('order', f.order);
  if (f.number.trim()) q.set('number', f.number.trim());
  if (f.type) q.set('type', f.type);
  if (f.state) q.set('state', f.state);
  if (f.commune) q.set('commune', f.commune);
  if (f.applicant?.trim()) q.set('applicant', f.applicant.trim());
  if (f.filedFrom) q.set('filedFrom', f.filedFrom);
  if (f.filedTo) q.set('filedTo', f.filedTo);
  if (f.overdue) q.set('overdue', 'true');
  if (f.mine) q.set('mine', '1');
  else if (f.instructeur) q.set('instructeur', f.instructeur);
  if (after) q.set('after', after);
  return q.toString();
}

/** "Décision · 15/04/2026 · J-12" from a list item's next due event. */
export function deadlineText(item: Pick<ListItem, 'nextDue'>, today: string): { text: string; countdown: string; overdue: boolean } | null {
  if (!item.nextDue) return null;
  const last = lastDayBefore(item.nextDue.on);
  const c = countdown(last, today);
  return { text: `${dueLabel(item.nextDue.event)} · ${frDate(last)}`, countdown: c.text, overdue: c.overdue };
}

/** The name to show for who is in charge. */
export const inChargeText = (i: { name: string | null; login: string } | null | undefined) => (i ? i.name ?? i.login : 'Personne');

/** The filters kept while the page lives, for one role (`mine` is its default for an instructeur). */
let filters: ListFilters | null = null;
let filtersRole = '';

const COLUMNS: { key: ListSort; label: string; staffOnly?: boolean }[] = [
  { key: 'number', label: 'Numéro' }, { key: 'type', label: 'Type' }, { key: 'applicant', label: 'Demandeur', staffOnly: true },
  { key: 'commune', label: 'Commune' }, { key: 'filed', label: 'Dépôt' }, { key: 'state', label: 'État' },
  { key: 'deadline', label: 'Échéance' }, { key: 'instructeur', label: 'Instructeur', staffOnly: true },
];

export function renderList(root: HTMLElement, communes: Commune[], canFile: boolean, role = 'instructeur'): void {
  const staff = role !== 'elu';
  if (filtersRole !== role) { filters = null; filtersRole = role; }
  const f: ListFilters = filters ??= { number: '', type: '', state: '', commune: '', overdue: false, applicant: '', filedFrom: '', filedTo: '',
    mine: role === 'instructeur', instructeur: '', sort: 'deadline' };
  const today = todayLocal();
  const communeName = new Map(communes.map((c) => [c.insee, c.nom]));
  const number = h('input', { id: 'filtre-numero', type: 'search', value: f.number, placeholder: 'PC 096001 26…' });
  const type = h('select', { id: 'filtre-type' }, h('option', { value: '' }, 'Tous'), ...FILING_TYPES.map(([v, l]) => h('option', { value: v }, `${v} — ${l}`)),
    ...['modificatif', 'transfert', 'prorogation', 'DOC', 'DAACT'].map((v) => h('option', { value: v }, v)));
  type.value = f.type;
  const state = h('select', { id: 'filtre-etat' }, ...STATES.map(([v, l]) => h('option', { value: v }, l)));
  state.value = f.state;
  const commune = h('select', { id: 'filtre-commune' }, h('option', { value: '' }, 'Toutes'), ...communes.map((c) => h('option', { value: c.insee }, `${c.nom} (${c.insee})`)));
  commune.value = f.commune;
  const applicant = h('input', { id: 'filtre-demandeur', type: 'search', value: f.applicant ?? '' });
  const filedFrom = h('input', { id: 'filtre-depot-du', type: 'date', value: f.filedFrom ?? '' });
  const filedTo = h('input', { id: 'filtre-depot-au', type: 'date', value: f.filedTo ?? '' });
  const overdue = h('input', { id: 'filtre-retard', type: 'checkbox', checked: f.overdue });
  const mine = h('input', { id: 'filtre-mes-dossiers', type: 'checkbox', checked: !!f.mine });
  const instructeur = h('select', { id: 'filtre-instructeur', disabled: !!f.mine },
    h('option', { value: '' }, 'Tous'), h('option', { value: 'none' }, 'Personne'));
  instructeur.value = f.instructeur ?? '';
  // Asked once the first page came (an expired session then gives one 401, not two).
  let instructeursAsked = !staff;
  const loadInstructeurs = () => {
    if (instructeursAsked) return;
    instructeursAsked = true;
    staffApi.instructeurs().then((list: Instructeur[]) => {
      instructeur.append(...list.map((u) => h('option', { value: String(u.id) }, u.name ?? u.login)));
      instructeur.value = f.instructeur ?? '';
    }).catch(() => { /* the filter keeps Tous / Personne */ });
  };
  const tbody = h('tbody');
  const status = h('div', { class: 'desk-status', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'desk-button', hidden: true }, 'Dossiers suivants');
  const title = h('h2', { id: 'desk-title', tabindex: '-1' }, f.mine ? 'Mes dossiers' : 'Dossiers');
  let next: string | null = null;
  let token = 0;
  const columns = COLUMNS.filter((c) => staff || !c.staffOnly);

  const row = (i: ListItem) => {
    const d = deadlineText(i, today);
    return h('tr', { 'data-id': i.id, 'data-overdue': d?.overdue ? 'true' : null },
      h('td', {}, h('a', { href: `#dossier/${i.id}`, class: 'desk-number' }, i.number)),
      h('td', {}, i.type),
      staff ? h('td', { class: 'desk-applicant' }, i.applicantName ?? '—') : null,
      h('td', {}, communeName.get(i.insee) ?? i.insee),
      h('td', {}, frDate(i.filedOn)),
      h('td', {}, h('span', { class: 'desk-badge', 'data-family': stateFamily(i.state) }, i.stateLabel)),
      h('td', { class: 'desk-deadline' }, d ? [h('span', { class: 'desk-countdown', 'data-overdue': d.overdue ? 'true' : null }, d.countdown), h('small', {}, d.text)] : '—'),
      staff ? h('td', { class: 'desk-in-charge', 'data-instructeur': i.instructeur?.login ?? null }, inChargeText(i.instructeur)) : null);
  };

  const load = async (append: boolean) => {
    const t = ++token;
    status.replaceChildren(message('info', 'Chargement…'));
    try {
      const page = await staffApi.list(listQuery(f, append ? next : null));
      if (t !== token) return;
      if (!append) tbody.replaceChildren();
      tbody.append(...page.items.map(row));
      next = page.next;
      more.hidden = !next;
      loadInstructeurs();
      const n = tbody.children.length;
      status.replaceChildren(n ? message('info', `${n} dossier${n > 1 ? 's' : ''}${next ? ' (et d’autres)' : ''}`) : message('info', 'Aucun dossier ne répond à ces critères.'));
    } catch (err) {
      if (t === token) status.replaceChildren(message('error', `Liste impossible : ${errorText(err)}`));
    }
  };

  // Sortable headers: a button in each, aria-sort on the sorted column.
  const headRow = h('tr');
  const drawHead = () => headRow.replaceChildren(...columns.map((c) => {
    const active = (f.sort ?? 'deadline') === c.key;
    const order = f.order ?? (c.key === 'filed' ? 'desc' : 'asc');
    const b = h('button', { type: 'button', class: 'desk-sort', 'data-sort': c.key,
      'aria-label': `${c.label} : trier${active ? (order === 'asc' ? ' par ordre décroissant' : ' par ordre croissant') : ''}` },
    c.label, active ? (order === 'asc' ? ' ▲' : ' ▼') : '');
    b.addEventListener('click', () => {
      if (active) f.order = order === 'asc' ? 'desc' : 'asc';
      else { f.sort = c.key; f.order = undefined; }
      drawHead();
      headRow.querySelector<HTMLElement>(`[data-sort="${c.key}"]`)?.focus();
      void load(false);
    });
    return h('th', { scope: 'col', 'aria-sort': active ? (order === 'asc' ? 'ascending' : 'descending') : null }, b);
  }));
  drawHead();

  const form = h('form', { class: 'desk-filters', role: 'search', 'aria-label': 'Filtrer les dossiers' },
    staff ? h('label', { class: 'desk-check' }, mine, ' Mes dossiers') : null,
    field('Numéro', number), field('Type', type), staff ? field('Demandeur', applicant) : null, field('Commune', commune),
    field('Déposé du', filedFrom), field('au', filedTo), field('État', state), staff ? field('Instructeur', instructeur) : null,
    h('label', { class: 'desk-check' }, overdue, ' En retard seulement'),
    h('button', { type: 'submit', class: 'desk-button primary' }, 'Filtrer'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    Object.assign(f, { number: number.value, type: type.value, state: state.value, commune: commune.value, overdue: overdue.checked,
      applicant: applicant.value, filedFrom: filedFrom.value, filedTo: filedTo.value, mine: staff && mine.checked, instructeur: instructeur.value });
    instructeur.disabled = !!f.mine;
    title.textContent = f.mine ? 'Mes dossiers' : 'Dossiers';
    void load(false);
  });
  for (const el of [type, state, commune, overdue, mine, instructeur, filedFrom, filedTo]) el.addEventListener('change', () => form.requestSubmit());
  more.addEventListener('click', () => void load(true));

  root.replaceChildren(
    h('header', { class: 'desk-head' }, title, canFile ? h('a', { href: '#nouveau', class: 'desk-button' }, 'Nouveau dossier') : null),
    form,
    h('p', { class: 'desk-hint' }, 'Par défaut, les dossiers en retard d’abord, puis par échéance la plus proche. Cliquez un titre de colonne pour trier.'),
    h('div', { class: 'desk-table-wrap' }, h('table', { class: 'desk-table', id: 'desk-list' }, h('thead', {}, headRow), tbody)),
    status, more);
  void load(false);
}
