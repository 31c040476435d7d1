// The staff list's and map's query strings, refused or read: each request gets the code and French
// message the hand-written readers gave before the queries were validated through the contract's schemas
// (api.ts), and a good one the same value (recorded from those readers).
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { parseListQuery } from './list.ts';
import { parseMapQuery } from './routes.ts';

const long = 'x'.repeat(201);
const LIST: [string, Record<string, unknown>][] = [
  ['nothing', {}], ['an unknown key', { colour: 'blue' }], ['two unknown keys', { colour: 'blue', size: '2' }],
  ['an unknown key and a bad type', { colour: 'blue', type: 'PX' }], ['number repeated', { number: ['1', '2'] }], ['number too long', { number: long }],
  ['number 200 chars', { number: 'x'.repeat(200) }], ['number padded', { number: '  PC 096  ' }], ['number blank', { number: '   ' }], ['number empty', { number: '' }],
  ['type PC', { type: 'PC' }], ['type PX', { type: 'PX' }], ['type blank', { type: '  ' }], ['type repeated', { type: ['PC', 'DP'] }],
  ['state ok', { state: 'accorde.valide' }], ['state bad', { state: 'Accordé' }], ['commune ok', { commune: '96001' }], ['commune bad', { commune: '960' }],
  ['parcel lower', { parcel: ' 96001000ab0001 ' }], ['parcel bad', { parcel: 'ab12' }], ['applicant', { applicant: ' Martin ' }], ['applicant too long', { applicant: long }],
  ['dates ok', { filedFrom: '2026-01-01', filedTo: '2026-12-31', deadlineFrom: '2026-02-01', deadlineTo: '2026-03-01' }],
  ['filedFrom bad', { filedFrom: '2026-02-30' }], ['filedTo bad', { filedTo: '01/02/2026' }], ['deadlineFrom bad', { deadlineFrom: 'hier' }], ['deadlineTo bad', { deadlineTo: '2026-13-01' }],
  ['two bad dates', { filedTo: 'x', deadlineFrom: 'y' }],
  ['overdue true', { overdue: 'true' }], ['overdue 1', { overdue: '1' }], ['overdue false', { overdue: 'false' }], ['overdue 0', { overdue: '0' }], ['overdue yes', { overdue: 'yes' }],
  ['overdue repeated', { overdue: ['1', '1'] }], ['mine 1', { mine: '1' }], ['mine oui', { mine: 'oui' }], ['mine blank', { mine: ' ' }],
  ['instructeur none', { instructeur: 'none' }], ['instructeur 7', { instructeur: '7' }], ['instructeur 0', { instructeur: '0' }], ['instructeur abc', { instructeur: 'abc' }],
  ['instructeur 17 digits', { instructeur: '12345678901234567' }],
  ['sort deadline', { sort: 'deadline' }], ['sort filed', { sort: 'filed' }], ['sort commune', { sort: 'commune' }], ['sort bad', { sort: 'colour' }],
  ['order asc', { order: 'asc' }], ['order up', { order: 'up' }], ['sort number desc', { sort: 'number', order: 'desc' }],
  ['newest after id', { after: '42' }], ['newest after offset', { after: 'o50' }], ['newest after 0', { after: '0' }],
  ['newest asc after offset', { order: 'asc', after: 'o50' }], ['newest asc after id', { order: 'asc', after: '42' }],
  ['deadline after date', { sort: 'deadline', after: '2026-03-01.42' }], ['deadline after none', { sort: 'deadline', after: 'none.42' }],
  ['deadline after unreal', { sort: 'deadline', after: '2026-02-30.42' }], ['deadline after id', { sort: 'deadline', after: '42' }],
  ['deadline desc after offset', { sort: 'deadline', order: 'desc', after: 'o10' }], ['commune after offset', { sort: 'commune', after: 'o10' }],
  ['commune after o0', { sort: 'commune', after: 'o0' }], ['commune after id', { sort: 'commune', after: '42' }], ['after repeated', { after: ['1', '2'] }],
  ['limit 1', { limit: '1' }], ['limit 200', { limit: '200' }], ['limit 0', { limit: '0' }], ['limit 201', { limit: '201' }], ['limit -1', { limit: '-1' }],
  ['limit 1.5', { limit: '1.5' }], ['limit padded', { limit: ' 20 ' }], ['limit repeated', { limit: ['1', '2'] }],
  ['bad after and bad limit', { after: 'x', limit: '0' }], ['bad sort and bad order', { sort: 'x', order: 'y' }], ['bad order and bad after', { order: 'y', after: 'x' }],
  ['bad type and bad commune', { type: 'PX', commune: '1' }], ['bad limit and bad overdue', { limit: '0', overdue: 'x' }],
  ['bad instructeur and bad sort', { instructeur: 'x', sort: 'x' }], ['everything', { number: 'PC', type: 'PC', state: 'instruction', commune: '96001', parcel: '96001000AB0001',
    applicant: 'M', filedFrom: '2026-01-01', overdue: '1', mine: '0', instructeur: 'none', sort: 'applicant', order: 'desc', after: 'o5', limit: '10' }],
];
const BBOX: [string, Record<string, unknown>][] = [
  ['nothing', {}], ['a good bbox', { bbox: '2.99,46.49,3.01,46.51' }], ['spaces', { bbox: ' 2.99, 46.49 ,3.01,46.51 ' }], ['empty', { bbox: '' }],
  ['repeated', { bbox: ['1,2,3,4', '1,2,3,4'] }], ['three numbers', { bbox: '1,2,3' }], ['five numbers', { bbox: '1,2,3,4,5' }], ['a word', { bbox: 'a,b,c,d' }],
  ['an empty part', { bbox: '1,,3,4' }], ['Infinity', { bbox: '1,2,Infinity,4' }], ['inverted lon', { bbox: '3,1,2,4' }], ['inverted lat', { bbox: '1,4,3,2' }],
  ['flat', { bbox: '1,2,1,4' }], ['lon out', { bbox: '-181,0,10,10' }], ['lat out', { bbox: '0,0,10,91' }], ['world', { bbox: '-180,-90,180,90' }],
  ['an unknown key', { bbox: '1,2,3,4', zoom: '3' }], ['two unknown keys and no bbox', { zoom: '3', x: '1' }], ['an unknown key and a bad bbox', { bbox: 'x', zoom: '3' }],
];

