// The actions of a dossier page: one button per event the engine allows now and the user's role may
// post; each opens a small form asking for the legal date (default today) and what the event needs.
import { PROLONGATION_RULES } from '../../server/dossiers/inquiry.ts';
import { prolongationEffect } from './facts.ts';
import { MAJORATION_RULES } from '../../server/dossiers/rules.ts';
import type { Dossier, EventBody, Offer } from './api.ts';
import { frDate, todayLocal } from './dates.ts';
import { field, h } from './dom.ts';
import { signingView } from './signing.ts';
import { DECISION_LABELS, OPINION_LABELS, actionsFor, decisionsFor, eventLabel } from './labels.ts';


/** "PC4 notice, PC6\nPC7" → ["PC4 notice", "PC6", "PC7"]: one piece per line or comma. */
export const parsePieces = (text: string) => [...new Set(text.split(/[\n,;]+/).map((p) => p.trim()).filter(Boolean))];

type Fields = { el: HTMLElement; payload: () => Record<string, unknown> | string | undefined };

function payloadFields(event: string, d: Dossier): Fields | null {
  switch (event) {
    case 'REQUEST_PIECES': {
      const t = h('textarea', { id: 'action-pieces', rows: 3, required: true, placeholder: 'PC4 notice\nPC6 insertion' });
      return { el: field('Pièces manquantes (une par ligne)', t), payload: () => {
        const pieces = parsePieces(t.value);
        return pieces.length ? { pieces } : 'Indiquez au moins une pièce manquante.';
      } };
    }
    case 'RECEIVE_PIECES': {
      const boxes = d.completeness.missing.map((p) => h('input', { type: 'checkbox', value: p, checked: true }));
      return { el: h('fieldset', { class: 'desk-fieldset' }, h('legend', {}, 'Pièces reçues'),
        ...boxes.map((b) => h('label', { class: 'desk-check' }, b, ` ${b.value}`))), payload: () => {
        const pieces = boxes.filter((b) => b.checked).map((b) => b.value);
        return pieces.length ? { pieces } : 'Cochez au moins une pièce reçue.';
      } };
    }
    case 'NOTIFY_MAJORATION': {
      const suggested = new Set(d.suggestedMajorations.map((m) => m.article));
      const rules = MAJORATION_RULES.filter((r) => (r.types as readonly string[]).includes(d.type) && !d.majorations.some((m) => m.article === r.article));
      const boxes = rules.map((r) => h('input', { type: 'checkbox', value: r.article, checked: suggested.has(r.article) }));
      return { el: h('fieldset', { class: 'desk-fieldset desk-scroll' }, h('legend', {}, 'Majorations (R423-24 à R423-28)'),
        ...boxes.map((b, i) => h('label', { class: 'desk-check' }, b, ` ${rules[i]!.article} — ${rules[i]!.label}${suggested.has(rules[i]!.article) ? ' (suggérée)' : ''}`))), payload: () => {
        const majorations = boxes.filter((b) => b.checked).map((b) => ({ article: b.value }));
        return majorations.length ? { majorations } : 'Cochez au moins une majoration.';
      } };
    }
    case 'NOTIFY_PROLONGATION': {
      // R423-34 to R423-37: the exceptional prolongations of this type not yet notified.
      const rules = PROLONGATION_RULES.filter((r) => (r.types as readonly string[]).includes(d.type) && !(d.prolongations ?? []).some((p) => p.article === r.article));
      const a = h('select', { id: 'action-prolongation' }, ...rules.map((r) => h('option', { value: r.article }, `${r.article} (${prolongationEffect(r.mode, r.months)}) — ${r.label}`)));
      // R423-36: the five months run from the recours before the CNAC, whose date the form asks.
      const recours = h('input', { id: 'action-prolongation-recours', type: 'date' });
      const fromRecours = () => rules.find((r) => r.article === a.value)?.mode === 'fromRecours';
      return { el: h('div', {}, field('Prolongation exceptionnelle', a, 'à notifier avant l’expiration du délai fixé initialement (R423-44)'),
        field('Date du recours devant la CNAC', recours, 'R423-36 seulement : le délai est prolongé de cinq mois à compter du recours')), payload: () => {
        if (!rules.length) return 'Aucune prolongation exceptionnelle ne reste à notifier sur ce dossier.';
        if (!fromRecours()) return { article: a.value };
        return recours.value ? { article: a.value, recoursOn: recours.value } : 'Indiquez la date du recours devant la Commission nationale d’aménagement commercial (R423-36).';
      } };
    }
    case 'CONSULT': {
      const list = h('datalist', { id: 'action-services' }, ...d.suggestedConsultations.map((s) => h('option', { value: s.service })));
      const s = h('input', { id: 'action-service', list: 'action-services', required: true, value: d.suggestedConsultations[0]?.service ?? '' });
      return { el: h('div', {}, field('Service consulté', s, 'ABF : 2 mois (R423-67) ; autres services : 1 mois (R423-59)'), list), payload: () =>
        (s.value.trim() ? { service: s.value.trim() } : 'Indiquez le service consulté.') };
    }
    case 'RECORD_OPINION': {
      const pending = d.consultations.filter((c) => !c.opinion);
      const c = h('select', { id: 'action-consultation' }, ...pending.map((x) => h('option', { value: x.id }, `${x.service} (consulté le ${frDate(x.sentOn)})`)));
      const o = h('select', { id: 'action-opinion' }, ...Object.entries(OPINION_LABELS).map(([v, l]) => h('option', { value: v }, l)));
      const p = h('textarea', { id: 'action-prescriptions', rows: 2 });
      return { el: h('div', {}, field('Consultation', c), field('Avis', o), field('Prescriptions', p, 'facultatif')), payload: () =>
        (pending.length ? { consultation: Number(c.value), opinion: o.value, ...(p.value.trim() ? { prescriptions: p.value.trim() } : {}) } : 'Aucune consultation n’attend d’avis.') };
    }
    case 'PROPOSE_DECISION': {
      const k = h('select', { id: 'action-decision' }, ...decisionsFor(d.type).map((v) => h('option', { value: v }, DECISION_LABELS[v] ?? v)));
      const m = h('textarea', { id: 'action-motifs', rows: 2 });
      const p = h('textarea', { id: 'action-prescriptions', rows: 2 });
      return { el: h('div', {}, field('Décision proposée', k), field('Motifs', m, 'facultatif'), field('Prescriptions', p, 'facultatif')), payload: () =>
        ({ decision: k.value, ...(m.value.trim() ? { motifs: m.value.trim() } : {}), ...(p.value.trim() ? { prescriptions: p.value.trim() } : {}) }) };
    }
    case 'WITHDRAW': case 'CONTEST_CONFORMITY': {
      const m = h('textarea', { id: 'action-motifs', rows: 2 });
      return { el: field('Motifs', m), payload: () => (m.value.trim() ? { motifs: m.value.trim() } : undefined) };
    }
    case 'SIGN_DECISION':
      return { el: signingView(d), payload: () => undefined };
    default:
      return null;
  }
}

