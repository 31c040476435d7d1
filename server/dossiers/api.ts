// The contract of the staff's dossier routes. The bodies' schemas are also what the server validates
// with (input.ts, through contract/parse.ts): each field says its refusal, code and French message.
import { z } from 'zod';
import { param, refusing, strictQuery, unknownFields } from '../contract/parse.ts';
import type { ApiRoute } from '../contract/route.ts';
import { featureCollection, insee, isoDate } from '../contract/shapes.ts';
import { INSEE, PARCEL_ID } from '../communes/codes.ts';
import { DESTINATIONS, NATURES } from '../publication/columns.ts';
import { bboxParam } from '../geometry/bbox.ts';
import { isLegalDate, type LegalDate } from './dates.ts';
import { DESCRIPTION_MAX, NOTE_MAX, OBJET_MAX, PHONE_MAX, POSTCODE_MAX, REGISTRATION_MAX, TEXT_MAX } from './limits.ts';
import { PIECES, pieceCode } from './pieces.ts';
import { DOSSIER_TYPES, WORKERS, isDossierType, type DossierType } from './rules.ts';

const TYPE = z.enum(DOSSIER_TYPES);

/** A strict object: `what` names it in the refusals (body, applicant…); `notObject` refuses anything else. */
export const strict = <T extends z.core.$ZodLooseShape>(fields: T, what: string, notObject: (input: unknown) => string) =>
  z.strictObject(fields, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? refusing('field_unknown', unknownFields(iss.keys, what, Object.keys(fields))) : notObject(iss.input)),
  });

/** A real calendar day written AAAA-MM-JJ; `name` says which in the refusal. */
export const legalDay = (name: string) => {
  const invalid = (iss: { input?: unknown }) => refusing('date_invalid', `${name} doit être une date réelle du calendrier écrite AAAA-MM-JJ (reçu : ${JSON.stringify(iss.input) ?? 'rien'}).`);
  return z.string({ error: invalid }).regex(/^\d{4}-\d{2}-\d{2}$/).refine(isLegalDate, { error: invalid }).transform((d): LegalDate => d);
};

export const EventBody = strict({
  type: z.string({ error: () => refusing('event_type_required', '« type » est obligatoire : l’événement (par exemple "REQUEST_PIECES").') })
    .describe('L’événement (REQUEST_PIECES, NOTIFY_MAJORATION, PROPOSE_DECISION, SIGN_DECISION…, docs/api.md)'),
  on: legalDay('« on » (la date légale de l’événement)').describe('Date légale de l’acte (première présentation de la lettre pour une notification)'),
  version: z.number({ error: () => refusing('version_required', '« version » est obligatoire : la version du dossier sur laquelle l’événement a été décidé (voir GET /api/dossiers/:id).') })
    .int().min(1).describe('Version du dossier lue : un écart donne 409'),
  payload: z.record(z.string(), z.unknown(), { error: () => refusing('payload_not_object', '« payload » doit être un objet.') }).nullish()
    .describe('Les précisions de l’événement, selon son type (docs/api.md)'),
}, 'body', () => refusing('body_not_object', 'Le corps de la requête doit être un objet JSON { type, on, version, payload? }.'));

// --- the filing ---------------------------------------------------------------------------------

type TextRule = { max?: number; pattern?: RegExp; hint?: string };

/**
 * A text, `name` as the refusals say it (applicant.lastName), trimmed; empty means absent. Its length is
 * checked once trimmed, with the French refusal; the contract shows the limit as maxLength (meta).
 */
