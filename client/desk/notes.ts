// The staff's private notes on a dossier (GET/POST /api/dossiers/:id/notes): never shown to élus, who
// cannot read them (the server refuses), nor published. Each note with its author and when it was written.
import { NOTE_MAX } from '../../server/dossiers/limits.ts';
import { ApiError, errorText } from '../api.ts';
import { staffApi, type Note } from './api.ts';
import { frDate } from './dates.ts';
import { field, h, message } from './dom.ts';
import { ROLE_LABELS } from './labels.ts';

/** "23/11/2026 à 09:05" from an ISO timestamp, in this computer's time zone. */
export function frDateTime(iso: string): string {
  const t = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${frDate(`${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}`)} à ${p(t.getHours())}:${p(t.getMinutes())}`;
}

const noteItem = (n: Note) => h('li', { 'data-note': n.id },
  h('p', { class: 'desk-note-meta' }, h('b', {}, n.authorName ?? n.author), ` (${ROLE_LABELS[n.role] ?? n.role}) — `, h('time', { datetime: n.createdAt }, frDateTime(n.createdAt))),
  h('p', { class: 'desk-note-body' }, n.body));

export function notesView(dossierId: number, role: string): HTMLElement | null {
  if (role === 'elu') return null;
  const list = h('ol', { class: 'desk-notes', id: 'desk-notes' });
  const status = h('div', { 'aria-live': 'polite' });
  const text = h('textarea', { id: 'note-body', rows: 3, maxlength: NOTE_MAX });
  const submit = h('button', { type: 'submit', class: 'desk-button primary', id: 'note-submit' }, 'Ajouter la note');
  const form = h('form', { class: 'desk-note-form' }, field('Nouvelle note (visible du personnel seulement)', text), submit);
  const load = () => staffApi.notes(dossierId).then((notes) => {
    list.replaceChildren(...notes.map(noteItem));
    status.replaceChildren(notes.length ? '' : message('info', 'Aucune note.'));
  }, (err: unknown) => status.replaceChildren(message('error', `Notes illisibles : ${errorText(err)}`)));
  text.addEventListener('input', () => { if (status.querySelector('.desk-msg-error')) status.replaceChildren(); });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!text.value.trim()) { status.replaceChildren(message('error', 'La note est vide : écrivez son texte.')); text.focus(); return; }
    submit.disabled = true;
    staffApi.addNote(dossierId, text.value).then((n) => {
      list.append(noteItem(n));
      text.value = '';
      status.replaceChildren(message('ok', 'Note ajoutée.'));
    }, (err: unknown) => {
      status.replaceChildren(message('error', err instanceof ApiError && err.status < 500 ? `Note refusée : ${err.message}` : `Note impossible : ${errorText(err)}`));
    }).finally(() => { submit.disabled = false; });
  });
  void load();
  return h('section', { class: 'desk-card', 'aria-labelledby': 'notes-title', id: 'desk-notes-card' },
    h('h3', { id: 'notes-title' }, 'Notes internes'), list, status, form);
}