/**
 * The actions block: buttons, and the open form. submit() posts the event and resolves to an error
 * message for the form (null when done).
 */
export function actionsView(d: Dossier, role: string, submit: (body: EventBody) => Promise<string | null>): HTMLElement {
  // The server's offer (server/dossiers/available.ts); an older answer without it: the allowed events.
  const offers: Offer[] = d.actions ?? actionsFor(d.allowedEvents, role).map((event) => ({ event, label: eventLabel(event), enabled: true }));
  const formSlot = h('div', { class: 'desk-action-form' });
  const items = offers.map((o, i) => {
    const why = o.enabled ? o.withoutEffect : o.reason;
    const note = why ? h('small', { class: o.enabled ? 'desk-hint desk-no-effect' : 'desk-hint desk-disabled-reason', id: `action-why-${i}` },
      o.enabled ? `Sans effet légal : ${why}` : why) : null;
    // A disabled action stays focusable (aria-disabled) so that a screen reader reads why.
    const b = h('button', { type: 'button', class: 'desk-button', 'data-event': o.event, 'aria-expanded': o.enabled ? 'false' : null,
      'aria-disabled': o.enabled ? null : 'true', 'aria-describedby': note ? `action-why-${i}` : null }, eventLabel(o.event));
    return { o, b, el: h('div', { class: 'desk-action', 'data-event': o.event, 'data-enabled': String(o.enabled) }, b, note) };
  });
  for (const { o, b } of items) b.addEventListener('click', () => {
    if (!o.enabled) return;
    for (const x of items) if (x.o.enabled) x.b.setAttribute('aria-expanded', String(x.b === b));
    formSlot.replaceChildren(eventForm(d, o, submit, () => { formSlot.replaceChildren(); b.setAttribute('aria-expanded', 'false'); b.focus(); }));
    formSlot.querySelector<HTMLElement>('input, select, textarea')?.focus();
  });
  return h('section', { class: 'desk-card', 'aria-labelledby': 'actions-title', id: 'desk-actions' },
    h('h3', { id: 'actions-title' }, 'Actions possibles'),
    items.length ? h('div', { class: 'desk-actions' }, ...items.map((x) => x.el))
      : h('p', { class: 'desk-hint' }, d.allowedEvents.length ? 'Aucune action de votre rôle n’est possible dans cet état.' : 'Aucune action possible dans cet état.'),
    formSlot);
}

