// The published contract: /api/openapi.json, made from every domain's route table (its api.ts) and
// from API Carto's compatible routes (apicarto/openapi.ts). Schemas come from zod (z.toJSONSchema).
import { z } from 'zod';
import { ACCOUNT_API } from '../accounts/api.ts';
import { OPENAPI as APICARTO } from '../apicarto/openapi.ts';
import { CHECK_API } from '../checks/api.ts';
import { DOCUMENTS_API } from '../documents/api.ts';
import { DOSSIERS_API } from '../dossiers/api.ts';
import { FIND_API } from '../find/api.ts';
import { MAP_API } from '../layers/api.ts';
import { PUBLICATION_API } from '../publication/api.ts';
import { STATS_API } from '../stats/api.ts';
import { TILES_API } from '../tiles/api.ts';
import type { ApiRoute } from './route.ts';

export const CONTRACT_API: ApiRoute[] = [
  { method: 'get', path: '/api/openapi.json', audience: ['public'], summary: 'Ce document (OpenAPI 3.1)', response: { mediaType: 'application/json', description: 'Le document OpenAPI' } },
  { method: 'get', path: '/api/docs', audience: ['public'], summary: 'La documentation lisible de l’API (Swagger UI, sans Internet)', response: { mediaType: 'text/html', description: 'La page' } },
  { method: 'get', path: '/api/docs/start.js', audience: ['public'], summary: 'Le script qui ouvre ce document dans Swagger UI', response: { mediaType: 'text/javascript', description: 'Le script' } },
];

export const API_ROUTES: ApiRoute[] = [
  ...ACCOUNT_API, ...MAP_API, ...FIND_API, ...TILES_API, ...CHECK_API, ...DOSSIERS_API, ...DOCUMENTS_API, ...PUBLICATION_API, ...STATS_API, ...CONTRACT_API,
];

const json = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _, ...s } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return s;
};
const ERROR_TEXT: Record<number, string> = {
  400: 'Requête refusée : { error: { code, message } }, le message en français dit ce qui ne va pas',
  401: 'Connexion requise', 403: 'Rôle non autorisé, ou jeton CSRF absent', 404: 'Introuvable, ou hors des communes du compte',
  409: 'Conflit : version du dossier périmée, ou acte impossible dans l’état du dossier', 413: 'Corps trop volumineux',
  429: 'Trop de requêtes depuis cette adresse (Retry-After)', 503: 'Service indisponible ou requête trop longue',
};
export const openApiPath = (expressPath: string) => expressPath.replace(/:([a-z]+)/g, '{$1}');

function operation(route: ApiRoute) {
  const params = [...route.path.matchAll(/:([a-z]+)/g)].map((m) => ({ in: 'path', name: m[1], required: true, schema: { type: 'string' } }));
  const query = route.query
    ? Object.entries(route.query.shape).map(([name, s]) => {
      const schema = json(s as z.ZodType, 'input');
      return { in: 'query', name, required: !(s as z.ZodType).safeParse(undefined).success, description: schema.description, schema };
    })
    : [];
  const ok = 'mediaType' in route.response
    ? (route.response.mediaType === 'none' ? { description: route.response.description } : { description: route.response.description, content: { [route.response.mediaType]: { schema: {} } } })
    : { description: 'Réponse', content: { 'application/json': { schema: json(route.response, 'output') } } };
  const success = route.path === '/api/logout' ? 204 : route.method === 'post' && /\/(dossiers|documents|signed|notes)$/.test(route.path) ? 201 : 200;
  return {
    operationId: `${route.method}_${route.path.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '')}`,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    'x-audience': route.audience,
    ...(params.length || query.length ? { parameters: [...params, ...query] } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: json(route.body, 'input') } } } } : {}),
    responses: {
      [success]: ok,
      ...Object.fromEntries((route.errors ?? []).map((code) => [code, {
        description: ERROR_TEXT[code] ?? 'Erreur', content: { 'application/json': { schema: { $ref: '#/components/schemas/TerrierError' } } },
      }])),
    },
  };
}

function build() {
  const paths: Record<string, Record<string, unknown>> = structuredClone(APICARTO.paths) as Record<string, Record<string, unknown>>;
  for (const ops of Object.values(paths)) for (const op of Object.values(ops)) (op as Record<string, unknown>)['x-audience'] = ['public'];
  for (const route of API_ROUTES) (paths[openApiPath(route.path)] ??= {})[route.method] = operation(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Terrier : API',
      version: '1.0.0',
      description: 'L’API de Terrier : carte (couches, tuiles, recherche, contrôle spatial), côté public (autorisations publiées, registre, données ouvertes), '
        + 'instruction des dossiers (agents connectés : cookie de session et jeton CSRF pour les écritures), documents, chiffres des élus, '
        + 'et les routes compatibles avec l’API Carto de l’IGN (/api/gpu/*, /api/cadastre/*). x-audience : qui peut appeler la route.',
    },
    paths,
    components: APICARTO.components,
  };
}

export const OPENAPI = build();