type Answer = [code: string, message: string] | { ok: unknown };
/** The code and message (French spacing normalised, errors.ts sets it), or the value read. */
const answer = (read: () => unknown): Answer => {
  try { return { ok: read() }; } catch (e) { if (!(e instanceof AppError)) throw e; return [e.code, e.message.replace(/\s/g, ' ')]; }
};

const LISTED: Record<string, Answer> = {
  "nothing": {"ok":{"overdue":false,"mine":false,"sort":"newest","order":"desc","limit":50}},
  "an unknown key": ["field_unknown","Champ inconnu : « query.colour ». Champs admis : number, type, state, commune, parcel, applicant, filedFrom, filedTo, deadlineFrom, deadlineTo, overdue, mine, instructeur, sort, order, after, limit."],
  "two unknown keys": ["field_unknown","Champs inconnus : « query.colour », « query.size ». Champs admis : number, type, state, commune, parcel, applicant, filedFrom, filedTo, deadlineFrom, deadlineTo, overdue, mine, instructeur, sort, order, after, limit."],
  "an unknown key and a bad type": ["field_unknown","Champ inconnu : « query.colour ». Champs admis : number, type, state, commune, parcel, applicant, filedFrom, filedTo, deadlineFrom, deadlineTo, overdue, mine, instructeur, sort, order, after, limit."],
  "number repeated": ["param_repeated","Le paramètre « number » doit être donné une seule fois."],
  "number too long": ["param_too_long","Le paramètre « number » est trop long (200 caractères au plus)."],
  "number 200 chars": {"ok":{"overdue":false,"mine":false,"sort":"newest","order":"desc","limit":50,"number":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}},
  "number padded": {"ok":{"overdue":false,"mine":false,"sort":"newest","order":"desc","limit":50,"number":"PC 096"}},
  "number blank": {"ok":{"overdue":false,"mine":false,"sort":"newest","order":"desc","limit":50,"number":""}},
  "number empty": {"ok":{"overdue":false,"mine":false,"sort":"newest","order":"desc","limit":50}},
  "type PC": {"ok":{"overdue":false,"mine":false,"sort":"newest","order":"desc","limit":50,"type":"PC"}},
  "type PX": ["dossier_type_unknown","Type de dossier inconnu : \"PX\". Types admis : PC, PCMI, DP, PA, PD, CUa, CUb, modificatif, transfert, prorogation, DOC, DAACT."],
  "type blank": ["dossier_type_unknown","Type de dossier inconnu : \"\". Types admis : PC, PCMI, DP, PA, PD, CUa, CUb, modificatif, transfert, prorogation, DOC, DAACT."],
  "type repeated": ["param_repeated","Le paramètre « type » doit être donné une seule fois."],
  "state ok": {"ok":{"overdue":false,"mine":false,"sort":"newest","order":"desc","limit":50,"state":"accorde.valide"}},
  "state bad": ["state_malformed","« state » est un chemin d’état tel que \"instruction\" ou \"accorde.valide\"."],
  "commune ok": {"ok":{"overdue":false,"mine":false,"sort":"newest","order":"desc","limit":50,"commune":"96001"}},
  "commune bad": ["insee_malformed","« commune » doit être un code INSEE (5 caractères) ; reçu : \"960\"."],
  "parcel lower": {"ok":{"overdue":false,"mine":false,"sort":"newest","order":"desc","limit":50,"parcel":"96001000AB0001"}},
  "parcel bad": ["parcel_id_malformed","« parcel » doit être un identifiant de parcelle (14 caractères) ; reçu : \"AB12\"."],
  "applicant": {"ok":{"overdue":false,"mine":false,"sort":"newest","order":"desc","limit":50,"applicant":"Martin"}},
  "applicant too long": ["param_too_long","Le paramètre « applicant » est trop long (200 caractères au plus)."],
  "dates ok": {"ok":{"overdue":false,"mine":false,"sort":"newest","order":"desc","limit":50,"filedFrom":"2026-01-01","filedTo":"2026-12-31","deadlineFrom":"2026-02-01","deadlineTo":"2026-03-01"}},
  "filedFrom bad": ["date_invalid","« filedFrom » doit être une date réelle du calendrier écrite AAAA-MM-JJ (reçu : \"2026-02-30\")."],
  "filedTo bad": ["date_invalid","« filedTo » doit être une date réelle du calendrier écrite AAAA-MM-JJ (reçu : \"01/02/2026\")."],
  "deadlineFrom bad": ["date_invalid","« deadlineFrom » doit être une date réelle du calendrier écrite AAAA-MM-JJ (reçu : \"hier\")."],
  "deadlineTo bad": ["date_invalid","« deadlineTo » doit être une date réelle du calendrier écrite AAAA-MM-JJ (reçu : \"2026-13-01\")."],
  "two bad dates": ["date_invalid","« filedTo » doit être une date réelle du calendrier écrite AAAA-MM-JJ (reçu : \"x\")."],
  "overdue true": {"ok":{"overdue":true,"mine":false,"sort":"newest","order":"desc","limit":50}},
  "overdue 1": {"ok":{"overdue":true,"mine":false,"sort":"newest","order":"desc","limit":50}},
  "overdue false": {"ok":{"overdue":false,"mine":false,"sort":"newest","order":"desc","limit":50}},
  "overdue 0": {"ok":{"overdue":false,"mine":false,"sort":"newest","order":"desc","limit":50}},
  "overdue yes": ["param_not_boolean","« overdue » doit valoir true ou false (ou 1 ou 0)."],
  "overdue repeated": ["param_repeated","Le paramètre « overdue » doit être donné une seule fois."],
  "mine 1": {"ok":{"overdue":false,"mine":true,"sort":"newest","order":"desc","limit":50}},
  "mine oui": ["param_not_boolean","« mine » doit valoir true ou false (ou 1 ou 0)."],
  "mine blank": ["param_not_boolean","« mine » doit valoir true ou false (ou 1 ou 0)."],
  "instructeur none": {"ok":{"overdue":false,"mine":false,"sort":"newest","order":"desc","limit":50,"instructeur":null}},
  "instructeur 7": {"ok":{"overdue":false,"mine":false,"sort":"newest","order":"desc","limit":50,"instructeur":7}},
  "instructeur 0": ["instructeur_param_invalid","« instructeur » doit être l’identifiant d’un compte (GET /api/instructeurs), ou none pour les dossiers dont personne n’est chargé."],
  "instructeur abc": ["instructeur_param_invalid","« instructeur » doit être l’identifiant d’un compte (GET /api/instructeurs), ou none pour les dossiers dont personne n’est chargé."],
  "instructeur 17 digits": ["instructeur_param_invalid","« instructeur » doit être l’identifiant d’un compte (GET /api/instructeurs), ou none pour les dossiers dont personne n’est chargé."],
  "sort deadline": {"ok":{"overdue":false,"mine":false,"sort":"deadline","order":"asc","limit":50}},
  "sort filed": {"ok":{"overdue":false,"mine":false,"sort":"filed","order":"desc","limit":50}},
  "sort commune": {"ok":{"overdue":false,"mine":false,"sort":"commune","order":"asc","limit":50}},
  "sort bad": ["sort_unknown","« sort » doit valoir newest (par défaut), deadline (les dossiers en retard d’abord, puis l’échéance la plus proche) ou l’une des colonnes : number, type, applicant, commune, filed, state, instructeur."],
  "order asc": {"ok":{"overdue":false,"mine":false,"sort":"newest","order":"asc","limit":50}},
  "order up": ["order_unknown","« order » doit valoir asc (croissant) ou desc (décroissant)."],
  "sort number desc": {"ok":{"overdue":false,"mine":false,"sort":"number","order":"desc","limit":50}},
  "newest after id": {"ok":{"overdue":false,"mine":false,"sort":"newest","order":"desc","limit":50,"after":{"id":42}}},
  "newest after offset": ["cursor_invalid","« after » doit être le curseur renvoyé dans « next » par le même tri (newest)."],
  "newest after 0": ["cursor_invalid","« after » doit être le curseur renvoyé dans « next » par le même tri (newest)."],
  "newest asc after offset": {"ok":{"overdue":false,"mine":false,"sort":"newest","order":"asc","limit":50,"after":{"offset":50}}},
  "newest asc after id": ["cursor_invalid","« after » doit être le curseur renvoyé dans « next » par le même tri (newest)."],
  "deadline after date": {"ok":{"overdue":false,"mine":false,"sort":"deadline","order":"asc","limit":50,"after":{"id":42,"due":"2026-03-01"}}},
  "deadline after none": {"ok":{"overdue":false,"mine":false,"sort":"deadline","order":"asc","limit":50,"after":{"id":42,"due":null}}},
  "deadline after unreal": ["cursor_invalid","« after » doit être le curseur renvoyé dans « next » par le même tri (deadline)."],
  "deadline after id": ["cursor_invalid","« after » doit être le curseur renvoyé dans « next » par le même tri (deadline)."],
  "deadline desc after offset": {"ok":{"overdue":false,"mine":false,"sort":"deadline","order":"desc","limit":50,"after":{"offset":10}}},
  "commune after offset": {"ok":{"overdue":false,"mine":false,"sort":"commune","order":"asc","limit":50,"after":{"offset":10}}},
  "commune after o0": ["cursor_invalid","« after » doit être le curseur renvoyé dans « next » par le même tri (commune)."],
  "commune after id": ["cursor_invalid","« after » doit être le curseur renvoyé dans « next » par le même tri (commune)."],
  "after repeated": ["param_repeated","Le paramètre « after » doit être donné une seule fois."],
  "limit 1": {"ok":{"overdue":false,"mine":false,"sort":"newest","order":"desc","limit":1}},
  "limit 200": {"ok":{"overdue":false,"mine":false,"sort":"newest","order":"desc","limit":200}},
  "limit 0": ["limit_invalid","« limit » doit être un entier de 1 à 200."],
  "limit 201": ["limit_invalid","« limit » doit être un entier de 1 à 200."],
  "limit -1": ["limit_invalid","« limit » doit être un entier de 1 à 200."],
  "limit 1.5": ["limit_invalid","« limit » doit être un entier de 1 à 200."],
  "limit padded": {"ok":{"overdue":false,"mine":false,"sort":"newest","order":"desc","limit":20}},
  "limit repeated": ["param_repeated","Le paramètre « limit » doit être donné une seule fois."],
  "bad after and bad limit": ["cursor_invalid","« after » doit être le curseur renvoyé dans « next » par le même tri (newest)."],
  "bad sort and bad order": ["sort_unknown","« sort » doit valoir newest (par défaut), deadline (les dossiers en retard d’abord, puis l’échéance la plus proche) ou l’une des colonnes : number, type, applicant, commune, filed, state, instructeur."],
  "bad order and bad after": ["order_unknown","« order » doit valoir asc (croissant) ou desc (décroissant)."],
  "bad type and bad commune": ["dossier_type_unknown","Type de dossier inconnu : \"PX\". Types admis : PC, PCMI, DP, PA, PD, CUa, CUb, modificatif, transfert, prorogation, DOC, DAACT."],
  "bad limit and bad overdue": ["param_not_boolean","« overdue » doit valoir true ou false (ou 1 ou 0)."],
  "bad instructeur and bad sort": ["instructeur_param_invalid","« instructeur » doit être l’identifiant d’un compte (GET /api/instructeurs), ou none pour les dossiers dont personne n’est chargé."],
  "everything": {"ok":{"overdue":true,"mine":false,"sort":"applicant","order":"desc","limit":10,"number":"PC","type":"PC","state":"instruction","commune":"96001","parcel":"96001000AB0001","applicant":"M","filedFrom":"2026-01-01","instructeur":null,"after":{"offset":5}}},
};

