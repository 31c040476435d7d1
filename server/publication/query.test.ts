// The public routes' query strings, refused or read: each bad query gets the code and French message
// the hand-written checks gave before the queries moved onto the contract's schemas (api.ts); a good
// one gives the same typed value. Spaces are normalised (errors.ts makes some non-breaking).
import { describe, expect, it } from 'vitest';
import { answer, type Answer } from '../testing/recorded.ts';
import { parseExportQuery, parseMapQuery, parseRegisterQuery } from './input.ts';

// annee may be next year (a filing dated ahead by the desk), not later.
const NEXT = new Date().getUTCFullYear() + 1;
const B = '2.9,46.4,3.1,46.6';
const MAP: [string, Record<string, unknown>][] = [
  ['nothing', {}], ['an empty bbox', { bbox: '' }], ['bbox twice', { bbox: [B, B] }],
  ['three numbers', { bbox: '1,2,3' }], ['five numbers', { bbox: '1,2,3,4,5' }], ['words', { bbox: 'a,b,c,d' }],
  ['an empty part', { bbox: '1,,3,4' }], ['Infinity', { bbox: '1,2,Infinity,4' }], ['a long garbage', { bbox: 'x'.repeat(200) }],
  ['a trailing comma', { bbox: '1,2,3,4,' }], ['semicolons', { bbox: '1;2;3;4' }], ['a hex number', { bbox: '0x1,2,3,4' }],
  ['spaces around', { bbox: ` 2.9, 46.4 ,3.1,46.6 ` }], ['longitude -181', { bbox: '-181,0,0,1' }], ['longitude 181', { bbox: '0,0,181,1' }],
  ['latitude -91', { bbox: '0,-91,1,0' }], ['latitude 91', { bbox: '0,0,1,91' }], ['inverted longitudes', { bbox: '3,46,2,47' }],
  ['equal latitudes', { bbox: '2,46,3,46' }], ['out and inverted', { bbox: '200,0,100,1' }], ['the whole world', { bbox: '-180,-90,180,90' }],
  ['a good bbox', { bbox: B }], ['a blank bbox', { bbox: '   ' }], ['a blank type', { bbox: B, type: ' ' }],
  ['a type', { bbox: B, type: 'PC' }], ['types repeated in the list', { bbox: B, type: 'PC,DP,PC' }], ['types with spaces', { bbox: B, type: 'PC, DP' }],
  ['an unknown type', { bbox: B, type: 'XX' }], ['two unknown types', { bbox: B, type: 'PC,XX,YY' }], ['a long unknown type', { bbox: B, type: 'X'.repeat(100) }],
  ['a lower-case type', { bbox: B, type: 'pc' }], ['a CU', { bbox: B, type: 'CUa' }], ['an empty type', { bbox: B, type: '' }], ['type twice', { bbox: B, type: ['PC', 'DP'] }],
  ['a comma type', { bbox: B, type: ',' }],
  ['an etat', { bbox: B, etat: 'accorde' }], ['two etats', { bbox: B, etat: 'accorde,tacite' }], ['an unknown etat', { bbox: B, etat: 'bogus' }],
  ['etat twice', { bbox: B, etat: ['accorde', 'tacite'] }], ['an upper-case etat', { bbox: B, etat: 'ACCORDE' }],
  ['a year', { bbox: B, annee: '2026' }], ['1950', { bbox: B, annee: '1950' }], ['1949', { bbox: B, annee: '1949' }], ['next year', { bbox: B, annee: String(NEXT) }],
  ['the year after', { bbox: B, annee: String(NEXT + 1) }], ['two digits', { bbox: B, annee: '26' }], ['a decimal year', { bbox: B, annee: '2026.0' }],
  ['a word year', { bbox: B, annee: 'abcd' }], ['a long year', { bbox: B, annee: '9'.repeat(50) }], ['annee twice', { bbox: B, annee: ['2025', '2026'] }],
  ['a year with spaces', { bbox: B, annee: ' 2026 ' }],
  ['an unknown parameter', { bbox: B, foo: '1' }], ['two unknown parameters', { bbox: B, foo: '1', bar: '2' }],
  ['unknown and a bad bbox', { bbox: 'x', foo: '1' }], ['unknown and no bbox', { commune: '96001' }], ['unknown and bbox twice', { bbox: [B, B], foo: '1' }],
  ['no bbox and a bad type', { type: 'XX' }], ['a bad bbox and a bad type', { bbox: '1,2', type: 'XX' }], ['a bad type and a bad etat', { bbox: B, type: 'XX', etat: 'x' }],
  ['a bad etat and a bad year', { bbox: B, etat: 'x', annee: 'x' }], ['all filters', { bbox: B, type: 'DP,PC', etat: 'accorde', annee: '2025' }],
];
const REGISTER: [string, Record<string, unknown>][] = [
  ['nothing', {}], ['no mois', { commune: '96001' }], ['no commune', { mois: '2026-03' }], ['an empty commune', { commune: '', mois: '2026-03' }],
  ['an empty mois', { commune: '96001', mois: '' }], ['a lower-case Corsican commune', { commune: '2a004', mois: '2026-03' }], ['a short commune', { commune: '9600', mois: '2026-03' }],
  ['a long commune', { commune: 'x'.repeat(50), mois: '2026-03' }], ['commune twice', { commune: ['96001', '96002'], mois: '2026-03' }],
  ['commune with spaces', { commune: ' 96001 ', mois: '2026-03' }],
  ['month 13', { commune: '96001', mois: '2026-13' }], ['month 00', { commune: '96001', mois: '2026-00' }], ['month 1', { commune: '96001', mois: '2026-1' }],
  ['1949', { commune: '96001', mois: '1949-12' }], ['1950', { commune: '96001', mois: '1950-01' }], ['3000', { commune: '96001', mois: '3000-01' }], ['2999', { commune: '96001', mois: '2999-12' }],
  ['February', { commune: '96001', mois: '2026-02' }], ['a leap February', { commune: '96001', mois: '2024-02' }], ['April', { commune: '96001', mois: '2026-04' }],
  ['a long mois', { commune: '96001', mois: '2026-03'.repeat(10) }], ['mois twice', { commune: '96001', mois: ['2026-03', '2026-04'] }],
  ['a French month', { commune: '96001', mois: '03/2026' }], ['a blank mois', { commune: '96001', mois: ' ' }], ['an unknown parameter', { commune: '96001', mois: '2026-03', annee: '2026' }],
  ['a bad commune and a bad mois', { commune: 'x', mois: 'x' }], ['no commune and a bad mois', { mois: 'x' }], ['a bad commune and no mois', { commune: 'x' }],
];
const EXPORT: [string, Record<string, unknown>][] = [
  ['nothing', {}], ['a commune', { commune: '96001' }], ['a lower-case commune', { commune: '2b033' }], ['a bad commune', { commune: '960011' }],
  ['an empty commune', { commune: '' }], ['commune twice', { commune: ['96001', '96001'] }], ['a year', { annee: '2025' }], ['a bad year', { annee: '1900' }],
  ['annee twice', { annee: ['2025', '2026'] }], ['an unknown parameter', { mois: '2026-03' }], ['a bad commune and a bad year', { commune: 'x', annee: 'x' }],
  ['both', { commune: '96001', annee: '2026' }], ['a blank commune', { commune: '  ' }], ['unknown and a bad year', { annee: 'x', type: 'PC' }],
];

