// Validation of what clients send, into typed values, before anything is read or written: a 400
// naming what is wrong.
import type { z } from 'zod';
import { badRequest } from '../errors.ts';
import { parseWith } from '../contract/parse.ts';
import { EventBody, legalDay } from './api.ts';
import { INSEE, PARCEL_ID } from '../communes/codes.ts';
import type { LegalDate } from './dates.ts';
import { DOSSIER_TYPES, isDossierType, type DossierType } from './rules.ts';
import { DESTINATIONS, NATURES } from '../publication/columns.ts';
import { CERFA_KEYS, parseCerfa, type Architect, type Land } from './cerfa.ts';


type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function only(o: Obj, allowed: readonly string[], where: string): void {
  const extra = Object.keys(o).filter((k) => !allowed.includes(k));
  if (extra.length) throw badRequest('field_unknown', `Champ${extra.length > 1 ? 's' : ''} inconnu${extra.length > 1 ? 's' : ''} : ${extra.map((k) => `« ${where}.${k} »`).join(', ')}. Champs admis : ${allowed.join(', ')}.`);
}

function str(o: Obj, key: string, where: string, opts: { required?: boolean; max?: number; pattern?: RegExp; hint?: string } = {}): string | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') {
    if (opts.required) throw badRequest('field_required', `Le champ « ${where}.${key} » est obligatoire${opts.hint ? ` (${opts.hint})` : ''}.`);
    return undefined;
  }
  if (typeof v !== 'string' || !v.trim()) throw badRequest('field_not_text', `Le champ « ${where}.${key} » doit être un texte non vide.`);
  const s = v.trim();
  if (s.length > (opts.max ?? 200)) throw badRequest('field_too_long', `Le champ « ${where}.${key} » est trop long : ${opts.max ?? 200} caractères au plus.`);
  if (opts.pattern && !opts.pattern.test(s)) throw badRequest('field_malformed', `Le champ « ${where}.${key} » est mal formé${opts.hint ? ` : attendu ${opts.hint}` : ''}.`);
  return s;
}

function num(o: Obj, key: string, where: string, integer = false): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v)) || v > 1e9) {
    throw badRequest('field_not_number', `Le champ « ${where}.${key} » doit être un ${integer ? 'entier' : 'nombre'} positif ou nul.`);
  }
  return v;
}

export const legalDate = (v: unknown, name: string): LegalDate => parseWith(legalDay(name), v);

export type Address = { street?: string; postcode?: string; city?: string; country?: string };
export type Applicant =
  | { kind: 'person'; lastName: string; firstName?: string; address?: Address; email?: string; phone?: string }
  | { kind: 'company'; name: string; siren?: string; siret?: string; legalForm?: string; representative?: { lastName: string; firstName?: string }; address?: Address; email?: string; phone?: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function address(v: unknown, where: string): Address | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) throw badRequest('address_invalid', `Le champ « ${where} » doit être un objet { street, postcode, city, country }.`);
  only(v, ['street', 'postcode', 'city', 'country'], where);
  return {
    street: str(v, 'street', where), postcode: str(v, 'postcode', where, { max: 10 }),
    city: str(v, 'city', where), country: str(v, 'country', where),
  };
}