function textOf(name: string, required: boolean, { max = TEXT_MAX, pattern, hint }: TextRule) {
  const missing = () => refusing('field_required', `Le champ « ${name} » est obligatoire${hint ? ` (${hint})` : ''}.`);
  const notText = () => refusing('field_not_text', `Le champ « ${name} » doit être un texte non vide.`);
  return z.string({ error: (iss) => (iss.input === undefined || iss.input === null ? missing() : notText()) })
    .superRefine((v, ctx) => {
      const t = v.trim();
      const message = v === '' ? (required ? missing() : null) : !t ? notText()
        : t.length > max ? refusing('field_too_long', `Le champ « ${name} » est trop long : ${max} caractères au plus.`)
        : pattern && !pattern.test(t) ? refusing('field_malformed', `Le champ « ${name} » est mal formé${hint ? ` : attendu ${hint}` : ''}.`) : null;
      if (message) ctx.addIssue({ code: 'custom', input: v, message });
    })
    .meta({ maxLength: max });
}
const requiredText = (name: string, rule: TextRule = {}) => textOf(name, true, rule).transform((v) => v.trim());
/** An optional text: null or empty is absent. */
const text = (name: string, rule: TextRule = {}) => textOf(name, false, rule).nullish().transform((v) => v?.trim() || undefined);

/** A number, positive or nil (a surface, a count). */
const amount = (name: string, integer = false) => {
  const n = z.number({ error: () => refusing('field_not_number', `Le champ « ${name} » doit être un ${integer ? 'entier' : 'nombre'} positif ou nul.`) }).min(0).max(1e9);
  return (integer ? n.int() : n).nullish().transform((v) => v ?? undefined);
};

const flag = (message: string) => z.boolean({ error: () => refusing('field_not_boolean', message) }).optional();

const known = <T extends string>(values: readonly [T, ...T[]], code: string, what: string) =>
  z.enum(values, { error: (iss) => refusing(code, `${what} inconnue : ${JSON.stringify(iss.input).slice(0, 60)} (possibles : ${values.join(', ')})`) })
    .nullish().transform((v) => v ?? undefined);

