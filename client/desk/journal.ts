// The dossier's full history (GET /api/dossiers/:id/journal): each act with its legal date, its date of
// entry, who recorded it (name and role) and the change of state, as a table.
import { errorText } from '../api.ts';
import { staffApi, type HistoryEntry } from './api.ts';
import { frDate } from './dates.ts';
import { h, message } from './dom.ts';
import { ROLE_LABELS, eventLabel } from './labels.ts';
import { frDateTime } from './notes.ts';
import { payloadSummary } from './timeline.ts';

/** Who recorded an entry: "automatique", "Ivan Instructeur (Instructeur)", or the role alone (élus). */
export const whoText = (e: Pick<HistoryEntry, 'actor' | 'actorName' | 'role'>) =>
  e.actor === 'system' ? 'automatique' : `${e.actorName ?? e.actor ?? ''}${e.actorName || e.actor ? ' ' : ''}(${ROLE_LABELS[e.role] ?? e.role})`.trim();

/** An ASSIGN entry's summary: "Confié à instructeur2 (avant : instructeur)". */
const assignSummary = (p: Record<string, unknown>) =>
  `Confié à ${typeof p.instructeur === 'string' ? p.instructeur : 'personne'}${typeof p.before === 'string' ? ` (avant : ${p.before})` : ''}`;

export function historyView(dossierId: number): HTMLElement {
  const body = h('tbody');
  const status = h('div', { 'aria-live': 'polite' }, message('info', 'Chargement de l’historique…'));
  staffApi.journal(dossierId).then((entries) => {
    status.replaceChildren();
    body.replaceChildren(...entries.map((e) => h('tr', { 'data-event': e.event, 'data-version': e.version },
      h('td', {}, h('time', { datetime: e.on }, frDate(e.on))),
      h('td', {}, h('time', { datetime: e.recordedAt }, frDateTime(e.recordedAt))),
      h('td', {}, whoText(e)),
      h('td', {}, h('b', {}, eventLabel(e.event)),
        e.event === 'ASSIGN' && e.payload ? h('div', { class: 'desk-tl-payload' }, assignSummary(e.payload))
          : e.payload && payloadSummary({ event: e.event, payload: e.payload }) ? h('div', { class: 'desk-tl-payload' }, payloadSummary({ event: e.event, payload: e.payload })) : null),
      h('td', {}, e.from === e.to ? '—' : e.fromLabel ? `${e.fromLabel} → ${e.toLabel}` : e.toLabel))));
  }, (err: unknown) => status.replaceChildren(message('error', `Historique illisible : ${errorText(err)}`)));
  return h('section', { class: 'desk-card', 'aria-labelledby': 'history-title', id: 'desk-history-card' },
    h('details', { id: 'desk-history-details' },
      h('summary', {}, h('h3', { id: 'history-title', class: 'desk-inline' }, 'Historique complet')),
      h('div', { class: 'desk-table-wrap' }, h('table', { class: 'desk-table', id: 'desk-history' },
        h('thead', {}, h('tr', {}, ...['Date légale', 'Saisi le', 'Par', 'Acte', 'État'].map((t) => h('th', { scope: 'col' }, t)))), body)),
      status));
}
