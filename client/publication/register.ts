// The public register (#registre/<insee>/<YYYY-MM>): for a commune and a month, the dossiers filed
// (the avis de dépôt the mairie displays, R423-6) and the decisions taken (R424-15), as tables;
// printable (the print stylesheet leaves only this page, titled with the commune and the month),
// downloadable as CSV, with the open-data files under the Licence Ouverte 2.0.
import type { Commune } from '../api.ts';
import { frDate } from '../desk/dates.ts';
import { field, h, message } from '../desk/dom.ts';
import { parcelReference } from '../format.ts';
import { OPEN_DATA, publicApi, registreCsvUrl, type PublicRecord, type Registre } from './api.ts';
import { applicantText, typeLabel, worksText } from './card.ts';
import { autorisationHash, etatKey, etatLabel, MONTH, monthLabel, previousMonth, registreHash } from './etats.ts';

export const LICENCE_URL = 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/';

// Each cell carries its column's name, which a phone shows before the value (one card per row there).
const cell = (label: string, content: string | Node, attrs: Record<string, string> = {}) => h('td', { 'data-label': label, ...attrs }, content);
const numberCell = (r: PublicRecord) => cell('Numéro', h('a', { href: autorisationHash(r.num_dau) }, r.num_dau), { class: 'public-number' });
// Never null in JSON (dossiers.parcels is NOT NULL), but the allow-list leaves it optional for the open data's empty cell.
const parcelsCell = (r: PublicRecord) => cell('Parcelles', (r.parcelles ?? []).map((id) => parcelReference({ id })).join(', '), { class: 'public-parcels' });
const objectCell = (r: PublicRecord) => cell('Objet et travaux', [r.objet_affiche, worksText(r)].filter(Boolean).join(' — ') || '—');

function table(id: string, caption: string, head: string[], rows: HTMLTableRowElement[], empty: string): HTMLElement {
  if (!rows.length) return h('div', { id }, h('h3', {}, caption), h('p', { class: 'public-hint public-empty' }, empty));
  return h('div', { id, class: 'public-table-wrap' },
    h('table', { class: 'public-table' },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, ...head.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...rows)));
}

function tables(r: Registre): HTMLElement[] {
  const month = monthLabel(r.mois);
  const depots = r.depots.map((d) => h('tr', { 'data-number': d.num_dau },
    numberCell(d), cell('Type', typeLabel(d.type_dau)), cell('Déposée le', frDate(d.date_reelle_depot)), parcelsCell(d), objectCell(d),
    cell('Demandeur', applicantText(d) || '—'), cell('État', etatLabel(d.etat_dau))));
  const decisions = r.decisions.map((d) => h('tr', { 'data-number': d.num_dau },
    numberCell(d), cell('Type', typeLabel(d.type_dau)), cell('Décision', etatLabel(d.etat_dau), { 'data-etat': etatKey(d.etat_dau) }),
    cell('Date', frDate(d.date_decision)), parcelsCell(d), objectCell(d), cell('Demandeur', applicantText(d) || '—')));
  return [
    table('registre-depots', `Demandes déposées en ${month} (avis de dépôt, article R423-6)`,
      ['Numéro', 'Type', 'Déposée le', 'Parcelles', 'Objet et travaux', 'Demandeur', 'État'], depots, `Aucune demande déposée en ${month}.`),
    table('registre-decisions', `Décisions prises en ${month} (article R424-15)`,
      ['Numéro', 'Type', 'Décision', 'Date', 'Parcelles', 'Objet et travaux', 'Demandeur'], decisions, `Aucune décision prise en ${month}.`),
  ];
}

function openData(): HTMLElement {
  return h('section', { class: 'public-card public-opendata', 'aria-labelledby': 'opendata-title' },
    h('h3', { id: 'opendata-title' }, 'Données ouvertes'),
    h('p', {}, 'Toutes les autorisations publiées, toutes communes et toutes années : ',
      h('a', { href: OPEN_DATA.csv, download: 'autorisations.csv', id: 'opendata-csv' }, 'CSV'), ', ',
      h('a', { href: OPEN_DATA.geojson, download: 'autorisations.geojson', id: 'opendata-geojson' }, 'GeoJSON'), ', ',
      h('a', { href: OPEN_DATA.schema, id: 'opendata-schema' }, 'schéma des données (Table Schema)'), '.'),
    h('p', { class: 'public-licence' }, 'Réutilisation libre sous la ',
      h('a', { href: LICENCE_URL, rel: 'license' }, 'Licence Ouverte 2.0'),
      ' (Etalab) : mentionnez la source et la date de mise à jour. Aucune donnée personnelle d’un particulier n’y figure.'));
}