const MAPPED: Record<string, Answer> = {
  "nothing": ["bbox_required","« bbox » est obligatoire : minLon,minLat,maxLon,maxLat en WGS84."],
  "a good bbox": {"ok":[2.99,46.49,3.01,46.51]},
  "spaces": {"ok":[2.99,46.49,3.01,46.51]},
  "empty": ["bbox_malformed","« bbox » doit compter quatre nombres minLon,minLat,maxLon,maxLat ; reçu : \"\"."],
  "repeated": ["bbox_required","« bbox » est obligatoire : minLon,minLat,maxLon,maxLat en WGS84."],
  "three numbers": ["bbox_malformed","« bbox » doit compter quatre nombres minLon,minLat,maxLon,maxLat ; reçu : \"1,2,3\"."],
  "five numbers": ["bbox_malformed","« bbox » doit compter quatre nombres minLon,minLat,maxLon,maxLat ; reçu : \"1,2,3,4,5\"."],
  "a word": ["bbox_malformed","« bbox » doit compter quatre nombres minLon,minLat,maxLon,maxLat ; reçu : \"a,b,c,d\"."],
  "an empty part": ["bbox_malformed","« bbox » doit compter quatre nombres minLon,minLat,maxLon,maxLat ; reçu : \"1,,3,4\"."],
  "Infinity": ["bbox_malformed","« bbox » doit compter quatre nombres minLon,minLat,maxLon,maxLat ; reçu : \"1,2,Infinity,4\"."],
  "inverted lon": ["bbox_inverted","« bbox » : chaque minimum doit être inférieur au maximum correspondant."],
  "inverted lat": ["bbox_inverted","« bbox » : chaque minimum doit être inférieur au maximum correspondant."],
  "flat": ["bbox_inverted","« bbox » : chaque minimum doit être inférieur au maximum correspondant."],
  "lon out": ["bbox_not_wgs84","« bbox » doit être en degrés WGS84 (longitude de -180 à 180, latitude de -90 à 90)."],
  "lat out": ["bbox_not_wgs84","« bbox » doit être en degrés WGS84 (longitude de -180 à 180, latitude de -90 à 90)."],
  "world": {"ok":[-180,-90,180,90]},
  "an unknown key": ["field_unknown","Paramètre inconnu : « zoom ». Seul « bbox » est admis."],
  "two unknown keys and no bbox": ["field_unknown","Paramètre inconnu : « zoom », « x ». Seul « bbox » est admis."],
  "an unknown key and a bad bbox": ["field_unknown","Paramètre inconnu : « zoom ». Seul « bbox » est admis."],
};

describe('GET /api/dossiers query', () => {
  for (const [name, q] of LIST) it(name, () => expect(answer(() => parseListQuery(q))).toEqual(LISTED[name]));
});
describe('GET /api/dossiers/map query', () => {
  for (const [name, q] of BBOX) it(name, () => expect(answer(() => parseMapQuery(q))).toEqual(MAPPED[name]));
});
