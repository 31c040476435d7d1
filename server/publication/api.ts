// The contract of the public side. The record's schema is made from the allow-list (columns.ts), and
// is strict: an answer carrying a field outside the allow-list fails the contract test too.
import { z } from 'zod';
import { INSEE } from '../communes/codes.ts';
import { param, refuse, refusing, required, strictQuery } from '../contract/parse.ts';
import type { ApiRoute } from '../contract/route.ts';
import { featureCollection, geometry, insee, isoDate } from '../contract/shapes.ts';
import { ETATS, PUBLISHED_TYPES, RECORD_COLUMNS, type Etat, type PublicColumn, type RecordColumn } from './columns.ts';

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
/** What fieldOf lets through, as a type: the record's type comes from the same allow-list as its schema. */
type FieldValue<C extends RecordColumn> = Nullable<C, C extends { enum: readonly (infer E)[] } ? E
  : C['type'] extends 'number' | 'integer' ? number : C['type'] extends 'array' ? string[] : string>;
type Nullable<C, T> = C extends { required: true } ? T : T | null;
type RecordShape = { [C in RecordColumn as C['name']]: z.ZodType<FieldValue<C>> };
export const PublicRecord = z.strictObject(Object.fromEntries(RECORD_COLUMNS.map((c) => [c.name, fieldOf(c)])) as RecordShape);
export const LinkedRecord = PublicRecord.extend({ typeLabel: z.string(), etatLabel: z.string() });

export const Register = z.object({ commune: z.object({ insee, nom: z.string() }), mois: z.string(), depots: z.array(PublicRecord), decisions: z.array(PublicRecord) });

export const TimelineEvent = z.object({ event: z.enum(['depot', 'decision', 'affichage', 'doc', 'daact', 'retrait', 'peremption']), on: isoDate, label: z.string() });
// Copied from the filing's spatial check by public_constraints (migration 013): GPU attributes may be absent.
const ZoneConstraint = z.object({ libelle: z.string().nullable(), libelong: z.string().nullable(), typezone: z.string().nullable(), idurba: z.string().nullable(), part: z.number().nullable() });
const ServitudeConstraint = z.object({
  categorie: z.string().nullable(), nomsuplitt: z.string().nullable(), nomass: z.string().nullable(), typeass: z.string().nullable(), nomgen: z.string().nullable(), part: z.number().nullable(),
});
export const AutorisationPage = z.object({
  autorisation: PublicRecord, typeLabel: z.string(), etatLabel: z.string(), commune: z.object({ insee, nom: z.string().nullable() }),
  geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }).nullable(),
  terrain: geometry.nullable().describe('Le terrain (union des parcelles), WGS84'),
  timeline: z.array(TimelineEvent),
  contraintes: z.object({ zones: z.array(ZoneConstraint), servitudes: z.array(ServitudeConstraint) }).nullable().describe('Zones du PLU et servitudes relevées au dépôt'),
  recours: z.object({ article: z.string(), affichageDebut: isoDate, dernierJour: isoDate, texte: z.string() }).nullable(),
  liees: z.array(LinkedRecord).describe('Les déclarations et décisions liées à un permis (DOC, DAACT, modificatif, transfert)'),
});

// --- the query strings: these schemas validate the routes' parameters (input.ts) and document them ---
const MIN_YEAR = 1950;
// The poles have no image in Lambert-93 (PostGIS fails on them): a bbox is clamped to the Web Mercator
// latitudes, which hold every place Terrier may know.
const MAX_LAT = 85.0511;
const unknownParam = (keys: readonly string[], allowed: readonly string[]) => `Paramètre inconnu : ${keys.join(', ')} (possibles : ${allowed.join(', ')}).`;

const bbox = required(param('bbox'), refusing('bbox_required', '« bbox » est obligatoire : minLon,minLat,maxLon,maxLat en WGS84.'))
  .transform((raw, ctx): [number, number, number, number] => {
    const n = raw.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
    if (n.length !== 4 || n.some((v) => !Number.isFinite(v))) return refuse(ctx, refusing('bbox_malformed', `« bbox » doit compter quatre nombres minLon,minLat,maxLon,maxLat (reçu « ${raw.slice(0, 80)} »).`));
    const [minx, miny, maxx, maxy] = n as [number, number, number, number];
    if (minx < -180 || maxx > 180 || miny < -90 || maxy > 90) return refuse(ctx, refusing('bbox_not_wgs84', '« bbox » doit être en degrés WGS84 (longitude de -180 à 180, latitude de -90 à 90).'));
    if (minx >= maxx || miny >= maxy) return refuse(ctx, refusing('bbox_inverted', '« bbox » : chaque minimum doit être inférieur au maximum correspondant.'));
    return [minx, Math.max(miny, -MAX_LAT), maxx, Math.min(maxy, MAX_LAT)];
  })
  .describe('minLon,minLat,maxLon,maxLat en WGS84');