function eventForm(d: Dossier, offer: Offer, submit: (body: EventBody) => Promise<string | null>, close: () => void): HTMLElement {
  const event = offer.event;
  const on = h('input', { id: 'action-date', type: 'date', required: true, value: todayLocal(), min: d.filedOn, max: todayLocal() });
  const extra = payloadFields(event, d);
  const feedback = h('div', { class: 'desk-feedback', 'aria-live': 'assertive' });
  const ok = h('button', { type: 'submit', class: 'desk-button primary', id: 'action-submit' }, 'Enregistrer');
  const form = h('form', { class: 'desk-form', 'data-event': event, 'aria-label': eventLabel(event) },
    h('h4', {}, eventLabel(event)),
    offer.withoutEffect ? h('p', { class: 'desk-msg desk-msg-info', role: 'note' }, `Cet acte sera enregistré sans effet légal : ${offer.withoutEffect}`) : null,
    field('Date légale', on, 'date de l’acte (par ex. première présentation du courrier)'),
    extra?.el ?? null,
    h('div', { class: 'desk-row' }, ok, h('button', { type: 'button', class: 'desk-button', onclick: close }, 'Annuler')),
    feedback);
  form.addEventListener('keydown', (e) => { if (e.key === 'Escape') close(); });
  // A message about a field goes once the field is changed: it no longer says the truth.
  form.addEventListener('input', () => feedback.replaceChildren());
  form.addEventListener('change', () => feedback.replaceChildren());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!on.value) { feedback.replaceChildren(h('p', { class: 'desk-msg desk-msg-error', role: 'alert' }, 'Indiquez la date légale.')); return; }
    const payload = extra?.payload();
    if (typeof payload === 'string') { feedback.replaceChildren(h('p', { class: 'desk-msg desk-msg-error', role: 'alert' }, payload)); return; }
    ok.disabled = true;
    const err = await submit({ type: event, on: on.value, version: d.version, ...(payload ? { payload } : {}) });
    ok.disabled = false;
    if (err) feedback.replaceChildren(h('p', { class: 'desk-msg desk-msg-error', role: 'alert' }, err));
  });
  return form;
}
