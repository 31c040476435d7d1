// Filing a new application from the parcels selected on the map: the selection (with remove
// buttons), the form (type, applicant, works, filing date), POST /api/dossiers, then the récépissé.
import { ApiError, errorText } from '../api.ts';
import { parcelReference } from '../format.ts';
import { staffApi, type Dossier, type FilingBody } from './api.ts';
import { frDate, todayLocal } from './dates.ts';
import { field, h, message } from './dom.ts';
import { FILING_TYPES } from './labels.ts';
import { DESCRIPTION_MAX, TEXT_MAX } from '../../server/dossiers/limits.ts';
import { isDossierType } from '../../server/dossiers/rules.ts';
import { printReceiptButton } from './documents.ts';
import { cerfaBody, cerfaFieldsets, emptyCerfa, oldFiling, type CerfaForm } from './filing-form.ts';

/** The contract's limit of a filing's text (the form's fields say the same as the server). */
const TEXT = String(TEXT_MAX);

export type Selection = {
  ids: () => string[];
  remove: (id: string) => void;
  clear: () => void;
};

export type FilingForm = {
  type: string; kind: 'person' | 'company'; lastName: string; firstName: string; company: string; siret: string; email: string;
  description: string; floorArea: string; filedOn: string;
  /** The CERFA essentials (filing-form.ts); absent: none given. */
  cerfa?: CerfaForm;
};

/** The request body of a filing, or the French message saying what to fix first. */
export function filingBody(parcels: string[], f: FilingForm): FilingBody | string {
  if (!parcels.length) return 'Sélectionnez au moins une parcelle sur la carte (bouton « Sélectionner » de la fiche, ou Ctrl + clic).';
  const communes = [...new Set(parcels.map((p) => p.slice(0, 5)))];
  if (communes.length > 1) return `Les parcelles sélectionnées sont dans plusieurs communes (${communes.join(', ')}) : un dossier porte sur une seule commune.`;
  if (!isDossierType(f.type)) return 'Choisissez le type de la demande.';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(f.filedOn)) return 'Indiquez la date de dépôt (jj/mm/aaaa).';
  if (f.kind === 'person' && !f.lastName.trim()) return 'Indiquez le nom du demandeur.';
  if (f.kind === 'company' && !f.company.trim()) return 'Indiquez la dénomination de la société.';
  if (f.kind === 'company' && f.siret.trim() && !/^\d{14}$/.test(f.siret.replace(/\s/g, ''))) return 'Le SIRET compte 14 chiffres.';
  const needsWorks = !f.type.startsWith('CU');
  if (needsWorks && !f.description.trim()) return 'Décrivez les travaux.';
  const area = f.floorArea.trim() ? Number(f.floorArea.replace(',', '.')) : undefined;
  if (area !== undefined && !(area >= 0)) return 'La surface de plancher est un nombre de m² positif.';
  const contact = f.email.trim() ? { email: f.email.trim() } : {};
  const applicant = f.kind === 'person'
    ? { kind: 'person' as const, lastName: f.lastName.trim(), ...(f.firstName.trim() ? { firstName: f.firstName.trim() } : {}), ...contact }
    : { kind: 'company' as const, name: f.company.trim(), ...(f.siret.trim() ? { siret: f.siret.replace(/\s/g, '') } : {}), ...contact };
  const extra = f.cerfa ? cerfaBody(f.cerfa, f.kind) : { applicant: {}, works: {}, rest: {} };
  if (typeof extra === 'string') return extra;
  const works = { ...(f.description.trim() ? { description: f.description.trim() } : {}), ...(area !== undefined ? { floorArea: area } : {}), ...extra.works };
  return { type: f.type, insee: communes[0]!, parcels, filedOn: f.filedOn, applicant: { ...applicant, ...extra.applicant }, works, ...extra.rest };
}

