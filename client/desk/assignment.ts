// Who is in charge of a dossier, on its page: the instructeur's name, and for a chef de service or an
// admin a choice of another (GET /api/instructeurs) sent with the dossier's version
// (PATCH /api/dossiers/:id/instructeur, journaled as ASSIGN by the server).
import { ApiError, errorText } from '../api.ts';
import { staffApi, type Dossier } from './api.ts';
import { field, h, message } from './dom.ts';
import { mayAssign } from './labels.ts';
import { inChargeText } from './list.ts';

export function assignmentView(d: Dossier, role: string, onChanged: (next: Dossier, note: HTMLElement) => void): HTMLElement | null {
  if (d.instructeur === undefined) return null; // élus: not told
  const card = h('section', { class: 'desk-card', 'aria-labelledby': 'assign-title', id: 'desk-assignment' },
    h('h3', { id: 'assign-title' }, 'Instructeur chargé'),
    h('p', { id: 'desk-in-charge', 'data-instructeur': d.instructeur?.login ?? null }, inChargeText(d.instructeur)));
  if (!mayAssign(role)) return card;
  const select = h('select', { id: 'assign-select' }, h('option', { value: '' }, 'Personne'));
  const feedback = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'desk-button primary', id: 'assign-submit', disabled: true }, 'Réattribuer');
  const form = h('form', { class: 'desk-assign' }, field('Confier le dossier à', select), submit, feedback);
  staffApi.instructeurs().then((list) => {
    select.append(...list.filter((u) => !u.communes.length || u.communes.includes(d.insee))
      .map((u) => h('option', { value: String(u.id) }, `${u.name ?? u.login} (${u.login})`)));
    select.value = d.instructeur ? String(d.instructeur.id) : '';
    submit.disabled = false;
  }).catch((err: unknown) => feedback.replaceChildren(message('error', `Liste des instructeurs impossible : ${errorText(err)}`)));
  select.addEventListener('change', () => feedback.replaceChildren());
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const instructeurId = select.value ? Number(select.value) : null;
    submit.disabled = true;
    staffApi.assign(d.id, { instructeurId, version: d.version }).then((next) => {
      onChanged(next, message('ok', `Dossier confié à ${inChargeText(next.instructeur)}.`));
    }, (err: unknown) => {
      submit.disabled = false;
      feedback.replaceChildren(message('error', err instanceof ApiError && err.status < 500 ? `Réattribution refusée : ${err.message}` : `Réattribution impossible : ${errorText(err)}`));
    });
  });
  card.append(form);
  return card;
}