const address = (name: string, country: boolean) => {
  const fields = { street: text(`${name}.street`), postcode: text(`${name}.postcode`, { max: POSTCODE_MAX }), city: text(`${name}.city`) };
  return strict(country ? { ...fields, country: text(`${name}.country`) } : fields, name,
    () => refusing('address_invalid', `Le champ « ${name} » doit être un objet { street, postcode, city${country ? ', country' : ''} }.`))
    .nullish().transform((v) => v ?? undefined);
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const APPLICANT_HINT = 'un objet { kind: "person", lastName, firstName?, address?, email?, phone? } ou { kind: "company", name, siret?, legalForm?, representative?, address?, email?, phone? }';
const applicantRequired = () => refusing('applicant_required', `Le demandeur (« applicant ») est obligatoire : ${APPLICANT_HINT}.`);
const contact = {
  address: address('applicant.address', true),
  email: text('applicant.email', { pattern: EMAIL, hint: 'une adresse électronique' }),
  phone: text('applicant.phone', { max: PHONE_MAX }),
};
const PersonApplicant = strict({ kind: z.literal('person'), lastName: requiredText('applicant.lastName'), firstName: text('applicant.firstName'), ...contact }, 'applicant', applicantRequired);
const SIREN = /^[0-9]{9}$/;
const SIRET = /^[0-9]{14}$/;
const CompanyApplicant = strict({
  kind: z.literal('company'), name: requiredText('applicant.name'),
  siren: text('applicant.siren', { pattern: SIREN, hint: '9 chiffres' }).describe('Déduit du SIRET s’il manque (ses neuf premiers chiffres) ; public, comme dans Sitadel'),
  siret: text('applicant.siret', { pattern: SIRET, hint: '14 chiffres' }),
  legalForm: text('applicant.legalForm'),
  representative: strict({ lastName: requiredText('applicant.representative.lastName'), firstName: text('applicant.representative.firstName') }, 'applicant.representative',
    () => refusing('representative_invalid', 'Le représentant (« applicant.representative ») doit être un objet { lastName, firstName? }.'))
    .nullish().transform((v) => v ?? undefined),
  ...contact,
}, 'applicant', applicantRequired).superRefine(({ siren, siret }, ctx) => {
  if (siren && siret && !siret.startsWith(siren)) {
    ctx.addIssue({ code: 'custom', path: ['siren'], message: refusing('siren_mismatch', `Le SIREN ${siren} n’est pas celui du SIRET ${siret} (ses neuf premiers chiffres).`) });
  }
});
export const ApplicantBody = z.discriminatedUnion('kind', [PersonApplicant, CompanyApplicant], {
  error: (iss) => (!iss.input || typeof iss.input !== 'object' || Array.isArray(iss.input) ? applicantRequired()
    : refusing('applicant_kind_unknown', `« applicant.kind » doit valoir "person" (personne physique) ou "company" (personne morale) : ${APPLICANT_HINT}.`)),
});

const WorksFields = (required: boolean) => ({
  description: required ? requiredText('works.description', { max: DESCRIPTION_MAX, hint: 'la nature des travaux' }) : text('works.description', { max: DESCRIPTION_MAX, hint: 'la nature des travaux' }),
  floorArea: amount('works.floorArea'), floorAreaDemolished: amount('works.floorAreaDemolished'), footprint: amount('works.footprint'),
  dwellings: amount('works.dwellings', true),
  demolition: flag('« works.demolition » doit valoir true ou false.'),
  nature: known(NATURES, 'nature_unknown', 'works.nature : nature des travaux'),
  destination: known(DESTINATIONS, 'destination_unknown', 'works.destination : destination (R151-27)'),
});
const worksBody = (required: boolean) => strict(WorksFields(required), 'works', (input) => (input === undefined || input === null
  ? refusing('works_required', 'Les travaux (« works ») sont obligatoires : { description, floorArea?, footprint?, dwellings?, demolition? }.')
  : refusing('works_invalid', 'Les travaux (« works ») doivent être un objet { description, nature?, destination?, floorArea?, footprint?, dwellings?, demolition? }.')));

const land = strict({
  address: address('land.address', false),
  area: z.number({ error: () => refusing('field_not_number', 'Le champ « land.area » (superficie du terrain, m²) doit être un nombre positif.') }).positive().max(1e9)
    .nullish().transform((v) => v ?? undefined),
}, 'land', () => refusing('land_invalid', '« land » (le terrain) doit être un objet { address: { street, postcode, city }, area? }.'));

const architect = strict({
  lastName: requiredText('architect.lastName'), firstName: text('architect.firstName'), registration: text('architect.registration', { max: REGISTRATION_MAX }),
}, 'architect', () => refusing('architect_invalid', '« architect » doit être un objet { lastName, firstName?, registration? }.'));

/** The pieces filed, codes of the type's CERFA bordereau (pieces.ts), in its order. */
const piecesOf = (type: DossierType | undefined) => {
  const listed = type ? PIECES[type] : Object.values(PIECES).flat();
  if (!listed) return z.null({ error: () => refusing('pieces_not_applicable', `Un dossier ${type} n’a pas de bordereau de pièces dans Terrier : retirez « pieces ».`) }).optional();
  const invalid = () => refusing('pieces_invalid', '« pieces » (les pièces déposées) doit être une liste de codes du bordereau, par exemple ["PC1", "PC2"].');
  return z.array(z.string({ error: invalid }), { error: invalid })
    .transform((v) => [...new Set(v.map((p) => pieceCode(p) ?? p.trim()))])
    .superRefine((codes, ctx) => {
      const unknown = codes.filter((c) => !listed.some((x) => x.code === c));
      if (unknown.length) {
        ctx.addIssue({ code: 'custom', input: codes, message: refusing('piece_unknown',
          `Pièce inconnue du bordereau ${type} : ${unknown.map((c) => `« ${c} »`).join(', ')} (pièces : ${listed.map((x) => x.code).join(', ')}).`) });
      }
    })
    .transform((codes) => listed.filter((x) => codes.includes(x.code)).map((x) => x.code))
    .nullish().transform((v) => v ?? undefined);
};

export const CHILD_TYPES: readonly DossierType[] = ['modificatif', 'transfert', 'prorogation', 'DOC', 'DAACT'];
export const WITH_WORKS: readonly DossierType[] = ['PC', 'PCMI', 'DP', 'PA', 'PD', 'modificatif'];

/**
 * The filing body of a dossier type (what a child dossier, a DAACT, a type with works needs or may not
 * have); without a type, what some type accepts (the contract's document).
 */
function filingOf(type: DossierType | undefined) {
  const child = type === undefined || CHILD_TYPES.includes(type);
  const notChild = type === undefined || !CHILD_TYPES.includes(type);
  const withWorks = type === undefined || WITH_WORKS.includes(type);
  const inseeMalformed = (iss: { input?: unknown }) => refusing('insee_malformed', `« insee » doit être le code INSEE d’une commune (5 caractères, par exemple "13004") ; reçu : ${JSON.stringify(iss.input) ?? 'rien'}.`);
  const parcelsInvalid = () => refusing('parcels_invalid', '« parcels » doit être une liste non vide d’identifiants de parcelles (14 caractères, par exemple "13004000AB0037").');
  const insee = z.string({ error: inseeMalformed }).regex(INSEE);
  const parcels = z.array(z.string({ error: parcelsInvalid }), { error: parcelsInvalid }).min(1)
    .transform((ps) => [...new Set(ps.map((p) => p.trim().toUpperCase()))])
    .superRefine((ps, ctx) => {
      const bad = ps.filter((p) => !PARCEL_ID.test(p));
      const message = bad.length ? refusing('parcel_id_malformed', `Identifiant de parcelle mal formé : ${bad.map((p) => `"${p}"`).join(', ')} ; attendu : INSEE (5) + préfixe (3) + section (2) + numéro (4).`)
        : ps.length > 500 ? refusing('parcels_too_many', `Trop de parcelles : ${ps.length}, 500 au plus.`) : null;
      if (message) ctx.addIssue({ code: 'custom', input: ps, message });
    });
  const parentId = z.number({ error: () => refusing('parent_required', `Un dossier ${type} se dépose sur un permis accordé : indiquez « parentId », l’identifiant de ce dossier.`) }).int().min(1);
  const recolement = () => refusing('recolement_not_applicable', '« recolementObligatoire » (true ou false) ne concerne qu’une DAACT (R462-7).');
  const assessment = () => refusing('environmental_assessment_not_applicable', '« environmentalAssessment » (true ou false) ne concerne qu’une demande de permis ou une déclaration préalable (R424-2-1).');
  const works = worksBody(type !== undefined && withWorks);
  return strict({
    type: TYPE.describe('PC, PCMI, DP, PA, PD, CUa, CUb ; ou un dossier lié (modificatif, transfert, prorogation, DOC, DAACT) avec parentId'),
    parentId: !child ? z.undefined({ error: () => refusing('parent_not_allowed', `Un dossier ${type} ne se dépose pas sur un autre dossier : retirez « parentId ».`) }).optional()
      : notChild ? parentId.optional().describe('Le dossier sur lequel se dépose un dossier lié') : parentId,
    insee: (notChild ? insee : insee.optional()).describe('Code INSEE de la commune (un dossier lié : celle de son permis, par défaut)'),
    parcels: (notChild ? parcels : parcels.optional()).describe('Identifiants des parcelles du terrain'),
    filedOn: legalDay('« filedOn » (la date de dépôt)').describe('Date de dépôt en mairie'),
    // A DOC or a DAACT is the permit holder's declaration; the others name who applies (a transfer: the new holder).
    applicant: notChild || type === 'transfert' ? ApplicantBody : ApplicantBody.optional(),
    recolementObligatoire: type === undefined || type === 'DAACT' ? z.boolean({ error: recolement }).optional().describe('Une DAACT : le récolement est obligatoire (R462-7)')
      : z.undefined({ error: recolement }).optional(),
    environmentalAssessment: withWorks ? z.boolean({ error: assessment }).optional().describe('Projet soumis à évaluation environnementale (R424-2-1)')
      : z.undefined({ error: assessment }).optional(),
    imported: flag('« imported » doit valoir true ou false.').describe('Repris d’un système antérieur : peut dater de plus de cinq ans'),
    land: land.nullish().transform((v) => v ?? undefined),
    pieces: piecesOf(type),
    architect: architect.nullish().transform((v) => v ?? undefined),
    works: type !== undefined && withWorks ? works : works.nullish().transform((v) => v ?? undefined),
  }, 'body', () => refusing('body_not_object', 'Le corps de la requête doit être un objet JSON { type, insee, parcels, filedOn, applicant, works }.'));
}

/** What any filing may hold: the contract's document. */
export const FilingBody = filingOf(undefined);

/** The filing's first reading: an object of known fields, of a known type (the rest depends on it). */
export const FilingHead = strict({
  ...Object.fromEntries(Object.keys(FilingBody.shape).map((k) => [k, z.unknown().optional()])),
  type: z.enum(DOSSIER_TYPES, { error: (iss) => refusing('dossier_type_unknown', `Type de dossier inconnu : ${JSON.stringify(iss.input) ?? 'aucun'}. Types admis : ${DOSSIER_TYPES.join(', ')}.`) }),
}, 'body', () => refusing('body_not_object', 'Le corps de la requête doit être un objet JSON { type, insee, parcels, filedOn, applicant, works }.'));

const FILINGS = new Map<DossierType, ReturnType<typeof filingOf>>();
/** The filing body of a dossier type. */
export const filingBodyOf = (type: DossierType) => FILINGS.get(type) ?? FILINGS.set(type, filingOf(type)).get(type)!;

// --- the list's and the map's queries -------------------------------------------------------------

export const SORTS = ['deadline', 'newest', 'number', 'type', 'applicant', 'commune', 'filed', 'state', 'instructeur'] as const;
export type Sort = (typeof SORTS)[number];

/** A list parameter (200 characters at most) read by `read`, or refused with `code` when read gives undefined. */
const listed = <T>(key: string, read: (v: string) => T | undefined, code: string, message: (v: string) => string) =>
  param(key, 200).transform((v, ctx) => {
    const out = v === undefined ? undefined : read(v);
    if (v !== undefined && out === undefined) ctx.addIssue({ code: 'custom', input: v, message: refusing(code, message(v)) });
    return out;
  });
const yesNo = (key: string) => listed(key, (v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : undefined), 'param_not_boolean', () => `« ${key} » doit valoir true ou false (ou 1 ou 0).`)
  .transform((v) => v ?? false);
const listDay = (key: string) => param(key, 200).pipe(legalDay(`« ${key} »`).optional()).describe('AAAA-MM-JJ');
const LIST_KEYS = ['number', 'type', 'state', 'commune', 'parcel', 'applicant', 'filedFrom', 'filedTo', 'deadlineFrom', 'deadlineTo', 'overdue',
  'mine', 'instructeur', 'sort', 'order', 'after', 'limit'];

/**
 * GET /api/dossiers's parameters, checked in this order (the booleans first, as the hand-written reader
 * did). The cursor depends on the sort and the order: list.ts reads it, then the limit, after this.
 */
export const ListQuery = strictQuery({
  overdue: yesNo('overdue').describe('true ou 1 : les dossiers dont une échéance est passée'),
  mine: yesNo('mine').describe('Mes dossiers : ceux dont l’agent connecté est chargé'),
  number: param('number', 200).describe('Une partie du numéro'),
  type: listed('type', (v) => (isDossierType(v) ? v : undefined), 'dossier_type_unknown', (v) => `Type de dossier inconnu : ${JSON.stringify(v)}. Types admis : ${DOSSIER_TYPES.join(', ')}.`)
    .describe(DOSSIER_TYPES.join(', ')),
  state: listed('state', (v) => (/^[a-z_]+(\.[a-z_]+)*$/.test(v) ? v : undefined), 'state_malformed', () => '« state » est un chemin d’état tel que "instruction" ou "accorde.valide".')
    .describe('Un état ou une branche (accorde, accorde.valide…)'),
  commune: listed('commune', (v) => (INSEE.test(v) ? v : undefined), 'insee_malformed', (v) => `« commune » doit être un code INSEE (5 caractères) ; reçu : "${v}".`).describe('Code INSEE'),
  parcel: listed('parcel', (v) => (PARCEL_ID.test(v.toUpperCase()) ? v.toUpperCase() : undefined), 'parcel_id_malformed',
    (v) => `« parcel » doit être un identifiant de parcelle (14 caractères) ; reçu : "${v.toUpperCase()}".`).describe('Identifiant de parcelle (14 caractères)'),
  applicant: param('applicant', 200).describe('Agents instructeurs seulement'),
  filedFrom: listDay('filedFrom'), filedTo: listDay('filedTo'), deadlineFrom: listDay('deadlineFrom'), deadlineTo: listDay('deadlineTo'),
  instructeur: listed('instructeur', (v) => (v === 'none' ? null : /^[1-9][0-9]{0,15}$/.test(v) ? Number(v) : undefined), 'instructeur_param_invalid',
    () => '« instructeur » doit être l’identifiant d’un compte (GET /api/instructeurs), ou none pour les dossiers dont personne n’est chargé.')
    .describe('Identifiant de l’instructeur chargé, ou none'),
  sort: listed('sort', (v) => SORTS.find((x) => x === v), 'sort_unknown',
    () => `« sort » doit valoir newest (par défaut), deadline (les dossiers en retard d’abord, puis l’échéance la plus proche) ou l’une des colonnes : ${SORTS.filter((x) => x !== 'newest' && x !== 'deadline').join(', ')}.`)
    .transform((v): Sort => v ?? 'newest').describe(`newest (défaut), deadline (en retard d’abord), ou une colonne : ${SORTS.slice(2).join(', ')}`),
  order: listed('order', (v) => (v === 'asc' || v === 'desc' ? v : undefined), 'order_unknown', () => '« order » doit valoir asc (croissant) ou desc (décroissant).')
    .describe('asc ou desc ; par défaut desc pour newest et filed, asc sinon'),
  after: param('after', 200).describe('Le curseur « next » de la page précédente (même tri)'),
  limit: param('limit', 200).describe('Un entier de 1 à 200 (50 par défaut)'),
}, (keys) => unknownFields(keys, 'query', LIST_KEYS));

/** GET /api/dossiers/map's parameter: a bbox, nothing else. */
export const MapQuery = strictQuery({ bbox: bboxParam }, (keys) => `Paramètre inconnu : ${keys.map((k) => `« ${k} »`).join(', ')}. Seul « bbox » est admis.`);

const nextDue = z.object({ event: z.string(), on: isoDate }).nullable();
const ListItem = z.looseObject({
  id: z.number().int(), number: z.string(), type: TYPE, parentId: z.number().int().nullable(), state: z.string(), stateLabel: z.string(),
  insee, parcels: z.array(z.string()), filedOn: isoDate, decisionDeadline: isoDate.nullable(), version: z.number().int(), nextDue,
});
export const Dossier = z.looseObject({
  id: z.number().int(), number: z.string(), type: TYPE, typeLabel: z.string(), state: z.string(), stateLabel: z.string(), version: z.number().int(),
  insee, parcels: z.array(z.string()), filedOn: isoDate,
  parent: z.object({ id: z.number().int(), number: z.string() }).nullable(),
  decisionDeadline: isoDate.nullable(), tacitOn: isoDate.nullable(),
  allowedEvents: z.array(z.unknown()),
  due: z.array(z.looseObject({ event: z.string(), on: isoDate })),
  journal: z.array(z.looseObject({ version: z.number().int(), event: z.string(), on: isoDate.nullable(), recordedAt: z.string() })),
});

const ID = { params: { id: '1' }, as: 'admin' } as const;
/** An agent in charge of a dossier, and an instructeur one may be given to (the desk's types: client/desk/api.ts). */
export const Person = z.object({ id: z.number().int(), login: z.string(), name: z.string().nullable() });
export const Instructeur = Person.extend({ role: z.string(), communes: z.array(z.string()) });

// --- the desk's bodies ----------------------------------------------------------------------------

/** An account's or a dossier version's number. */
const serial = (refusal: () => string) => z.number({ error: refusal }).int().min(1).max(Number.MAX_SAFE_INTEGER);
/** A desk body: its own words for an unknown field. */
const deskBody = <T extends z.core.$ZodLooseShape>(fields: T, unknown: (keys: string) => string, shape: string) =>
  z.strictObject(fields, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? refusing('field_unknown', unknown(iss.keys.join(', ')))
      : refusing('body_not_object', `Le corps de la requête doit être un objet JSON ${shape}.`)),
  });

