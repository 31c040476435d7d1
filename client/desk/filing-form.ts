// The CERFA essentials of the filing form (issue #19), beyond the type, name and description of
// filing.ts: the applicant's SIREN, postal address and phone, the land's address and area, the
// works (nature, floor area created and demolished, footprint, dwellings, destination), the
// architect with whether R431-2 requires one (computed as the server does), the pieces filed from
// the type's bordereau, and the confirmation of a filing dated more than a month back.
import { DESTINATION_LABELS, NATURE_LABELS } from '../publication/card.ts';
import { architectNeed } from '../../server/dossiers/architect.ts';
import { addMonths, addYears } from '../../server/dossiers/dates.ts';
import { PHONE_MAX, POSTCODE_MAX, REGISTRATION_MAX, TEXT_MAX } from '../../server/dossiers/limits.ts';
import { PIECES } from '../../server/dossiers/pieces.ts';
import { DESTINATIONS, NATURES } from '../../server/publication/columns.ts';
import { isDossierType } from '../../server/dossiers/rules.ts';
import type { FilingBody } from './api.ts';
import { frDate } from './dates.ts';
import { field, h } from './dom.ts';

/** The CERFA fields of the form, as typed (strings), and the pieces ticked. */
export type CerfaForm = {
  siren: string; street: string; postcode: string; city: string; phone: string;
  landStreet: string; landPostcode: string; landCity: string; landArea: string;
  nature: string; destination: string; floorAreaDemolished: string; footprint: string; dwellings: string;
  architectLastName: string; architectFirstName: string; architectRegistration: string;
  pieces: string[];
};

export const emptyCerfa = (): CerfaForm => ({
  siren: '', street: '', postcode: '', city: '', phone: '', landStreet: '', landPostcode: '', landCity: '', landArea: '',
  nature: '', destination: '', floorAreaDemolished: '', footprint: '', dwellings: '',
  architectLastName: '', architectFirstName: '', architectRegistration: '', pieces: [],
});

const number = (s: string): number | undefined | null => {
  if (!s.trim()) return undefined;
  const n = Number(s.replace(/\s/g, '').replace(',', '.'));
  return Number.isFinite(n) && n >= 0 ? n : null;
};

/** The form's select, as the contract's value (the options are these values; '' is none). */
const nature = (v: string) => NATURES.find((x) => x === v);
const destination = (v: string) => DESTINATIONS.find((x) => x === v);

/** The contract's limit of a text field (limits.ts), as the form's maxlength. */
const TEXT = String(TEXT_MAX);

const address = (street: string, postcode: string, city: string) => {
  const a = { ...(street.trim() ? { street: street.trim() } : {}), ...(postcode.trim() ? { postcode: postcode.trim() } : {}), ...(city.trim() ? { city: city.trim() } : {}) };
  return Object.keys(a).length ? a : undefined;
};

type Company = Extract<NonNullable<FilingBody['applicant']>, { kind: 'company' }>;
/** The parts of a filing body (the contract's type) the CERFA fields fill. */
export type CerfaBody = {
  applicant: Pick<Company, 'siren' | 'address' | 'phone'>;
  works: Omit<NonNullable<FilingBody['works']>, 'description'>;
  rest: Pick<FilingBody, 'land' | 'pieces' | 'architect'>;
};

