// API Carto-compatible endpoints (IGN's /api/gpu/* and /api/cadastre/parcelle), so that existing
// clients (QGIS plugins, scripts) can point at Terrier. Same parameters by GET (query string) and by
// POST (JSON body, so a complex geometry never meets a 414), same property names and envelope.
import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import { badRequest } from '../errors.ts';
import { allow } from '../accounts/roles.ts';
import { checkExtent, parseGeometry, type Geometry, type GeometryLimits } from '../geometry/input.ts';
import { direct, type PublicQueries } from '../public-queries.ts';
import { toLambert93 } from '../geometry/queries.ts';
import { GPU_LAYERS } from './layers.ts';
import { apiCartoFeatures, apiCartoParcelles, communeExists } from './queries.ts';

const params = (req: Request): Record<string, unknown> => (req.method === 'POST' ? req.body ?? {} : req.query);

function integer(raw: unknown, name: string, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = typeof raw === 'string' || typeof raw === 'number' ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 0) throw badRequest('param_not_integer', `« ${name} » doit être un entier positif ou nul.`);
  return Math.min(n, max);
}

function text(raw: unknown, name: string, pattern: RegExp, hint: string): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'string' || !pattern.test(raw)) throw badRequest('param_malformed', `« ${name} » doit être ${hint} ; reçu : ${JSON.stringify(raw)}.`);
  return raw;
}

/** The geom parameter checked against the limits, before any SQL; null if absent. */
function geomParam(raw: unknown, limits: GeometryLimits): Geometry | null {
  if (raw === undefined || raw === null || raw === '') return null;
  let value = raw;
  if (typeof raw === 'string') {
    try { value = JSON.parse(raw); } catch { throw badRequest('geometry_invalid_json', '« geom » n’est pas un JSON valide : attendu, une géométrie GeoJSON en WGS84.'); }
  }
  const g = parseGeometry(value);
  checkExtent(g, 4326, limits);
  return g;
}

const lambert93 = async (knex: Knex, g: Geometry | null) => (g ? (await toLambert93(knex, g, 4326)).ewkb : null);

function collection(total: number, features: unknown[]) {
  return {
    type: 'FeatureCollection', features,
    totalFeatures: total, numberMatched: total, numberReturned: features.length,
    timeStamp: new Date().toISOString(),
    crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4326' } },
  };
}

export function apiCartoRoutes(knex: Knex, limits: GeometryLimits, run: PublicQueries = direct(knex)): Router {
  const r = Router();

  for (const [route, layer] of Object.entries(GPU_LAYERS)) {
    r.all(`/api/gpu/${route}`, allow('public'), async (req, res) => {
      if (req.method !== 'GET' && req.method !== 'POST') throw badRequest('method_not_allowed', 'Utilisez GET ou POST.');
      const p = params(req);
      const geom = geomParam(p.geom, limits);
      const f = {
        partition: text(p.partition, 'partition', /^[A-Za-z0-9_]{3,60}$/, 'une partition du GPU telle que DU_30014 ou 172014607_SUP_2A_AC1'),
        categorie: layer.categorie ? text(p.categorie, 'categorie', /^[A-Za-z0-9]{1,10}$/, 'une catégorie de SUP telle que AC1') : null,
        limit: integer(p._limit, '_limit', 5000, 5000),
        start: integer(p._start, '_start', 0, Number.MAX_SAFE_INTEGER),
      };
      if (!geom && !f.partition) throw badRequest('geom_or_partition_required', 'Indiquez « geom » (une géométrie GeoJSON en WGS84) ou « partition ».');
      const { total, features } = await run(async (k) => apiCartoFeatures(k, layer, { ...f, geomEwkb: await lambert93(k, geom) }));
      res.json(collection(total, features));
    });
  }

  r.all('/api/cadastre/parcelle', allow('public'), async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'POST') throw badRequest('method_not_allowed', 'Utilisez GET ou POST.');
    const p = params(req);
    for (const [old, now] of [['insee', 'code_insee'], ['dep', 'code_insee'], ['codearr', 'code_arr']]) {
      if (p[old!] !== undefined) throw badRequest('param_renamed', `Le paramètre « ${old} » a été renommé « ${now} ».`);
    }
    const commune = text(p.code_insee, 'code_insee', /^([0-9]{2}|2A|2B|97[0-9])[0-9]{2,3}$/i, 'un code INSEE de 5 caractères (par exemple 91216 ou 2A041)');
    if (commune && commune.length !== 5) throw badRequest('insee_malformed', `« code_insee » doit compter 5 caractères ; reçu : "${commune}".`);
    const section = text(p.section, 'section', /^[0-9A-Za-z]{1,2}$/, 'une section cadastrale de 1 ou 2 caractères (par exemple AB ou 0A)');
    const numero = text(p.numero, 'numero', /^[0-9]{1,4}$/, 'un numéro de parcelle de 4 chiffres au plus (par exemple 0037)');
    const prefixe = text(p.com_abs, 'com_abs', /^[0-9]{3}$/, 'un préfixe de 3 chiffres (par exemple 000)');
    text(p.code_arr, 'code_arr', /^[0-9]{3}$/, 'un code d’arrondissement de 3 chiffres');
    const geom = geomParam(p.geom, limits);
    if (!commune && !geom) throw badRequest('insee_or_geom_required', 'Indiquez « code_insee » ou « geom ».');
    const f = {
      commune: commune?.toUpperCase() ?? null,
      // Etalab strips the leading zeros that API Carto keeps ("0A", "0037"): accept both.
      section: section ? section.toUpperCase().replace(/^0+(?=.)/, '') : null,
      numero: numero ? numero.replace(/^0+(?=.)/, '') : null,
      prefixe,
      limit: integer(p._limit, '_limit', 1000, 1000),
      start: integer(p._start, '_start', 0, Number.MAX_SAFE_INTEGER),
    };
    const { total, features } = await run(async (k) => {
      if (f.commune && !(await communeExists(k, f.commune))) throw badRequest('commune_unknown', `Code INSEE inconnu : aucune commune ${commune} dans Terrier.`);
      return apiCartoParcelles(k, { ...f, geomEwkb: await lambert93(k, geom) });
    });
    res.json(collection(total, features));
  });
  return r;
}
