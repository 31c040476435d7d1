// GET /api/stats's query string, refused or read: each bad query gets the code and French message the
// hand-written checks gave before the query moved onto the contract's schema (api.ts); a good one gives
// the same period and communes. Spaces are normalised (errors.ts makes some non-breaking).
import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../accounts/roles.ts';
import { answer, type Answer } from '../testing/recorded.ts';
import { parseStatsQuery } from './input.ts';

const TODAY = '2026-06-15';
const user = (communes: string[]): SessionUser => ({ id: 1, login: 'x', name: null, role: 'elu', communes, csrfToken: 't' });
const ALL = user([]), TWO = user(['96001', '2A004']);
const CASES: [string, Record<string, unknown>, SessionUser][] = [
  ['nothing', {}, ALL], ['nothing, two communes', {}, TWO], ['a period', { from: '2026-01-01', to: '2026-03-31' }, ALL],
  ['from only', { from: '2026-01-01' }, ALL], ['to only', { to: '2026-03-31' }, ALL], ['from empty, to given', { from: '', to: '2026-03-31' }, ALL],
  ['both empty', { from: '', to: '' }, ALL], ['from twice', { from: ['2026-01-01', '2026-02-01'], to: '2026-03-31' }, ALL],
  ['to twice', { from: '2026-01-01', to: ['2026-03-31', '2026-04-30'] }, ALL], ['from twice, to missing', { from: ['2026-01-01', '2026-02-01'] }, ALL],
  ['an unreal from', { from: '2026-02-30', to: '2026-03-31' }, ALL], ['an unreal to', { from: '2026-01-01', to: '2026-13-01' }, ALL],
  ['a French from', { from: '01/01/2026', to: '2026-03-31' }, ALL], ['both bad', { from: 'x', to: 'y' }, ALL], ['a long from', { from: '2026-01-01'.repeat(5), to: '2026-03-31' }, ALL],
  ['a bad from, to missing', { from: 'x' }, ALL], ['reversed', { from: '2026-03-31', to: '2026-01-01' }, ALL], ['one day', { from: '2026-03-31', to: '2026-03-31' }, ALL],
  ['ten years', { from: '2016-01-01', to: '2026-01-01' }, ALL], ['ten years and a day', { from: '2016-01-01', to: '2026-01-02' }, ALL],
  ['reversed and long', { from: '2040-01-01', to: '2020-01-01' }, ALL], ['1899', { from: '1899-12-31', to: '1900-01-01' }, ALL],
  ['spaces around', { from: ' 2026-01-01 ', to: '2026-03-31 ' }, ALL],
  ['a commune', { commune: '96001' }, ALL], ['a commune of the account', { commune: '2A004' }, TWO], ['a commune outside the account', { commune: '96003' }, TWO],
  ['a lower-case commune', { commune: '2a004' }, TWO], ['a bad commune', { commune: '9600' }, ALL], ['a long commune', { commune: 'x'.repeat(40) }, ALL],
  ['an empty commune', { commune: '' }, TWO], ['commune twice', { commune: ['96001', '96001'] }, ALL], ['commune with spaces', { commune: ' 96001 ' }, TWO],
  ['an unknown parameter', { year: '2026' }, ALL], ['two unknown parameters', { year: '2026', type: 'PC' }, ALL],
  ['long unknown parameters', { ['a'.repeat(50)]: '1', ['b'.repeat(50)]: '2' }, ALL],
  ['unknown and a bad period', { from: 'x', year: '2026' }, ALL], ['a bad period and a bad commune', { from: 'x', to: 'y', commune: 'z' }, ALL],
  ['a reversed period and a commune outside', { from: '2026-03-31', to: '2026-01-01', commune: '96003' }, TWO],
  ['a bad commune and from twice', { from: ['a', 'b'], commune: 'z' }, ALL], ['a bad period and commune twice', { from: 'x', to: 'y', commune: ['1', '2'] }, ALL], ['a period and a commune', { from: '2025-01-01', to: '2025-12-31', commune: '96001' }, TWO],
  ['a blank from', { from: ' ', to: '2026-03-31' }, ALL], ['a blank commune', { commune: '  ' }, TWO],
];

