// The desk's "Publication" card on a dossier page: what the public sees of it (a link to its public
// page) and the short public description ("objet affiché") that staff may write — the works'
// description typed at filing stays private. PATCH /api/dossiers/:id/publication (instructeur, admin).
import { OBJET_MAX } from '../../server/dossiers/limits.ts';
import { ApiError, csrfHeaders } from '../api.ts';
import type { Dossier } from '../desk/api.ts';
import { h, message } from '../desk/dom.ts';
import { autorisationHash, PUBLIC_TYPES } from './etats.ts';

/** Whether a dossier is published: a permit or declaration of its own (CU and follow-ups are not). */
export const isPublished = (d: Pick<Dossier, 'type' | 'parent'>) => (PUBLIC_TYPES as readonly string[]).includes(d.type) && !d.parent;

export const mayEditObjet = (role: string) => role === 'instructeur' || role === 'admin';

async function saveObjet(id: number, objetAffiche: string | null, version: number): Promise<Dossier> {
  const res = await fetch(`/api/dossiers/${id}/publication`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...csrfHeaders() },
    body: JSON.stringify({ objetAffiche, version }),
  });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, body?.error?.code, body?.error?.message ?? `HTTP ${res.status}`);
  return body as Dossier;
}

/**
 * The card. `onSaved` redraws the page with the saved dossier and a message; `reload` reads it again
 * (someone else changed it meanwhile).
 */
export function publicationView(d: Dossier & { objetAffiche?: string | null }, role: string,
  onSaved: (next: Dossier, note: HTMLElement) => void, reload: (note: HTMLElement) => void): HTMLElement {
  const title = h('h3', { id: 'publication-title' }, 'Publication');
  if (!isPublished(d)) {
    return h('section', { class: 'desk-card', 'aria-labelledby': 'publication-title', id: 'desk-publication' }, title,
      h('p', { class: 'desk-hint' }, 'Ce dossier n’est pas publié (certificats d’urbanisme et dossiers rattachés à un permis).'));
  }
  const link = h('p', {}, h('a', { href: autorisationHash(d.number), id: 'desk-public-link' }, 'Voir la fiche publique'));
  const current = d.objetAffiche ?? '';
  if (!mayEditObjet(role)) {
    return h('section', { class: 'desk-card', 'aria-labelledby': 'publication-title', id: 'desk-publication' }, title,
      h('dl', { class: 'desk-dl' }, h('dt', {}, 'Objet affiché'), h('dd', { id: 'desk-objet' }, current || '— (non renseigné)')), link);
  }
  const area = h('textarea', { id: 'desk-objet-input', name: 'objetAffiche', maxlength: OBJET_MAX, rows: 2, 'aria-describedby': 'desk-objet-hint' });
  area.value = current;
  const status = h('div', {});
  const save = h('button', { type: 'submit', class: 'desk-button primary' }, 'Enregistrer l’objet affiché');
  const form = h('form', { class: 'desk-form', id: 'desk-objet-form' },
    h('label', { class: 'desk-field' }, h('span', { class: 'desk-label' }, 'Objet affiché (public)'), area,
      h('small', { class: 'desk-hint', id: 'desk-objet-hint' },
        `Court texte publié sur la carte, le registre et les données ouvertes (${OBJET_MAX} caractères au plus). Aucun nom de particulier. La description des travaux saisie au dépôt reste privée.`)),
    status, save);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    save.disabled = true;
    saveObjet(d.id, area.value.trim() || null, d.version)
      .then((next) => onSaved(next, message('ok', next.objetAffiche ? 'Objet affiché enregistré : il est publié.' : 'Objet affiché effacé.')))
      .catch((err: unknown) => {
        save.disabled = false;
        if (err instanceof ApiError && err.status === 409) {
          reload(message('error', 'Le dossier a été modifié entre-temps : il a été rechargé. Vérifiez l’objet affiché puis recommencez.'));
          return;
        }
        status.replaceChildren(message('error', err instanceof ApiError && err.status < 500 ? `Refusé : ${err.message}` : `Enregistrement impossible : ${(err as Error).message}`));
      });
  });
  return h('section', { class: 'desk-card', 'aria-labelledby': 'publication-title', id: 'desk-publication' }, title, form, link);
}
