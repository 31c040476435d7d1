// The documents of the instruction, one row each: when the dossier's state allows it (else a 409
// with a French message and a stable code), whether it carries personal data, its title, and the
// legal blocks written around its editable template. The legal blocks are code, not template: an
// admin can reword a letter, not drop an article, an appeal route or a mention the law requires.
import { frDate } from '../dossiers/dates.ts';
import type { DecisionKind } from '../dossiers/rules.ts';
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

const PERMITS = ['PC', 'PCMI', 'DP', 'PA', 'PD', 'modificatif'];
const lines = (...xs: (string | null | false | undefined)[]) => xs.filter((x) => typeof x === 'string').join('\n');
const para = (...xs: (string | null | false | undefined)[]) => xs.filter((x) => typeof x === 'string').join('\n\n');
const articles = (xs: string[]) => (xs.length > 1 ? `articles ${xs.slice(0, -1).join(', ')} et ${xs[xs.length - 1]}` : `article ${xs[0]}`);
/** Text an instructeur typed, kept from being read as markup. */
const typed = (s: string) => s.split(/\r?\n/).map((l) => l.trim().replace(/^(#{1,3}|>|-)\s/, '$1\u00a0').replace(/\*\*/g, '*')).filter(Boolean).join('\n');
const isDp = (f: Facts) => f.dossier.type === 'DP';
const noun = (f: Facts) => f.dossier.typeLabel.toLowerCase();

// --- shared blocks ------------------------------------------------------------------------------

const addressee = (f: Facts) => lines(`> ${f.applicant.name}`, f.applicant.address && `> ${f.applicant.address}`);
const reference = (f: Facts, object: string) => para(
  `**Objet :** ${object}`, `**Dossier n° ${f.dossier.number}** déposé le ${long(f.dossier.filedOn)}`,
  `**Terrain :** ${f.dossier.parcels.map((p) => `parcelle ${p}`).join(', ')}, ${f.commune.nom}`);

function silenceSentence(f: Facts): string {
  const d = f.delay;
  if (!d.deadline || !d.tacitOn) return 'Le délai d\'instruction courra à compter de la réception du dossier complet (article R423-19 du code de l\'urbanisme).';
  if (f.silence.meaning === 'refus') {
    return `Si aucune décision ne vous a été notifiée au plus tard le ${long(d.deadline)}, le silence gardé par l'administration vaudra **décision implicite de ${isDp(f) ? 'opposition' : 'refus'}** à compter du ${long(d.tacitOn)} (${articles(f.silence.articles)} du code de l'urbanisme).`;
  }
  return `Si aucune décision ne vous a été notifiée au plus tard le ${long(d.deadline)}, vous bénéficierez d'un **${f.silence.label}** à compter du ${long(d.tacitOn)} (${articles(f.silence.articles)} du code de l'urbanisme).`;
}

/** CRPA L212-1: the signature, with the signatory's first name, name and capacity. */
function signature(f: Facts, on: string | null): string {
  return lines(
    `> Fait à ${f.commune.nom}, le ${long(on ?? f.today)}`,
    `> ${f.signatory.capacity},`,
    `> ${f.signatory.name ?? '(prénom et nom du signataire)'}`,
    !on && '> Projet non signé',
  );
}

/** CJA R421-1, R421-5: the appeal routes and their delays. */
const APPEALS = para(
  '## Délais et voies de recours',
  'Le destinataire de la présente décision qui désire la contester peut saisir le tribunal administratif compétent d\'un recours contentieux dans les **deux mois** à partir de sa notification (articles R421-1 et R421-5 du code de justice administrative). Il peut également saisir l\'autorité signataire d\'un recours gracieux ; cette démarche prolonge le délai du recours contentieux, qui doit alors être introduit dans les deux mois suivant la réponse (l\'absence de réponse au terme de deux mois vaut rejet implicite). Le tribunal administratif peut être saisi par l\'application « Télérecours citoyens » (www.telerecours.fr).',
);

function grantedMentions(f: Facts, tacit: boolean): string {
  return para(
    '## Mentions à l\'intention du bénéficiaire',
    `**Affichage.** Mention ${tacit ? 'de l\'autorisation tacite' : 'du présent arrêté'} doit être affichée sur le terrain par le bénéficiaire, de manière visible de l'extérieur, dès ${tacit ? 'la date à laquelle elle est acquise' : 'sa notification'} et pendant toute la durée du chantier (article R424-15 du code de l'urbanisme, articles A424-15 à A424-19). Elle est également affichée en mairie pendant deux mois.`,
    `**Validité.** L'autorisation est périmée si les travaux ne sont pas entrepris dans le délai de **trois ans** à compter de ${tacit ? 'la date à laquelle elle est acquise' : 'sa notification'}${f.validityEnd ? `, soit le ${long(f.validityEnd)},` : ''} ou si, passé ce délai, les travaux sont interrompus pendant plus d'un an (article R424-17). Elle peut être prorogée deux fois pour une année, sur demande présentée deux mois au moins avant l'expiration du délai de validité (articles R424-21 et R424-22).`,
    '**Recours des tiers.** L\'autorisation peut faire l\'objet d\'un recours contentieux par les tiers dans le délai de deux mois à compter du premier jour d\'une période continue de deux mois d\'affichage sur le terrain (article R600-2). L\'auteur d\'un recours, gracieux ou contentieux, doit, à peine d\'irrecevabilité, le notifier à l\'auteur de la décision et au bénéficiaire dans un délai de quinze jours francs à compter de son dépôt (article R600-1).',
    '**Retrait.** L\'autorisation, si elle est illégale, peut être retirée dans le délai de trois mois suivant la date de la décision (article L424-5).',
    '**Droits des tiers.** L\'autorisation est délivrée sous réserve du droit des tiers. Les travaux ne peuvent commencer qu\'après l\'affichage et, le cas échéant, la transmission au préfet. La déclaration d\'ouverture de chantier (article R424-16) puis la déclaration attestant l\'achèvement et la conformité des travaux (article R462-1) sont adressées à la mairie.',
  );
}

/** CGCT L2131-1, L2131-2: a decision taken in the commune's name is enforceable once sent to the préfet. */
const PREFET = 'La présente décision est transmise au représentant de l\'État dans les conditions prévues aux articles L2131-1 et L2131-2 du code général des collectivités territoriales. Date de transmission : ……………………';

// --- the decision ---------------------------------------------------------------------------------

const DECISIONS: Record<DecisionKind, { title: (f: Facts) => string; article1: (f: Facts) => string; motifs: boolean; granted: boolean }> = {
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

function visas(f: Facts): string {
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
  );
}

function decisionBefore(f: Facts): string {
  const kind = f.decisionKind!;
  const p = f.proposal;
  const considerants = p?.motifs && !['accord', 'non_opposition', 'cu_information', 'cu_positif'].includes(kind)
    ? para('## Motifs', typed(p.motifs).split('\n').map((m) => `- Considérant que ${m.replace(/^considérant que\s*/i, '')}`).join('\n'))
    : null;
  return para(
    `### ${f.signatory.capacity} de ${f.commune.nom},`,
    visas(f),
    considerants,
  );
}

function decisionAfter(f: Facts): string {
  const kind = f.decisionKind!;
  const d = DECISIONS[kind];
  const prescriptions = [f.proposal?.prescriptions, ...f.consultations.filter((c) => c.prescriptions).map((c) => `${c.service} : ${c.prescriptions}`)]
    .filter((x): x is string => !!x);
  const withPrescriptions = kind === 'accord_prescriptions' || kind === 'non_opposition_prescriptions';
  // The template's own considérants come before this: the decision starts at ARRÊTE.
  return para(
    '### ARRÊTE',
    `**Article 1.** ${d.article1(f)}`,
    withPrescriptions ? para('**Article 2.** Le bénéficiaire respectera les prescriptions suivantes (article L424-3 du code de l\'urbanisme) :', prescriptions.map((p) => typed(p).split('\n').map((l) => `- ${l}`).join('\n')).join('\n')) : null,
    `**Article ${withPrescriptions ? 3 : 2}.** ${d.granted && f.validity ? `La présente décision est valable ${f.validity.months % 12 === 0 ? `${['', 'un an', 'deux ans', 'trois ans', 'quatre ans', 'cinq ans'][f.validity.months / 12] ?? `${f.validity.months / 12} ans`}` : frMonths(f.validity.months)} à compter de sa notification (article ${f.validity.article}).` : 'La présente décision sera notifiée au demandeur par lettre recommandée avec demande d\'avis de réception (article R424-10).'}`,
    signature(f, f.signedOn),
    PREFET,
    d.granted && !kind.startsWith('cu_') ? grantedMentions(f, false) : null,
    kind.startsWith('cu_') ? `**Validité.** Le certificat d'urbanisme a une durée de validité de dix-huit mois ; il peut être prorogé par périodes d'une année (articles L410-1 et R410-17).` : null,
    APPEALS,
  );
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
      `Le délai d'instruction de droit commun de votre dossier est de **${frMonths(f.delay.baseMonths)}** (article ${f.delay.baseArticle} du code de l'urbanisme).`,
      silenceSentence(f),
      `**Ce délai peut être modifié.** Dans le délai d'un mois à compter du dépôt, soit jusqu'au ${long(f.completenessLastDay ?? f.dossier.filedOn)}, l'administration peut vous notifier par lettre recommandée que votre dossier est incomplet (articles R423-38 et R423-39) ou que le délai d'instruction est majoré (articles R423-18 et R423-42). Dans ce cas, le délai qui vous sera notifié remplacera celui indiqué ci-dessus.`,
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
      if (f.decision?.tacit) return refuse('decision_tacit', `La décision est tacite (née le ${frDate(f.decision.on)}) : aucun arrêté n'est pris ; demandez le certificat de décision tacite (article R424-13).`);
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
    allowed: (f) => (f.decision?.tacit && f.decision.outcome === 'granted' ? null
      : refuse('no_tacit_decision', 'Ce dossier n\'a pas fait l\'objet d\'une décision tacite favorable : aucun certificat ne peut être délivré (article R424-13).')),
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
