// The documents' HTTP API (docs/documents.md). Same roles and commune scope as the dossiers; élus
// get only the documents without personal data (the avis de dépôt, public by law). The note de
// renseignements is public.
import { createHash } from 'node:crypto';
import express, { Router, type RequestHandler } from 'express';
import type { Knex } from 'knex';
import { allow, assertCommune, type SessionUser } from '../accounts/roles.ts';
import type { CheckLimits, DocumentSettings } from '../config.ts';
import { localDate, type LegalDate } from '../dossiers/dates.ts';
import { getDossier } from '../dossiers/repository.ts';
import { AppError, badRequest, notFound } from '../errors.ts';
import { dossierFacts } from './facts.ts';
import { generateDocument, logoOf } from './generate.ts';
import { DOCUMENT_KINDS, KINDS, isDocumentKind, kindsFor } from './kinds.ts';
import { documentBytes, documentsOf, getDocument, insertSigned, signedBytes, type DocumentRow } from './queries.ts';
import { parseRenseignementsQuery, renseignementsPdf } from './renseignements.ts';

/** Largest signed copy accepted (a scan of a few pages). */
export const MAX_SIGNED_BYTES = 10 * 1024 * 1024;

export type DocumentRouteOptions = { today?: () => LegalDate };

const idParam = (raw: unknown, what: 'dossier' | 'document'): number => {
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,15}$/.test(raw)) {
    throw notFound(`${what}_unknown`, what === 'dossier' ? 'Ce dossier n\'existe pas.' : 'Ce document n\'existe pas.');
  }
  return Number(raw);
};

export const documentJson = (d: DocumentRow) => ({
  id: d.id, dossierId: d.dossier_id, kind: d.kind, label: isDocumentKind(d.kind) ? KINDS[d.kind].label : d.kind, version: d.version,
  dossierVersion: d.dossier_version, title: d.title, template: d.template, templateSha256: d.template_sha256, personal: d.personal,
  createdBy: d.created_by_login, createdAt: d.created_at, sha256: d.sha256, size: d.size, url: `/api/documents/${d.id}.pdf`,
  signed: d.signed.map((s) => ({ id: s.id, uploadedBy: s.uploaded_by_login, uploadedAt: s.uploaded_at, sha256: s.sha256, size: s.size })),
  signedUrl: d.signed.length ? `/api/documents/${d.id}/signed.pdf` : null,
});

/** A document the user may read: its commune in scope, no personal data for élus (else 404, as for a dossier). */
async function readable(knex: Knex, user: SessionUser, id: number): Promise<DocumentRow> {
  const doc = await getDocument(knex, id);
  const dossier = doc ? await getDossier(knex, doc.dossier_id) : null;
  if (!doc || !dossier) throw notFound('document_unknown', 'Ce document n\'existe pas.');
  assertCommune(user, dossier.insee, 'this document');
  if (user.role === 'elu' && doc.personal) throw new AppError(403, 'personal_data', 'Ce document contient des données personnelles : il n\'est pas communiqué aux élus.');
  return doc;
}

// A PDF is no HTML page: the app's CSP (object-src 'none'…) would only get in the way of the
// browser's PDF viewer when the document is opened in a tab.
const sendPdf = (res: express.Response, bytes: Buffer, name: string) => {
  res.removeHeader('Content-Security-Policy');
  res.type('application/pdf').set('Content-Disposition', `inline; filename="${name}"`).set('Cache-Control', 'private, no-store').send(bytes);
};
const fileName = (d: DocumentRow) => `${d.kind}-${d.dossier_id}-v${d.version}.pdf`;

/** The raw PDF body of an upload, size-limited, in French when refused. */
const pdfBody: RequestHandler = (req, res, next) => {
  express.raw({ type: () => true, limit: MAX_SIGNED_BYTES })(req, res, (err?: unknown) => {
    if (!err) return next();
    const e = err as { type?: string };
    if (e.type === 'entity.too.large') return next(new AppError(413, 'file_too_large', `Le fichier dépasse ${MAX_SIGNED_BYTES / 1024 / 1024} Mo.`));
    next(err);
  });
};

