// The signing step (issue #19): the signataire sees what he signs — the decision proposed, its
// motifs and prescriptions in full, the opinions of the services consulted with their
// prescriptions, and the arrêté itself as it will be produced (server/documents).
import type { Dossier } from './api.ts';
import { frDate } from './dates.ts';
import { documentsApi } from './documents.ts';
import { h, message } from './dom.ts';
import { DECISION_LABELS, OPINION_LABELS } from './labels.ts';

const para = (text: string | null | undefined, none: string) =>
  (text ? h('p', { class: 'desk-sign-text' }, text) : h('p', { class: 'desk-hint' }, none));

/** What is signed, in full, above the signing form's date. */
export function signingView(d: Dossier): HTMLElement {
  const p = d.proposal as (Dossier['proposal'] & { kind?: string }) | null;
  const kind = p?.kind ?? p?.decision ?? '';
  const preview = h('div', { id: 'desk-sign-arrete', 'aria-live': 'polite' });
  const read = h('button', { type: 'button', class: 'desk-button', id: 'desk-sign-read-arrete' }, 'Afficher le projet d’arrêté');
  read.addEventListener('click', async () => {
    read.disabled = true;
    preview.replaceChildren(message('info', 'Production du projet d’arrêté…'));
    try {
      const doc = await documentsApi.generate(d.id, 'arrete');
      preview.replaceChildren(h('h5', {}, `Projet : ${doc.title}`), h('pre', { class: 'desk-document-text', tabindex: '0', 'aria-label': 'Texte du projet d’arrêté' }, doc.text),
        h('a', { href: doc.url, target: '_blank', rel: 'noopener', class: 'desk-button' }, 'Ouvrir le PDF'));
    } catch (err) {
      preview.replaceChildren(message('error', `Projet d’arrêté indisponible : ${(err as Error).message}`));
    } finally {
      read.disabled = false;
    }
  });
  const opinions = d.consultations.filter((c) => c.opinion);
  return h('section', { class: 'desk-sign', id: 'desk-sign-summary', 'aria-labelledby': 'desk-sign-title' },
    h('h5', { id: 'desk-sign-title' }, 'Ce que vous signez'),
    p ? h('dl', {},
      h('dt', {}, 'Décision proposée'), h('dd', { 'data-field': 'sign-decision' }, `${DECISION_LABELS[kind] ?? kind}, proposée le ${frDate(p.on)}`),
      h('dt', {}, 'Motifs'), h('dd', { 'data-field': 'sign-motifs' }, para(p.motifs, 'Aucun motif saisi.')),
      h('dt', {}, 'Prescriptions'), h('dd', { 'data-field': 'sign-prescriptions' }, para(p.prescriptions, 'Aucune prescription.')))
      : message('error', 'Aucune décision proposée.'),
    h('h5', {}, 'Avis des services consultés'),
    opinions.length ? h('ul', { class: 'desk-sign-opinions', id: 'desk-sign-opinions' }, ...opinions.map((c) => {
      const pres = (c as { prescriptions?: string | null }).prescriptions;
      return h('li', {}, h('b', {}, c.service), ` : ${OPINION_LABELS[c.opinion!] ?? c.opinion}${c.tacit ? ' (avis tacite)' : ''}${c.opinionOn ? `, le ${frDate(c.opinionOn)}` : ''}${c.avisConforme ? ' — avis conforme' : ''}`,
        pres ? h('p', { class: 'desk-sign-text' }, `Prescriptions : ${pres}`) : null);
    })) : h('p', { class: 'desk-hint', id: 'desk-sign-opinions' }, d.consultations.length ? 'Aucun avis rendu.' : 'Aucun service consulté.'),
    read, preview);
}
