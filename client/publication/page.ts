// The public page of a permit (#autorisation/<number>): its public fields, its timeline, the
// constraints found at filing, and what a neighbour may do (the appeal window of R600-2, which runs
// only from a continuous and regular display on the land).
import { ApiError } from '../api.ts';
import { frDate } from '../desk/dates.ts';
import { h, message } from '../desk/dom.ts';
import { parcelReference, typezoneLabel } from '../format.ts';
import { supCategoryLabel } from '../sup-categories.ts';
import { publicApi, type AutorisationPage, type TimelineEvent } from './api.ts';
import { applicantText, linkedLine, worksText } from './card.ts';
import { autorisationHash, etatKey, registreHash, symbolSvg } from './etats.ts';

/** The steps every permit may go through, in order; those not reached yet are listed as such. */
const STEPS: { event: TimelineEvent['event']; label: string; article: string }[] = [
  { event: 'depot', label: 'Dépôt de la demande', article: 'R423-6' },
  { event: 'decision', label: 'Décision', article: 'R424-15' },
  { event: 'affichage', label: 'Affichage sur le terrain', article: 'R424-15' },
  { event: 'doc', label: 'Ouverture du chantier (DOC)', article: 'R424-16' },
  { event: 'daact', label: 'Achèvement des travaux (DAACT)', article: 'R462-1' },
];
/** Steps shown only when they happened. */
const ENDINGS: { event: TimelineEvent['event']; label: string; article: string }[] = [
  { event: 'retrait', label: 'Retrait', article: 'L424-5' },
  { event: 'peremption', label: 'Péremption', article: 'R424-17' },
];

const pct = (v: number | null) => (typeof v === 'number' ? ` — ${v.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} % du terrain` : '');

function timeline(p: AutorisationPage): HTMLElement {
  const byEvent = new Map(p.timeline.map((t) => [t.event, t]));
  const items = [...STEPS, ...ENDINGS.filter((s) => byEvent.has(s.event))].map((s) => {
    const t = byEvent.get(s.event);
    return h('li', { class: 'public-step', 'data-event': s.event, 'data-done': t ? 'true' : 'false' },
      t ? h('time', { datetime: t.on }, frDate(t.on)) : h('span', { class: 'public-step-date' }, 'pas encore'),
      h('span', {}, t?.label || s.label, h('small', {}, ` (${s.article})`)));
  });
  return h('section', { class: 'public-card', 'aria-labelledby': 'public-timeline-title' },
    h('h3', { id: 'public-timeline-title' }, 'Calendrier'),
    h('ol', { class: 'public-timeline', id: 'public-timeline' }, ...items));
}

function constraints(p: AutorisationPage): HTMLElement {
  const c = p.contraintes;
  const body: (HTMLElement | string)[] = [];
  if (!c) body.push(h('p', { class: 'public-hint' }, 'Aucune contrainte n’a été relevée au dépôt.'));
  else {
    body.push(h('h4', {}, 'Zonage du PLU'), c.zones.length
      ? h('ul', { class: 'public-list', id: 'public-zones' }, ...c.zones.map((z) => h('li', {},
        h('b', {}, `Zone ${z.libelle ?? '?'}`), ` — ${z.libelong || typezoneLabel(z.typezone)}${pct(z.part)}`)))
      : h('p', { class: 'public-hint' }, 'Aucune zone relevée.'));
    body.push(h('h4', {}, 'Servitudes d’utilité publique'), c.servitudes.length
      ? h('ul', { class: 'public-list', id: 'public-servitudes' }, ...c.servitudes.map((s) => h('li', {},
        h('b', {}, supCategoryLabel(s.categorie ?? '')), [s.nomsuplitt, s.nomgen, s.nomass].filter(Boolean).length ? ` — ${[s.nomsuplitt, s.nomgen ?? s.nomass].filter(Boolean).join(', ')}` : '', pct(s.part))))
      : h('p', { class: 'public-hint' }, 'Aucune servitude relevée.'));
  }
  return h('section', { class: 'public-card', 'aria-labelledby': 'public-constraints-title' },
    h('h3', { id: 'public-constraints-title' }, 'Contraintes relevées au dépôt'), ...body);
}

/** What a neighbour may do, and until when (R600-2), in plain French. */
function neighbours(p: AutorisationPage): HTMLElement {
  const a = p.autorisation;
  const etat = etatKey(a.etat_dau);
  const body: HTMLElement[] = [];
  if (p.recours) {
    // The server's sentence is the one source of the rule's wording; the date is stressed apart.
    body.push(
      h('p', { class: 'public-deadline' }, 'Recours des tiers possible ', h('b', {}, `jusqu’au ${frDate(p.recours.dernierJour)}`),
        ` (affichage depuis le ${frDate(p.recours.affichageDebut)}, si continu et régulier)`),
      h('p', { id: 'public-recours', 'data-last-day': p.recours.dernierJour }, p.recours.texte
        || `Si l’affichage sur le terrain est continu et régulier, un recours est possible jusqu’au ${frDate(p.recours.dernierJour)} : deux mois à compter du premier jour d’affichage (article ${p.recours.article}).`),
    );
  } else if (etat === 'en_cours') {
    body.push(h('p', { id: 'public-recours' }, 'La demande est en cours d’instruction : le dossier peut être consulté en mairie (avis de dépôt, article R423-6). '
      + 'Une fois l’autorisation accordée et affichée sur le terrain, les tiers disposeront de deux mois pour former un recours (article R600-2), si l’affichage est continu et régulier.'));
  } else if (['accorde', 'tacite', 'commence', 'acheve'].includes(etat)) {
    body.push(h('p', { id: 'public-recours' }, 'Le délai de recours des tiers, deux mois, court à compter du premier jour d’un affichage continu et régulier sur le terrain (article R600-2) ; '
      + 'cet affichage n’est pas encore enregistré.'));
  } else {
    body.push(h('p', { id: 'public-recours' }, 'Aucune autorisation en vigueur : pas de délai de recours des tiers en cours.'));
  }
  body.push(h('p', { class: 'public-hint' }, 'Tout recours doit être notifié à l’auteur de la décision et au bénéficiaire dans les quinze jours francs (article R600-1).'));
  return h('section', { class: 'public-card', 'aria-labelledby': 'public-rights-title' },
    h('h3', { id: 'public-rights-title' }, 'Droits des voisins'), ...body);
}