/** A comma-separated list of known values (duplicates dropped); absent → null, no filter. */
const listOf = <T extends string>(key: string, known: readonly T[], unknown: (bad: string) => string) => param(key)
  .transform((raw, ctx): T[] | null => {
    if (raw === undefined) return null;
    const list = [...new Set(raw.split(',').map((s) => s.trim()))];
    const bad = list.filter((t) => !(known as readonly string[]).includes(t));
    if (bad.length) return refuse(ctx, unknown(`${bad.join(', ').slice(0, 80)} (possibles : ${known.join(', ')})`));
    return list as T[];
  })
  .describe(`Une ou plusieurs valeurs séparées par des virgules : ${known.join(', ')}`);

const annee = param('annee')
  .transform((raw, ctx): number | null => {
    if (raw === undefined) return null;
    // Read at each request: next year is admitted (a filing dated ahead), not later.
    const last = new Date().getUTCFullYear() + 1;
    if (!/^[0-9]{4}$/.test(raw) || Number(raw) < MIN_YEAR || Number(raw) > last) return refuse(ctx, refusing('annee_invalid', `« annee » doit être une année de ${MIN_YEAR} à ${last} (reçu « ${raw.slice(0, 20)} »).`));
    return Number(raw);
  })
  .describe('L’année de dépôt');

const inseeOf = (raw: string, ctx: z.RefinementCtx): string => {
  const c = raw.toUpperCase();
  return INSEE.test(c) ? c : refuse(ctx, refusing('insee_malformed', `« commune » doit être un code INSEE de 5 caractères (reçu « ${raw.slice(0, 20)} »).`));
};
const COMMUNE = 'Code INSEE de la commune';

export const MAP_QUERY = strictQuery({
  bbox,
  type: listOf('type', PUBLISHED_TYPES, (bad) => refusing('type_unknown', `Type inconnu : ${bad}.`)),
  etat: listOf<Etat>('etat', ETATS, (bad) => refusing('etat_unknown', `État inconnu : ${bad}.`)),
  annee,
}, unknownParam);

export const REGISTER_QUERY = strictQuery({
  commune: required(param('commune'), refusing('commune_missing', '« commune » est obligatoire : le code INSEE de la commune (5 caractères).')).transform(inseeOf).describe(COMMUNE),
  mois: required(param('mois'), refusing('mois_missing', '« mois » est obligatoire, sous la forme AAAA-MM.'))
    .transform((raw, ctx) => {
      const m = /^([0-9]{4})-(0[1-9]|1[0-2])$/.exec(raw);
      if (!m || Number(m[1]) < MIN_YEAR || Number(m[1]) > 2999) return refuse(ctx, refusing('mois_invalid', `« mois » doit être écrit AAAA-MM, par exemple 2026-03 (reçu « ${raw.slice(0, 20)} »).`));
      const days = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
      return { mois: raw, first: `${raw}-01`, last: `${raw}-${String(days).padStart(2, '0')}` };
    })
    .describe('AAAA-MM'),
}, unknownParam);

export const EXPORT_QUERY = strictQuery({
  commune: param('commune').transform((raw, ctx) => (raw === undefined ? null : inseeOf(raw, ctx))).describe(COMMUNE),
  annee,
}, unknownParam);

export const PUBLICATION_API: ApiRoute[] = [
  {
    method: 'get', path: '/api/public/autorisations', audience: ['public'], summary: 'Les autorisations d’urbanisme publiées sur une emprise (GeoJSON, points)',
    query: MAP_QUERY,
    response: featureCollection(PublicRecord), errors: [400, 429], example: { query: 'bbox=2.9,46.4,3.1,46.6' },
  },
  {
    method: 'get', path: '/api/public/autorisations/:number', audience: ['public'], summary: 'La page publique d’une autorisation : champs publiés, chronologie, recours',
    response: AutorisationPage,
    errors: [404], example: { params: { number: 'PC09600125X0001' } },
  },
  { method: 'get', path: '/api/public/registre', audience: ['public'], summary: 'Le registre public d’une commune pour un mois (dépôts et décisions)', query: REGISTER_QUERY, response: Register, errors: [400, 404], example: { query: 'commune=96001&mois=2026-01' } },
  { method: 'get', path: '/api/public/registre.csv', audience: ['public'], summary: 'Le registre du mois en CSV', query: REGISTER_QUERY, response: { mediaType: 'text/csv', description: 'CSV UTF-8 (BOM), colonne RUBRIQUE puis celles de l’open data' }, errors: [400, 404] },
  { method: 'get', path: '/open-data/schema.json', audience: ['public'], summary: 'Le Table Schema des données ouvertes', response: z.looseObject({ fields: z.array(z.looseObject({ name: z.string(), type: z.string() })) }), example: {} },
  { method: 'get', path: '/open-data/autorisations.csv', audience: ['public'], summary: 'Toutes les autorisations publiées, en CSV (Licence Ouverte)', query: EXPORT_QUERY, response: { mediaType: 'text/csv', description: 'CSV conforme à /open-data/schema.json' }, errors: [400, 404] },
  { method: 'get', path: '/open-data/autorisations.geojson', audience: ['public'], summary: 'Toutes les autorisations publiées, en GeoJSON (Licence Ouverte)', query: EXPORT_QUERY, response: featureCollection(PublicRecord), errors: [400, 404], example: {} },
];
