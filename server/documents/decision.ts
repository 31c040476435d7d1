// The arrêté: its title and first article per decision (accord, refus, sursis, DP, CU), the visas,
// the motifs (L424-3) and what follows the signature.
import { frDate } from '../dossiers/dates.ts';
import type { DecisionKind } from '../dossiers/rules.ts';
import { APPEALS, PREFET, articles, grantedMentions, lines, noun, para, signature, typed } from './blocks.ts';
import type { Facts } from './facts.ts';
import { frLongDate as long, frMonths } from './typography.ts';

export const DECISIONS: Record<DecisionKind, { title: (f: Facts) => string; article1: (f: Facts) => string; motifs: boolean; granted: boolean }> = {
  accord: { title: (f) => `accordant un ${noun(f)}`, motifs: false, granted: true,
    article1: (f) => `Le ${noun(f)} est **ACCORDÉ** pour le projet décrit dans la demande susvisée.` },
  accord_prescriptions: { title: (f) => `accordant un ${noun(f)} avec prescriptions`, motifs: true, granted: true,
    article1: (f) => `Le ${noun(f)} est **ACCORDÉ** pour le projet décrit dans la demande susvisée, sous réserve du respect des prescriptions mentionnées à l'article 2.` },
  refus: { title: (f) => `refusant un ${noun(f)}`, motifs: true, granted: false,
    article1: (f) => `Le ${noun(f)} est **REFUSÉ** pour les motifs exposés ci-dessus.` },
  sursis: { title: (f) => `de sursis à statuer sur une demande de ${noun(f)}`, motifs: true, granted: false,
    article1: () => 'Il est **SURSIS À STATUER** sur la demande susvisée, pour les motifs exposés ci-dessus, pour une durée qui ne peut excéder deux ans (article L424-1 du code de l\'urbanisme). À l\'expiration du sursis, le demandeur peut confirmer sa demande dans le délai de deux mois ; une décision doit alors lui être notifiée dans les deux mois suivant cette confirmation.' },
  non_opposition: { title: () => 'de non-opposition à une déclaration préalable', motifs: false, granted: true,
    article1: () => 'Il n\'est **PAS FAIT OPPOSITION** à la déclaration préalable susvisée.' },
  non_opposition_prescriptions: { title: () => 'de non-opposition avec prescriptions à une déclaration préalable', motifs: true, granted: true,
    article1: () => 'Il n\'est **PAS FAIT OPPOSITION** à la déclaration préalable susvisée, sous réserve du respect des prescriptions mentionnées à l\'article 2.' },
  opposition: { title: () => 'd\'opposition à une déclaration préalable', motifs: true, granted: false,
    article1: () => 'Il est fait **OPPOSITION** à la déclaration préalable susvisée pour les motifs exposés ci-dessus.' },
  cu_information: { title: () => 'délivrant un certificat d\'urbanisme d\'information', motifs: false, granted: true,
    article1: () => 'Le certificat d\'urbanisme est **DÉLIVRÉ**. Les dispositions d\'urbanisme, les limitations administratives au droit de propriété et les taxes applicables au terrain sont celles énoncées ci-dessus (article L410-1 a du code de l\'urbanisme).' },
  cu_positif: { title: () => 'délivrant un certificat d\'urbanisme opérationnel', motifs: false, granted: true,
    article1: () => 'Le terrain **PEUT ÊTRE UTILISÉ** pour la réalisation de l\'opération envisagée (article L410-1 b du code de l\'urbanisme).' },
  cu_negatif: { title: () => 'délivrant un certificat d\'urbanisme opérationnel négatif', motifs: true, granted: true,
    article1: () => 'Le terrain **NE PEUT PAS ÊTRE UTILISÉ** pour la réalisation de l\'opération envisagée, pour les motifs exposés ci-dessus (article L410-1 b du code de l\'urbanisme).' },
};

export function visas(f: Facts): string {
  const opinion = (o: string | null) => ({ favorable: 'favorable', favorable_prescriptions: 'favorable avec prescriptions', defavorable: 'défavorable' } as Record<string, string>)[o ?? ''] ?? 'sans réponse';
  return lines(
    `- Vu la demande de ${noun(f)} présentée le ${long(f.dossier.filedOn)} par ${f.applicant.name}, enregistrée sous le n° ${f.dossier.number}${f.works.description ? `, portant sur : ${f.works.description}` : ''} ;`,
    `- Vu le terrain objet de la demande : ${f.dossier.parcels.map((p) => `parcelle ${p}`).join(', ')}, ${f.commune.nom} ;`,
    '- Vu le code de l\'urbanisme, notamment ses articles L421-1 et suivants, L424-1 et suivants et R421-1 et suivants ;',
    ...f.plu.map((d) => `- Vu le ${d.typedoc} de ${f.commune.nom}${d.approvedOn ? ` approuvé le ${long(d.approvedOn)}` : ''} (${d.idurba})${f.zones.length ? `, zone${f.zones.length > 1 ? 's' : ''} ${[...new Set(f.zones.map((z) => z.libelle))].join(', ')}` : ''} ;`),
    ...f.servitudes.map((s) => `- Vu la servitude d'utilité publique ${s.categorie ?? ''} « ${s.nom ?? 'sans nom'} »${s.gestionnaire ? ` (gestionnaire : ${s.gestionnaire})` : ''} ;`),
    ...f.majorations.map((m) => `- Vu la majoration du délai d'instruction notifiée au titre de l'article ${m.article} (${m.label}) ;`),
    f.completeness.received.length ? `- Vu les pièces complémentaires reçues le ${f.completeness.received.map((r) => long(r.on)).join(', ')} ;` : null,
    ...f.consultations.map((c) => `- Vu l'avis ${c.tacit ? 'tacite ' : ''}${opinion(c.opinion)} de ${c.service}${c.opinionOn ? ` du ${long(c.opinionOn)}` : ''}${c.prescriptions ? ` (« ${c.prescriptions} »)` : ''} ;`),
    abrogationVisas(f),
  );
}