export function parseApplicant(v: unknown): Applicant {
  const hint = 'un objet { kind: "person", lastName, firstName?, address?, email?, phone? } ou { kind: "company", name, siret?, legalForm?, representative?, address?, email?, phone? }';
  if (!isObj(v)) throw badRequest('applicant_required', `Le demandeur (« applicant ») est obligatoire : ${hint}.`);
  const contact = { address: address(v.address, 'applicant.address'),
    email: str(v, 'email', 'applicant', { pattern: EMAIL, hint: 'une adresse électronique' }), phone: str(v, 'phone', 'applicant', { max: 30 }) };
  if (v.kind === 'person') {
    only(v, ['kind', 'lastName', 'firstName', 'address', 'email', 'phone'], 'applicant');
    return { kind: 'person', lastName: str(v, 'lastName', 'applicant', { required: true })!, firstName: str(v, 'firstName', 'applicant'), ...contact };
  }
  if (v.kind === 'company') {
    only(v, ['kind', 'name', 'siren', 'siret', 'legalForm', 'representative', 'address', 'email', 'phone'], 'applicant');
    let representative: { lastName: string; firstName?: string } | undefined;
    if (v.representative !== undefined && v.representative !== null) {
      if (!isObj(v.representative)) throw badRequest('representative_invalid', 'Le représentant (« applicant.representative ») doit être un objet { lastName, firstName? }.');
      only(v.representative, ['lastName', 'firstName'], 'applicant.representative');
      representative = { lastName: str(v.representative, 'lastName', 'applicant.representative', { required: true })!,
        firstName: str(v.representative, 'firstName', 'applicant.representative') };
    }
    // The SIREN is published (a legal person's, as Sitadel does): it is the SIRET's first nine digits.
    const siret = str(v, 'siret', 'applicant', { pattern: /^[0-9]{14}$/, hint: '14 chiffres' });
    const siren = str(v, 'siren', 'applicant', { pattern: /^[0-9]{9}$/, hint: '9 chiffres' });
    if (siren && siret && !siret.startsWith(siren)) throw badRequest('siren_mismatch', `Le SIREN ${siren} n’est pas celui du SIRET ${siret} (ses neuf premiers chiffres).`);
    return { kind: 'company', name: str(v, 'name', 'applicant', { required: true })!,
      siren: siren ?? siret?.slice(0, 9), siret, legalForm: str(v, 'legalForm', 'applicant'),
      representative, ...contact };
  }
  throw badRequest('applicant_kind_unknown', `« applicant.kind » doit valoir "person" (personne physique) ou "company" (personne morale) : ${hint}.`);
}

export const applicantName = (a: Applicant) => (a.kind === 'person' ? [a.lastName, a.firstName].filter(Boolean).join(' ') : a.name);

/**
 * nature and destination are published (server/publication); floorArea is the surface de plancher
 * créée and dwellings the dwellings created, both published; the description stays private.
 */
export type Works = {
  description?: string; floorArea?: number; footprint?: number; dwellings?: number; demolition?: boolean;
  /** The surface de plancher demolished (CERFA 4.4), private. */
  floorAreaDemolished?: number;
  nature?: (typeof NATURES)[number]; destination?: (typeof DESTINATIONS)[number];
  /** The CERFA's land, pieces filed and architect (cerfa.ts): private. */
  land?: Land; piecesFiled?: string[]; architect?: Architect;
};

function oneOf<T extends string>(o: Obj, key: string, values: readonly T[], code: string, what: string): T | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) throw badRequest(code, `${what} inconnue : ${JSON.stringify(v).slice(0, 60)} (possibles : ${values.join(', ')})`);
  return v as T;
}

export function parseWorks(v: unknown, required: boolean): Works {
  if (v === undefined || v === null) {
    if (required) throw badRequest('works_required', 'Les travaux (« works ») sont obligatoires : { description, floorArea?, footprint?, dwellings?, demolition? }.');
    return {};
  }
  if (!isObj(v)) throw badRequest('works_invalid', 'Les travaux (« works ») doivent être un objet { description, nature?, destination?, floorArea?, footprint?, dwellings?, demolition? }.');
  only(v, ['description', 'floorArea', 'floorAreaDemolished', 'footprint', 'dwellings', 'demolition', 'nature', 'destination'], 'works');
  if (v.demolition !== undefined && typeof v.demolition !== 'boolean') throw badRequest('field_not_boolean', '« works.demolition » doit valoir true ou false.');
  return {
    description: str(v, 'description', 'works', { required, max: 4000, hint: 'la nature des travaux' }),
    floorArea: num(v, 'floorArea', 'works'), floorAreaDemolished: num(v, 'floorAreaDemolished', 'works'), footprint: num(v, 'footprint', 'works'), dwellings: num(v, 'dwellings', 'works', true),
    demolition: v.demolition as boolean | undefined,
    nature: oneOf(v, 'nature', NATURES, 'nature_unknown', 'works.nature : nature des travaux'),
    destination: oneOf(v, 'destination', DESTINATIONS, 'destination_unknown', 'works.destination : destination (R151-27)'),
  };
}

export type FilingInput = {
  type: DossierType;
  insee: string | null;
  parcels: string[];
  filedOn: LegalDate;
  applicant: Applicant | null;
  works: Works;
  parentId: number | null;
  recolementObligatoire: boolean;
  /** The project is subject to an environmental assessment: silence is a refusal (R424-2-1, filed from 31 Dec 2025). */
  environmentalAssessment: boolean;
  /** Taken over from an earlier system: may be dated more than five years back (cerfa.ts). */
  imported: boolean;
};

