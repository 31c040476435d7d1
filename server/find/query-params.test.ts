// GET /api/find's query string, refused or read: each bad query gets the code and French message the
// hand-written checks gave before the query moved onto the contract's schema (api.ts); a good one gives
// the same parameters. Spaces are normalised (errors.ts makes some non-breaking).
import { describe, expect, it } from 'vitest';
import { answer, type Answer } from '../testing/recorded.ts';
import { parseFindParams } from './routes.ts';

const CASES: [string, Record<string, unknown>][] = [
  ['nothing', {}], ['an empty q', { q: '' }], ['a blank q', { q: '   ' }], ['q twice', { q: ['a', 'b'] }], ['a q', { q: ' AB 37 ' }],
  ['100 characters', { q: 'x'.repeat(100) }], ['101 characters', { q: 'x'.repeat(101) }], ['101 with spaces around', { q: ` ${'x'.repeat(100)} ` }],
  ['5000 characters', { q: 'A'.repeat(5000) }],
  ['a commune', { q: 'AB', commune: '96001' }], ['a lower-case commune', { q: 'AB', commune: '2a004' }], ['an empty commune', { q: 'AB', commune: '' }],
  ['a blank commune', { q: 'AB', commune: ' ' }], ['a bad commune', { q: 'AB', commune: 'Terrier' }], ['commune with spaces', { q: 'AB', commune: ' 96001 ' }],
  ['commune twice', { q: 'AB', commune: ['96001', '96002'] }], ['a long commune', { q: 'AB', commune: 'x'.repeat(30) }],
  ['limit 1', { q: 'AB', limit: '1' }], ['limit 50', { q: 'AB', limit: '50' }], ['limit 0', { q: 'AB', limit: '0' }], ['limit 51', { q: 'AB', limit: '51' }],
  ['limit abc', { q: 'AB', limit: 'abc' }], ['limit -1', { q: 'AB', limit: '-1' }], ['limit 1e400', { q: 'AB', limit: '1e400' }], ['limit 007', { q: 'AB', limit: '007' }],
  ['limit 0010', { q: 'AB', limit: '0010' }], ['an empty limit', { q: 'AB', limit: '' }], ['limit with spaces', { q: 'AB', limit: ' 5 ' }],
  ['limit twice', { q: 'AB', limit: ['5', '6'] }], ['limit 2.5', { q: 'AB', limit: '2.5' }],
  ['an unknown parameter', { q: 'AB', foo: '1' }], ['everything', { q: 'AB 37', commune: '96001', limit: '5' }],
  ['no q and a bad commune', { commune: 'x' }], ['a bad commune and a bad limit', { q: 'AB', commune: 'x', limit: 'x' }], ['a long q and a bad limit', { q: 'x'.repeat(101), limit: '0' }],
];

const READ: Record<string, Answer> = {
  "nothing": ["query_required", "« q » est obligatoire : une référence de parcelle (par exemple \"AB 37\" ou \"96001000AB0037\"), une section, une commune ou un numéro de dossier."],
  "an empty q": ["query_required", "« q » est obligatoire : une référence de parcelle (par exemple \"AB 37\" ou \"96001000AB0037\"), une section, une commune ou un numéro de dossier."],
  "a blank q": ["query_required", "« q » est obligatoire : une référence de parcelle (par exemple \"AB 37\" ou \"96001000AB0037\"), une section, une commune ou un numéro de dossier."],
  "q twice": ["query_required", "« q » est obligatoire : une référence de parcelle (par exemple \"AB 37\" ou \"96001000AB0037\"), une section, une commune ou un numéro de dossier."],
  "a q": { ok: {"q":"AB 37","commune":null,"limit":10} },
  "100 characters": { ok: {"q":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx","commune":null,"limit":10} },
  "101 characters": ["query_too_long", "« q » est trop long : 101 caractères, 100 au plus."],
  "101 with spaces around": { ok: {"q":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx","commune":null,"limit":10} },
  "5000 characters": ["query_too_long", "« q » est trop long : 5000 caractères, 100 au plus."],
  "a commune": { ok: {"q":"AB","commune":"96001","limit":10} },
  "a lower-case commune": { ok: {"q":"AB","commune":"2A004","limit":10} },
  "an empty commune": { ok: {"q":"AB","commune":null,"limit":10} },
  "a blank commune": ["insee_malformed", "« commune » doit être un code INSEE de 5 caractères (par exemple 91216 ou 2A004) ; reçu : \" \"."],
  "a bad commune": ["insee_malformed", "« commune » doit être un code INSEE de 5 caractères (par exemple 91216 ou 2A004) ; reçu : \"Terrier\"."],
  "commune with spaces": ["insee_malformed", "« commune » doit être un code INSEE de 5 caractères (par exemple 91216 ou 2A004) ; reçu : \" 96001 \"."],
  "commune twice": ["insee_malformed", "« commune » doit être un code INSEE de 5 caractères (par exemple 91216 ou 2A004) ; reçu : [\"96001\",\"96002\"]."],
  "a long commune": ["insee_malformed", "« commune » doit être un code INSEE de 5 caractères (par exemple 91216 ou 2A004) ; reçu : \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"."],
  "limit 1": { ok: {"q":"AB","commune":null,"limit":1} },
  "limit 50": { ok: {"q":"AB","commune":null,"limit":50} },
  "limit 0": ["limit_invalid", "« limit » doit être un entier de 1 à 50 ; reçu : \"0\"."],
  "limit 51": ["limit_invalid", "« limit » doit être un entier de 1 à 50 ; reçu : \"51\"."],
  "limit abc": ["limit_invalid", "« limit » doit être un entier de 1 à 50 ; reçu : \"abc\"."],
  "limit -1": ["limit_invalid", "« limit » doit être un entier de 1 à 50 ; reçu : \"-1\"."],
  "limit 1e400": ["limit_invalid", "« limit » doit être un entier de 1 à 50 ; reçu : \"1e400\"."],
  "limit 007": { ok: {"q":"AB","commune":null,"limit":7} },
  "limit 0010": ["limit_invalid", "« limit » doit être un entier de 1 à 50 ; reçu : \"0010\"."],
  "an empty limit": ["limit_invalid", "« limit » doit être un entier de 1 à 50 ; reçu : \"\"."],
  "limit with spaces": ["limit_invalid", "« limit » doit être un entier de 1 à 50 ; reçu : \" 5 \"."],
  "limit twice": ["limit_invalid", "« limit » doit être un entier de 1 à 50 ; reçu : [\"5\",\"6\"]."],
  "limit 2.5": ["limit_invalid", "« limit » doit être un entier de 1 à 50 ; reçu : \"2.5\"."],
  "an unknown parameter": { ok: {"q":"AB","commune":null,"limit":10} },
  "everything": { ok: {"q":"AB 37","commune":"96001","limit":5} },
  "no q and a bad commune": ["query_required", "« q » est obligatoire : une référence de parcelle (par exemple \"AB 37\" ou \"96001000AB0037\"), une section, une commune ou un numéro de dossier."],
  "a bad commune and a bad limit": ["insee_malformed", "« commune » doit être un code INSEE de 5 caractères (par exemple 91216 ou 2A004) ; reçu : \"x\"."],
  "a long q and a bad limit": ["query_too_long", "« q » est trop long : 101 caractères, 100 au plus."],
};

describe('the search query (GET /api/find)', () => {
  it.each(CASES)('%s', (what, q) => expect(answer(() => parseFindParams(q))).toEqual(READ[what]));
});
