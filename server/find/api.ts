// The contract of the search box's route. Its query schema also validates GET /api/find's parameters
// (routes.ts).
import { z } from 'zod';
import { INSEE } from '../communes/codes.ts';
import { refuse, refusing } from '../contract/parse.ts';
import type { ApiRoute } from '../contract/route.ts';
import { bbox } from '../contract/shapes.ts';
import { MAX_QUERY } from './query.ts';

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 50;

const queryRequired = () => refusing('query_required', '« q » est obligatoire : une référence de parcelle (par exemple "AB 37" ou "96001000AB0037"), une section, une commune ou un numéro de dossier.');
const inseeMalformed = (v: unknown) => refusing('insee_malformed', `« commune » doit être un code INSEE de 5 caractères (par exemple 91216 ou 2A004) ; reçu : ${JSON.stringify(v)}.`);
const limitInvalid = (v: unknown) => refusing('limit_invalid', `« limit » doit être un entier de 1 à ${MAX_LIMIT} ; reçu : ${JSON.stringify(v)}.`);

// Not param() (contract/parse.ts): the search box's answers are kept as they were, an unknown parameter
// ignored, a repeated one (an array) refused with its own field's code, and only q trimmed.
export const FIND_QUERY = z.object({
  q: z.string({ error: queryRequired })
    .transform((raw, ctx) => {
      const q = raw.trim();
      if (!q) return refuse(ctx, queryRequired());
      if (q.length > MAX_QUERY) return refuse(ctx, refusing('query_too_long', `« q » est trop long : ${q.length} caractères, ${MAX_QUERY} au plus.`));
      return q;
    })
    .describe('Le texte saisi'),
  commune: z.string({ error: (iss) => inseeMalformed(iss.input) }).optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return null;
      return INSEE.test(raw.toUpperCase()) ? raw.toUpperCase() : refuse(ctx, inseeMalformed(raw));
    })
    .describe('Code INSEE de la commune où chercher d’abord'),
  limit: z.string({ error: (iss) => limitInvalid(iss.input) }).optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return DEFAULT_LIMIT;
      return /^[0-9]{1,3}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= MAX_LIMIT ? Number(raw) : refuse(ctx, limitInvalid(raw));
    })
    .describe(`Nombre de résultats, 1 à ${MAX_LIMIT} (${DEFAULT_LIMIT} par défaut)`),
});

/** A parcel's Etalab fields, as find() gives them for the info panel (queries.ts types its rows from it). */
export const ParcelProperties = z.object({ id: z.string(), commune: z.string(), prefixe: z.string(), section: z.string(), numero: z.string(), contenance: z.number().nullable() });
export const FindResult = z.object({
  kind: z.enum(['parcel', 'section', 'commune', 'epci', 'dossier', 'autorisation']),
  id: z.string(),
  label: z.string().describe('« Parcelle AB 37 », « Section AB », le nom de la commune, le numéro du dossier'),
  detail: z.string().describe('Le contexte : la commune, le nombre de parcelles, le type et l’état du dossier'),
  commune: z.string().nullable(),
  bbox: bbox.nullable(),
  properties: z.union([ParcelProperties, z.object({ parcelles: z.boolean() })]).optional()
    .describe('Parcelle : ses champs Etalab, pour le panneau ; commune : si des parcelles y sont à dessiner'),
});

export const FIND_API: ApiRoute[] = [{
  method: 'get', path: '/api/find', audience: ['public'],
  summary: 'Recherche : parcelle (« AB 37 », « 96001 AB 37 », identifiant), section, commune ; dossiers pour les agents',
  query: FIND_QUERY,
  response: z.object({
    q: z.string(),
    results: z.array(FindResult),
  }),
  errors: [400, 429], example: { query: 'q=AB%205' },
}];