export const AssignBody = deskBody({
  version: serial(() => refusing('version_required', '« version » est obligatoire : la version du dossier lue (GET /api/dossiers/:id).')),
  instructeurId: serial(() => refusing('instructeur_required', '« instructeurId » est obligatoire : l’identifiant du compte chargé du dossier (GET /api/instructeurs), ou null pour n’en charger personne.'))
    .nullable().describe('Le compte chargé du dossier, ou null : personne'),
}, (keys) => `Champ inconnu : ${keys} (possibles : instructeurId, version).`, '{ instructeurId, version }');

export const RuleBody = deskBody({
  insee: z.string({ error: (iss) => refusing('insee_malformed', `« insee » doit être le code INSEE d’une commune (5 caractères) ; reçu : ${JSON.stringify(iss.input) ?? 'rien'}.`) })
    .regex(INSEE).describe('Code INSEE de la commune'),
  instructeurId: serial(() => refusing('instructeur_required', '« instructeurId » est obligatoire : l’identifiant du compte qui recevra les nouveaux dossiers de la commune, ou null pour supprimer la règle.'))
    .nullable().describe('Le compte qui recevra les nouveaux dossiers, ou null : retirer la règle'),
}, (keys) => `Champ inconnu : ${keys} (possibles : insee, instructeurId).`, '{ insee, instructeurId }');

