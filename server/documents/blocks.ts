// The legal blocks the documents share (kinds.ts, decision.ts): signature (CRPA L212-1), appeal
// routes (CJA R421-1, R421-5), the mentions of a granted permit, what silence will mean. Code, not
// template: an admin rewords the letters, not these.
import type { Facts } from './facts.ts';
import { frLongDate as long } from './typography.ts';
export const PERMITS = ['PC', 'PCMI', 'DP', 'PA', 'PD', 'modificatif'];
export const lines = (...xs: (string | null | false | undefined)[]) => xs.filter((x) => typeof x === 'string').join('\n');
export const para = (...xs: (string | null | false | undefined)[]) => xs.filter((x) => typeof x === 'string').join('\n\n');
export const articles = (xs: string[]) => (xs.length > 1 ? `articles ${xs.slice(0, -1).join(', ')} et ${xs[xs.length - 1]}` : `article ${xs[0]}`);
/**
 * 'article R423-23 c du code de l'urbanisme'; a rule no article states (the transfert's delay and
 * silence, rules.ts) reads 'pratique administrative (…)', never 'article pratique administrative'.
 */
export const codeRef = (xs: string[]) => (xs.some((x) => x.startsWith('pratique')) ? xs.join(', ') : `${articles(xs)} du code de l'urbanisme`);
/** Text an instructeur typed, kept from being read as markup. */
export const typed = (s: string) => s.split(/\r?\n/).map((l) => l.trim().replace(/^(#{1,3}|>|-)\s/, '$1\u00a0').replace(/\*\*/g, '*')).filter(Boolean).join('\n');
export const isDp = (f: Facts) => f.dossier.type === 'DP';
export const noun = (f: Facts) => f.dossier.typeLabel.toLowerCase();

// --- shared blocks ------------------------------------------------------------------------------

export const addressee = (f: Facts) => lines(`> ${f.applicant.name}`, f.applicant.address && `> ${f.applicant.address}`);
export const reference = (f: Facts, object: string) => para(
  `**Objet :** ${object}`, `**Dossier n° ${f.dossier.number}** déposé le ${long(f.dossier.filedOn)}`,
  `**Terrain :** ${f.dossier.parcels.map((p) => `parcelle ${p}`).join(', ')}, ${f.commune.nom}`);

export function silenceSentence(f: Facts): string {
  const d = f.delay;
  if (!d.deadline || !d.tacitOn) return 'Le délai d\'instruction courra à compter de la réception du dossier complet (article R423-19 du code de l\'urbanisme).';
  if (f.silence.meaning === 'refus') {
    return `Si aucune décision ne vous a été notifiée au plus tard le ${long(d.deadline)}, le silence gardé par l'administration vaudra **décision implicite de ${isDp(f) ? 'opposition' : 'refus'}** à compter du ${long(d.tacitOn)} (${codeRef(f.silence.articles)}).`;
  }
  return `Si aucune décision ne vous a été notifiée au plus tard le ${long(d.deadline)}, vous bénéficierez d'un **${f.silence.label}** à compter du ${long(d.tacitOn)} (${codeRef(f.silence.articles)}).`;
}

/** CRPA L212-1: the signature, with the signatory's first name, name and capacity. */
export function signature(f: Facts, on: string | null): string {
  return lines(
    `> Fait à ${f.commune.nom}, le ${long(on ?? f.today)}`,
    `> ${f.signatory.capacity},`,
    `> ${f.signatory.name ?? '(prénom et nom du signataire)'}`,
    !on && '> Projet non signé',
  );
}

/** CJA R421-1, R421-5: the appeal routes and their delays. */
export const APPEALS = para(
  '## Délais et voies de recours',
  'Le destinataire de la présente décision qui désire la contester peut saisir le tribunal administratif compétent d\'un recours contentieux dans les **deux mois** à partir de sa notification (articles R421-1 et R421-5 du code de justice administrative). Il peut également saisir l\'autorité signataire d\'un recours gracieux ; cette démarche prolonge le délai du recours contentieux, qui doit alors être introduit dans les deux mois suivant la réponse (l\'absence de réponse au terme de deux mois vaut rejet implicite). Le tribunal administratif peut être saisi par l\'application « Télérecours citoyens » (www.telerecours.fr).',
);

export function grantedMentions(f: Facts, tacit: boolean): string {
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
export const PREFET = 'La présente décision est transmise au représentant de l\'État dans les conditions prévues aux articles L2131-1 et L2131-2 du code général des collectivités territoriales. Date de transmission : ……………………';
