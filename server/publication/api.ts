// The contract of the public side. The record's schema is made from the allow-list (columns.ts), and
// is strict: an answer carrying a field outside the allow-list fails the contract test too.
import { z } from 'zod';
import type { ApiRoute } from '../contract/route.ts';
import { featureCollection, geometry, insee, isoDate } from '../contract/shapes.ts';
import { RECORD_COLUMNS, type PublicColumn } from './columns.ts';

const fieldOf = (c: PublicColumn): z.ZodType => {
  const base = c.enum ? z.enum(c.enum as [string, ...string[]])
    : c.type === 'date' ? isoDate
    : c.type === 'number' ? z.number()
    : c.type === 'integer' ? z.number().int()
    : c.type === 'array' ? z.array(z.string())
    : c.type === 'object' ? z.record(z.string(), z.unknown())
    : c.pattern ? z.string().regex(new RegExp(c.pattern)) : z.string();
  return (c.required ? base : base.nullable()).describe(`${c.title} : ${c.description}`);
};
export const PublicRecord = z.strictObject(Object.fromEntries(RECORD_COLUMNS.map((c) => [c.name, fieldOf(c)])));

const Register = z.object({ commune: z.object({ insee, nom: z.string() }), mois: z.string(), depots: z.array(PublicRecord), decisions: z.array(PublicRecord) });
const REGISTER_QUERY = z.object({ commune: insee, mois: z.string().regex(/^\d{4}-\d{2}$/).describe('AAAA-MM') });
const EXPORT_QUERY = z.object({ commune: insee, annee: z.string().regex(/^\d{4}$/) }).partial();

export const PUBLICATION_API: ApiRoute[] = [
  {
    method: 'get', path: '/api/public/autorisations', audience: ['public'], summary: 'Les autorisations d’urbanisme publiées sur une emprise (GeoJSON, points)',
    query: z.object({ bbox: z.string(), type: z.string().optional(), etat: z.string().optional(), annee: z.string().optional() }),
    response: featureCollection(PublicRecord), errors: [400, 429], example: { query: 'bbox=2.9,46.4,3.1,46.6' },
  },
  {
    method: 'get', path: '/api/public/autorisations/:number', audience: ['public'], summary: 'La page publique d’une autorisation : champs publiés, chronologie, recours',
    response: z.looseObject({
      autorisation: PublicRecord, typeLabel: z.string(), etatLabel: z.string(), commune: z.object({ insee, nom: z.string().nullable() }),
      geometry: geometry.nullable(), timeline: z.array(z.unknown()),
      liees: z.array(PublicRecord.extend({ typeLabel: z.string(), etatLabel: z.string() })).describe('Les déclarations et décisions liées à un permis (DOC, DAACT, modificatif, transfert)'),
    }),
    errors: [404], example: { params: { number: 'PC09600125X0001' } },
  },
  { method: 'get', path: '/api/public/registre', audience: ['public'], summary: 'Le registre public d’une commune pour un mois (dépôts et décisions)', query: REGISTER_QUERY, response: Register, errors: [400, 404], example: { query: 'commune=96001&mois=2026-01' } },
  { method: 'get', path: '/api/public/registre.csv', audience: ['public'], summary: 'Le registre du mois en CSV', query: REGISTER_QUERY, response: { mediaType: 'text/csv', description: 'CSV UTF-8 (BOM), colonne RUBRIQUE puis celles de l’open data' }, errors: [400, 404] },
  { method: 'get', path: '/open-data/schema.json', audience: ['public'], summary: 'Le Table Schema des données ouvertes', response: z.looseObject({ fields: z.array(z.looseObject({ name: z.string(), type: z.string() })) }), example: {} },
  { method: 'get', path: '/open-data/autorisations.csv', audience: ['public'], summary: 'Toutes les autorisations publiées, en CSV (Licence Ouverte)', query: EXPORT_QUERY, response: { mediaType: 'text/csv', description: 'CSV conforme à /open-data/schema.json' }, errors: [400, 404] },
  { method: 'get', path: '/open-data/autorisations.geojson', audience: ['public'], summary: 'Toutes les autorisations publiées, en GeoJSON (Licence Ouverte)', query: EXPORT_QUERY, response: featureCollection(PublicRecord), errors: [400, 404], example: {} },
];