const WITH_WORKS: readonly DossierType[] = ['PC', 'PCMI', 'DP', 'PA', 'PD', 'modificatif'];

export function parseFiling(body: unknown): FilingInput {
  if (!isObj(body)) throw badRequest('body_not_object', 'Le corps de la requête doit être un objet JSON { type, insee, parcels, filedOn, applicant, works }.');
  only(body, ['type', 'insee', 'parcels', 'filedOn', 'applicant', 'works', 'parentId', 'recolementObligatoire', 'environmentalAssessment', ...CERFA_KEYS], 'body');
  if (!isDossierType(body.type)) throw badRequest('dossier_type_unknown', `Type de dossier inconnu : ${JSON.stringify(body.type) ?? 'aucun'}. Types admis : ${DOSSIER_TYPES.join(', ')}.`);
  const type = body.type;
  const child = ['modificatif', 'transfert', 'prorogation', 'DOC', 'DAACT'].includes(type);
  let parentId: number | null = null;
  if (child) {
    if (typeof body.parentId !== 'number' || !Number.isInteger(body.parentId) || body.parentId < 1) {
      throw badRequest('parent_required', `Un dossier ${type} se dépose sur un permis accordé : indiquez « parentId », l’identifiant de ce dossier.`);
    }
    parentId = body.parentId;
  } else if (body.parentId !== undefined) throw badRequest('parent_not_allowed', `Un dossier ${type} ne se dépose pas sur un autre dossier : retirez « parentId ».`);

  let insee: string | null = null;
  if (body.insee !== undefined || !child) {
    if (typeof body.insee !== 'string' || !INSEE.test(body.insee)) throw badRequest('insee_malformed', `« insee » doit être le code INSEE d’une commune (5 caractères, par exemple "13004") ; reçu : ${JSON.stringify(body.insee) ?? 'rien'}.`);
    insee = body.insee;
  }
  let parcels: string[] = [];
  if (body.parcels !== undefined || !child) {
    if (!Array.isArray(body.parcels) || !body.parcels.length || !body.parcels.every((p) => typeof p === 'string')) {
      throw badRequest('parcels_invalid', '« parcels » doit être une liste non vide d’identifiants de parcelles (14 caractères, par exemple "13004000AB0037").');
    }
    parcels = [...new Set(body.parcels.map((p: string) => p.trim().toUpperCase()))];
    const bad = parcels.filter((p) => !PARCEL_ID.test(p));
    if (bad.length) throw badRequest('parcel_id_malformed', `Identifiant de parcelle mal formé : ${bad.map((p) => `"${p}"`).join(', ')} ; attendu : INSEE (5) + préfixe (3) + section (2) + numéro (4).`);
    if (parcels.length > 500) throw badRequest('parcels_too_many', `Trop de parcelles : ${parcels.length}, 500 au plus.`);
  }
  const filedOn = legalDate(body.filedOn, '« filedOn » (la date de dépôt)');
  // A DOC or a DAACT is the permit holder's declaration; the others name who applies (a transfer: the new holder).
  const applicant = body.applicant === undefined && child && type !== 'transfert' ? null : parseApplicant(body.applicant);
  if (body.recolementObligatoire !== undefined && (type !== 'DAACT' || typeof body.recolementObligatoire !== 'boolean')) {
    throw badRequest('recolement_not_applicable', '« recolementObligatoire » (true ou false) ne concerne qu’une DAACT (R462-7).');
  }
  if (body.environmentalAssessment !== undefined && (!WITH_WORKS.includes(type) || typeof body.environmentalAssessment !== 'boolean')) {
    throw badRequest('environmental_assessment_not_applicable', '« environmentalAssessment » (true ou false) ne concerne qu’une demande de permis ou une déclaration préalable (R424-2-1).');
  }
  const { imported, ...cerfa } = parseCerfa(body, type);
  const works: Works = { ...parseWorks(body.works, WITH_WORKS.includes(type)), ...cerfa };
  return { type, insee, parcels, filedOn, applicant, works, parentId, imported,
    recolementObligatoire: body.recolementObligatoire === true, environmentalAssessment: body.environmentalAssessment === true };
}

export type EventInput = z.output<typeof EventBody>;

export const parseEventBody = (body: unknown): EventInput => parseWith(EventBody, body);
