// The desk's list of dossiers: filters (number, type, state, commune, overdue only), the overdue
// first then the nearest deadline (the server's sort=deadline), pages of 50 with "more".
import { errorText, type Commune } from '../api.ts';
import { staffApi, type ListItem } from './api.ts';
import { countdown, frDate, lastDayBefore, todayLocal } from './dates.ts';
import { field, h, message } from './dom.ts';
import { FILING_TYPES, dueLabel, stateFamily } from './labels.ts';

const STATES: [string, string][] = [
  ['', 'Tous'], ['instruction', 'En instruction'], ['instruction.incomplet', 'Incomplet (pièces demandées)'],
  ['instruction.delai.proposee', 'Décision proposée'], ['instruction.delai.signee', 'Décision signée'],
  ['accorde', 'Accordé'], ['refuse', 'Refusé'], ['refus_tacite', 'Refus tacite'], ['rejet_tacite', 'Rejet tacite'], ['sursis', 'Sursis à statuer'],
  ['retire', 'Retiré'], ['perime', 'Périmé'],
];

export type ListFilters = { number: string; type: string; state: string; commune: string; overdue: boolean };

/** The query string of the list for these filters (sorted by deadline, overdue first). */
export function listQuery(f: ListFilters, after: string | null = null, limit = 50): string {
  const q = new URLSearchParams({ sort: 'deadline', limit: String(limit) });
  if (f.number.trim()) q.set('number', f.number.trim());
  if (f.type) q.set('type', f.type);
  if (f.state) q.set('state', f.state);
  if (f.commune) q.set('commune', f.commune);
  if (f.overdue) q.set('overdue', 'true');
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

const filters: ListFilters = { number: '', type: '', state: '', commune: '', overdue: false };

export function renderList(root: HTMLElement, communes: Commune[], canFile: boolean): void {
  const today = todayLocal();
  const number = h('input', { id: 'filtre-numero', type: 'search', value: filters.number, placeholder: 'PC 096001 26…' });
  const type = h('select', { id: 'filtre-type' }, h('option', { value: '' }, 'Tous'), ...FILING_TYPES.map(([v, l]) => h('option', { value: v }, `${v} — ${l}`)),
    ...['modificatif', 'transfert', 'prorogation', 'DOC', 'DAACT'].map((v) => h('option', { value: v }, v)));
  type.value = filters.type;
  const state = h('select', { id: 'filtre-etat' }, ...STATES.map(([v, l]) => h('option', { value: v }, l)));
  state.value = filters.state;
  const commune = h('select', { id: 'filtre-commune' }, h('option', { value: '' }, 'Toutes'), ...communes.map((c) => h('option', { value: c.insee }, `${c.nom} (${c.insee})`)));
  commune.value = filters.commune;
  const overdue = h('input', { id: 'filtre-retard', type: 'checkbox', checked: filters.overdue });
  const tbody = h('tbody');
  const status = h('div', { class: 'desk-status', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'desk-button', hidden: true }, 'Dossiers suivants');
  let next: string | null = null;
  let token = 0;

  const row = (i: ListItem) => {
    const d = deadlineText(i, today);
    return h('tr', { 'data-id': i.id, 'data-overdue': d?.overdue ? 'true' : null },
      h('td', {}, h('a', { href: `#dossier/${i.id}`, class: 'desk-number' }, i.number)),
      h('td', {}, i.type),
      h('td', { class: 'desk-parcels' }, i.parcels.map((p) => `${p.slice(8, 10).replace(/^0/, '')} ${Number(p.slice(10))}`).join(', ')),
      h('td', {}, h('span', { class: 'desk-badge', 'data-family': stateFamily(i.state) }, i.stateLabel)),
      h('td', { class: 'desk-deadline' }, d ? [h('span', { class: 'desk-countdown', 'data-overdue': d.overdue ? 'true' : null }, d.countdown), h('small', {}, d.text)] : '—'));
  };

  const load = async (append: boolean) => {
    const t = ++token;
    status.replaceChildren(message('info', 'Chargement…'));
    try {
      const page = await staffApi.list(listQuery(filters, append ? next : null));
      if (t !== token) return;
      if (!append) tbody.replaceChildren();
      tbody.append(...page.items.map(row));
      next = page.next;
      more.hidden = !next;
      const n = tbody.children.length;
      status.replaceChildren(n ? message('info', `${n} dossier${n > 1 ? 's' : ''}${next ? ' (et d’autres)' : ''}`) : message('info', 'Aucun dossier ne répond à ces critères.'));
    } catch (err) {
      if (t === token) status.replaceChildren(message('error', `Liste impossible : ${errorText(err)}`));
    }
  };

  const form = h('form', { class: 'desk-filters', role: 'search', 'aria-label': 'Filtrer les dossiers' },
    field('Numéro', number), field('Type', type), field('État', state), field('Commune', commune),
    h('label', { class: 'desk-check' }, overdue, ' En retard seulement'),
    h('button', { type: 'submit', class: 'desk-button primary' }, 'Filtrer'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    Object.assign(filters, { number: number.value, type: type.value, state: state.value, commune: commune.value, overdue: overdue.checked });
    void load(false);
  });
  for (const el of [type, state, commune, overdue]) el.addEventListener('change', () => form.requestSubmit());
  more.addEventListener('click', () => void load(true));

  root.replaceChildren(
    h('header', { class: 'desk-head' }, h('h2', { id: 'desk-title', tabindex: '-1' }, 'Dossiers'),
      canFile ? h('a', { href: '#nouveau', class: 'desk-button' }, 'Nouveau dossier') : null),
    form,
    h('p', { class: 'desk-hint' }, 'Les dossiers en retard d’abord, puis par échéance la plus proche.'),
    h('table', { class: 'desk-table', id: 'desk-list' },
      h('thead', {}, h('tr', {}, ...['Numéro', 'Type', 'Parcelles', 'État', 'Échéance'].map((t) => h('th', { scope: 'col' }, t)))), tbody),
    status, more);
  void load(false);
}