// --- an express grant after a tacit refusal (L243-1 CRPA) -------------------------------------------
// The refusal creates no rights: the authority may abrogate it at any time, for any reason; the
// arrêté says which refusal it abrogates, the day it arose and the article the dossier recorded.

/** 'le refus tacite né le 06/04/2026 sur la demande susvisée (article R424-2-1 du code de l'urbanisme)', and its gender. */
function tacitRefusalOf(f: Facts): { said: string; e: string } | null {
  const r = f.abrogatedTacitRefusal;
  if (!r) return null;
  const opposition = r.label.startsWith('opposition');
  return {
    said: `${opposition ? 'l\'opposition tacite' : 'le refus tacite'} né${opposition ? 'e' : ''} le ${frDate(r.on)} sur la demande susvisée (${articles(r.article.split(/,\s*/))} du code de l'urbanisme)`,
    e: opposition ? 'e' : '',
  };
}
const CRPA_L243_1 = 'article L243-1 du code des relations entre le public et l\'administration';

function abrogationVisas(f: Facts): string | null {
  const r = tacitRefusalOf(f);
  return r && lines(`- Vu ${r.said} ;`, '- Vu le code des relations entre le public et l\'administration, notamment son article L243-1 ;');
}
function abrogationConsiderant(f: Facts): string | null {
  const r = tacitRefusalOf(f);
  return r && `- Considérant que ${r.said} ne crée pas de droits et peut, pour tout motif et sans condition de délai, être abrogé${r.e} (${CRPA_L243_1}) ; que le présent arrêté l'abroge ;`;
}
function abrogationArticle(f: Facts): string {
  const r = tacitRefusalOf(f);
  return r ? ` ${r.said.replace(/^l/, 'L')} est **ABROGÉ${r.e.toUpperCase()}** (${CRPA_L243_1}).` : '';
}

export function decisionBefore(f: Facts): string {
  const kind = f.decisionKind!;
  const p = f.proposal;
  const considerants = p?.motifs && !['accord', 'non_opposition', 'cu_information', 'cu_positif'].includes(kind)
    ? para('## Motifs', typed(p.motifs).split('\n').map((m) => `- Considérant que ${m.replace(/^considérant que\s*/i, '')}`).join('\n'))
    : null;
  return para(
    `### ${f.signatory.capacity} de ${f.commune.nom},`,
    visas(f),
    abrogationConsiderant(f),
    considerants,
  );
}

export function decisionAfter(f: Facts): string {
  const kind = f.decisionKind!;
  const d = DECISIONS[kind];
  const prescriptions = [f.proposal?.prescriptions, ...f.consultations.filter((c) => c.prescriptions).map((c) => `${c.service} : ${c.prescriptions}`)]
    .filter((x): x is string => !!x);
  const withPrescriptions = kind === 'accord_prescriptions' || kind === 'non_opposition_prescriptions';
  // The template's own considérants come before this: the decision starts at ARRÊTE.
  return para(
    '### ARRÊTE',
    `**Article 1.** ${d.article1(f)}${abrogationArticle(f)}`,
    withPrescriptions ? para('**Article 2.** Le bénéficiaire respectera les prescriptions suivantes (article L424-3 du code de l\'urbanisme) :', prescriptions.map((p) => typed(p).split('\n').map((l) => `- ${l}`).join('\n')).join('\n')) : null,
    `**Article ${withPrescriptions ? 3 : 2}.** ${d.granted && f.validity ? `La présente décision est valable ${f.validity.months % 12 === 0 ? `${['', 'un an', 'deux ans', 'trois ans', 'quatre ans', 'cinq ans'][f.validity.months / 12] ?? `${f.validity.months / 12} ans`}` : frMonths(f.validity.months)} à compter de sa notification (article ${f.validity.article}).` : 'La présente décision sera notifiée au demandeur par lettre recommandée avec demande d\'avis de réception (article R424-10).'}`,
    signature(f, f.signedOn),
    PREFET,
    d.granted && !kind.startsWith('cu_') ? grantedMentions(f, false) : null,
    kind.startsWith('cu_') ? `**Validité.** Le certificat d'urbanisme a une durée de validité de dix-huit mois ; il peut être prorogé par périodes d'une année (articles L410-1 et R410-17).` : null,
    APPEALS,
  );
}
