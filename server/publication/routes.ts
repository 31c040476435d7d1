// The public side: the permits layer as GeoJSON, a permit's public page, the register and the open
// data, for anyone, with CORS "*" and no credentials. Everything reads public_autorisations (the
// allow-list view, migration 013) through queries.ts; no route here sees a session.
import crypto from 'node:crypto';
import cors from 'cors';
import { Router, type Request, type Response } from 'express';
import type { Db } from '../db.ts';
import { allow } from '../accounts/roles.ts';
import { badRequest, notFound } from '../errors.ts';
import { appealLastDay, frDate } from '../dossiers/dates.ts';
import { TYPE_RULES, isDossierType } from '../dossiers/rules.ts';
import { ETAT_LABELS, RECORD_COLUMNS, type Etat } from './columns.ts';
import { csvHeader, csvLine, geojsonFeature, streamExport } from './export.ts';
import { displayNumber, parseExportQuery, parseMapQuery, parseRegisterQuery } from './input.ts';
import { autorisationByNumber, autorisationsInBbox, communeName, linkedRecords, publicationVersion, register, type PublicRecord } from './queries.ts';
import { tableSchema } from './schema.ts';

export const MAX_FEATURES = 5000;

/** CORS for public reads: any origin, no credentials; answers the OPTIONS preflight. */
export const publicCors = cors({ origin: '*', methods: ['GET', 'HEAD', 'OPTIONS'], maxAge: 86400 });

const record = (r: Record<string, unknown>) => Object.fromEntries(RECORD_COLUMNS.map((c) => [c.name, r[c.name] ?? null]));

const typeLabel = (t: string) => (isDossierType(t) ? TYPE_RULES[t].label : t);

function timelineOf(r: PublicRecord) {
  const steps: [string, string, string][] = [
    ['depot', 'date_reelle_depot', 'Dépôt de la demande'],
    ['decision', 'date_decision', r.etat_dau === 'refuse' ? 'Refus' : r.etat_dau === 'sursis' ? 'Sursis à statuer' : r.etat_dau === 'tacite' ? 'Décision tacite' : 'Décision'],
    ['affichage', 'date_affichage', 'Début de l’affichage sur le terrain'],
    ['doc', 'date_reelle_doc', 'Ouverture du chantier'],
    ['daact', 'date_reelle_daact', 'Achèvement des travaux'],
    ['retrait', 'date_retrait', 'Retrait'],
    ['peremption', 'date_peremption', 'Péremption'],
  ];
  return steps.filter(([, k]) => r[k]).map(([event, k, label]) => ({ event, on: r[k] as string, label }));
}

/** R600-2: a neighbour's appeal runs two months from the first day of a continuous display on the land. */
function recoursOf(r: PublicRecord) {
  const from = r.date_affichage as string | null;
  if (!from) return null;
  const last = appealLastDay(from);
  return {
    article: 'R600-2', affichageDebut: from, dernierJour: last,
    texte: `Un recours contre cette autorisation peut être formé jusqu’au ${frDate(last)} inclus, si l’affichage sur le terrain a été continu et régulier depuis le ${frDate(from)} (deux mois à compter du premier jour d’affichage, article R600-2 du code de l’urbanisme).`,
  };
}

function etag(version: number, req: Request): string {
  return `"od-${version}-${crypto.createHash('sha1').update(req.originalUrl).digest('base64url').slice(0, 12)}"`;
}

/**
 * The validators of a public answer: an ETag from the dossiers' version and the URL, the version's
 * Last-Modified. Read before the data, so that a write in between can only make the tag older than
 * the answer (the next revalidation gets the data again), never newer.
 */