/** What the CERFA fields add to a filing body: applicant contact, works, land, pieces, architect; or the message saying what to fix. */
export function cerfaBody(f: CerfaForm, kind: 'person' | 'company'): CerfaBody | string {
  if (kind === 'company' && f.siren.trim() && !/^\d{9}$/.test(f.siren.replace(/\s/g, ''))) return 'Le SIREN compte 9 chiffres.';
  const nums: Record<string, number> = {};
  for (const [key, label] of [['floorAreaDemolished', 'La surface de plancher démolie'], ['footprint', 'L’emprise au sol'], ['dwellings', 'Le nombre de logements'], ['landArea', 'La superficie du terrain']] as const) {
    const n = number(f[key]);
    if (n === null || (key === 'dwellings' && n !== undefined && !Number.isInteger(n))) return `${label} est un nombre positif${key === 'dwellings' ? ' entier' : ' (m²)'}.`;
    if (n !== undefined) nums[key] = n;
  }
  const applicant = { ...(kind === 'company' && f.siren.trim() ? { siren: f.siren.replace(/\s/g, '') } : {}),
    ...(address(f.street, f.postcode, f.city) ? { address: address(f.street, f.postcode, f.city) } : {}), ...(f.phone.trim() ? { phone: f.phone.trim() } : {}) };
  const works = { nature: nature(f.nature), destination: destination(f.destination),
    ...('floorAreaDemolished' in nums ? { floorAreaDemolished: nums.floorAreaDemolished } : {}),
    ...('footprint' in nums ? { footprint: nums.footprint } : {}), ...('dwellings' in nums ? { dwellings: nums.dwellings } : {}) };
  const land = { ...(address(f.landStreet, f.landPostcode, f.landCity) ? { address: address(f.landStreet, f.landPostcode, f.landCity) } : {}), ...('landArea' in nums ? { area: nums.landArea } : {}) };
  const rest = { ...(Object.keys(land).length ? { land } : {}), ...(f.pieces.length ? { pieces: f.pieces } : {}),
    ...(f.architectLastName.trim() ? { architect: { lastName: f.architectLastName.trim(), ...(f.architectFirstName.trim() ? { firstName: f.architectFirstName.trim() } : {}),
      ...(f.architectRegistration.trim() ? { registration: f.architectRegistration.trim() } : {}) } } : {}) };
  return { applicant, works, rest };
}

/** A filing date more than a month back asks for confirmation; more than five years back is refused (the server says filing_too_old). */
export function oldFiling(filedOn: string, today: string): { confirm: string } | { refuse: string } | null {
  if (filedOn < addYears(today, -5)) return { refuse: `La date de dépôt ${frDate(filedOn)} remonte à plus de 5 ans (avant le ${frDate(addYears(today, -5))}) : vérifiez-la ; un dossier plus ancien se reprend par import.` };
  if (filedOn < addMonths(today, -1)) return { confirm: `Saisie d’un dossier ancien ? La date de dépôt ${frDate(filedOn)} remonte à plus d’un mois : les délais courent depuis cette date et peuvent être échus.` };
  return null;
}

type Draft = { type: string; kind: 'person' | 'company'; floorArea: string; cerfa: CerfaForm };

/** The architect's need as the server computes it (server/dossiers/architect.ts), in words, or null. */
export function architectText(d: Draft): string | null {
  if (!isDossierType(d.type)) return null;
  const fa = number(d.floorArea);
  const fp = number(d.cerfa.footprint);
  const la = number(d.cerfa.landArea);
  const need = architectNeed(d.type, { kind: d.kind }, {
    ...(typeof fa === 'number' ? { floorArea: fa } : {}), ...(typeof fp === 'number' ? { footprint: fp } : {}), ...(typeof la === 'number' ? { landArea: la } : {}),
    destination: destination(d.cerfa.destination),
  });
  return need ? `${need.required ? 'Architecte obligatoire' : 'Architecte non obligatoire'} — ${need.reason}` : null;
}

/**
 * The fieldsets of the CERFA fields, bound to the draft; onChange is called after every change (the
 * architect's need is recomputed, a stale message goes).
 */