/** The month shown by default: the current one, on this computer's calendar. */
export function thisMonth(now: Date = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

/** The months offered, newest first: this one and the five years before (a register is kept that long at least), and the chosen one. */
export function monthChoices(current: string, chosen: string, count = 61): string[] {
  const out: string[] = [];
  for (let m = current, i = 0; i < count; i++, m = previousMonth(m)) out.push(m);
  if (MONTH.test(chosen) && !out.includes(chosen)) out.push(chosen);
  return out.sort().reverse();
}

/**
 * Renders the register's form and, when a commune and a month are chosen, its tables. The form
 * changes the hash (so that a register can be linked); the hash is the only state.
 */
export async function renderRegister(root: HTMLElement, communes: Commune[], commune: string | null, mois: string | null, signal?: AbortSignal): Promise<void> {
  const insee = commune ?? communes[0]?.insee ?? '';
  const month = mois ?? thisMonth();
  const communeSelect = h('select', { id: 'registre-commune', name: 'commune', required: true },
    ...communes.map((c) => h('option', { value: c.insee, selected: c.insee === insee }, `${c.nom} (${c.insee})`)));
  // A list of months rather than <input type="month">: French names in every browser, whatever its own language.
  const monthInput = h('select', { id: 'registre-mois', name: 'mois', required: true },
    ...monthChoices(thisMonth(), month).map((m) => h('option', { value: m, selected: m === month }, monthLabel(m))));
  const form = h('form', { class: 'public-form', 'aria-label': 'Choisir la commune et le mois' },
    field('Commune', communeSelect), field('Mois', monthInput),
    h('button', { type: 'submit', class: 'desk-button primary' }, 'Afficher'));
  const status = h('div', { class: 'public-status' });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const m = monthInput.value.trim();
    if (!MONTH.test(m)) { status.replaceChildren(message('error', 'Mois invalide : choisissez un mois au format AAAA-MM (par exemple 2026-03).')); return; }
    location.hash = registreHash(communeSelect.value, m);
  });
  const name = communes.find((c) => c.insee === insee)?.nom ?? insee;
  const title = h('h2', { id: 'public-title', tabindex: '-1' }, 'Registre des autorisations d’urbanisme');
  const printTitle = h('p', { class: 'public-print-title', id: 'registre-titre' }, `${name} (${insee}) — ${monthLabel(month)}`);
  const actions = h('p', { class: 'public-actions' },
    h('button', { type: 'button', class: 'desk-button', id: 'registre-imprimer', onclick: () => window.print() }, 'Imprimer'), ' ',
    h('a', { class: 'desk-button', id: 'registre-csv', href: registreCsvUrl(insee, month), download: `registre-${insee}-${month}.csv` }, 'Télécharger (CSV)'));
  root.replaceChildren(title, printTitle, form, status, message('info', 'Chargement du registre…'));
  if (!insee) { root.replaceChildren(title, message('info', 'Aucune commune dans la base.')); return; }
  let r: Registre;
  try {
    r = await publicApi.registre(insee, month, signal);
  } catch (err) {
    if ((err as Error).name === 'AbortError') return;
    root.replaceChildren(title, printTitle, form, status, message('error', `Le registre ne peut pas être affiché : ${(err as Error).message}`), openData());
    return;
  }
  printTitle.textContent = `${r.commune.nom} (${r.commune.insee}) — ${monthLabel(r.mois)}`;
  root.replaceChildren(title, printTitle, form, status, actions,
    h('p', { class: 'public-hint' }, `Affiché en mairie : les demandes déposées (pendant toute l’instruction) et les décisions prises (pendant deux mois). `
      + 'Les particuliers ne sont pas nommés.'),
    ...tables(r), openData());
}