const MAPPED: Record<string, Answer> = {
  "1949": ["annee_invalid", `« annee » doit être une année de 1950 à ${NEXT} (reçu « 1949 »).`],
  "1950": { ok: {"bbox":[2.9,46.4,3.1,46.6],"types":null,"etats":null,"annee":1950} },
  "nothing": ["bbox_required", "« bbox » est obligatoire : minLon,minLat,maxLon,maxLat en WGS84."],
  "an empty bbox": ["bbox_required", "« bbox » est obligatoire : minLon,minLat,maxLon,maxLat en WGS84."],
  "bbox twice": ["param_repeated", "Le paramètre « bbox » doit être donné une seule fois."],
  "three numbers": ["bbox_malformed", "« bbox » doit compter quatre nombres minLon,minLat,maxLon,maxLat (reçu « 1,2,3 »)."],
  "five numbers": ["bbox_malformed", "« bbox » doit compter quatre nombres minLon,minLat,maxLon,maxLat (reçu « 1,2,3,4,5 »)."],
  "words": ["bbox_malformed", "« bbox » doit compter quatre nombres minLon,minLat,maxLon,maxLat (reçu « a,b,c,d »)."],
  "an empty part": ["bbox_malformed", "« bbox » doit compter quatre nombres minLon,minLat,maxLon,maxLat (reçu « 1,,3,4 »)."],
  "Infinity": ["bbox_malformed", "« bbox » doit compter quatre nombres minLon,minLat,maxLon,maxLat (reçu « 1,2,Infinity,4 »)."],
  "a long garbage": ["bbox_malformed", "« bbox » doit compter quatre nombres minLon,minLat,maxLon,maxLat (reçu « xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx »)."],
  "a trailing comma": ["bbox_malformed", "« bbox » doit compter quatre nombres minLon,minLat,maxLon,maxLat (reçu « 1,2,3,4, »)."],
  "semicolons": ["bbox_malformed", "« bbox » doit compter quatre nombres minLon,minLat,maxLon,maxLat (reçu « 1;2;3;4 »)."],
  "a hex number": { ok: {"bbox":[1,2,3,4],"types":null,"etats":null,"annee":null} },
  "spaces around": { ok: {"bbox":[2.9,46.4,3.1,46.6],"types":null,"etats":null,"annee":null} },
  "longitude -181": ["bbox_not_wgs84", "« bbox » doit être en degrés WGS84 (longitude de -180 à 180, latitude de -90 à 90)."],
  "longitude 181": ["bbox_not_wgs84", "« bbox » doit être en degrés WGS84 (longitude de -180 à 180, latitude de -90 à 90)."],
  "latitude -91": ["bbox_not_wgs84", "« bbox » doit être en degrés WGS84 (longitude de -180 à 180, latitude de -90 à 90)."],
  "latitude 91": ["bbox_not_wgs84", "« bbox » doit être en degrés WGS84 (longitude de -180 à 180, latitude de -90 à 90)."],
  "inverted longitudes": ["bbox_inverted", "« bbox » : chaque minimum doit être inférieur au maximum correspondant."],
  "equal latitudes": ["bbox_inverted", "« bbox » : chaque minimum doit être inférieur au maximum correspondant."],
  "out and inverted": ["bbox_inverted", "« bbox » : chaque minimum doit être inférieur au maximum correspondant."],
  "the whole world": { ok: {"bbox":[-180,-85.0511,180,85.0511],"types":null,"etats":null,"annee":null} },
  "a good bbox": { ok: {"bbox":[2.9,46.4,3.1,46.6],"types":null,"etats":null,"annee":null} },
  "a blank bbox": ["bbox_malformed", "« bbox » doit compter quatre nombres minLon,minLat,maxLon,maxLat (reçu «  »)."],
  "a blank type": ["type_unknown", "Type inconnu :  (possibles : PC, PCMI, DP, PA, PD)."],
  "a type": { ok: {"bbox":[2.9,46.4,3.1,46.6],"types":["PC"],"etats":null,"annee":null} },
  "types repeated in the list": { ok: {"bbox":[2.9,46.4,3.1,46.6],"types":["PC","DP"],"etats":null,"annee":null} },
  "types with spaces": { ok: {"bbox":[2.9,46.4,3.1,46.6],"types":["PC","DP"],"etats":null,"annee":null} },
  "an unknown type": ["type_unknown", "Type inconnu : XX (possibles : PC, PCMI, DP, PA, PD)."],
  "two unknown types": ["type_unknown", "Type inconnu : XX, YY (possibles : PC, PCMI, DP, PA, PD)."],
  "a long unknown type": ["type_unknown", "Type inconnu : XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX (possibles : PC, PCMI, DP, PA, PD)."],
  "a lower-case type": ["type_unknown", "Type inconnu : pc (possibles : PC, PCMI, DP, PA, PD)."],
  "a CU": ["type_unknown", "Type inconnu : CUa (possibles : PC, PCMI, DP, PA, PD)."],
  "an empty type": { ok: {"bbox":[2.9,46.4,3.1,46.6],"types":null,"etats":null,"annee":null} },
  "type twice": ["param_repeated", "Le paramètre « type » doit être donné une seule fois."],
  "a comma type": ["type_unknown", "Type inconnu :  (possibles : PC, PCMI, DP, PA, PD)."],
  "an etat": { ok: {"bbox":[2.9,46.4,3.1,46.6],"types":null,"etats":["accorde"],"annee":null} },
  "two etats": { ok: {"bbox":[2.9,46.4,3.1,46.6],"types":null,"etats":["accorde","tacite"],"annee":null} },
  "an unknown etat": ["etat_unknown", "État inconnu : bogus (possibles : en_cours, accorde, tacite, refuse, sursis, retire, annule, perime, commence, acheve)."],
  "etat twice": ["param_repeated", "Le paramètre « etat » doit être donné une seule fois."],
  "an upper-case etat": ["etat_unknown", "État inconnu : ACCORDE (possibles : en_cours, accorde, tacite, refuse, sursis, retire, annule, perime, commence, acheve)."],
  "a year": { ok: {"bbox":[2.9,46.4,3.1,46.6],"types":null,"etats":null,"annee":2026} },
  "next year": { ok: {"bbox":[2.9,46.4,3.1,46.6],"types":null,"etats":null,"annee":NEXT} },
  "the year after": ["annee_invalid", `« annee » doit être une année de 1950 à ${NEXT} (reçu « ${NEXT + 1} »).`],
  "two digits": ["annee_invalid", `« annee » doit être une année de 1950 à ${NEXT} (reçu « 26 »).`],
  "a decimal year": ["annee_invalid", `« annee » doit être une année de 1950 à ${NEXT} (reçu « 2026.0 »).`],
  "a word year": ["annee_invalid", `« annee » doit être une année de 1950 à ${NEXT} (reçu « abcd »).`],
  "a long year": ["annee_invalid", `« annee » doit être une année de 1950 à ${NEXT} (reçu « 99999999999999999999 »).`],
  "annee twice": ["param_repeated", "Le paramètre « annee » doit être donné une seule fois."],
  "a year with spaces": { ok: {"bbox":[2.9,46.4,3.1,46.6],"types":null,"etats":null,"annee":2026} },
  "an unknown parameter": ["field_unknown", "Paramètre inconnu : foo (possibles : bbox, type, etat, annee)."],
  "two unknown parameters": ["field_unknown", "Paramètre inconnu : foo, bar (possibles : bbox, type, etat, annee)."],
  "unknown and a bad bbox": ["field_unknown", "Paramètre inconnu : foo (possibles : bbox, type, etat, annee)."],
  "unknown and no bbox": ["field_unknown", "Paramètre inconnu : commune (possibles : bbox, type, etat, annee)."],
  "unknown and bbox twice": ["field_unknown", "Paramètre inconnu : foo (possibles : bbox, type, etat, annee)."],
  "no bbox and a bad type": ["bbox_required", "« bbox » est obligatoire : minLon,minLat,maxLon,maxLat en WGS84."],
  "a bad bbox and a bad type": ["bbox_malformed", "« bbox » doit compter quatre nombres minLon,minLat,maxLon,maxLat (reçu « 1,2 »)."],
  "a bad type and a bad etat": ["type_unknown", "Type inconnu : XX (possibles : PC, PCMI, DP, PA, PD)."],
  "a bad etat and a bad year": ["etat_unknown", "État inconnu : x (possibles : en_cours, accorde, tacite, refuse, sursis, retire, annule, perime, commence, acheve)."],
  "all filters": { ok: {"bbox":[2.9,46.4,3.1,46.6],"types":["DP","PC"],"etats":["accorde"],"annee":2025} },
};
const REGISTERED: Record<string, Answer> = {
  "1949": ["mois_invalid", "« mois » doit être écrit AAAA-MM, par exemple 2026-03 (reçu « 1949-12 »)."],
  "1950": { ok: {"commune":"96001","mois":"1950-01","first":"1950-01-01","last":"1950-01-31"} },
  "2999": { ok: {"commune":"96001","mois":"2999-12","first":"2999-12-01","last":"2999-12-31"} },
  "3000": ["mois_invalid", "« mois » doit être écrit AAAA-MM, par exemple 2026-03 (reçu « 3000-01 »)."],
  "nothing": ["commune_missing", "« commune » est obligatoire : le code INSEE de la commune (5 caractères)."],
  "no mois": ["mois_missing", "« mois » est obligatoire, sous la forme AAAA-MM."],
  "no commune": ["commune_missing", "« commune » est obligatoire : le code INSEE de la commune (5 caractères)."],
  "an empty commune": ["commune_missing", "« commune » est obligatoire : le code INSEE de la commune (5 caractères)."],
  "an empty mois": ["mois_missing", "« mois » est obligatoire, sous la forme AAAA-MM."],
  "a lower-case Corsican commune": { ok: {"commune":"2A004","mois":"2026-03","first":"2026-03-01","last":"2026-03-31"} },
  "a short commune": ["insee_malformed", "« commune » doit être un code INSEE de 5 caractères (reçu « 9600 »)."],
  "a long commune": ["insee_malformed", "« commune » doit être un code INSEE de 5 caractères (reçu « xxxxxxxxxxxxxxxxxxxx »)."],
  "commune twice": ["param_repeated", "Le paramètre « commune » doit être donné une seule fois."],
  "commune with spaces": { ok: {"commune":"96001","mois":"2026-03","first":"2026-03-01","last":"2026-03-31"} },
  "month 13": ["mois_invalid", "« mois » doit être écrit AAAA-MM, par exemple 2026-03 (reçu « 2026-13 »)."],
  "month 00": ["mois_invalid", "« mois » doit être écrit AAAA-MM, par exemple 2026-03 (reçu « 2026-00 »)."],
  "month 1": ["mois_invalid", "« mois » doit être écrit AAAA-MM, par exemple 2026-03 (reçu « 2026-1 »)."],
  "February": { ok: {"commune":"96001","mois":"2026-02","first":"2026-02-01","last":"2026-02-28"} },
  "a leap February": { ok: {"commune":"96001","mois":"2024-02","first":"2024-02-01","last":"2024-02-29"} },
  "April": { ok: {"commune":"96001","mois":"2026-04","first":"2026-04-01","last":"2026-04-30"} },
  "a long mois": ["mois_invalid", "« mois » doit être écrit AAAA-MM, par exemple 2026-03 (reçu « 2026-032026-032026-0 »)."],
  "mois twice": ["param_repeated", "Le paramètre « mois » doit être donné une seule fois."],
  "a French month": ["mois_invalid", "« mois » doit être écrit AAAA-MM, par exemple 2026-03 (reçu « 03/2026 »)."],
  "a blank mois": ["mois_invalid", "« mois » doit être écrit AAAA-MM, par exemple 2026-03 (reçu «  »)."],
  "an unknown parameter": ["field_unknown", "Paramètre inconnu : annee (possibles : commune, mois)."],
  "a bad commune and a bad mois": ["insee_malformed", "« commune » doit être un code INSEE de 5 caractères (reçu « x »)."],
  "no commune and a bad mois": ["commune_missing", "« commune » est obligatoire : le code INSEE de la commune (5 caractères)."],
  "a bad commune and no mois": ["insee_malformed", "« commune » doit être un code INSEE de 5 caractères (reçu « x »)."],
};
const EXPORTED: Record<string, Answer> = {
  "nothing": { ok: {"commune":null,"annee":null} },
  "a commune": { ok: {"commune":"96001","annee":null} },
  "a lower-case commune": { ok: {"commune":"2B033","annee":null} },
  "a bad commune": ["insee_malformed", "« commune » doit être un code INSEE de 5 caractères (reçu « 960011 »)."],
  "an empty commune": { ok: {"commune":null,"annee":null} },
  "commune twice": ["param_repeated", "Le paramètre « commune » doit être donné une seule fois."],
  "a year": { ok: {"commune":null,"annee":2025} },
  "a bad year": ["annee_invalid", `« annee » doit être une année de 1950 à ${NEXT} (reçu « 1900 »).`],
  "annee twice": ["param_repeated", "Le paramètre « annee » doit être donné une seule fois."],
  "an unknown parameter": ["field_unknown", "Paramètre inconnu : mois (possibles : commune, annee)."],
  "a bad commune and a bad year": ["insee_malformed", "« commune » doit être un code INSEE de 5 caractères (reçu « x »)."],
  "both": { ok: {"commune":"96001","annee":2026} },
  "a blank commune": ["insee_malformed", "« commune » doit être un code INSEE de 5 caractères (reçu «  »)."],
  "unknown and a bad year": ["field_unknown", "Paramètre inconnu : type (possibles : commune, annee)."],
};

describe('the map query (GET /api/public/autorisations)', () => {
  it.each(MAP)('%s', (what, q) => expect(answer(() => parseMapQuery(q))).toEqual(MAPPED[what]));
});

describe('the register query (GET /api/public/registre, .csv)', () => {
  it.each(REGISTER)('%s', (what, q) => expect(answer(() => parseRegisterQuery(q))).toEqual(REGISTERED[what]));
});

describe('the open data query (GET /open-data/autorisations.csv, .geojson)', () => {
  it.each(EXPORT)('%s', (what, q) => expect(answer(() => parseExportQuery(q))).toEqual(EXPORTED[what]));
});