export function documentRoutes(knex: Knex, settings: DocumentSettings, limits: CheckLimits, opts: DocumentRouteOptions = {}): Router {
  const today = opts.today ?? (() => localDate());
  logoOf(settings); // a missing or unreadable TERRIER_LOGO stops the boot, not a request
  const r = Router();

  r.get('/api/dossiers/:id/documents', allow('staff'), async (req, res) => {
    const user = req.user!;
    const row = await getDossier(knex, idParam(req.params.id, 'dossier'));
    if (!row) throw notFound('dossier_unknown', 'Ce dossier n\'existe pas.');
    assertCommune(user, row.insee, 'this dossier');
    const elu = user.role === 'elu';
    const [docs, facts] = await Promise.all([documentsOf(knex, row.id), dossierFacts(knex, row, settings, today())]);
    res.json({
      items: docs.filter((d) => !elu || !d.personal).map(documentJson),
      kinds: kindsFor(facts).filter((k) => !elu || !k.personal),
    });
  });

  r.post('/api/dossiers/:id/documents', allow('guichet', 'instructeur', 'signataire', 'admin'), async (req, res) => {
    const id = idParam(req.params.id, 'dossier');
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('body_not_object', 'Le corps de la requête doit être un objet JSON { "kind": … }.');
    const extra = Object.keys(body).filter((k) => k !== 'kind');
    if (extra.length) throw badRequest('field_unknown', `Champ inconnu : ${extra.join(', ')} ; seul « kind » est attendu.`);
    if (!isDocumentKind(body.kind)) {
      throw badRequest('document_kind_unknown', `Type de document inconnu : ${JSON.stringify(body.kind ?? null)} ; types possibles : ${DOCUMENT_KINDS.join(', ')}.`);
    }
    // The answer carries the document's text too: the desk shows the arrêté in full before signing.
    const { row: doc, text } = await generateDocument(knex, settings, id, body.kind, req.user!, today());
    res.status(201).location(`/api/documents/${doc.id}.pdf`).json({ ...documentJson(doc), text });
  });

  r.get('/api/documents/:id.pdf', allow('staff'), async (req, res) => {
    const doc = await readable(knex, req.user!, idParam(req.params.id, 'document'));
    sendPdf(res, (await documentBytes(knex, doc.id))!, fileName(doc));
  });

  // The signed copy: a scan of the signed paper or the electronically signed PDF.
  r.post('/api/documents/:id/signed', allow('guichet', 'instructeur', 'signataire', 'admin'), pdfBody, async (req, res) => {
    const doc = await readable(knex, req.user!, idParam(req.params.id, 'document'));
    const bytes = req.body;
    if (!Buffer.isBuffer(bytes) || !bytes.length) throw badRequest('file_missing', 'Envoyez le PDF signé comme corps de la requête (Content-Type: application/pdf).');
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw badRequest('not_a_pdf', 'Le fichier envoyé n\'est pas un PDF (il ne commence pas par « %PDF- »).');
    await insertSigned(knex, { documentId: doc.id, uploadedBy: req.user!.id, uploadedByLogin: req.user!.login,
      sha256: createHash('sha256').update(bytes).digest('hex'), bytes });
    res.status(201).json(documentJson((await getDocument(knex, doc.id))!));
  });

  r.get('/api/documents/:id/signed.pdf', allow('staff'), async (req, res) => {
    const doc = await readable(knex, req.user!, idParam(req.params.id, 'document'));
    const bytes = await signedBytes(knex, doc.id);
    if (!bytes) throw notFound('signed_unknown', 'Aucune copie signée n\'a été jointe à ce document.');
    sendPdf(res, bytes, `${doc.kind}-${doc.dossier_id}-v${doc.version}-signe.pdf`);
  });

  r.get('/api/renseignements.pdf', allow('public'), async (req, res) => {
    const parcelle = parseRenseignementsQuery(req.query);
    sendPdf(res, await renseignementsPdf(knex, settings, limits, parcelle, today()), `renseignements-${parcelle}.pdf`);
  });

  return r;
}
