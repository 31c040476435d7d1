// A dossier's journal as a timeline: each event with its legal date, who recorded it, the change of
// state and what it carried (pieces, decision, service…).
import type { Dossier, JournalEntry } from './api.ts';
import { frDate } from './dates.ts';
import { h } from './dom.ts';
import { DECISION_LABELS, OPINION_LABELS, ROLE_LABELS, eventLabel, stateLabelOf } from './labels.ts';

/** The short French summary of an entry's payload ("PC4, PC6", "Accord", "ABF"…), or ''. */
export function payloadSummary(e: Pick<JournalEntry, 'event' | 'payload'>): string {
  const p = e.payload ?? {};
  const parts: string[] = [];
  if (Array.isArray(p.pieces)) parts.push(`Pièces : ${(p.pieces as string[]).join(', ')}`);
  if (typeof p.decision === 'string') parts.push(DECISION_LABELS[p.decision] ?? p.decision);
  if (typeof p.service === 'string') parts.push(`Service : ${p.service}`);
  if (typeof p.opinion === 'string') parts.push(`Avis : ${OPINION_LABELS[p.opinion] ?? p.opinion}`);
  if (Array.isArray(p.majorations)) parts.push(`Majorations : ${(p.majorations as { article?: string }[]).map((m) => m.article).join(', ')}`);
  if (typeof p.motifs === 'string') parts.push(`Motifs : ${p.motifs}`);
  if (typeof p.prescriptions === 'string') parts.push(`Prescriptions : ${p.prescriptions}`);
  return parts.join(' · ');
}

export function timelineView(d: Dossier): HTMLElement {
  const items = d.journal.map((e, i) => {
    const summary = payloadSummary(e);
    const moved = e.from !== e.to;
    return h('li', { class: 'desk-tl-item', 'data-event': e.event, 'data-last': i === d.journal.length - 1 ? 'true' : null },
      h('time', { datetime: e.on }, frDate(e.on)),
      h('div', {},
        h('b', {}, eventLabel(e.event)),
        h('small', {}, ` — ${e.actor === 'system' ? 'automatique' : `${e.actor}${ROLE_LABELS[e.role] ? ` (${ROLE_LABELS[e.role]})` : ''}`}`),
        moved ? h('div', { class: 'desk-tl-state' }, e.from ? `${stateLabelOf(d.type, e.from)} → ${stateLabelOf(d.type, e.to)}` : stateLabelOf(d.type, e.to)) : null,
        summary ? h('div', { class: 'desk-tl-payload' }, summary) : null));
  });
  return h('section', { class: 'desk-card', 'aria-labelledby': 'journal-title' },
    h('h3', { id: 'journal-title' }, 'Journal'),
    h('ol', { class: 'desk-timeline', id: 'desk-journal' }, ...items));
}