/** The récépissé as the applicant is told it: number, date, deadline and what silence means. */
export function receiptView(d: Dossier): HTMLElement {
  const r = d.receipt;
  const silence = r.silence ?? d.silence;
  return h('section', { class: 'desk-receipt', id: 'desk-receipt', 'aria-labelledby': 'receipt-title' },
    h('h3', { id: 'receipt-title' }, 'Récépissé de dépôt'),
    h('dl', {},
      h('dt', {}, 'Numéro'), h('dd', { 'data-field': 'receipt-number' }, r.number),
      h('dt', {}, 'Déposé le'), h('dd', {}, frDate(r.filedOn)),
      r.baseDelay ? [h('dt', {}, "Délai d'instruction"), h('dd', {}, `${r.baseDelay.months} mois (${r.baseDelay.article})`)] : null,
      h('dt', {}, 'Date limite de décision'), h('dd', { 'data-field': 'receipt-deadline' }, frDate(r.decisionDeadline ?? d.decisionDeadline)),
      silence ? [h('dt', {}, 'Sans réponse à cette date'),
        h('dd', { 'data-field': 'receipt-silence' }, `${silence.label} (${silence.articles.join(', ')})`)] : null),
    h('p', { class: 'desk-hint' }, "Le délai peut être modifié dans le mois (pièces manquantes, majoration) : le demandeur en est alors informé."),
    printReceiptButton(d.id));
}

const draft: FilingForm & { cerfa: CerfaForm } = { type: 'PC', kind: 'person', lastName: '', firstName: '', company: '', siret: '', email: '', description: '', floorArea: '', filedOn: '', cerfa: emptyCerfa() };

