// The contract of POST /api/checks: the request's schema (read by input.ts) and the answer's (read by
// the client's types and the OpenAPI document).
import { z } from 'zod';
import type { ApiRoute } from '../contract/route.ts';

const nonNegative = z.number().finite().nonnegative();
export const Tolerance = z.strictObject({
  area: nonNegative.describe('m² : une zone couverte de moins que cela est un simple contact de bord'),
  share: nonNegative.max(100).describe('% de la surface du sujet'),
  length: nonNegative.describe('m, pour les objets linéaires'),
}).partial();

export const CheckBody = z.object({
  parcels: z.array(z.string()).optional().describe('Identifiants de parcelles (14 caractères), 500 au plus'),
  geometry: z.unknown().optional().describe('Polygon ou MultiPolygon GeoJSON (emprise du projet)'),
  crs: z.unknown().optional().describe('EPSG:4326 (par défaut) ou EPSG:2154'),
  tolerance: Tolerance.nullable().optional(),
});

const Constraint = z.object({
  layer: z.string(),
  gid: z.number().int(),
  area: z.number().optional(),
  length: z.number().optional(),
  count: z.number().int().optional(),
  share: z.number().min(0).max(100).optional(),
  properties: z.record(z.string(), z.any()),
});
const Consequence = z.object({
  code: z.string(),
  label: z.string(),
  article: z.string(),
  consultation: z.string().optional(),
  majoration: z.object({ article: z.string(), months: z.number(), mode: z.enum(['add', 'set']) }).optional(),
  silenceMeansRefusal: z.object({ article: z.string() }).optional(),
}).loose();

export const CheckAnswer = z.looseObject({
  subject: z.object({ parcels: z.array(z.string()), geometry: z.boolean(), area: z.number() }),
  tolerance: z.object({ area: z.number(), share: z.number(), length: z.number() }),
  zones: z.array(Constraint),
  prescriptions: z.array(Constraint),
  informations: z.array(Constraint),
  servitudes: z.array(Constraint),
  edgeContacts: z.array(Constraint),
  consequences: z.array(Consequence),
  /** Whether a PLU is loaded where the subject lies; absent from answers stored before it existed (a dossier's constraints at filing). */
  plu: z.object({ loaded: z.boolean(), message: z.string().nullable() }).optional(),
});
export type CheckAnswer = z.infer<typeof CheckAnswer>;
export type CheckConstraint = z.infer<typeof Constraint>;

export const CHECK_API: ApiRoute[] = [{
  method: 'post', path: '/api/checks', audience: ['public'],
  summary: 'Contrôle spatial : zones du PLU, prescriptions, informations et servitudes rencontrées, avec surfaces et conséquences pour l’instruction',
  body: CheckBody, response: CheckAnswer, errors: [400, 413, 429],
  example: { body: { parcels: ['96001000AB0005'] } },
}];
