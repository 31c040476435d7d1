// The staff's side of publication: the short public description ("objet affiché"), entered apart
// from the works' description typed at filing, which stays private. One transaction, version
// checked, journaled like an event (SET_PUBLICATION) without changing the statechart.
import type { Knex } from 'knex';
import { assertCommune, type SessionUser } from '../accounts/roles.ts';
import { parseWith } from '../contract/parse.ts';
import { PublicationBody } from '../dossiers/api.ts';
import { conflict, notFound } from '../errors.ts';
import type { LegalDate } from '../dossiers/dates.ts';
import { appendJournal, lockDossier, saveObjetAffiche } from '../dossiers/repository.ts';

/** The objet affiché (null: none) and the dossier's version read (the contract's PublicationBody). */
export type PublicationInput = { objetAffiche: string | null; version: number };

export const parsePublicationBody = (body: unknown): PublicationInput => parseWith(PublicationBody, body);

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