export function cerfaFieldsets(d: Draft, onChange: () => void): { contact: HTMLElement; land: HTMLElement; works: HTMLElement; architect: HTMLElement; pieces: HTMLElement; siren: HTMLElement; refresh: () => void } {
  const c = d.cerfa;
  const input = (name: keyof Omit<CerfaForm, 'pieces'>, attrs: Record<string, string | boolean> = {}) => {
    const el = h('input', { id: `depot-${name}`, name, value: c[name], ...attrs });
    el.addEventListener('input', () => { c[name] = el.value; onChange(); });
    return el;
  };
  const select = (name: 'nature' | 'destination', labels: Record<string, string>) => {
    const el = h('select', { id: `depot-${name}`, name }, h('option', { value: '' }, '— non précisée —'),
      ...Object.entries(labels).map(([v, l]) => h('option', { value: v }, l)));
    el.value = c[name];
    el.addEventListener('change', () => { c[name] = el.value; onChange(); });
    return el;
  };
  const siren = field('SIREN', input('siren', { inputmode: 'numeric' }), '9 chiffres (le SIRET en donne les neuf premiers), facultatif');
  const contact = h('fieldset', { class: 'desk-fieldset' }, h('legend', {}, 'Adresse et téléphone du demandeur'),
    field('Numéro et voie', input('street', { autocomplete: 'street-address', maxlength: TEXT })),
    h('div', { class: 'desk-row' }, field('Code postal', input('postcode', { autocomplete: 'postal-code', inputmode: 'numeric', maxlength: String(POSTCODE_MAX) })), field('Localité', input('city', { autocomplete: 'address-level2', maxlength: TEXT }))),
    field('Téléphone', input('phone', { type: 'tel', autocomplete: 'tel', maxlength: String(PHONE_MAX) }), 'facultatif'));
  const land = h('fieldset', { class: 'desk-fieldset' }, h('legend', {}, 'Terrain'),
    field('Adresse du terrain (numéro et voie)', input('landStreet', { maxlength: TEXT })),
    h('div', { class: 'desk-row' }, field('Code postal', input('landPostcode', { inputmode: 'numeric', maxlength: String(POSTCODE_MAX) })), field('Localité', input('landCity', { maxlength: TEXT }))),
    field('Superficie du terrain (m²)', input('landArea', { inputmode: 'decimal' }), 'facultatif'));
  const works = h('fieldset', { class: 'desk-fieldset' }, h('legend', {}, 'Travaux'),
    field('Nature des travaux', select('nature', NATURE_LABELS)),
    field('Destination principale (R151-27)', select('destination', DESTINATION_LABELS)),
    h('div', { class: 'desk-row' },
      field('Surface de plancher démolie (m²)', input('floorAreaDemolished', { inputmode: 'decimal' })),
      field('Emprise au sol (m²)', input('footprint', { inputmode: 'decimal' })),
      field('Logements créés', input('dwellings', { inputmode: 'numeric' }))));
  const need = h('p', { class: 'desk-hint', id: 'depot-architect-need', 'aria-live': 'polite' });
  const architect = h('fieldset', { class: 'desk-fieldset', id: 'depot-architect' }, h('legend', {}, 'Architecte'), need,
    h('div', { class: 'desk-row' }, field('Nom', input('architectLastName', { autocomplete: 'off', maxlength: TEXT })), field('Prénom', input('architectFirstName', { autocomplete: 'off', maxlength: TEXT }))),
    field('N° d’inscription à l’Ordre', input('architectRegistration', { maxlength: String(REGISTRATION_MAX) }), 'facultatif'));
  const pieces = h('fieldset', { class: 'desk-fieldset desk-scroll', id: 'depot-pieces' });
  const drawPieces = () => {
    const list = isDossierType(d.type) ? PIECES[d.type] ?? [] : [];
    c.pieces = c.pieces.filter((p) => list.some((x) => x.code === p));
    pieces.hidden = !list.length;
    pieces.replaceChildren(h('legend', {}, 'Pièces déposées (bordereau du CERFA)'), ...list.map((x) => {
      const box = h('input', { type: 'checkbox', value: x.code, checked: c.pieces.includes(x.code), 'data-piece': x.code });
      box.addEventListener('change', () => { c.pieces = box.checked ? [...c.pieces, x.code] : c.pieces.filter((p) => p !== x.code); onChange(); });
      return h('label', { class: 'desk-check' }, box, ` ${x.code} — ${x.label}`);
    }));
  };
  let type = '';
  const refresh = () => {
    if (type !== d.type) { type = d.type; drawPieces(); }
    const text = architectText(d);
    need.textContent = text ?? 'Pas de règle de recours à un architecte pour ce type de demande.';
    need.dataset.required = String(!!text?.startsWith('Architecte obligatoire'));
    siren.hidden = d.kind !== 'company';
  };
  refresh();
  return { contact, land, works, architect, pieces, siren, refresh };
}
