// API Carto-compatible endpoints (IGN's /api/gpu/* and /api/cadastre/*), so that existing clients
// (QGIS plugins, the R package happign, scripts, web pages) can point at Terrier. As API Carto does,
// the query string and the body are read together (happign POSTs its parameters in the query string
// with an empty body; others POST JSON, `geom` as an object or as a string), answers carry its
// envelope, and bad parameters its error shape: { code: 400, message: { <param>: { msg, param, location } } }.
import cors from 'cors';
import express, { Router, type ErrorRequestHandler, type Request } from 'express';
import type { Knex } from 'knex';
import { AppError, badRequest } from '../errors.ts';
import { allow } from '../accounts/roles.ts';
import { checkExtent, parseGeometry, type Geometry, type GeometryLimits } from '../geometry/input.ts';
import { direct, type PublicQueries } from '../public-queries.ts';
import { toLambert93 } from '../geometry/queries.ts';
import { CADASTRE_LAYERS, GPU_LAYERS, codeArr, type CadastreLayer } from './layers.ts';
import { knownCommunes, layerFeatures, toJson, type Condition, type Feature } from './queries.ts';

const PATHS = ['/api/gpu', '/api/cadastre'];
type Params = Record<string, unknown>;

/** The query string and the body together; the body wins where both name a parameter. */
function params(req: Request): Params {
  const body = req.body !== null && typeof req.body === 'object' && !Array.isArray(req.body) ? req.body : {};
  return { ...req.query, ...body };
}

/** A 400 naming the parameter, which the compatible error shape needs. */
const bad = (param: string, code: string, message: string) => badRequest(code, message, { param });

function integer(raw: unknown, name: string, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = typeof raw === 'string' || typeof raw === 'number' ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 0) throw bad(name, 'param_not_integer', `« ${name} » doit être un entier positif ou nul.`);
  return Math.min(n, max);
}

function text(raw: unknown, name: string, pattern: RegExp, hint: string): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'string' || !pattern.test(raw)) throw bad(name, 'param_malformed', `« ${name} » doit être ${hint} ; reçu : ${JSON.stringify(raw)}.`);
  return raw;
}

/** The geom parameter checked against the limits, before any SQL; null if absent. */
function geomParam(raw: unknown, limits: GeometryLimits): Geometry | null {
  if (raw === undefined || raw === null || raw === '') return null;
  let value = raw;
  if (typeof raw === 'string') {
    try { value = JSON.parse(raw); } catch { throw bad('geom', 'geometry_invalid_json', '« geom » n’est pas un JSON valide : attendu, une géométrie GeoJSON en WGS84.'); }
  }
  const g = parseGeometry(value);
  checkExtent(g, 4326, limits);
  return g;
}

const lambert93 = async (knex: Knex, g: Geometry | null) => (g ? (await toLambert93(knex, g, 4326)).ewkb : null);

/** API Carto reads PCI (Parcellaire Express) by default and BDP on request; Terrier holds Etalab's PCI only. */
function sourceIgn(raw: unknown): void {
  const v = text(raw, 'source_ign', /^[A-Za-z]{3}$/, '« PCI » ou « BDP »');
  if (v === null || v.toUpperCase() === 'PCI') return;
  if (v.toUpperCase() === 'BDP') throw bad('source_ign', 'source_ign_unavailable', 'Terrier ne détient que le parcellaire PCI (Etalab), pas la BD Parcellaire : « source_ign » ne peut valoir que PCI.');
  throw bad('source_ign', 'param_malformed', `« source_ign » doit valoir « PCI » ou « BDP » ; reçu : ${JSON.stringify(v)}.`);
}

const bboxOf = (features: Feature[]): number[] | undefined => {
  const boxes = features.flatMap((f) => (f.bbox ? [f.bbox] : []));
  if (!boxes.length) return undefined;
  return [0, 1, 2, 3].map((i) => (i < 2 ? Math.min : Math.max)(...boxes.map((b) => b[i]!)));
};

/** The next page: a GET link, or for a POST the body to send again (STAC's convention). */
function nextLink(req: Request, p: Params, start: number, limit: number) {
  const href = new URL(`${req.protocol}://${req.get('host')}${req.baseUrl}${req.path}`);
  const query = { ...(req.query as Params), _start: String(start + limit), _limit: String(limit) };
  if (req.method === 'GET') {
    for (const [k, v] of Object.entries(query)) if (typeof v === 'string') href.searchParams.set(k, v);
    return { href: href.toString(), rel: 'next', type: 'application/json' };
  }
  for (const [k, v] of Object.entries(query)) if (typeof v === 'string' && k !== 'geom') href.searchParams.set(k, v);
  return { href: href.toString(), rel: 'next', type: 'application/json', method: 'POST', body: { ...p, _start: start + limit, _limit: limit } };
}

