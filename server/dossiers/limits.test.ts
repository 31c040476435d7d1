// The contract publishes the dossiers' text limits (limits.ts): each text field of a filing, the objet
// affiché and a note carry maxLength in /api/openapi.json, though the server checks them once trimmed.
import { describe, expect, it } from 'vitest';
import { OPENAPI } from '../contract/openapi.ts';
import { DESCRIPTION_MAX, NOTE_MAX, OBJET_MAX, PHONE_MAX, POSTCODE_MAX, REGISTRATION_MAX, TEXT_MAX } from './limits.ts';

type Schema = { type?: string; maxLength?: number; properties?: Record<string, Schema>; anyOf?: Schema[]; oneOf?: Schema[] };
/** Each string property's path (alternatives of a union merged) → its maxLength, or null when it has none. */
function texts(s: Schema, at = '', out: Record<string, number | null> = {}): Record<string, number | null> {
  if (s.type === 'string') out[at] = s.maxLength ?? null;
  for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) texts(alt, at, out);
  for (const [k, p] of Object.entries(s.properties ?? {})) texts(p, at ? `${at}.${k}` : k, out);
  return out;
}
const body = (path: string, method: string): Schema => (OPENAPI.paths as any)[path][method].requestBody.content['application/json'].schema;

describe('the contract shows the text limits', () => {
  it('every free text of a filing carries its maxLength', () => {
    const found = texts(body('/api/dossiers', 'post'));
    // Texts of a fixed form (codes, dates, enumerations, the kind) are not free texts.
    const free = Object.fromEntries(Object.entries(found).filter(([k]) => !/^(type|insee|filedOn|applicant\.kind|works\.(nature|destination))$|^parcels|^pieces/.test(k)));
    expect(free).toEqual({
      'applicant.lastName': TEXT_MAX, 'applicant.firstName': TEXT_MAX, 'applicant.name': TEXT_MAX, 'applicant.siren': TEXT_MAX, 'applicant.siret': TEXT_MAX,
      'applicant.legalForm': TEXT_MAX, 'applicant.representative.lastName': TEXT_MAX, 'applicant.representative.firstName': TEXT_MAX,
      'applicant.address.street': TEXT_MAX, 'applicant.address.postcode': POSTCODE_MAX, 'applicant.address.city': TEXT_MAX, 'applicant.address.country': TEXT_MAX,
      'applicant.email': TEXT_MAX, 'applicant.phone': PHONE_MAX,
      'land.address.street': TEXT_MAX, 'land.address.postcode': POSTCODE_MAX, 'land.address.city': TEXT_MAX,
      'architect.lastName': TEXT_MAX, 'architect.firstName': TEXT_MAX, 'architect.registration': REGISTRATION_MAX,
      'works.description': DESCRIPTION_MAX,
    });
  });
  it('the objet affiché and a note carry theirs', () => {
    expect(texts(body('/api/dossiers/{id}/publication', 'patch')).objetAffiche).toBe(OBJET_MAX);
    expect(texts(body('/api/dossiers/{id}/notes', 'post')).body).toBe(NOTE_MAX);
  });
});