export const PublicationBody = deskBody({
  version: z.number({ error: () => refusing('version_required', '« version » est obligatoire : la version du dossier lue (GET /api/dossiers/:id).') }).int().min(1),
  // Its length is checked once spaces are collapsed, with the French refusal; the contract shows the limit (meta).
  objetAffiche: z.string({ error: () => refusing('field_not_text', '« objetAffiche » doit être un texte, ou null pour l’effacer.') }).meta({ maxLength: OBJET_MAX })
    .transform((v) => v.replace(/\s+/g, ' ').trim())
    .superRefine((objet, ctx) => {
      if (objet.length > OBJET_MAX) ctx.addIssue({ code: 'custom', input: objet, message: refusing('field_too_long', `« objetAffiche » est trop long : ${objet.length} caractères, au plus ${OBJET_MAX}.`) });
    })
    .nullish().transform((v) => v || null).describe(`L’objet affiché (${OBJET_MAX} caractères au plus), ou null pour l’effacer`),
}, (keys) => `Champ inconnu : ${keys} (possibles : objetAffiche, version).`, '{ objetAffiche, version }');

export const NoteBody = deskBody({
  body: z.string({ error: () => refusing('note_empty', 'La note est vide : écrivez son texte dans « body ».') }).meta({ maxLength: NOTE_MAX })
    .transform((v) => v.replace(/\r\n?/g, '\n').trim())
    .superRefine((text, ctx) => {
      const message = !text ? refusing('note_empty', 'La note est vide : écrivez son texte dans « body ».')
        : text.length > NOTE_MAX ? refusing('note_too_long', `La note est trop longue : ${text.length} caractères, au plus ${NOTE_MAX}.`) : null;
      if (message) ctx.addIssue({ code: 'custom', input: text, message });
    })
    .describe(`Le texte de la note (${NOTE_MAX} caractères au plus)`),
}, (keys) => `Champ inconnu : ${keys} (seul « body » est admis).`, '{ body }');
const Rule = z.object({ insee, commune: z.string().nullable(), instructeur: Person, updatedBy: z.string().nullable(), updatedAt: z.string() });
export const Note = z.object({ id: z.number().int(), body: z.string(), author: z.string(), authorName: z.string().nullable(), role: z.string(), createdAt: z.string() });
export const DOSSIERS_API: ApiRoute[] = [
  { method: 'post', path: '/api/dossiers', audience: ['guichet', 'instructeur', 'admin'], summary: 'Enregistrer le dépôt d’un dossier (201, avec son récépissé)', body: FilingBody, response: Dossier, errors: [400, 401, 403, 404] },
  {
    method: 'get', path: '/api/dossiers', audience: ['staff'], summary: 'La liste des dossiers, filtrée et paginée (curseur « next »)',
    query: ListQuery,
    response: z.object({ items: z.array(ListItem), next: z.string().nullable() }), errors: [400, 401, 403], example: { query: 'limit=5', as: 'admin' },
  },
  {
    method: 'get', path: '/api/dossiers/map', audience: ['staff'], summary: 'Couche des dossiers (terrains) sur une emprise, par état',
    query: MapQuery,
    response: featureCollection(z.object({ id: z.number().int(), number: z.string(), type: TYPE, state: z.string(), stateLabel: z.string() })),
    errors: [400, 401], example: { query: 'bbox=2.99,46.49,3.01,46.51', as: 'admin' },
  },
  { method: 'get', path: '/api/dossiers/:id', audience: ['staff'], summary: 'Un dossier : faits, délais, actions possibles, journal (masqué pour les élus)', response: Dossier, errors: [401, 404], example: ID },
  {
    method: 'get', path: '/api/dossiers/:id/parcels', audience: ['staff'], summary: 'Les parcelles du terrain d’un dossier',
    response: featureCollection(z.looseObject({ id: z.string(), section: z.string(), numero: z.string() })), errors: [401, 404], example: ID,
  },
  { method: 'post', path: '/api/dossiers/:id/events', audience: ['guichet', 'instructeur', 'signataire', 'admin'], summary: 'Enregistrer un acte de l’instruction (événement daté)', body: EventBody, response: Dossier, errors: [400, 401, 403, 404, 409] },
  {
    method: 'patch', path: '/api/dossiers/:id/publication', audience: ['instructeur', 'admin'], summary: 'L’objet affiché publié (texte court saisi par le service)',
    body: PublicationBody, response: Dossier, errors: [400, 401, 403, 404, 409],
  },
  {
    method: 'get', path: '/api/instructeurs', audience: WORKERS, summary: 'Les instructeurs des communes de l’agent (à qui confier un dossier)',
    response: z.array(Instructeur), errors: [401, 403], example: { as: 'admin' },
  },
  { method: 'get', path: '/api/assignment-rules', audience: ['chef', 'admin'], summary: 'Les règles d’attribution : l’instructeur chargé des dossiers de chaque commune', response: z.array(Rule), errors: [401, 403], example: { as: 'admin' } },
  {
    method: 'put', path: '/api/assignment-rules', audience: ['chef', 'admin'], summary: 'Fixer (ou retirer, instructeurId null) l’instructeur d’une commune',
    body: RuleBody, response: z.array(Rule), errors: [400, 401, 403, 404],
  },
  {
    method: 'patch', path: '/api/dossiers/:id/instructeur', audience: ['chef', 'admin'], summary: 'Confier le dossier à un instructeur (journalisé : ASSIGN)',
    body: AssignBody, response: Dossier, errors: [400, 401, 403, 404, 409],
  },
  { method: 'get', path: '/api/dossiers/:id/notes', audience: WORKERS, summary: 'Les notes internes du dossier (jamais aux élus ni au public)', response: z.array(Note), errors: [401, 403, 404], example: ID },
  { method: 'post', path: '/api/dossiers/:id/notes', audience: WORKERS, summary: 'Écrire une note interne (201)', body: NoteBody, response: Note, errors: [400, 401, 403, 404] },
  {
    method: 'get', path: '/api/dossiers/:id/journal', audience: ['staff'], summary: 'L’historique complet : qui a fait quoi, date légale et date de saisie (projection sans nom pour les élus)',
    response: z.array(z.looseObject({ version: z.number().int(), event: z.string(), on: isoDate.nullable(), recordedAt: z.string(), role: z.string().nullable() })),
    errors: [401, 404], example: ID,
  },
];
