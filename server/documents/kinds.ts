// The documents of the instruction, one row each: when the dossier's state allows it (else a 409
// with a French message and a stable code), whether it carries personal data, its title, and the
// legal blocks written around its editable template. The legal blocks are code, not template: an
// admin can reword a letter, not drop an article, an appeal route or a mention the law requires.
import { frDate } from '../dossiers/dates.ts';
import { APPEALS, PERMITS, addressee, codeRef, grantedMentions, isDp, lines, noun, para, reference, signature, silenceSentence, typed } from './blocks.ts';
import { DECISIONS, decisionAfter, decisionBefore } from './decision.ts';
import type { Facts } from './facts.ts';
import { frLongDate as long, frMonths } from './typography.ts';

export const DOCUMENT_KINDS = ['recepisse', 'avis_depot', 'demande_pieces', 'majoration', 'consultation', 'arrete',
  'certificat_tacite', 'certificat_conformite'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const isDocumentKind = (k: unknown): k is DocumentKind => typeof k === 'string' && (DOCUMENT_KINDS as readonly string[]).includes(k);

type Refusal = { code: string; message: string };
export type KindRule = {
  label: string;
  /** Names the applicant with their address or contact: never given to élus. */
  personal: boolean;
  allowed: (f: Facts) => Refusal | null;
  title: (f: Facts) => string;
  /** Legal markup before the template's text, and after it. */
  before: (f: Facts) => string;
  after: (f: Facts) => string;
};

/**
 * R424-13 certifies a tacit permit or non-opposition only: the law gives no certificate of a tacit
 * refusal or rejection, so Terrier prints none and says what remains instead.
 */
function noCertificate(f: Facts): string {
  const d = f.decision;
  const base = 'aucun certificat ne peut être délivré : le code de l\'urbanisme ne prévoit de certificat que pour un permis tacite ou une non-opposition tacite (article R424-13).';
  if (!d?.tacit || d.outcome === 'granted') return `Ce dossier n'a pas fait l'objet d'une décision tacite favorable : ${base}`;
  const said = `Décision tacite née le ${frDate(d.on)} : ${d.label} (article ${d.article}) ; ${base}`;
  if (d.outcome === 'rejected') return `${said} Les pièces n'ayant pas été produites, une nouvelle demande doit être déposée (article R423-39).`;
  return `${said} L'autorité peut encore accorder l'autorisation par une décision expresse, qui abroge le refus (article L243-1 du code des relations entre le public et l'administration) ; le demandeur peut obtenir les motifs du refus en les demandant dans le délai du recours contentieux (article L232-4 du même code).`;
}

// --- the table ------------------------------------------------------------------------------------

const refuse = (code: string, message: string): Refusal => ({ code, message });

export const KINDS: Record<DocumentKind, KindRule> = {
  recepisse: {
    label: 'Récépissé de dépôt', personal: true,
    allowed: () => null,
    title: (f) => `Récépissé de dépôt n° ${f.dossier.number}`,
    before: (f) => para(addressee(f), `# Récépissé de dépôt d'une demande de ${noun(f)}`,
      `Votre dossier a été déposé le **${long(f.dossier.filedOn)}** et enregistré sous le numéro **${f.dossier.number}** (article R423-3 du code de l'urbanisme).`,
      `**Terrain :** ${f.dossier.parcels.map((p) => `parcelle ${p}`).join(', ')}, ${f.commune.nom}.`),
    after: (f) => f.delay.baseMonths === null ? para(signature(f, f.dossier.filedOn)) : para(
      '## Le délai d\'instruction',
      `Le délai d'instruction de droit commun de votre dossier est de **${frMonths(f.delay.baseMonths)}** (${codeRef([f.delay.baseArticle ?? ''])}).`,
      silenceSentence(f),
      // No completeness letter nor majoration for a type without them (a transfert): nothing may change the delay.
      f.completenessLastDay && `**Ce délai peut être modifié.** Dans le délai d'un mois à compter du dépôt, soit jusqu'au ${long(f.completenessLastDay)}, l'administration peut vous notifier par lettre recommandée que votre dossier est incomplet (articles R423-38 et R423-39) ou que le délai d'instruction est majoré (articles R423-18 et R423-42). Dans ce cas, le délai qui vous sera notifié remplacera celui indiqué ci-dessus.`,
      PERMITS.includes(f.dossier.type) && f.dossier.filedOn >= '2025-12-31'
        ? 'Lorsque le projet est soumis à évaluation environnementale, le silence gardé par l\'administration vaut décision implicite de rejet (article R424-2-1 du code de l\'urbanisme).' : null,
      f.silenceMeansRefusal.length ? `Le terrain est concerné par : ${f.silenceMeansRefusal.map((r) => `${r.reason} (article ${r.article})`).join(' ; ')}.` : null,
      `Si une décision tacite vous est acquise, un certificat la constatant vous sera délivré sur simple demande (article R424-13). Les travaux ne peuvent être entrepris avant que la décision soit acquise et affichée sur le terrain (article R424-15).`,
      signature(f, f.dossier.filedOn)),
  },
  avis_depot: {
    label: 'Avis de dépôt', personal: false,
    allowed: (f) => (PERMITS.includes(f.dossier.type) ? null
      : refuse('no_filing_notice', `Un avis de dépôt (article R423-6) n'est affiché que pour une demande de permis ou une déclaration préalable, pas pour un dossier ${f.dossier.type}.`)),
    title: (f) => `Avis de dépôt n° ${f.dossier.number}`,
    before: (f) => para(`# Avis de dépôt d'une demande de ${noun(f)}`,
      `Affiché en mairie de ${f.commune.nom} dans les quinze jours suivant le dépôt et pendant toute la durée de l'instruction (article R423-6 du code de l'urbanisme).`,
      lines(`- **Numéro :** ${f.dossier.number}`, `- **Date de dépôt :** ${long(f.dossier.filedOn)}`, `- **Demandeur :** ${f.applicant.name}`,
        `- **Nature du projet :** ${f.works.description ?? 'non précisée'}`,
        `- **Terrain :** ${f.dossier.parcels.map((p) => `parcelle ${p}`).join(', ')}, ${f.commune.nom}`,
        f.works.floorArea !== null ? `- **Surface de plancher créée :** ${f.works.floorArea} m²` : null,
        f.works.dwellings !== null ? `- **Nombre de logements :** ${f.works.dwellings}` : null)),
    after: (f) => lines(`> Affiché le ${long(f.today)}`, `> ${f.signatory.capacity}`),
  },
  demande_pieces: {
    label: 'Demande de pièces manquantes', personal: true,
    allowed: (f) => (f.completeness.requestedOn ? null
      : refuse('no_pieces_requested', 'Aucune demande de pièces n\'a été enregistrée sur ce dossier : enregistrez d\'abord l\'événement « Demande de pièces manquantes » (article R423-38).')),
    title: (f) => `Demande de pièces n° ${f.dossier.number}`,
    before: (f) => para(addressee(f), reference(f, 'demande de pièces manquantes'),
      `Lettre recommandée avec demande d'avis de réception du ${long(f.completeness.requestedOn!)}.`),
    after: (f) => para(
      '## Pièces à produire (liste exhaustive, article R423-38)',
      f.completeness.requested.map((p) => `- ${typed(p)}`).join('\n'),
      `Vous disposez d'un délai de **trois mois** à compter de la réception du présent courrier pour faire parvenir à la mairie l'intégralité des pièces manquantes (article R423-39 du code de l'urbanisme)${f.completeness.piecesLastDay ? `, soit, si ce courrier vous est présenté le ${long(f.completeness.requestedOn!)}, jusqu'au ${long(f.completeness.piecesLastDay)}` : ''}.`,
      `À défaut de production de l'ensemble des pièces dans ce délai, votre demande fera l'objet d'une **décision tacite de ${isDp(f) ? 'opposition' : 'rejet'}** (article R423-39 ${isDp(f) ? 'b' : 'a'}).`,
      'Le délai d\'instruction ne court qu\'à compter de la réception de l\'ensemble des pièces manquantes (article R423-19) ; il vous sera alors précisé.',
      signature(f, f.completeness.requestedOn)),
  },
  majoration: {
    label: 'Notification de majoration du délai', personal: true,
    allowed: (f) => (f.majorations.length ? null
      : refuse('no_majoration', 'Aucune majoration du délai n\'a été enregistrée sur ce dossier : enregistrez d\'abord l\'événement « Notification de la majoration du délai » (articles R423-18 et R423-42).')),
    title: (f) => `Majoration du délai d'instruction n° ${f.dossier.number}`,
    before: (f) => para(addressee(f), reference(f, 'majoration du délai d\'instruction')),
    after: (f) => para(
      '## Le nouveau délai (article R423-42 du code de l\'urbanisme)',
      `Le délai d'instruction de votre demande est porté à **${frMonths(f.delay.months ?? 0)}**, au lieu du délai de droit commun de ${frMonths(f.delay.baseMonths ?? 0)} (article ${f.delay.baseArticle}).`,
      `**Motifs :**\n${f.majorations.map((m) => `- ${m.label} (article ${m.article} : ${m.mode === 'set' ? `délai porté à ${frMonths(m.months)}` : `majoration de ${frMonths(m.months)}`})`).join('\n')}`,
      f.delay.startsOn
        ? `Ce délai court à compter du ${long(f.delay.startsOn)}, date de réception du dossier complet (article R423-19). Il expire le **${long(f.delay.deadline!)}**.`
        : 'Ce délai courra à compter de la réception du dossier complet (article R423-19).',
      silenceSentence(f),
      signature(f, null)),
  },
  consultation: {
    label: 'Consultation d\'un service', personal: true,
    allowed: (f) => (f.consultations.length ? null
      : refuse('no_consultation', 'Aucun service n\'a été consulté sur ce dossier : enregistrez d\'abord l\'événement « Consultation d\'un service ».')),
    title: (f) => `Consultation ${f.consultations[f.consultations.length - 1]!.service} n° ${f.dossier.number}`,
    before: (f) => {
      const c = f.consultations[f.consultations.length - 1]!;
      return para(`> ${c.service}`, reference(f, `demande d'avis sur une demande de ${noun(f)}`),
        `Demande reçue par le service le ${long(c.sentOn)}.`);
    },
    after: (f) => {
      const c = f.consultations[f.consultations.length - 1]!;
      return para(
        `Vous disposez d'un délai de **${frMonths(c.months)}** à compter de la réception de la présente demande pour faire connaître ${c.avisConforme ? 'votre accord' : 'votre avis'} (article ${c.article} du code de l'urbanisme), soit jusqu'au **${long(c.lastDay)}**. À défaut de réponse dans ce délai, ${c.avisConforme ? 'votre accord' : 'votre avis'} sera réputé favorable.`,
        c.avisConforme ? 'Votre accord est requis pour la délivrance de l\'autorisation (article L632-2 du code du patrimoine).' : null,
        f.works.description ? `**Projet :** ${f.works.description}${f.works.floorArea !== null ? ` (${f.works.floorArea} m² de surface de plancher)` : ''}.` : null,
        signature(f, null));
    },
  },
  arrete: {
    label: 'Arrêté (décision)', personal: true,
    allowed: (f) => {
      if (!f.proposal) return refuse('no_decision_proposed', 'Aucune décision n\'est proposée sur ce dossier : l\'arrêté est produit une fois la décision proposée par l\'instructeur.');
      // After a tacit refusal, the express grant proposed has its arrêté, which abrogates the refusal (L243-1 CRPA).
      if (f.decision?.tacit && !f.abrogatedTacitRefusal) {
        return refuse('decision_tacit', `La décision est tacite (née le ${frDate(f.decision.on)}) : aucun arrêté n'est pris ; ${f.decision.outcome === 'granted' ? 'demandez le certificat de décision tacite (article R424-13).'
          : f.decision.outcome === 'refused' ? 'seule une décision expresse d\'accord peut la suivre, qui abroge le refus (article L243-1 du code des relations entre le public et l\'administration).'
            : 'une nouvelle demande doit être déposée (article R423-39).'}`);
      }
      if (DECISIONS[f.decisionKind!].motifs && !f.proposal.motifs && !f.proposal.prescriptions) {
        return refuse('motifs_missing', 'La décision proposée doit être motivée : chaque motif de refus ou d\'opposition et chaque prescription doit être énoncé (article L424-3). Proposez-la de nouveau avec ses motifs.');
      }
      return null;
    },
    title: (f) => `Arrêté n° ${f.dossier.number} ${DECISIONS[f.decisionKind!].title(f)}`,
    before: (f) => para(`# Arrêté n° ${f.dossier.number}`, `### ${DECISIONS[f.decisionKind!].title(f)}`, decisionBefore(f)),
    after: decisionAfter,
  },
  certificat_tacite: {
    label: 'Certificat de décision tacite', personal: true,
    allowed: (f) => (f.decision?.tacit && f.decision.outcome === 'granted' ? null : refuse('no_tacit_decision', noCertificate(f))),
    title: (f) => `Certificat de ${f.silence.label} n° ${f.dossier.number}`,
    before: (f) => para(addressee(f), `# Certificat de ${f.decision!.label || f.silence.label}`, `### ${f.signatory.capacity} de ${f.commune.nom}`,
      `certifie qu'aucune décision expresse n'a été notifiée dans le délai d'instruction de la demande n° **${f.dossier.number}** déposée le ${long(f.dossier.filedOn)} par ${f.applicant.name}, et que le demandeur bénéficie en conséquence d'une **décision tacite** née le **${long(f.decision!.on)}** (articles ${f.decision!.article} et R424-13 du code de l'urbanisme).`),
    after: (f) => para(signature(f, f.today), grantedMentions(f, true), APPEALS),
  },
  certificat_conformite: {
    label: 'Certificat de non-contestation de la conformité', personal: true,
    allowed: (f) => (f.dossier.type === 'DAACT' && f.conformity && !f.conformity.contested ? null
      : refuse('no_conformity', 'La conformité des travaux n\'est pas acquise sur ce dossier : le certificat de non-contestation (article R462-10) ne peut être délivré.')),
    title: (f) => `Certificat de non-contestation de la conformité n° ${f.dossier.number}`,
    before: (f) => para(addressee(f), '# Certificat de non-contestation de la conformité des travaux', `### ${f.signatory.capacity} de ${f.commune.nom}`,
      `certifie que la conformité des travaux déclarés achevés le ${long(f.dossier.filedOn)} (déclaration n° **${f.dossier.number}**) n'a pas été contestée${f.conformity!.tacit ? ' dans le délai prévu à l\'article R462-6 du code de l\'urbanisme' : ''} (article R462-10).`),
    after: (f) => para(signature(f, f.today), APPEALS),
  },
};

/** The kinds this dossier allows now, each with the reason when it does not. */
export const kindsFor = (f: Facts) => DOCUMENT_KINDS.map((kind) => {
  const refusal = KINDS[kind].allowed(f);
  return { kind, label: KINDS[kind].label, allowed: !refusal, reason: refusal?.message ?? null, personal: KINDS[kind].personal };
});
