// The CERFA essentials a filing carries beyond the applicant and the works (input.ts): the land
// (address, area), the pieces filed (from the CERFA bordereau of the type, pieces.ts), the architect,
// and whether the dossier is imported from an earlier system. Kept in the dossier's `works` (jsonb):
// neither the élus' projection nor the public one (migration 013) reads these keys.
import { badRequest } from '../errors.ts';
import { addYears, frDate, type LegalDate } from './dates.ts';
import { PIECES, pieceCode } from './pieces.ts';
import type { DossierType } from './rules.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

export type Land = { address?: { street?: string; postcode?: string; city?: string }; area?: number };
export type Architect = { lastName: string; firstName?: string; registration?: string };
export type CerfaInput = { land?: Land; piecesFiled?: string[]; architect?: Architect; imported: boolean };

/** The keys of a filing body read here. */
export const CERFA_KEYS = ['land', 'pieces', 'architect', 'imported'] as const;

function text(o: Obj, key: string, where: string, max = 200, required = false): string | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') {
    if (required) throw badRequest('field_required', `Le champ « ${where}.${key} » est obligatoire.`);
    return undefined;
  }
  if (typeof v !== 'string' || !v.trim()) throw badRequest('field_not_text', `Le champ « ${where}.${key} » doit être un texte non vide.`);
  if (v.trim().length > max) throw badRequest('field_too_long', `Le champ « ${where}.${key} » est trop long : ${max} caractères au plus.`);
  return v.trim();
}

function keys(o: Obj, allowed: readonly string[], where: string): void {
  const extra = Object.keys(o).filter((k) => !allowed.includes(k));
  if (extra.length) throw badRequest('field_unknown', `Champ inconnu : ${extra.map((k) => `« ${where}.${k} »`).join(', ')}. Champs admis : ${allowed.join(', ')}.`);
}

function land(v: unknown): Land | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) throw badRequest('land_invalid', '« land » (le terrain) doit être un objet { address: { street, postcode, city }, area? }.');
  keys(v, ['address', 'area'], 'land');
  let address: Land['address'];
  if (v.address !== undefined && v.address !== null) {
    if (!isObj(v.address)) throw badRequest('address_invalid', 'Le champ « land.address » doit être un objet { street, postcode, city }.');
    keys(v.address, ['street', 'postcode', 'city'], 'land.address');
    address = { street: text(v.address, 'street', 'land.address'), postcode: text(v.address, 'postcode', 'land.address', 10), city: text(v.address, 'city', 'land.address') };
  }
  const area = v.area;
  if (area !== undefined && area !== null && (typeof area !== 'number' || !Number.isFinite(area) || area <= 0 || area > 1e9)) {
    throw badRequest('field_not_number', 'Le champ « land.area » (superficie du terrain, m²) doit être un nombre positif.');
  }
  return { ...(address ? { address } : {}), ...(typeof area === 'number' ? { area } : {}) };
}

function pieces(v: unknown, type: DossierType): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  const listed = PIECES[type];
  if (!Array.isArray(v) || !v.every((p) => typeof p === 'string')) throw badRequest('pieces_invalid', '« pieces » (les pièces déposées) doit être une liste de codes du bordereau, par exemple ["PC1", "PC2"].');
  if (!listed) throw badRequest('pieces_not_applicable', `Un dossier ${type} n’a pas de bordereau de pièces dans Terrier : retirez « pieces ».`);
  const codes = [...new Set(v.map((p: string) => pieceCode(p) ?? p.trim()))];
  const unknown = codes.filter((c) => !listed.some((x) => x.code === c));
  if (unknown.length) throw badRequest('piece_unknown', `Pièce inconnue du bordereau ${type} : ${unknown.map((c) => `« ${c} »`).join(', ')} (pièces : ${listed.map((x) => x.code).join(', ')}).`);
  return listed.filter((x) => codes.includes(x.code)).map((x) => x.code);
}

function architect(v: unknown): Architect | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) throw badRequest('architect_invalid', '« architect » doit être un objet { lastName, firstName?, registration? }.');
  keys(v, ['lastName', 'firstName', 'registration'], 'architect');
  const registration = text(v, 'registration', 'architect', 30);
  return { lastName: text(v, 'lastName', 'architect', 200, true)!, ...(text(v, 'firstName', 'architect') ? { firstName: text(v, 'firstName', 'architect')! } : {}),
    ...(registration ? { registration } : {}) };
}

export function parseCerfa(body: Obj, type: DossierType): CerfaInput {
  if (body.imported !== undefined && typeof body.imported !== 'boolean') throw badRequest('field_not_boolean', '« imported » doit valoir true ou false.');
  const out: CerfaInput = { imported: body.imported === true };
  const l = land(body.land);
  if (l) out.land = l;
  const p = pieces(body.pieces, type);
  if (p) out.piecesFiled = p;
  const a = architect(body.architect);
  if (a) out.architect = a;
  return out;
}

/** How far back a filing may be dated when typed at the desk; older: an import only. */
export const FILING_MAX_YEARS_BACK = 5;

/** A filing more than five years back is a typing error, unless the dossier is imported. */
export function assertFilingDate(filedOn: LegalDate, today: LegalDate, imported: boolean): void {
  const limit = addYears(today, -FILING_MAX_YEARS_BACK);
  if (!imported && filedOn < limit) {
    throw badRequest('filing_too_old', `La date de dépôt ${frDate(filedOn)} remonte à plus de ${FILING_MAX_YEARS_BACK} ans (avant le ${frDate(limit)}) : vérifiez-la ; un dossier ancien se reprend par import (« imported »: true).`);
  }
}
