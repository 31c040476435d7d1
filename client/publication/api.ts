// The public routes' shapes (docs/api.md, "Public routes") and their calls. Everything here is what
// the server's view public_autorisations lets out: no personal data, no staff text.
import type { z } from 'zod';
import type {
  AutorisationPage as AutorisationPageSchema, LinkedRecord as LinkedRecordSchema, PublicRecord as PublicRecordSchema, Register, TimelineEvent as TimelineEventSchema,
} from '../../server/publication/api.ts';
import { getJson } from '../api.ts';

// The answers' shapes are the server's contract (type-only imports: no zod in the bundle); the record's
// fields are the allow-list's (server/publication/columns.ts), names after Sitadel.
export type PublicRecord = z.output<typeof PublicRecordSchema>;
export type TimelineEvent = z.output<typeof TimelineEventSchema>;
export type AutorisationPage = z.output<typeof AutorisationPageSchema>;
export type LinkedRecord = z.output<typeof LinkedRecordSchema>;
export type Registre = z.output<typeof Register>;

export const registreQuery = (commune: string, mois: string) => new URLSearchParams({ commune, mois }).toString();

export const publicApi = {
  autorisation: (number: string, signal?: AbortSignal) => getJson<AutorisationPage>(`/api/public/autorisations/${encodeURIComponent(number)}`, signal),
  registre: (commune: string, mois: string, signal?: AbortSignal) => getJson<Registre>(`/api/public/registre?${registreQuery(commune, mois)}`, signal),
};

export const registreCsvUrl = (commune: string, mois: string) => `/api/public/registre.csv?${registreQuery(commune, mois)}`;

export const OPEN_DATA = {
  csv: '/open-data/autorisations.csv',
  geojson: '/open-data/autorisations.geojson',
  schema: '/open-data/schema.json',
} as const;