const READ: Record<string, Answer> = {
  "1899": ["period_invalid", "« from » doit être une date AAAA-MM-JJ réelle (reçu « 1899-12-31 »)."],
  "nothing": { ok: {"from":"2026-01-01","to":"2026-06-15","communes":null} },
  "nothing, two communes": { ok: {"from":"2026-01-01","to":"2026-06-15","communes":["96001","2A004"]} },
  "a period": { ok: {"from":"2026-01-01","to":"2026-03-31","communes":null} },
  "from only": ["period_incomplete", "La période demande deux dates : « from » et « to » (AAAA-MM-JJ)."],
  "to only": ["period_incomplete", "La période demande deux dates : « from » et « to » (AAAA-MM-JJ)."],
  "from empty, to given": ["period_incomplete", "La période demande deux dates : « from » et « to » (AAAA-MM-JJ)."],
  "both empty": { ok: {"from":"2026-01-01","to":"2026-06-15","communes":null} },
  "from twice": ["param_repeated", "Le paramètre « from » doit être donné une seule fois."],
  "to twice": ["param_repeated", "Le paramètre « to » doit être donné une seule fois."],
  "from twice, to missing": ["param_repeated", "Le paramètre « from » doit être donné une seule fois."],
  "an unreal from": ["period_invalid", "« from » doit être une date AAAA-MM-JJ réelle (reçu « 2026-02-30 »)."],
  "an unreal to": ["period_invalid", "« to » doit être une date AAAA-MM-JJ réelle (reçu « 2026-13-01 »)."],
  "a French from": ["period_invalid", "« from » doit être une date AAAA-MM-JJ réelle (reçu « 01/01/2026 »)."],
  "both bad": ["period_invalid", "« from » doit être une date AAAA-MM-JJ réelle (reçu « x »)."],
  "a long from": ["period_invalid", "« from » doit être une date AAAA-MM-JJ réelle (reçu « 2026-01-012026-01-01 »)."],
  "a bad from, to missing": ["period_incomplete", "La période demande deux dates : « from » et « to » (AAAA-MM-JJ)."],
  "reversed": ["period_reversed", "La période commence le 31/03/2026, après sa fin le 01/01/2026."],
  "one day": { ok: {"from":"2026-03-31","to":"2026-03-31","communes":null} },
  "ten years": { ok: {"from":"2016-01-01","to":"2026-01-01","communes":null} },
  "ten years and a day": ["period_too_long", "La période ne peut dépasser 10 ans (du 01/01/2016 au 02/01/2026)."],
  "reversed and long": ["period_reversed", "La période commence le 01/01/2040, après sa fin le 01/01/2020."],
  "spaces around": { ok: {"from":"2026-01-01","to":"2026-03-31","communes":null} },
  "a commune": { ok: {"from":"2026-01-01","to":"2026-06-15","communes":["96001"]} },
  "a commune of the account": { ok: {"from":"2026-01-01","to":"2026-06-15","communes":["2A004"]} },
  "a commune outside the account": ["commune_unknown", "La commune 96003 n’existe pas dans Terrier."],
  "a lower-case commune": ["insee_malformed", "« commune » doit être un code INSEE à 5 caractères (reçu « 2a004 »)."],
  "a bad commune": ["insee_malformed", "« commune » doit être un code INSEE à 5 caractères (reçu « 9600 »)."],
  "a long commune": ["insee_malformed", "« commune » doit être un code INSEE à 5 caractères (reçu « xxxxxxxxxxxxxxxxxxxx »)."],
  "an empty commune": { ok: {"from":"2026-01-01","to":"2026-06-15","communes":["96001","2A004"]} },
  "commune twice": ["param_repeated", "Le paramètre « commune » doit être donné une seule fois."],
  "commune with spaces": { ok: {"from":"2026-01-01","to":"2026-06-15","communes":["96001"]} },
  "an unknown parameter": ["field_unknown", "Paramètre inconnu : year (possibles : from, to, commune)."],
  "two unknown parameters": ["field_unknown", "Paramètre inconnu : year, type (possibles : from, to, commune)."],
  "long unknown parameters": ["field_unknown", "Paramètre inconnu : aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbb (possibles : from, to, commune)."],
  "unknown and a bad period": ["field_unknown", "Paramètre inconnu : year (possibles : from, to, commune)."],
  "a bad period and a bad commune": ["period_invalid", "« from » doit être une date AAAA-MM-JJ réelle (reçu « x »)."],
  "a reversed period and a commune outside": ["period_reversed", "La période commence le 31/03/2026, après sa fin le 01/01/2026."],
  "a bad commune and from twice": ["param_repeated", "Le paramètre « from » doit être donné une seule fois."],
  // A parameter given twice is refused before the period is read (the hand-written checks read the
  // commune last: they answered period_invalid here).
  "a bad period and commune twice": ["param_repeated", "Le paramètre « commune » doit être donné une seule fois."],
  "a period and a commune": { ok: {"from":"2025-01-01","to":"2025-12-31","communes":["96001"]} },
  "a blank from": ["period_invalid", "« from » doit être une date AAAA-MM-JJ réelle (reçu «  »)."],
  "a blank commune": ["insee_malformed", "« commune » doit être un code INSEE à 5 caractères (reçu «  »)."],
};

describe('the stats query (GET /api/stats)', () => {
  it.each(CASES)('%s', (what, q, u) => expect(answer(() => parseStatsQuery(q, u, TODAY))).toEqual(READ[what]));
});
