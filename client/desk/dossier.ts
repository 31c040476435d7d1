// A dossier page: its parcels on the map, its deadlines counted down, the actions allowed now, its
// constraints (the spatial check stored at filing) and its journal.
import { ApiError, errorText } from '../api.ts';
import { checkDescriptions, type CheckResult } from '../check.ts';
import { parcelReference } from '../format.ts';
import { staffApi, type Dossier, type EventBody } from './api.ts';
import { actionsView } from './actions.ts';
import { countdown, frDate, todayLocal } from './dates.ts';
import { h, message } from './dom.ts';
import { dueLabel, stateFamily } from './labels.ts';
import { timelineView } from './timeline.ts';
import { factsOf } from './facts.ts';
import { publicationView } from '../publication/staff.ts';
import { documentsView } from './documents.ts';
import { assignmentView } from './assignment.ts';
import { notesView } from './notes.ts';
import { historyView } from './journal.ts';

export type Deadline = { key: string; label: string; day: string; countdown: string; overdue: boolean };

/**
 * The dates that matter now, in date order. Deadlines on staff (decide, request pieces, notify a
 * majoration) are counted down and overdue once passed; dates of the applicant or third parties
 * (pieces, appeal…) likewise, but only while they run.
 */
export function deadlinesOf(d: Dossier, today: string): Deadline[] {
  const out: Omit<Deadline, 'countdown' | 'overdue'>[] = [];
  const add = (key: string, label: string, day: string | null | undefined) => { if (day) out.push({ key, label, day }); };
  const inInstruction = d.state.startsWith('instruction');
  if (inInstruction) {
    add('decision', 'Date limite de décision', d.decisionDeadline);
    if (d.state.endsWith('.depose') && !d.completeness.requestedOn) add('completeness', 'Demande de pièces possible jusqu’au', d.completeness.lastDayToRequest);
    if (d.state === 'instruction.incomplet') add('pieces', 'Pièces à produire au plus tard le', d.completeness.piecesLastDay);
    if (d.majorationLastDay && d.majorationLastDay >= today && d.suggestedMajorations.length) add('majoration', 'Majoration à notifier au plus tard le', d.majorationLastDay);
    for (const c of d.consultations) if (!c.opinion) add(`consultation-${c.id}`, `Avis attendu : ${c.service}`, c.lastDay);
  }
  if (d.filingNotice?.lastDay && !d.filingNotice.displayedOn) add('filingNotice', 'Avis de dépôt à afficher en mairie au plus tard le (R423-6)', d.filingNotice.lastDay);
  const a = d.afterDecision ?? {};
  const extract = a.decisionExtract as { lastDay: string | null; displayedOn: string | null; displayUntil: string | null } | undefined;
  if (extract?.lastDay && !extract.displayedOn && d.state.startsWith('accorde')) add('decisionExtract', 'Extrait de la décision à afficher en mairie au plus tard le (R424-15)', extract.lastDay);
  if (extract?.displayUntil && extract.displayUntil >= today) add('decisionExtractUntil', 'Extrait de la décision affiché en mairie jusqu’au', extract.displayUntil);
  for (const [key, label] of [['withdrawalLastDay', 'Retrait possible jusqu’au'], ['appealLastDay', 'Recours des tiers jusqu’au'],
    ['conformityContestLastDay', 'Contestation de la conformité jusqu’au'], ['validityEnd', 'Validité du permis jusqu’au'],
    ['interruptionLapseOn', 'Péremption si les travaux ne reprennent pas, le (R424-17)'], ['sursisEnd', 'Fin du sursis à statuer (L424-1)'],
    ['sursisConfirmationLastDay', 'Confirmation de la demande par le pétitionnaire au plus tard le (L424-1)']] as const) {
    if (typeof a[key] === 'string' && a[key] >= today) add(key, label, a[key]);
  }
  const dated = out.sort((x, y) => x.day.localeCompare(y.day)).map((x) => {
    const c = countdown(x.day, today);
    return { ...x, countdown: c.text, overdue: c.overdue };
  });
  // R424-19: while an appeal is pending the validity does not run; it has no end to count down to.
  if (typeof a.validitySuspendedSince === 'string') {
    dated.unshift({ key: 'validitySuspended', label: 'Validité suspendue par un recours contentieux depuis le (R424-19)', day: a.validitySuspendedSince,
      countdown: 'jusqu’à la décision juridictionnelle irrévocable', overdue: false });
  }
  return dated;
}

