// Making a document: the dossier's facts, the kind's legal blocks around its editable template, the
// PDF, then (in the same transaction, dossier locked) the stored row. Nothing is stored when any of
// it fails: a state that does not allow the document (409), a template that does not render.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { assertCommune, type SessionUser } from '../accounts/roles.ts';
import type { DocumentSettings } from '../config.ts';
import type { LegalDate } from '../dossiers/dates.ts';
import { getDossier, lockDossier } from '../dossiers/repository.ts';
import { conflict, notFound } from '../errors.ts';
import { dossierFacts, type Facts } from './facts.ts';
import { KINDS, type DocumentKind } from './kinds.ts';
import { markupText, markupToPdf } from './markup.ts';
import { renderPdf } from './pdf.ts';
import { insertDocument, type DocumentRow } from './queries.ts';
import { renderTemplate } from './templates.ts';

const logos = new Map<string, string>();
/** The configured logo as a data: URL, read once. */
export function logoOf(settings: DocumentSettings): string | null {
  if (!settings.logo) return null;
  let url = logos.get(settings.logo);
  if (!url) {
    const bytes = fs.readFileSync(settings.logo);
    const type = bytes[0] === 0x89 && bytes[1] === 0x50 ? 'png' : bytes[0] === 0xff && bytes[1] === 0xd8 ? 'jpeg' : null;
    if (!type) throw new Error(`TERRIER_LOGO must be a PNG or JPEG file: ${path.basename(settings.logo)} is neither`);
    url = `data:image/${type};base64,${bytes.toString('base64')}`;
    logos.set(settings.logo, url);
  }
  return url;
}

export type Made = { kind: DocumentKind; title: string; template: string; templateSha256: string; markup: string; bytes: Buffer };

/** The document of this kind for these facts (no storage): what the bench and the preview use too. */
export async function makeDocument(f: Facts, kind: DocumentKind, settings: DocumentSettings): Promise<Made> {
  const rule = KINDS[kind];
  const refusal = rule.allowed(f);
  if (refusal) throw conflict(refusal.code, refusal.message, { kind });
  const tpl = await renderTemplate(`${kind}.liquid`, f as unknown as Record<string, unknown>, settings.templatesDir);
  const markup = [rule.before(f), tpl.markup, rule.after(f)].join('\n\n');
  const title = rule.title(f);
  const bytes = await renderPdf({ title, authority: f.authority, logo: logoOf(settings), reference: `${rule.label} – ${f.dossier.number}`, content: markupToPdf(markup) });
  return { kind, title, template: tpl.template, templateSha256: tpl.sha256, markup, bytes };
}

/**
 * Generates and stores a new version of a dossier's document. The PDF is rendered outside the
 * transaction (PGlite has one connection: a lock held while rendering would stall every request);
 * the row is then written under the dossier's lock if the dossier is still at the version the
 * document was made from, else it is made again.
 */
export async function generateDocument(knex: Knex, settings: DocumentSettings, dossierId: number, kind: DocumentKind, user: SessionUser, today: LegalDate)
  : Promise<{ row: DocumentRow; text: string }> {
  for (let attempt = 1; ; attempt++) {
    const dossier = await getDossier(knex, dossierId);
    if (!dossier) throw notFound('dossier_unknown', 'Ce dossier n\'existe pas.');
    assertCommune(user, dossier.insee, 'this dossier');
    const made = await makeDocument(await dossierFacts(knex, dossier, settings, today), kind, settings);
    const row = await knex.transaction(async (trx) => {
      const locked = await lockDossier(trx, dossierId);
      if (!locked || locked.version !== dossier.version) return null;
      return insertDocument(trx, {
        dossierId: dossier.id, kind, dossierVersion: dossier.version, template: made.template, templateSha256: made.templateSha256, title: made.title,
        personal: KINDS[kind].personal, createdBy: user.id, createdByLogin: user.login,
        sha256: createHash('sha256').update(made.bytes).digest('hex'), bytes: made.bytes,
      });
    });
    if (row) return { row, text: markupText(made.markup) };
    if (attempt === 3) throw conflict('version_stale', 'Le dossier a changé pendant la production du document : recommencez.');
  }
}