async function validators(db: Db, req: Request) {
  const v = await publicationVersion(db.knex);
  const tag = etag(v.version, req);
  const inm = req.get('if-none-match');
  const current = !!inm?.split(',').some((t) => t.trim().replace(/^W\//, '') === tag || t.trim() === '*');
  return { current, headers: { ETag: tag, 'Last-Modified': v.changedAt.toUTCString(), 'Cache-Control': 'public, max-age=60' } };
}

/** ETag and Last-Modified set; true when the client's copy is current (304 sent). */
async function fresh(db: Db, req: Request, res: Response): Promise<boolean> {
  const v = await validators(db, req);
  res.set(v.headers);
  if (v.current) { res.status(304).end(); return true; }
  return false;
}

export type PublicationOptions = { /** GeoJSON by bbox answers 400 "zoomez" above this (default 5,000). */ maxFeatures?: number };

export function publicationRoutes(db: Db, opts: PublicationOptions = {}): Router {
  const knex = db.knex;
  const maxFeatures = opts.maxFeatures ?? MAX_FEATURES;
  const r = Router();
  r.use(['/api/public', '/open-data'], publicCors);

  r.get('/api/public/autorisations', allow('public'), async (req, res) => {
    const q = parseMapQuery(req.query as Record<string, unknown>);
    // A map panned back and forth revalidates what it already holds: 304 until a dossier changes.
    // The validators go on a 200 only, so that no cache keeps the "zoomez" refusal.
    const v = await validators(db, req);
    if (v.current) { res.set(v.headers).status(304).end(); return; }
    const rows = await autorisationsInBbox(knex, q, maxFeatures + 1);
    if (rows.length > maxFeatures) throw badRequest('bbox_too_many_features', `Plus de ${maxFeatures} autorisations dans cette emprise : zoomez.`);
    res.set(v.headers).type('application/geo+json').send(`{"type":"FeatureCollection","features":[${rows.map((row) => geojsonFeature(record(row))).join(',')}]}`);
  });

  r.get('/api/public/autorisations/:number', allow('public'), async (req, res) => {
    const number = displayNumber(String(req.params.number));
    const row = number ? await autorisationByNumber(knex, number) : null;
    if (!row) throw notFound('autorisation_unknown', 'Aucune autorisation publiée sous ce numéro.');
    const rec = record(row) as PublicRecord;
    // A permit lists its linked records ("liées"); a linked record names its permit (num_dau_parent).
    const liees = rec.num_dau_parent ? [] : await linkedRecords(knex, rec.num_dau);
    res.json({
      autorisation: rec,
      typeLabel: typeLabel(rec.type_dau as string),
      etatLabel: ETAT_LABELS[rec.etat_dau as Etat] ?? rec.etat_dau,
      commune: { insee: rec.comm, nom: row.commune_nom },
      geometry: rec.longitude === null ? null : { type: 'Point', coordinates: [Number(rec.longitude), Number(rec.latitude)] },
      terrain: row.terrain ?? null,
      timeline: timelineOf(rec),
      contraintes: row.contraintes ?? null,
      recours: recoursOf(rec),
      liees: liees.map((l) => ({ ...record(l), typeLabel: typeLabel(l.type_dau as string), etatLabel: ETAT_LABELS[l.etat_dau as Etat] ?? l.etat_dau })),
    });
  });

  const registerOf = async (req: Request) => {
    const q = parseRegisterQuery(req.query as Record<string, unknown>);
    const nom = await communeName(knex, q.commune);
    if (nom === undefined) throw notFound('commune_unknown', `La commune ${q.commune} n’est pas dans Terrier.`);
    const { depots, decisions } = await register(knex, q.commune, q.first, q.last);
    return { commune: { insee: q.commune, nom }, mois: q.mois, depots: depots.map(record), decisions: decisions.map(record) };
  };

  r.get('/api/public/registre', allow('public'), async (req, res) => {
    res.json(await registerOf(req));
  });

  r.get('/api/public/registre.csv', allow('public'), async (req, res) => {
    const reg = await registerOf(req);
    const lines = [`RUBRIQUE,${csvHeader()}`,
      ...reg.depots.map((row) => `depot,${csvLine(row)}`), ...reg.decisions.map((row) => `decision,${csvLine(row)}`)];
    res.type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="registre-${reg.commune.insee}-${reg.mois}.csv"`)
      .send(`\uFEFF${lines.join('')}`);
  });

  r.get('/open-data/schema.json', allow('public'), (_req, res) => {
    res.json(tableSchema());
  });

  const exportRoute = (format: 'csv' | 'geojson') => async (req: Request, res: Response) => {
    const f = parseExportQuery(req.query as Record<string, unknown>);
    if (f.commune && (await communeName(knex, f.commune)) === undefined) throw notFound('commune_unknown', `La commune ${f.commune} n’est pas dans Terrier.`);
    if (await fresh(db, req, res)) return;
    const name = `autorisations${f.commune ? `-${f.commune}` : ''}${f.annee ? `-${f.annee}` : ''}.${format}`;
    res.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/geo+json')
      .set({ 'Content-Disposition': `inline; filename="${name}"`, Link: '</open-data/schema.json>; rel="describedby"' });
    // HEAD (a client checking the ETag) must not read the whole set.
    if (req.method === 'HEAD') { res.end(); return; }
    try {
      await streamExport(db, f, format, res);
    } catch (err) {
      // Headers are gone: the client sees a truncated body; the log says why.
      if (!res.headersSent) throw err;
      console.error(err);
      res.destroy();
      return;
    }
    res.end();
  };
  r.get('/open-data/autorisations.csv', allow('public'), exportRoute('csv'));
  r.get('/open-data/autorisations.geojson', allow('public'), exportRoute('geojson'));
  return r;
}
