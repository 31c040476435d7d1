// The contract of the search box's route.
import { z } from 'zod';
import type { ApiRoute } from '../contract/route.ts';
import { bbox } from '../contract/shapes.ts';

export const FIND_API: ApiRoute[] = [{
  method: 'get', path: '/api/find', audience: ['public'],
  summary: 'Recherche : parcelle (« AB 37 », « 96001 AB 37 », identifiant), section, commune ; dossiers pour les agents',
  query: z.object({
    q: z.string().describe('Le texte saisi'),
    commune: z.string().optional().describe('Code INSEE de la commune où chercher d’abord'),
    limit: z.string().optional().describe('Nombre de résultats, 1 à 50'),
  }),
  response: z.object({
    q: z.string(),
    results: z.array(z.looseObject({ kind: z.string(), id: z.union([z.string(), z.number()]), label: z.string(), bbox: bbox.nullable().optional() })),
  }),
  errors: [400, 429], example: { query: 'q=AB%205' },
}];