export function renderFiling(root: HTMLElement, selection: Selection, onFiled: (d: Dossier) => void): void {
  const ids = selection.ids();
  const list = h('ul', { class: 'desk-selection', id: 'desk-selection' },
    ...ids.map((id) => h('li', { 'data-parcel': id }, h('span', {}, parcelReference({ id })),
      h('button', { type: 'button', class: 'desk-button small', 'aria-label': `Retirer la parcelle ${parcelReference({ id })}`,
        onclick: () => { selection.remove(id); renderFiling(root, selection, onFiled); } }, 'Retirer'))));
  const input = (name: Exclude<keyof FilingForm, 'cerfa'>, attrs: Record<string, string | boolean> = {}) => {
    const el = h('input', { id: `depot-${name}`, name, value: draft[name], ...attrs });
    el.addEventListener('input', () => { (draft as unknown as Record<string, string>)[name] = el.value; changed(); });
    return el;
  };
  const type = h('select', { id: 'depot-type' }, ...FILING_TYPES.map(([v, l]) => h('option', { value: v }, `${v} — ${l}`)));
  type.value = draft.type;
  type.addEventListener('change', () => { draft.type = type.value; changed(); });
  const person = h('fieldset', { class: 'desk-fieldset', hidden: draft.kind !== 'person' }, h('legend', {}, 'Personne'),
    field('Nom', input('lastName', { autocomplete: 'family-name', maxlength: TEXT })), field('Prénom', input('firstName', { autocomplete: 'given-name', maxlength: TEXT })));
  const company = h('fieldset', { class: 'desk-fieldset', hidden: draft.kind !== 'company' }, h('legend', {}, 'Société'),
    field('Dénomination', input('company', { autocomplete: 'organization', maxlength: TEXT })), field('SIRET', input('siret', { inputmode: 'numeric' }), '14 chiffres, facultatif'));
  const kindRadio = (value: 'person' | 'company', label: string) => {
    const r = h('input', { type: 'radio', name: 'kind', value, id: `depot-kind-${value}`, checked: draft.kind === value });
    r.addEventListener('change', () => { draft.kind = value; person.hidden = value !== 'person'; company.hidden = value !== 'company'; changed(); });
    return h('label', { class: 'desk-check' }, r, ` ${label}`);
  };
  const description = h('textarea', { id: 'depot-description', rows: 3, maxlength: DESCRIPTION_MAX }, draft.description);
  description.addEventListener('input', () => { draft.description = description.value; changed(); });
  const filedOn = input('filedOn', { type: 'date', required: true, max: todayLocal() });
  if (!filedOn.value) filedOn.value = todayLocal();
  draft.filedOn = filedOn.value;
  const feedback = h('div', { class: 'desk-feedback', 'aria-live': 'assertive' });
  // A message about the form goes as soon as it is changed: it may no longer be true.
  let confirmedOld = '';
  function changed() { feedback.replaceChildren(); cerfa.refresh(); }
  const cerfa = cerfaFieldsets(draft, changed);
  company.append(cerfa.siren);
  const submit = h('button', { type: 'submit', class: 'desk-button primary', id: 'depot-submit' }, 'Enregistrer le dépôt');
  const form = h('form', { class: 'desk-form', id: 'desk-filing', 'aria-label': 'Dépôt d’une demande' },
    field('Type de demande', type),
    h('fieldset', { class: 'desk-fieldset' }, h('legend', {}, 'Demandeur'), kindRadio('person', 'Particulier'), kindRadio('company', 'Société')),
    person, company,
    field('Courriel du demandeur', input('email', { type: 'email', autocomplete: 'email', maxlength: TEXT }), 'facultatif'),
    cerfa.contact, cerfa.land,
    field('Description des travaux', description),
    field('Surface de plancher créée (m²)', input('floorArea', { inputmode: 'decimal' }), 'facultatif'),
    cerfa.works, cerfa.architect, cerfa.pieces,
    field('Date de dépôt', filedOn, 'la date légale du dépôt en mairie'),
    submit, feedback);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    draft.filedOn = filedOn.value;
    const body = filingBody(selection.ids(), draft);
    if (typeof body === 'string') { feedback.replaceChildren(message('error', body)); return; }
    const old = oldFiling(draft.filedOn, todayLocal());
    if (old && 'refuse' in old) { feedback.replaceChildren(message('error', old.refuse)); return; }
    if (old && confirmedOld !== draft.filedOn) {
      const yes = h('button', { type: 'button', class: 'desk-button primary', id: 'depot-confirm-old' }, 'Oui, enregistrer ce dossier ancien');
      const no = h('button', { type: 'button', class: 'desk-button', onclick: () => { feedback.replaceChildren(); filedOn.focus(); } }, 'Corriger la date');
      yes.addEventListener('click', () => { confirmedOld = draft.filedOn; form.requestSubmit(); });
      feedback.replaceChildren(h('div', { class: 'desk-msg desk-msg-info', role: 'alertdialog', 'aria-labelledby': 'depot-old-text' },
        h('p', { id: 'depot-old-text' }, old.confirm), h('div', { class: 'desk-row' }, yes, no)));
      yes.focus();
      return;
    }
    submit.disabled = true;
    feedback.replaceChildren(message('info', 'Enregistrement…'));
    try {
      const d = await staffApi.file(body);
      Object.assign(draft, { lastName: '', firstName: '', company: '', siret: '', email: '', description: '', floorArea: '', cerfa: emptyCerfa() });
      selection.clear();
      onFiled(d);
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      feedback.replaceChildren(message('error', status === 403 ? 'Votre rôle ne permet pas d’enregistrer un dépôt.'
        : `Dépôt refusé${status ? ` (${status})` : ''} : ${errorText(err)}`));
    } finally {
      submit.disabled = false;
    }
  });

  root.replaceChildren(
    h('header', { class: 'desk-head' }, h('h2', { id: 'desk-title', tabindex: '-1' }, 'Nouveau dossier'), h('a', { href: '#dossiers', class: 'desk-button' }, 'Liste')),
    h('section', { 'aria-labelledby': 'sel-title' }, h('h3', { id: 'sel-title' }, `Parcelles sélectionnées (${ids.length})`),
      ids.length ? list : h('p', { class: 'desk-hint' }, 'Cliquez une parcelle sur la carte puis « Sélectionner » dans sa fiche, ou Ctrl + clic sur la carte.')),
    form);
}
