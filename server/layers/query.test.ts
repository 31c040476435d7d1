// A layer's query string, refused or read: the codes and French messages, and the bbox, the hand-written
// reader gave before the query was validated through the contract's schema (api.ts); other parameters
// are ignored (recorded from that reader).
import { describe, expect, it } from 'vitest';
import { answer, type Answer } from '../testing/recorded.ts';
import { parseLayerQuery } from './routes.ts';

const BBOX: [string, Record<string, unknown>][] = [
  ['nothing', {}], ['a good bbox', { bbox: '2.99,46.49,3.01,46.51' }], ['spaces', { bbox: ' 2.99, 46.49 ,3.01,46.51 ' }], ['empty', { bbox: '' }],
  ['repeated', { bbox: ['1,2,3,4', '1,2,3,4'] }], ['three numbers', { bbox: '1,2,3' }], ['five numbers', { bbox: '1,2,3,4,5' }], ['a word', { bbox: 'a,b,c,d' }],
  ['an empty part', { bbox: '1,,3,4' }], ['Infinity', { bbox: '1,2,Infinity,4' }], ['inverted lon', { bbox: '3,1,2,4' }], ['inverted lat', { bbox: '1,4,3,2' }],
  ['flat', { bbox: '1,2,1,4' }], ['lon out', { bbox: '-181,0,10,10' }], ['lat out', { bbox: '0,0,10,91' }], ['world', { bbox: '-180,-90,180,90' }],
  ['an unknown key', { bbox: '1,2,3,4', zoom: '3' }], ['two unknown keys and no bbox', { zoom: '3', x: '1' }], ['an unknown key and a bad bbox', { bbox: 'x', zoom: '3' }],
];

const READ: Record<string, Answer> = {
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
  "an unknown key": {"ok":[1,2,3,4]},
  "two unknown keys and no bbox": ["bbox_required","« bbox » est obligatoire : minLon,minLat,maxLon,maxLat en WGS84."],
  "an unknown key and a bad bbox": ["bbox_malformed","« bbox » doit compter quatre nombres minLon,minLat,maxLon,maxLat ; reçu : \"x\"."],
};

describe('GET /api/layers/:name query', () => {
  for (const [name, q] of BBOX) it(name, () => expect(answer(() => parseLayerQuery(q))).toEqual(READ[name]));
});
