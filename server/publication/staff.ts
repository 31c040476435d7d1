// The staff's side of publication: the short public description ("objet affiché"), entered apart
// from the works' description typed at filing, which stays private. One transaction, version
// checked, journaled like an event (SET_PUBLICATION) without changing the statechart.
import type { Knex } from 'knex';
import { assertCommune, type SessionUser } from '../accounts/roles.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import type { LegalDate } from '../dossiers/dates.ts';
import { appendJournal, lockDossier, saveObjetAffiche } from '../dossiers/repository.ts';

export const OBJET_MAX = 300;

export type PublicationInput = { objetAffiche: string | null; version: number };

export function parsePublicationBody(body: unknown): PublicationInput {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('body_not_object', 'Le corps de la requête doit être un objet JSON { objetAffiche, version }.');
  const b = body as Record<string, unknown>;
  const extra = Object.keys(b).filter((k) => k !== 'objetAffiche' && k !== 'version');
  if (extra.length) throw badRequest('field_unknown', `Champ inconnu : ${extra.join(', ')} (possibles : objetAffiche, version).`);
  if (typeof b.version !== 'number' || !Number.isInteger(b.version) || b.version < 1) {
    throw badRequest('version_required', '« version » est obligatoire : la version du dossier lue (GET /api/dossiers/:id).');
  }
  let objet: string | null = null;
  if (b.objetAffiche !== undefined && b.objetAffiche !== null) {
    if (typeof b.objetAffiche !== 'string') throw badRequest('field_not_text', '« objetAffiche » doit être un texte, ou null pour l’effacer.');
    objet = b.objetAffiche.replace(/\s+/g, ' ').trim() || null;
    if (objet && objet.length > OBJET_MAX) throw badRequest('field_too_long', `« objetAffiche » est trop long : ${objet.length} caractères, au plus ${OBJET_MAX}.`);
  }
  return { objetAffiche: objet, version: b.version };
}

export async function setPublication(knex: Knex, id: number, input: PublicationInput, user: SessionUser, today: LegalDate): Promise<void> {
  await knex.transaction(async (trx) => {
    const row = await lockDossier(trx, id);
    if (!row) throw notFound('dossier_unknown', 'Ce dossier n’existe pas.');
    assertCommune(user, row.insee, 'ce dossier');
    const stale = () => conflict('version_stale', `Ce dossier a changé (version ${row.version}, vous avez envoyé la version ${input.version}) : rechargez-le.`, { version: row.version });
    if (row.version !== input.version) throw stale();
    if (!(await saveObjetAffiche(trx, id, row.version, input.objetAffiche))) throw stale();
    const snap = { state: row.state, context: row.context };
    await appendJournal(trx, {
      dossierId: id, version: row.version + 1, event: 'SET_PUBLICATION', legalDate: today, actorId: user.id, actor: user.login, actorRole: user.role,
      payload: { objetAffiche: input.objetAffiche, before: row.objet_affiche }, before: snap, after: snap,
    });
  });
}
