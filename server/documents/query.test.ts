// The note de renseignements' query string, refused or read: the codes and French messages, and the
// parcel id, the hand-written reader gave before the query was validated through the contract's schema
// (api.ts), recorded from that reader.
import { describe, expect, it } from 'vitest';
import { answer, type Answer } from '../testing/recorded.ts';
import { parseRenseignementsQuery } from './renseignements.ts';

const PARCELLE: [string, Record<string, unknown>][] = [
  ['nothing', {}], ['good', { parcelle: '96001000AB0003' }], ['lower and padded', { parcelle: ' 96001000ab0003 ' }], ['empty', { parcelle: '' }], ['blank', { parcelle: '  ' }],
  ['repeated', { parcelle: ['96001000AB0003', '96001000AB0004'] }], ['short', { parcelle: 'AB12' }], ['long junk', { parcelle: 'x'.repeat(60) }],
  ['an unknown key', { parcelle: '96001000AB0003', format: 'pdf' }], ['two unknown keys', { a: '1', b: '2' }], ['an unknown key and a bad parcel', { parcelle: 'x', a: '1' }],
];

const READ: Record<string, Answer> = {
  "nothing": ["parcelle_missing","Indiquez la parcelle : ?parcelle=<identifiant à 14 caractères, par exemple 96001000AB0003>."],
  "good": {"ok":"96001000AB0003"},
  "lower and padded": {"ok":"96001000AB0003"},
  "empty": ["parcelle_missing","Indiquez la parcelle : ?parcelle=<identifiant à 14 caractères, par exemple 96001000AB0003>."],
  "blank": ["parcelle_invalid","«    » n'est pas un identifiant de parcelle (14 caractères : INSEE, préfixe, section, numéro, par exemple 96001000AB0003)."],
  "repeated": ["parcelle_missing","Indiquez la parcelle : ?parcelle=<identifiant à 14 caractères, par exemple 96001000AB0003>."],
  "short": ["parcelle_invalid","« AB12 » n'est pas un identifiant de parcelle (14 caractères : INSEE, préfixe, section, numéro, par exemple 96001000AB0003)."],
  "long junk": ["parcelle_invalid","« xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx » n'est pas un identifiant de parcelle (14 caractères : INSEE, préfixe, section, numéro, par exemple 96001000AB0003)."],
  "an unknown key": ["field_unknown","Paramètre inconnu : format ; seul « parcelle » est attendu."],
  "two unknown keys": ["field_unknown","Paramètre inconnu : a, b ; seul « parcelle » est attendu."],
  "an unknown key and a bad parcel": ["field_unknown","Paramètre inconnu : a ; seul « parcelle » est attendu."],
};

describe('GET /api/renseignements.pdf query', () => {
  for (const [name, q] of PARCELLE) it(name, () => expect(answer(() => parseRenseignementsQuery(q))).toEqual(READ[name]));
});