function collection(req: Request, p: Params, page: { limit: number; start: number }, total: number, features: Feature[]) {
  const bbox = bboxOf(features);
  const c: Record<string, unknown> = {
    type: 'FeatureCollection', features,
    totalFeatures: total, numberMatched: total, numberReturned: features.length,
    timeStamp: new Date().toISOString(),
    // API Carto answers null when there is nothing (its crs comes from the first feature).
    crs: features.length ? { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4326' } } : null,
  };
  if (bbox) c.bbox = bbox;
  if (page.start + features.length < total) c.links = [nextLink(req, p, page.start, page.limit)];
  return c;
}

const ARRONDISSEMENTS: Record<string, [number, number]> = { 75056: [75101, 75120], 69123: [69381, 69389], 13055: [13201, 13216] };

/** The Etalab commune codes a request names (code_insee, or code_dep + code_com; Paris, Lyon, Marseille by arrondissement). */
function communeCodes(p: Params): string[] | null {
  let insee = text(p.code_insee, 'code_insee', /^([0-9]{2}|2A|2B|97[0-9])[0-9]{2,3}$/i, 'un code INSEE de 5 caractères (par exemple 91216 ou 2A041)');
  if (insee && insee.length !== 5) throw bad('code_insee', 'insee_malformed', `« code_insee » doit compter 5 caractères ; reçu : "${insee}".`);
  const dep = text(p.code_dep, 'code_dep', /^([0-9]{2}|2A|2B|97[0-9])$/i, 'un code de département (par exemple 91, 2A ou 974)');
  const com = text(p.code_com, 'code_com', /^[0-9]{2,3}$/, 'un code de commune de 3 chiffres (par exemple 216)');
  if (dep && com) {
    const fromParts = (dep + com.padStart(3, '0').slice(dep.length - 2)).toUpperCase();
    if (insee && insee.toUpperCase() !== fromParts) throw bad('code_com', 'commune_params_conflict', `« code_dep » et « code_com » désignent la commune ${fromParts}, et « code_insee » la commune ${insee}.`);
    insee = fromParts;
  } else if (com && !insee) {
    throw bad('code_dep', 'code_dep_required', '« code_com » ne désigne une commune qu’avec « code_dep » (ou indiquez « code_insee »).');
  }
  if (!insee) return null;
  insee = insee.toUpperCase();
  const range = ARRONDISSEMENTS[insee];
  if (!range) return [insee];
  return Array.from({ length: range[1] - range[0] + 1 }, (_, i) => String(range[0] + i));
}

export function apiCartoRoutes(knex: Knex, limits: GeometryLimits, run: PublicQueries = direct(knex)): Router {
  const r = Router();
  // Any web page may call these public reads; no credentials, so no cookie ever rides along.
  r.use(PATHS, cors({ origin: '*', methods: ['GET', 'POST', 'OPTIONS'], maxAge: 86400 }));
  r.use(PATHS, express.urlencoded({ extended: false, limit: '2mb' }));
  const methods = (req: Request) => {
    if (req.method !== 'GET' && req.method !== 'POST') throw badRequest('method_not_allowed', 'Utilisez GET ou POST.');
  };

  for (const [route, layer] of Object.entries(GPU_LAYERS)) {
    r.all(`/api/gpu/${route}`, allow('public'), async (req, res) => {
      methods(req);
      const p = params(req);
      const geom = layer.noGeom ? null : geomParam(p.geom, limits);
      const conditions: Condition[] = [];
      const partition = layer.filters.partition ? text(p.partition, 'partition', /^[A-Za-z0-9_]{3,60}$/, 'une partition du GPU telle que DU_30014 ou 172014607_SUP_2A_AC1') : null;
      if (partition) conditions.push({ sql: `${layer.filters.partition} = ?`, bindings: [partition] });
      const categorie = layer.filters.categorie ? text(p.categorie, 'categorie', /^[A-Za-z0-9]{1,10}$/, 'une catégorie de SUP telle que AC1') : null;
      if (categorie) conditions.push({ sql: `${layer.filters.categorie} = lower(?)`, bindings: [categorie] });
      const insee = layer.filters.insee ? text(p.insee, 'insee', /^([0-9]{2}|2A|2B)[0-9]{3}$|^97[0-9]{3}$/i, 'un code INSEE de 5 caractères (par exemple 29158)') : null;
      if (insee) conditions.push({ sql: `${layer.filters.insee} = upper(?)`, bindings: [insee] });
      if (layer.noGeom && !partition) throw bad('partition', 'partition_required', 'Indiquez « partition » (par exemple 172014607_SUP_2A_AC1).');
      if (layer.filters.insee && !geom && !insee) throw bad('geom', 'geom_or_insee_required', 'Indiquez « geom » (une géométrie GeoJSON en WGS84) ou « insee ».');
      if (!geom && !partition && !insee) throw bad('geom', 'geom_or_partition_required', 'Indiquez « geom » (une géométrie GeoJSON en WGS84) ou « partition ».');
      const page = { limit: integer(p._limit, '_limit', 5000, 5000), start: integer(p._start, '_start', 0, Number.MAX_SAFE_INTEGER) };
      const { total, features } = await run(async (k) => layerFeatures(k, layer, conditions, { ...page, geomEwkb: await lambert93(k, geom) }));
      res.type('application/json').send(toJson(collection(req, p, page, total, features)));
    });
  }

  for (const [route, layer] of Object.entries(CADASTRE_LAYERS)) {
    r.all(`/api/cadastre/${route}`, allow('public'), async (req, res) => {
      methods(req);
      const p = params(req);
      for (const [old, now] of [['insee', 'code_insee'], ['dep', 'code_dep'], ['codearr', 'code_arr']] as const) {
        if (p[old] !== undefined) throw bad(old, 'param_renamed', `Le paramètre « ${old} » a été renommé « ${now} ».`);
      }
      sourceIgn(p.source_ign);
      const codes = communeCodes(p);
      const geom = geomParam(p.geom, limits);
      const conditions: Condition[] = [];
      if (codes) conditions.push({ sql: `${layer.commune} IN (${codes.map(() => '?').join(', ')})`, bindings: codes });
      else if (p.code_dep) conditions.push({ sql: `${layer.commune} LIKE ?`, bindings: [`${String(p.code_dep).toUpperCase()}%`] });
      filterCadastre(layer, p, conditions);
      if (!codes && !geom && !p.code_dep) throw bad('code_insee', 'insee_or_geom_required', 'Indiquez « code_insee » ou « geom ».');
      const max = route === 'commune' ? 500 : 1000;
      const page = { limit: integer(p._limit, '_limit', max, max), start: integer(p._start, '_start', 0, Number.MAX_SAFE_INTEGER) };
      const { total, features } = await run(async (k) => {
        if (codes && !(await knownCommunes(k, codes)).length) {
          throw bad('code_insee', 'commune_unknown', `Code INSEE inconnu : aucune commune ${codes.length > 1 ? String(p.code_insee).toUpperCase() : codes[0]} dans Terrier.`);
        }
        return layerFeatures(k, layer, conditions, { ...page, geomEwkb: await lambert93(k, geom) });
      });
      res.type('application/json').send(toJson(collection(req, p, page, total, features)));
    });
  }

  // API Carto's error shape on its routes; everything but a 400 (429, 503, 500) keeps Terrier's.
  const apiCartoErrors: ErrorRequestHandler = (err, req, res, next) => {
    if (!(err instanceof AppError) || err.status !== 400) return next(err);
    const p = params(req);
    const param = (err.details as { param?: string } | undefined)?.param ?? (err.code.startsWith('geometry_') ? 'geom' : '');
    const location = req.body && typeof req.body === 'object' && param in req.body ? 'body' : 'query';
    res.status(400).json({ code: 400, message: { [param]: { msg: err.message, param, location, value: param === 'geom' ? undefined : p[param], code: err.code } } });
  };
  r.use(PATHS, apiCartoErrors);
  return r;
}

/** section, numero, com_abs and code_arr, in Etalab's or API Carto's form. */
function filterCadastre(layer: CadastreLayer, p: Params, conditions: Condition[]): void {
  const section = text(p.section, 'section', /^[0-9A-Za-z]{1,2}$/, 'une section cadastrale de 1 ou 2 caractères (par exemple AB ou 0A)');
  const numero = text(p.numero, 'numero', /^[0-9]{1,4}$/, 'un numéro de parcelle de 4 chiffres au plus (par exemple 0037)');
  const prefixe = text(p.com_abs, 'com_abs', /^[0-9]{3}$/, 'un préfixe de 3 chiffres (par exemple 000)');
  const arr = text(p.code_arr, 'code_arr', /^[0-9]{3}$/, 'un code d’arrondissement de 3 chiffres');
  // Etalab strips the leading zeros that API Carto keeps ("0A", "0037"): accept both.
  if (section && layer.section) conditions.push({ sql: `${layer.section} = ?`, bindings: [section.toUpperCase().replace(/^0+(?=.)/, '')] });
  if (numero && layer.numero) conditions.push({ sql: `${layer.numero} = ?`, bindings: [numero.replace(/^0+(?=.)/, '')] });
  if (prefixe && layer.prefixe) conditions.push({ sql: `${layer.prefixe} = ?`, bindings: [prefixe] });
  if (arr) conditions.push({ sql: `${codeArr(layer.commune)} = ?`, bindings: [arr] });
}