export type DossierPageDeps = {
  role: () => string;
  showParcels: (json: unknown | null) => void;
  onChanged: () => void;
};

export async function renderDossier(root: HTMLElement, id: number, deps: DossierPageDeps, flash: HTMLElement[] = []): Promise<void> {
  root.replaceChildren(h('h2', { id: 'desk-title', tabindex: '-1' }, 'Dossier'), message('info', 'Chargement du dossier…'));
  let d: Dossier;
  try {
    d = await staffApi.dossier(id);
  } catch (err) {
    root.replaceChildren(h('h2', { id: 'desk-title', tabindex: '-1' }, 'Dossier'),
      message('error', err instanceof ApiError && err.status === 404 ? 'Ce dossier n’existe pas (ou pas dans vos communes).' : `Dossier illisible : ${errorText(err)}`),
      h('a', { href: '#dossiers', class: 'desk-button' }, 'Retour à la liste'));
    deps.showParcels(null);
    return;
  }
  staffApi.parcels(id).then(deps.showParcels).catch(() => deps.showParcels(null));
  draw(root, d, deps, flash);
}

function draw(root: HTMLElement, d: Dossier, deps: DossierPageDeps, flash: HTMLElement[]): void {
  const today = todayLocal();
  const deadlines = deadlinesOf(d, today);
  const submit = async (body: EventBody): Promise<string | null> => {
    try {
      const next = await staffApi.event(d.id, body);
      deps.onChanged();
      draw(root, next, deps, [message('ok', `Enregistré : ${(root.querySelector(`form[data-event="${body.type}"] h4`)?.textContent) ?? body.type}. État : ${next.stateLabel}.`)]);
      root.querySelector<HTMLElement>('#desk-title')?.focus();
      return null;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'version_stale') {
        const fresh = await staffApi.dossier(d.id).catch(() => null);
        if (fresh) {
          draw(root, fresh, deps, [message('error', `Le dossier a été modifié entre-temps (version ${d.version} → ${fresh.version}) : il a été rechargé. Vérifiez son état puis recommencez.`)]);
          root.querySelector<HTMLElement>('#desk-title')?.focus();
          return null;
        }
      }
      // The server's message is French and says why (the rule, its article, the dates): shown as it is.
      if (err instanceof ApiError && err.status < 500) return `Action refusée : ${err.message}`;
      return `Action impossible : ${errorText(err)}`;
    }
  };
  const applicant = d.applicant;
  const applicantText = !applicant ? '—' : applicant.masked ? 'masqué (données personnelles)'
    : applicant.kind === 'person' ? [applicant.lastName, applicant.firstName].filter(Boolean).join(' ') : applicant.name;

  root.replaceChildren(
    h('header', { class: 'desk-head' },
      h('h2', { id: 'desk-title', tabindex: '-1' }, d.number),
      h('a', { href: '#dossiers', class: 'desk-button' }, 'Liste')),
    h('p', { class: 'desk-sub' }, `${d.typeLabel} · déposé le ${frDate(d.filedOn)} · `,
      h('span', { class: 'desk-badge', id: 'desk-state', 'data-state': d.state, 'data-family': stateFamily(d.state) }, d.stateLabel)),
    ...flash,
    h('section', { class: 'desk-card', 'aria-labelledby': 'deadlines-title' },
      h('h3', { id: 'deadlines-title' }, 'Délais'),
      deadlines.length ? h('ul', { class: 'desk-deadlines', id: 'desk-deadlines' }, ...deadlines.map((x) =>
        h('li', { 'data-key': x.key, 'data-day': x.day },
          h('span', {}, x.label), h('b', {}, frDate(x.day)),
          h('span', { class: 'desk-countdown', 'data-overdue': x.overdue ? 'true' : null }, x.countdown))))
        : h('p', { class: 'desk-hint', id: 'desk-deadlines' }, 'Aucun délai en cours.'),
      d.silence && d.state.startsWith('instruction') && d.tacitOn
        ? h('p', { class: 'desk-hint', id: 'desk-silence' }, `Sans décision notifiée, ${d.silence.label} le ${frDate(d.tacitOn)} (${d.silence.articles.join(', ')}).`) : null,
      d.due.length ? h('p', { class: 'desk-hint' }, `Prochaine échéance automatique : ${dueLabel(d.due[0]!.event)} le ${frDate(d.due[0]!.on)}.`) : null),
    procedureView(d),
    assignmentView(d, deps.role(), (next, note) => { deps.onChanged(); draw(root, next, deps, [note]); root.querySelector<HTMLElement>('#desk-title')?.focus(); }) ?? '',
    actionsView(d, deps.role(), submit),
    documentsView(d, deps.role()),
    h('section', { class: 'desk-card', 'aria-labelledby': 'facts-title' },
      h('h3', { id: 'facts-title' }, 'Demande'),
      h('dl', { class: 'desk-dl' },
        h('dt', {}, 'Demandeur'), h('dd', {}, applicantText),
        h('dt', {}, 'Travaux'), h('dd', {}, String(d.works?.description ?? '—')),
        d.works?.floorArea !== undefined ? [h('dt', {}, 'Surface de plancher'), h('dd', {}, `${d.works.floorArea} m²`)] : null,
        h('dt', {}, 'Parcelles'), h('dd', { id: 'desk-dossier-parcels' }, d.parcels.map((p) => parcelReference({ id: p })).join(', ')),
        h('dt', {}, 'Délai'), h('dd', {}, d.delayMonths === null ? '—' : `${d.delayMonths} mois${d.majorations.length ? ` (majoré : ${d.majorations.map((m) => m.article).join(', ')})` : ''}`),
        d.parent ? [h('dt', {}, 'Dossier parent'), h('dd', {}, h('a', { href: `#dossier/${d.parent.id}` }, d.parent.number))] : null,
        d.children.length ? [h('dt', {}, 'Dossiers liés'), h('dd', {}, ...d.children.map((c) => h('a', { href: `#dossier/${c.id}`, class: 'desk-link' }, c.number)))] : null)),
    publicationView(d, deps.role(),
      (next, note) => { deps.onChanged(); draw(root, next, deps, [note]); root.querySelector<HTMLElement>('#desk-title')?.focus(); },
      (note) => { staffApi.dossier(d.id).then((fresh) => draw(root, fresh, deps, [note])).catch(() => { /* the page stays */ }); }),
    constraintsView(d),
    timelineView(d),
    notesView(d.id, deps.role()) ?? '',
    historyView(d.id));
}

