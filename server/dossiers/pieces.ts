// The pieces the Code de l'urbanisme lists for each application, as numbered on the CERFA forms'
// bordereaux (PC1…, PCMI1…, DP1…, PA1…, PD1…), with their article. Only these may be asked for: a
// request for a piece the code does not list does not suspend the delay (R423-41, R431-4; CE 9 Dec
// 2022 n°454521). The lists hold the pieces every application of the type may need; a piece of a
// particular case (lotissement, ERP, étude d'impact…) is added here, as one line of data.
import type { DossierType } from './rules.ts';

export type Piece = { code: string; label: string; article: string };

const p = (code: string, label: string, article: string): Piece => ({ code, label, article });

const SITUATION = 'Plan de situation du terrain';
const PROCHE = "Photographie permettant de situer le terrain dans l'environnement proche";
const LOINTAIN = 'Photographie permettant de situer le terrain dans le paysage lointain';

const PC: readonly Piece[] = [
  p('PC1', SITUATION, 'R431-7 a'),
  p('PC2', 'Plan de masse des constructions à édifier ou à modifier', 'R431-9'),
  p('PC3', 'Plan en coupe du terrain et de la construction', 'R431-10 b'),
  p('PC4', 'Notice décrivant le terrain et présentant le projet', 'R431-8'),
  p('PC5', 'Plan des façades et des toitures', 'R431-10 a'),
  p('PC6', "Document graphique permettant d'apprécier l'insertion du projet de construction dans son environnement", 'R431-10 c'),
  p('PC7', PROCHE, 'R431-10 d'),
  p('PC8', LOINTAIN, 'R431-10 d'),
  p('PC11', "Étude d'impact ou décision de l'autorité environnementale dispensant le projet d'évaluation environnementale", 'R431-16 a'),
];

const PCMI: readonly Piece[] = PC.filter((x) => Number(x.code.slice(2)) <= 8).map((x) => ({ ...x, code: `PCMI${x.code.slice(2)}` }));

const DP: readonly Piece[] = [
  p('DP1', SITUATION, 'R431-36 a'),
  p('DP2', 'Plan de masse coté dans les trois dimensions', 'R431-36 b'),
  p('DP3', 'Plan en coupe précisant l’implantation de la construction par rapport au profil du terrain', 'R431-36 b'),
  p('DP4', 'Plan des façades et des toitures', 'R431-36 c'),
  p('DP5', "Représentation de l'aspect extérieur de la construction", 'R431-36 c'),
  p('DP6', "Document graphique permettant d'apprécier l'insertion du projet dans son environnement", 'R431-36 c'),
  p('DP7', PROCHE, 'R431-36 c'),
  p('DP8', LOINTAIN, 'R431-36 c'),
  // DP9, DP10: the pieces of a division or aménagement declared (R441-10), not of a construction (R431-36).
  p('DP9', 'Plan sommaire des lieux indiquant les bâtiments de toute nature existant sur le terrain', 'R441-10 b'),
  p('DP10', 'Croquis et plan coté dans les trois dimensions du projet de division', 'R441-10 c'),
  p('DP11', 'Notice précisant les matériaux utilisés et les modalités d’exécution des travaux', 'R431-14, R431-36'),
];

const PA: readonly Piece[] = [
  p('PA1', SITUATION, 'R441-2 a'),
  p('PA2', 'Notice décrivant le terrain et le projet d’aménagement', 'R441-3'),
  p('PA3', "Plan de l'état actuel du terrain à aménager et de ses abords", 'R441-4 1°'),
  p('PA4', 'Plan de composition d’ensemble du projet coté dans les trois dimensions', 'R441-4 2°'),
  p('PA5', 'Deux vues et coupes faisant apparaître la situation du projet dans le profil du terrain naturel', 'R442-5 a'),
  p('PA6', PROCHE, 'R442-5 b'),
  p('PA7', LOINTAIN, 'R442-5 b'),
  p('PA8', 'Programme et plans des travaux d’équipement', 'R442-5 c'),
  p('PA9', 'Document graphique faisant apparaître une ou plusieurs hypothèses d’implantation des bâtiments', 'R442-5 d'),
  p('PA10', 'Projet de règlement, s’il est envisagé d’apporter des compléments aux règles d’urbanisme', 'R442-6 a'),
];

const PD: readonly Piece[] = [
  p('PD1', SITUATION, 'R451-2 a'),
  p('PD2', 'Plan de masse des constructions à démolir ou, s’il y a lieu, à conserver', 'R451-2 b'),
  p('PD3', 'Photographie du ou des bâtiments à démolir', 'R451-2 c'),
  p('PD4', 'Notice expliquant les raisons de la démolition (immeuble protégé, site patrimonial remarquable)', 'R451-3, R451-4'),
];

/** The listed pieces by type; a modificatif may ask for the pieces of the permits it modifies. */
export const PIECES: Partial<Record<DossierType, readonly Piece[]>> = {
  PC, PCMI, DP, PA, PD, modificatif: [...PC, ...PCMI, ...PA],
};

const CODE = /^\s*(PCMI|PC|DP|PA|PD)\s*[-_.]?\s*0*(\d{1,2})(?![\d-])/i;

/** The code a piece is written with: 'pc 02', 'PC-2', 'PC2 notice' → 'PC2'; null when it starts with none. */
export function pieceCode(s: string): string | null {
  const m = CODE.exec(s);
  return m ? `${m[1]!.toUpperCase()}${m[2]}` : null;
}

/** The listed piece a request names, by the code it starts with. */
export function findPiece(type: DossierType, s: string): Piece | undefined {
  const code = pieceCode(s);
  return code ? PIECES[type]?.find((x) => x.code === code) : undefined;
}

/** Do two pieces as written name the same piece (same code, or the same text)? */
export const samePiece = (a: string, b: string): boolean => {
  const [ca, cb] = [pieceCode(a), pieceCode(b)];
  return ca !== null && cb !== null ? ca === cb : a.trim().toLowerCase() === b.trim().toLowerCase();
};

/** The pieces of a request, as written, split into those the code lists for the type (one per code) and the others. */
export function splitPieces(type: DossierType, asked: readonly string[]): { listed: string[]; unlisted: string[] } {
  const listed: string[] = [];
  const unlisted: string[] = [];
  for (const a of asked) {
    if (!findPiece(type, a)) unlisted.push(a);
    else if (!listed.some((l) => samePiece(l, a))) listed.push(a);
  }
  return { listed, unlisted };
}
