// The query-string primitives every domain builds its parameters with (errors.ts sets French spacing, normalised by testing/recorded.ts).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { param, parseWith, refuse, refusing, required, strictQuery } from './parse.ts';
import { readOrRefusal } from '../testing/recorded.ts';
const Q = strictQuery({ a: param('a').pipe(z.string().regex(/^\d+$/).optional()), b: param('b') }, (k, all) => `Paramètre inconnu : ${k.join(', ')} (possibles : ${all.join(', ')}).`);
const fail = (v: unknown) => readOrRefusal(() => parseWith(Q, v));
describe('query strings', () => {
  it('a parameter given twice is refused with param_repeated', () => expect(fail({ a: ['1', '2'] })).toEqual(['param_repeated', 'Le paramètre « a » doit être donné une seule fois.']));
  it('an empty parameter reads as absent and a value is trimmed', () => expect(parseWith(Q, { a: '', b: ' x ' })).toEqual({ a: undefined, b: 'x' }));
  it('an unknown parameter is refused with the domain message, listing the known ones', () => expect(fail({ c: '1' })).toEqual(['field_unknown', 'Paramètre inconnu : c (possibles : a, b).']));
  it('a parameter longer than its max is refused with param_too_long, and the contract shows the max', () => {
    const L = strictQuery({ c: param('c', 3) }, () => '');
    expect(readOrRefusal(() => parseWith(L, { c: 'abcd' })))
      .toEqual(['param_too_long', 'Le paramètre « c » est trop long (3 caractères au plus).']);
    expect(z.toJSONSchema(L, { io: 'input', unrepresentable: 'any' })).toMatchObject({ properties: { c: { type: 'string', maxLength: 3 } } });
  });
  it('the contract shows each parameter as a string', () => expect(z.toJSONSchema(Q, { io: 'input', unrepresentable: 'any' })).toMatchObject({ properties: { a: { type: 'string' }, b: { type: 'string' } } }));
});
describe('a required parameter', () => {
  const R = strictQuery({ a: required(param('a'), refusing('a_missing', '« a » est obligatoire.')).transform((v, ctx) => (v === 'x' ? refuse(ctx, refusing('a_bad', '« a » ne peut valoir x.')) : v)) }, () => '');
  const miss = (v: unknown) => readOrRefusal(() => parseWith(R, v));
  it('absent or empty, it is refused with the domain code; a value may be refused after reading', () => expect([miss({}), miss({ a: '' }), miss({ a: 'x' }), miss({ a: ' y ' })])
    .toEqual([['a_missing', '« a » est obligatoire.'], ['a_missing', '« a » est obligatoire.'], ['a_bad', '« a » ne peut valoir x.'], { a: 'y' }]));
  it('the contract shows it as a required string', () => expect([R.shape.a.safeParse(undefined).success, z.toJSONSchema(R, { io: 'input', unrepresentable: 'any' })]).toMatchObject([false, { properties: { a: { type: 'string' } } }]));
});
