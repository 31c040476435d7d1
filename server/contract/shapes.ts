// Shapes shared by several domains' contracts.
import { z } from 'zod';

export const bbox = z.tuple([z.number(), z.number(), z.number(), z.number()]).describe('Emprise [ouest, sud, est, nord] en WGS84');
export const geometry = z.looseObject({
  type: z.enum(['Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon']),
  coordinates: z.array(z.unknown()),
}).describe('Géométrie GeoJSON (WGS84 sauf mention contraire)');

export const featureCollection = (properties: z.ZodType) => z.looseObject({
  type: z.literal('FeatureCollection'),
  features: z.array(z.looseObject({
    type: z.literal('Feature'),
    id: z.union([z.string(), z.number()]).optional(),
    geometry: geometry.nullable(),
    properties,
  })),
});

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('Date AAAA-MM-JJ');
export const insee = z.string().regex(/^[0-9][0-9AB][0-9]{3}$/).describe('Code INSEE de la commune');