/** The procedure's legal facts (facts.ts): prolongations, inquiry report, decision, certificate, prorogations. */
function procedureView(d: Dossier): HTMLElement | string {
  const facts = factsOf(d);
  if (!facts.length) return '';
  return h('section', { class: 'desk-card', 'aria-labelledby': 'procedure-title', id: 'desk-procedure' },
    h('h3', { id: 'procedure-title' }, 'Procédure'),
    h('dl', { class: 'desk-dl' }, ...facts.flatMap((f) => [h('dt', {}, f.label),
      h('dd', { 'data-fact': f.key }, f.href ? h('a', { href: f.href, class: 'desk-link' }, f.value) : f.value)])));
}

function constraintsView(d: Dossier): HTMLElement {
  const c = d.constraints as CheckResult | null;
  const parts: HTMLElement[] = [];
  if (c && Array.isArray(c.zones)) {
    for (const desc of checkDescriptions(c)) {
      parts.push(h('div', { class: 'desk-constraint', 'data-layer': desc.layer },
        h('p', { class: 'info-kind' }, desc.kind), h('h4', {}, desc.title),
        h('dl', { class: 'desk-dl' }, ...desc.rows.flatMap((r) => [h('dt', {}, r.label), h('dd', { 'data-field': r.field ?? null }, r.value)]))));
    }
  }
  if (d.suggestedMajorations.length) {
    parts.push(h('p', { class: 'desk-suggest' }, `Majorations suggérées : ${d.suggestedMajorations.map((m) => `${m.article} (${m.mode === 'add' ? `+${m.months}` : `porté à ${m.months}`} mois)`).join(', ')} — à notifier avant le ${frDate(d.majorationLastDay)}.`));
  }
  if (d.suggestedConsultations.length) {
    parts.push(h('p', { class: 'desk-suggest' }, `Consultations suggérées : ${d.suggestedConsultations.map((s) => `${s.service} (${s.article})`).join(', ')}.`));
  }
  return h('section', { class: 'desk-card', 'aria-labelledby': 'constraints-title', id: 'desk-constraints' },
    h('h3', { id: 'constraints-title' }, 'Contraintes (contrôle au dépôt)'),
    ...(parts.length ? parts : [h('p', { class: 'desk-hint' }, 'Aucun contrôle spatial enregistré.')]));
}