function fields(p: AutorisationPage): HTMLElement {
  const a = p.autorisation;
  const rows: [string, string, string][] = [
    ['Numéro', a.num_dau, 'num_dau'],
    ['Type', p.typeLabel, 'type_dau'],
    ['État', p.etatLabel, 'etat_dau'],
    ['Commune', `${p.commune.nom} (${p.commune.insee})`, 'comm'],
    ['Parcelles', (a.parcelles ?? []).map((id) => parcelReference({ id })).join(', '), 'parcelles'],
    ['Objet', a.objet_affiche ?? '', 'objet_affiche'],
    ['Travaux', worksText(a), 'travaux'],
    ['Demandeur', applicantText(a), 'demandeur'],
  ];
  return h('section', { class: 'public-card', 'aria-labelledby': 'public-fields-title' },
    h('h3', { id: 'public-fields-title' }, 'Informations publiques'),
    h('dl', { class: 'public-dl' }, ...rows.filter(([, v]) => v).flatMap(([k, v, f]) => [h('dt', {}, k), h('dd', { 'data-field': f }, v)])));
}

/** The permit a linked record belongs to, or the records linked to a permit ("liées"). */
function linked(p: AutorisationPage): HTMLElement | null {
  const parent = p.autorisation.num_dau_parent;
  if (parent) {
    return h('p', { class: 'public-card', id: 'public-parent' }, 'Se rapporte à l’autorisation ',
      h('a', { href: autorisationHash(parent) }, parent), '.');
  }
  const liees = p.liees ?? [];
  if (!liees.length) return null;
  return h('section', { class: 'public-card', 'aria-labelledby': 'public-linked-title' },
    h('h3', { id: 'public-linked-title' }, 'Enregistrements liés'),
    h('ul', { class: 'public-list', id: 'public-liees' }, ...liees.map((l) => {
      const line = linkedLine(l);
      return h('li', { 'data-type': l.type_dau }, h('a', { href: line.href }, line.number), ` — ${line.text}`);
    })));
}

export type PageDeps = {
  /** Flies the map to the permit and outlines its parcels; null clears. */
  showOnMap: (p: AutorisationPage | null) => void;
};

/** Renders the page of a permit into `root`; false when it does not exist (404). */
export async function renderAutorisation(root: HTMLElement, number: string, deps: PageDeps, signal?: AbortSignal): Promise<boolean> {
  root.replaceChildren(h('h2', { id: 'public-title', tabindex: '-1' }, number), message('info', 'Chargement de l’autorisation…'));
  let p: AutorisationPage;
  try {
    p = await publicApi.autorisation(number, signal);
  } catch (err) {
    if ((err as Error).name === 'AbortError') return false;
    deps.showOnMap(null);
    const notFound = err instanceof ApiError && err.status === 404;
    root.replaceChildren(h('h2', { id: 'public-title', tabindex: '-1' }, notFound ? 'Autorisation introuvable' : 'Autorisation'),
      message('error', notFound
        ? `Aucune autorisation d’urbanisme publiée ne porte le numéro « ${number} ». Vérifiez le numéro (par exemple « PC 096001 26 X0001 ») ; les certificats d’urbanisme ne sont pas publiés.`
        : `L’autorisation ne peut pas être affichée : ${(err as Error).message}`),
      h('p', {}, h('a', { href: '#', class: 'desk-button' }, 'Retour à la carte')));
    return false;
  }
  const a = p.autorisation;
  const badge = h('span', { class: 'public-etat', 'data-etat': etatKey(a.etat_dau) });
  badge.innerHTML = symbolSvg(a.etat_dau, 16);
  badge.append(p.etatLabel);
  const mois = a.date_reelle_depot.slice(0, 7);
  // Back to the permit on the map: after panning away, or on a phone, where the map is below the page.
  const toMap = h('button', { type: 'button', class: 'desk-button small', id: 'public-to-map' }, 'Voir sur la carte');
  toMap.addEventListener('click', () => {
    deps.showOnMap(p);
    const mapEl = document.getElementById('map');
    mapEl?.scrollIntoView({ block: 'center' });
    mapEl?.focus({ preventScroll: true });
  });
  root.replaceChildren(
    h('h2', { id: 'public-title', tabindex: '-1' }, a.num_dau),
    h('p', { class: 'public-sub' }, `${p.typeLabel} · ${p.commune.nom} · `, badge),
    h('p', { class: 'public-nav-links' }, toMap),
    ...[fields(p), linked(p), timeline(p), constraints(p), neighbours(p)].filter((e): e is HTMLElement => e !== null),
    h('p', { class: 'public-nav-links' },
      h('a', { href: registreHash(p.commune.insee, mois), class: 'desk-button' }, 'Registre du mois de dépôt'),
      ' ',
      h('a', { href: '#', class: 'desk-button' }, 'Fermer')),
  );
  deps.showOnMap(p);
  return true;
}
