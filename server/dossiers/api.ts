// The contract of the staff's dossier routes. The bodies' schemas are also what the server validates
// with (input.ts, through contract/parse.ts): each field says its refusal, code and French message.
import { z } from 'zod';
import { refusing, unknownFields } from '../contract/parse.ts';
import type { ApiRoute } from '../contract/route.ts';
import { featureCollection, insee, isoDate } from '../contract/shapes.ts';
import { isLegalDate, type LegalDate } from './dates.ts';
import { DOSSIER_TYPES } from './rules.ts';
import { WORKERS } from './desk.ts';

const TYPE = z.enum(DOSSIER_TYPES);
const address = z.object({ street: z.string().optional(), postcode: z.string().optional(), city: z.string().optional(), country: z.string().optional() });

export const FilingBody = z.object({
  type: TYPE.describe('PC, PCMI, DP, PA, PD, CUa, CUb ; ou un dossier lié (modificatif, transfert, prorogation, DOC, DAACT) avec parentId'),
  insee,
  parcels: z.array(z.string()).describe('Identifiants des parcelles du terrain'),
  filedOn: isoDate.describe('Date de dépôt en mairie'),
  applicant: z.union([
    z.object({ kind: z.literal('person'), lastName: z.string(), firstName: z.string().optional(), address: address.optional(), email: z.string().optional(), phone: z.string().optional() }),
    z.object({ kind: z.literal('company'), name: z.string(), siren: z.string().optional(), siret: z.string().optional(), legalForm: z.string().optional(),
      representative: z.object({ lastName: z.string(), firstName: z.string().optional() }).optional(), address: address.optional(), email: z.string().optional(), phone: z.string().optional() }),
  ]),
  works: z.object({ description: z.string().optional(), floorArea: z.number().optional(), footprint: z.number().optional(), dwellings: z.number().int().optional(),
    demolition: z.boolean().optional(), nature: z.string().optional(), destination: z.string().optional() }).optional(),
  parentId: z.number().int().optional(),
  recolementObligatoire: z.boolean().optional(),
  environmentalAssessment: z.boolean().optional().describe('Projet soumis à évaluation environnementale (R424-2-1)'),
});

/** A strict object: `what` names it in the refusals (body, applicant…), `shape` is the rest of its message. */
export const strict = <T extends z.core.$ZodLooseShape>(fields: T, what: string, notObject: [code: string, message: string]) =>
  z.strictObject(fields, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? refusing('field_unknown', unknownFields(iss.keys, what, Object.keys(fields))) : refusing(...notObject)),
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
}, 'body', ['body_not_object', 'Le corps de la requête doit être un objet JSON { type, on, version, payload? }.']);

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
const Person = z.object({ id: z.number().int(), login: z.string(), name: z.string().nullable() });
const Rule = z.object({ insee, commune: z.string().nullable(), instructeur: Person, updatedBy: z.string().nullable(), updatedAt: z.string() });
const Note = z.object({ id: z.number().int(), body: z.string(), author: z.string(), authorName: z.string().nullable(), role: z.string(), createdAt: z.string() });
export const DOSSIERS_API: ApiRoute[] = [
  { method: 'post', path: '/api/dossiers', audience: ['guichet', 'instructeur', 'admin'], summary: 'Enregistrer le dépôt d’un dossier (201, avec son récépissé)', body: FilingBody, response: Dossier, errors: [400, 401, 403, 404] },
  {
    method: 'get', path: '/api/dossiers', audience: ['staff'], summary: 'La liste des dossiers, filtrée et paginée (curseur « next »)',
    query: z.object({
      number: z.string(), type: z.string(), state: z.string(), commune: z.string(), parcel: z.string(), applicant: z.string().describe('Agents instructeurs seulement'),
      filedFrom: isoDate, filedTo: isoDate, deadlineFrom: isoDate, deadlineTo: isoDate, overdue: z.enum(['1', 'true']),
      mine: z.enum(['1']).describe('Mes dossiers : ceux dont l’agent connecté est chargé'),
      instructeur: z.string().describe('Identifiant de l’instructeur chargé, ou none'),
      sort: z.string().describe('newest (défaut), deadline (en retard d’abord), ou une colonne : number, type, applicant, commune, filedOn, state, instructeur'),
      order: z.enum(['asc', 'desc']),
      after: z.string().describe('Le curseur « next » de la page précédente'), limit: z.string().describe('1 à 200'),
    }).partial(),
    response: z.object({ items: z.array(ListItem), next: z.string().nullable() }), errors: [400, 401, 403], example: { query: 'limit=5', as: 'admin' },
  },
  {
    method: 'get', path: '/api/dossiers/map', audience: ['staff'], summary: 'Couche des dossiers (terrains) sur une emprise, par état',
    query: z.object({ bbox: z.string() }),
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
    body: z.object({ objetAffiche: z.string().nullable(), version: z.number().int() }), response: Dossier, errors: [400, 401, 403, 404, 409],
  },
  {
    method: 'get', path: '/api/instructeurs', audience: WORKERS, summary: 'Les instructeurs des communes de l’agent (à qui confier un dossier)',
    response: z.array(Person.extend({ role: z.string(), communes: z.array(z.string()) })), errors: [401, 403], example: { as: 'admin' },
  },
  { method: 'get', path: '/api/assignment-rules', audience: ['chef', 'admin'], summary: 'Les règles d’attribution : l’instructeur chargé des dossiers de chaque commune', response: z.array(Rule), errors: [401, 403], example: { as: 'admin' } },
  {
    method: 'put', path: '/api/assignment-rules', audience: ['chef', 'admin'], summary: 'Fixer (ou retirer, instructeurId null) l’instructeur d’une commune',
    body: z.object({ insee, instructeurId: z.number().int().nullable() }), response: z.array(Rule), errors: [400, 401, 403, 404],
  },
  {
    method: 'patch', path: '/api/dossiers/:id/instructeur', audience: ['chef', 'admin'], summary: 'Confier le dossier à un instructeur (journalisé : ASSIGN)',
    body: z.object({ instructeurId: z.number().int().nullable(), version: z.number().int() }), response: Dossier, errors: [400, 401, 403, 404, 409],
  },
  { method: 'get', path: '/api/dossiers/:id/notes', audience: WORKERS, summary: 'Les notes internes du dossier (jamais aux élus ni au public)', response: z.array(Note), errors: [401, 403, 404], example: ID },
  { method: 'post', path: '/api/dossiers/:id/notes', audience: WORKERS, summary: 'Écrire une note interne (201)', body: z.object({ body: z.string() }), response: Note, errors: [400, 401, 403, 404] },
  {
    method: 'get', path: '/api/dossiers/:id/journal', audience: ['staff'], summary: 'L’historique complet : qui a fait quoi, date légale et date de saisie (projection sans nom pour les élus)',
    response: z.array(z.looseObject({ version: z.number().int(), event: z.string(), on: isoDate.nullable(), recordedAt: z.string(), role: z.string().nullable() })),
    errors: [401, 404], example: ID,
  },
];
