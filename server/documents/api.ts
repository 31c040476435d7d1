// The contract of the documents' routes.
import { z } from 'zod';
import { refusing, strictQuery } from '../contract/parse.ts';
import type { ApiRoute } from '../contract/route.ts';
import { PARCEL_ID } from '../communes/codes.ts';
import { DOCUMENT_KINDS } from './kinds.ts';

const PDF = { mediaType: 'application/pdf', description: 'Le document PDF' } as const;
const Document = z.looseObject({
  id: z.number().int(), dossierId: z.number().int(), kind: z.string(), label: z.string(), version: z.number().int(), sha256: z.string(), size: z.number().int(),
  url: z.string(), signedUrl: z.string().nullable(), createdAt: z.string(),
});
const parcelleMissing = () => refusing('parcelle_missing', 'Indiquez la parcelle : ?parcelle=<identifiant à 14 caractères, par exemple 96001000AB0003>.');
/**
 * GET /api/renseignements.pdf's parameter: a parcel id, upper-cased, nothing else. Not param(): a
 * repeated parcelle reads as missing, a blank one as malformed, as they always have.
 */
export const RenseignementsQuery = strictQuery({
  parcelle: z.string({ error: parcelleMissing }).transform((raw, ctx) => {
    const id = raw.trim().toUpperCase();
    if (raw && PARCEL_ID.test(id)) return id;
    ctx.addIssue({ code: 'custom', input: raw, message: raw ? refusing('parcelle_invalid',
      `« ${raw.slice(0, 40)} » n'est pas un identifiant de parcelle (14 caractères : INSEE, préfixe, section, numéro, par exemple 96001000AB0003).`) : parcelleMissing() });
    return z.NEVER;
  }).describe('Identifiant de parcelle (14 caractères)'),
}, (keys) => `Paramètre inconnu : ${keys.join(', ')} ; seul « parcelle » est attendu.`);

const STAFF_WRITERS = ['guichet', 'instructeur', 'signataire', 'admin'] as const;

export const DOCUMENTS_API: ApiRoute[] = [
  {
    method: 'get', path: '/api/dossiers/:id/documents', audience: ['staff'], summary: 'Les documents d’un dossier et ceux qu’on peut produire (avec la raison sinon)',
    response: z.object({ items: z.array(Document), kinds: z.array(z.looseObject({ kind: z.string(), label: z.string(), allowed: z.boolean(), reason: z.string().nullable() })) }),
    errors: [401, 404], example: { params: { id: '1' }, as: 'admin' },
  },
  {
    method: 'post', path: '/api/dossiers/:id/documents', audience: STAFF_WRITERS, summary: 'Produire un document (récépissé, arrêté…) : une nouvelle version, jamais réécrite',
    body: z.object({ kind: z.enum(DOCUMENT_KINDS) }), response: Document.extend({ text: z.string() }), errors: [400, 401, 403, 404, 409],
  },
  { method: 'get', path: '/api/documents/:id.pdf', audience: ['staff'], summary: 'Un document produit', response: PDF, errors: [401, 404] },
  { method: 'post', path: '/api/documents/:id/signed', audience: STAFF_WRITERS, summary: 'Joindre l’exemplaire signé (corps : le PDF)', response: Document, errors: [400, 401, 404, 413] },
  { method: 'get', path: '/api/documents/:id/signed.pdf', audience: ['staff'], summary: 'L’exemplaire signé', response: PDF, errors: [401, 404] },
  {
    method: 'get', path: '/api/renseignements.pdf', audience: ['public'], summary: 'Note de renseignements d’urbanisme d’une parcelle (PDF)',
    query: RenseignementsQuery, response: PDF, errors: [400, 404, 429],
  },
];
