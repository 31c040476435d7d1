// The filing's, the event's and the desk's bodies, refused or read: each bad body gets the code and the French
// message the hand-written validators gave before the bodies were validated through the contract's
// schemas (api.ts); a good body gives the same typed value. (The list of a filing's admitted fields
// now follows the schema's order, the order its fields are checked in.)
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { parseAssignBody, parseRuleBody } from './assignment.ts';
import { parseEventBody, parseFiling } from './input.ts';
import { parseNoteBody } from './notes.ts';
import { parsePublicationBody } from '../publication/staff.ts';

const P = { kind: 'person', lastName: 'Martin', firstName: 'Claire', address: { street: '3 rue des Lilas', postcode: '96100', city: 'Terrier-sur-Lande' }, email: 'claire.martin@example.org' };
const C = { kind: 'company', name: 'SCI Les Tilleuls', siret: '12345678900017', representative: { lastName: 'Durand', firstName: 'Paul' } };
const B = (over: Record<string, unknown> = {}) => ({ type: 'PC', insee: '96001', parcels: ['96001000AB0001'], filedOn: '2026-01-15', applicant: P,
  works: { description: 'Maison', floorArea: 120, dwellings: 1 }, ...over });
const child = (type: string, over: Record<string, unknown> = {}) => ({ type, parentId: 3, filedOn: '2026-01-15', ...over });
const FILINGS: [string, unknown][] = [
  ['not an object', 5], ['an array', []], ['null', null],
  ['an unknown field', B({ colour: 'blue' })], ['two unknown fields', B({ colour: 'blue', size: 2 })],
  ['an unknown field and a bad type', B({ colour: 'blue', type: 'PX' })],
  ['an unknown type', B({ type: 'PX' })], ['no type', B({ type: undefined })],
  ['a DOC without parent', { type: 'DOC' }], ['a DOC with parent 0', child('DOC', { parentId: 0 })], ['a DOC with parent "3"', child('DOC', { parentId: '3' })],
  ['a PC with a parent', B({ parentId: 1 })], ['a PC with parent null', B({ parentId: null })],
  ['a bad insee', B({ insee: 'Terrier' })], ['no insee', B({ insee: undefined })], ['a child with a bad insee', child('DOC', { insee: 5 })],
  ['no parcels', B({ parcels: undefined })], ['empty parcels', B({ parcels: [] })], ['parcels as text', B({ parcels: '96001000AB0001' })], ['a number parcel', B({ parcels: [5] })],
  ['a malformed parcel', B({ parcels: ['AB12', 'x y'] })], ['too many parcels', B({ parcels: Array.from({ length: 501 }, (_, i) => `96001000AB${String(i).padStart(4, '0')}`) })],
  ['no filing date', B({ filedOn: undefined })], ['an unreal date', B({ filedOn: '2026-02-30' })], ['a French date', B({ filedOn: '15/01/2026' })],
  ['no applicant', B({ applicant: undefined })], ['applicant 5', B({ applicant: 5 })], ['a robot', B({ applicant: { kind: 'robot', name: 'R2' } })],
  ['a person without name', B({ applicant: { kind: 'person' } })], ['a person named blank', B({ applicant: { kind: 'person', lastName: '  ' } })],
  ['a person named empty', B({ applicant: { kind: 'person', lastName: '' } })], ['a person named 5', B({ applicant: { kind: 'person', lastName: 5 } })],
  ['a long name', B({ applicant: { kind: 'person', lastName: 'x'.repeat(201) } })], ['a bad email', B({ applicant: { ...P, email: 'claire' } })],
  ['a person with a siret', B({ applicant: { ...P, siret: '12345678900017' } })], ['a long phone', B({ applicant: { ...P, phone: '0'.repeat(31) } })],
  ['a company without name', B({ applicant: { kind: 'company' } })], ['a bad SIRET', B({ applicant: { ...C, siret: '123' } })],
  ['a bad SIREN', B({ applicant: { ...C, siren: '12' } })], ['SIREN not of the SIRET', B({ applicant: { ...C, siren: '999999999' } })],
  ['representative 5', B({ applicant: { ...C, representative: 5 } })], ['representative without name', B({ applicant: { ...C, representative: { firstName: 'P' } } })],
  ['representative with a role', B({ applicant: { ...C, representative: { lastName: 'D', role: 'gérant' } } })],
  ['address 5', B({ applicant: { ...P, address: 5 } })], ['address with a floor', B({ applicant: { ...P, address: { floor: 2 } } })],
  ['a long postcode', B({ applicant: { ...P, address: { postcode: '12345678901' } } })], ['a blank street', B({ applicant: { ...P, address: { street: ' ' } } })],
  ['recolement on a PC', B({ recolementObligatoire: true })], ['recolement "yes" on a DAACT', child('DAACT', { recolementObligatoire: 'yes' })],
  ['assessment on a CUa', { ...B({ type: 'CUa', works: undefined }), environmentalAssessment: true }], ['assessment "yes"', B({ environmentalAssessment: 'yes' })],
  ['imported "yes"', B({ imported: 'yes' })],
  ['land 5', B({ land: 5 })], ['land with a surface', B({ land: { surface: 3 } })], ['land address 5', B({ land: { address: 5 } })],
  ['land address with a country', B({ land: { address: { country: 'FR' } } })], ['land area -1', B({ land: { area: -1 } })], ['land area 0', B({ land: { area: 0 } })],
  ['land postcode long', B({ land: { address: { postcode: '12345678901' } } })],
  ['pieces as text', B({ pieces: 'PC1' })], ['pieces on a CUa', { ...B({ type: 'CUa', works: undefined }), pieces: ['PC1'] }], ['unknown pieces', B({ pieces: ['PC1', 'PC99', 'DP3'] })],
  ['architect 5', B({ architect: 5 })], ['architect without name', B({ architect: { firstName: 'Anne' } })], ['architect with a phone', B({ architect: { lastName: 'A', phone: '1' } })],
  ['a long registration', B({ architect: { lastName: 'A', registration: 'x'.repeat(31) } })],
  ['no works', B({ works: undefined })], ['works 5', B({ works: 5 })], ['works with a height', B({ works: { description: 'M', height: 3 } })],
  ['demolition "yes"', B({ works: { description: 'M', demolition: 'yes' } })], ['no description', B({ works: { floorArea: 3 } })],
  ['a long description', B({ works: { description: 'x'.repeat(4001) } })], ['floor area -1', B({ works: { description: 'M', floorArea: -1 } })],
  ['floor area "3"', B({ works: { description: 'M', floorArea: '3' } })], ['1.5 dwellings', B({ works: { description: 'M', dwellings: 1.5 } })],
  ['a huge footprint', B({ works: { description: 'M', footprint: 2e9 } })], ['a bad nature', B({ works: { description: 'M', nature: 'rêve' } })],
  ['a bad destination', B({ works: { description: 'M', destination: 5 } })],
  ['a DAACT without applicant', child('DAACT')], ['a transfer without applicant', child('transfert')],
  // Good ones: what they give.
  ['a PC of a person', B({ parcels: [' 96001000ab0001 ', '96001000AB0001', '96001000AB0002'], applicant: { ...P, firstName: ' Claire ', phone: '' } })],
  ['a PC of a company', B({ applicant: C, works: { description: ' Immeuble ', floorArea: 980, floorAreaDemolished: 10, footprint: 400, dwellings: 12, demolition: false, nature: 'nouvelle_construction', destination: 'habitation' } })],
  ['a full CERFA', B({ land: { address: { street: '1 rue', postcode: '96100' }, area: 500 }, pieces: ['pc 2', 'PC1', 'PC1'], architect: { lastName: 'Archi', registration: 'S1' }, imported: true, environmentalAssessment: true })],
  ['a DAACT', child('DAACT', { recolementObligatoire: true })], ['a transfer', child('transfert', { applicant: C })], ['a CUa', B({ type: 'CUa', works: undefined })],
  ['a modificatif', child('modificatif', { insee: '96001', parcels: ['96001000AB0001'], applicant: P, works: { description: 'Fenêtre' } })],
  ['nulls', B({ works: { description: 'M', floorArea: null, nature: null }, land: null, pieces: null, architect: null, applicant: { ...P, address: null, email: null } })],
];
const EVENTS: [string, unknown][] = [
  ['not an object', 5], ['an array', []], ['an unknown field', { type: 'CONSULT', on: '2026-06-02', version: 1, colour: 1 }],
  ['no type', { on: '2026-06-02', version: 1 }], ['type 5', { type: 5, on: '2026-06-02', version: 1 }], ['no date', { type: 'CONSULT', version: 1 }],
  ['a French date', { type: 'CONSULT', on: '02/06/2026', version: 1 }], ['no version', { type: 'CONSULT', on: '2026-06-02' }],
  ['version 0', { type: 'CONSULT', on: '2026-06-02', version: 0 }], ['version 1.5', { type: 'CONSULT', on: '2026-06-02', version: 1.5 }],
  ['a good one', { type: 'CONSULT', on: '2026-06-02', version: 2, payload: { service: 'SDIS' } }], ['no payload', { type: 'X', on: '2026-06-02', version: 2 }],
];

type Answer = [code: string, message: string] | { ok: unknown };
const FILED: Record<string, Answer> = {
  "not an object": ["body_not_object", "Le corps de la requête doit être un objet JSON { type, insee, parcels, filedOn, applicant, works }."],
  "an array": ["body_not_object", "Le corps de la requête doit être un objet JSON { type, insee, parcels, filedOn, applicant, works }."],
  "null": ["body_not_object", "Le corps de la requête doit être un objet JSON { type, insee, parcels, filedOn, applicant, works }."],
  "an unknown field": ["field_unknown", "Champ inconnu : « body.colour ». Champs admis : type, parentId, insee, parcels, filedOn, applicant, recolementObligatoire, environmentalAssessment, imported, land, pieces, architect, works."],
  "two unknown fields": ["field_unknown", "Champs inconnus : « body.colour », « body.size ». Champs admis : type, parentId, insee, parcels, filedOn, applicant, recolementObligatoire, environmentalAssessment, imported, land, pieces, architect, works."],
  "an unknown field and a bad type": ["field_unknown", "Champ inconnu : « body.colour ». Champs admis : type, parentId, insee, parcels, filedOn, applicant, recolementObligatoire, environmentalAssessment, imported, land, pieces, architect, works."],
  "an unknown type": ["dossier_type_unknown", "Type de dossier inconnu : \"PX\". Types admis : PC, PCMI, DP, PA, PD, CUa, CUb, modificatif, transfert, prorogation, DOC, DAACT."],
  "no type": ["dossier_type_unknown", "Type de dossier inconnu : aucun. Types admis : PC, PCMI, DP, PA, PD, CUa, CUb, modificatif, transfert, prorogation, DOC, DAACT."],
  "a DOC without parent": ["parent_required", "Un dossier DOC se dépose sur un permis accordé : indiquez « parentId », l’identifiant de ce dossier."],
  "a DOC with parent 0": ["parent_required", "Un dossier DOC se dépose sur un permis accordé : indiquez « parentId », l’identifiant de ce dossier."],
  "a DOC with parent \"3\"": ["parent_required", "Un dossier DOC se dépose sur un permis accordé : indiquez « parentId », l’identifiant de ce dossier."],
  "a PC with a parent": ["parent_not_allowed", "Un dossier PC ne se dépose pas sur un autre dossier : retirez « parentId »."],
  "a PC with parent null": ["parent_not_allowed", "Un dossier PC ne se dépose pas sur un autre dossier : retirez « parentId »."],
  "a bad insee": ["insee_malformed", "« insee » doit être le code INSEE d’une commune (5 caractères, par exemple \"13004\") ; reçu : \"Terrier\"."],
  "no insee": ["insee_malformed", "« insee » doit être le code INSEE d’une commune (5 caractères, par exemple \"13004\") ; reçu : rien."],
  "a child with a bad insee": ["insee_malformed", "« insee » doit être le code INSEE d’une commune (5 caractères, par exemple \"13004\") ; reçu : 5."],
  "no parcels": ["parcels_invalid", "« parcels » doit être une liste non vide d’identifiants de parcelles (14 caractères, par exemple \"13004000AB0037\")."],
  "empty parcels": ["parcels_invalid", "« parcels » doit être une liste non vide d’identifiants de parcelles (14 caractères, par exemple \"13004000AB0037\")."],
  "parcels as text": ["parcels_invalid", "« parcels » doit être une liste non vide d’identifiants de parcelles (14 caractères, par exemple \"13004000AB0037\")."],
  "a number parcel": ["parcels_invalid", "« parcels » doit être une liste non vide d’identifiants de parcelles (14 caractères, par exemple \"13004000AB0037\")."],
  "a malformed parcel": ["parcel_id_malformed", "Identifiant de parcelle mal formé : \"AB12\", \"X Y\" ; attendu : INSEE (5) + préfixe (3) + section (2) + numéro (4)."],
  "too many parcels": ["parcels_too_many", "Trop de parcelles : 501, 500 au plus."],
  "no filing date": ["date_invalid", "« filedOn » (la date de dépôt) doit être une date réelle du calendrier écrite AAAA-MM-JJ (reçu : rien)."],
  "an unreal date": ["date_invalid", "« filedOn » (la date de dépôt) doit être une date réelle du calendrier écrite AAAA-MM-JJ (reçu : \"2026-02-30\")."],
  "a French date": ["date_invalid", "« filedOn » (la date de dépôt) doit être une date réelle du calendrier écrite AAAA-MM-JJ (reçu : \"15/01/2026\")."],
  "no applicant": ["applicant_required", "Le demandeur (« applicant ») est obligatoire : un objet { kind: \"person\", lastName, firstName?, address?, email?, phone? } ou { kind: \"company\", name, siret?, legalForm?, representative?, address?, email?, phone? }."],
  "applicant 5": ["applicant_required", "Le demandeur (« applicant ») est obligatoire : un objet { kind: \"person\", lastName, firstName?, address?, email?, phone? } ou { kind: \"company\", name, siret?, legalForm?, representative?, address?, email?, phone? }."],
  "a robot": ["applicant_kind_unknown", "« applicant.kind » doit valoir \"person\" (personne physique) ou \"company\" (personne morale) : un objet { kind: \"person\", lastName, firstName?, address?, email?, phone? } ou { kind: \"company\", name, siret?, legalForm?, representative?, address?, email?, phone? }."],
  "a person without name": ["field_required", "Le champ « applicant.lastName » est obligatoire."],
  "a person named blank": ["field_not_text", "Le champ « applicant.lastName » doit être un texte non vide."],
  "a person named empty": ["field_required", "Le champ « applicant.lastName » est obligatoire."],
  "a person named 5": ["field_not_text", "Le champ « applicant.lastName » doit être un texte non vide."],
  "a long name": ["field_too_long", "Le champ « applicant.lastName » est trop long : 200 caractères au plus."],
  "a bad email": ["field_malformed", "Le champ « applicant.email » est mal formé : attendu une adresse électronique."],
  "a person with a siret": ["field_unknown", "Champ inconnu : « applicant.siret ». Champs admis : kind, lastName, firstName, address, email, phone."],
  "a long phone": ["field_too_long", "Le champ « applicant.phone » est trop long : 30 caractères au plus."],
  "a company without name": ["field_required", "Le champ « applicant.name » est obligatoire."],
  "a bad SIRET": ["field_malformed", "Le champ « applicant.siret » est mal formé : attendu 14 chiffres."],
  "a bad SIREN": ["field_malformed", "Le champ « applicant.siren » est mal formé : attendu 9 chiffres."],
  "SIREN not of the SIRET": ["siren_mismatch", "Le SIREN 999999999 n’est pas celui du SIRET 12345678900017 (ses neuf premiers chiffres)."],
  "representative 5": ["representative_invalid", "Le représentant (« applicant.representative ») doit être un objet { lastName, firstName? }."],
  "representative without name": ["field_required", "Le champ « applicant.representative.lastName » est obligatoire."],
  "representative with a role": ["field_unknown", "Champ inconnu : « applicant.representative.role ». Champs admis : lastName, firstName."],
  "address 5": ["address_invalid", "Le champ « applicant.address » doit être un objet { street, postcode, city, country }."],
  "address with a floor": ["field_unknown", "Champ inconnu : « applicant.address.floor ». Champs admis : street, postcode, city, country."],
  "a long postcode": ["field_too_long", "Le champ « applicant.address.postcode » est trop long : 10 caractères au plus."],
  "a blank street": ["field_not_text", "Le champ « applicant.address.street » doit être un texte non vide."],
  "recolement on a PC": ["recolement_not_applicable", "« recolementObligatoire » (true ou false) ne concerne qu’une DAACT (R462-7)."],
  "recolement \"yes\" on a DAACT": ["recolement_not_applicable", "« recolementObligatoire » (true ou false) ne concerne qu’une DAACT (R462-7)."],
  "assessment on a CUa": ["environmental_assessment_not_applicable", "« environmentalAssessment » (true ou false) ne concerne qu’une demande de permis ou une déclaration préalable (R424-2-1)."],
  "assessment \"yes\"": ["environmental_assessment_not_applicable", "« environmentalAssessment » (true ou false) ne concerne qu’une demande de permis ou une déclaration préalable (R424-2-1)."],
  "imported \"yes\"": ["field_not_boolean", "« imported » doit valoir true ou false."],
  "land 5": ["land_invalid", "« land » (le terrain) doit être un objet { address: { street, postcode, city }, area? }."],
  "land with a surface": ["field_unknown", "Champ inconnu : « land.surface ». Champs admis : address, area."],
  "land address 5": ["address_invalid", "Le champ « land.address » doit être un objet { street, postcode, city }."],
  "land address with a country": ["field_unknown", "Champ inconnu : « land.address.country ». Champs admis : street, postcode, city."],
  "land area -1": ["field_not_number", "Le champ « land.area » (superficie du terrain, m²) doit être un nombre positif."],
  "land area 0": ["field_not_number", "Le champ « land.area » (superficie du terrain, m²) doit être un nombre positif."],
  "land postcode long": ["field_too_long", "Le champ « land.address.postcode » est trop long : 10 caractères au plus."],
  "pieces as text": ["pieces_invalid", "« pieces » (les pièces déposées) doit être une liste de codes du bordereau, par exemple [\"PC1\", \"PC2\"]."],
  "pieces on a CUa": ["pieces_not_applicable", "Un dossier CUa n’a pas de bordereau de pièces dans Terrier : retirez « pieces »."],
  "unknown pieces": ["piece_unknown", "Pièce inconnue du bordereau PC : « PC99 », « DP3 » (pièces : PC1, PC2, PC3, PC4, PC5, PC6, PC7, PC8, PC11)."],
  "architect 5": ["architect_invalid", "« architect » doit être un objet { lastName, firstName?, registration? }."],
  "architect without name": ["field_required", "Le champ « architect.lastName » est obligatoire."],
  "architect with a phone": ["field_unknown", "Champ inconnu : « architect.phone ». Champs admis : lastName, firstName, registration."],
  "a long registration": ["field_too_long", "Le champ « architect.registration » est trop long : 30 caractères au plus."],
  "no works": ["works_required", "Les travaux (« works ») sont obligatoires : { description, floorArea?, footprint?, dwellings?, demolition? }."],
  "works 5": ["works_invalid", "Les travaux (« works ») doivent être un objet { description, nature?, destination?, floorArea?, footprint?, dwellings?, demolition? }."],
  "works with a height": ["field_unknown", "Champ inconnu : « works.height ». Champs admis : description, floorArea, floorAreaDemolished, footprint, dwellings, demolition, nature, destination."],
  "demolition \"yes\"": ["field_not_boolean", "« works.demolition » doit valoir true ou false."],
  "no description": ["field_required", "Le champ « works.description » est obligatoire (la nature des travaux)."],
  "a long description": ["field_too_long", "Le champ « works.description » est trop long : 4000 caractères au plus."],
  "floor area -1": ["field_not_number", "Le champ « works.floorArea » doit être un nombre positif ou nul."],
  "floor area \"3\"": ["field_not_number", "Le champ « works.floorArea » doit être un nombre positif ou nul."],
  "1.5 dwellings": ["field_not_number", "Le champ « works.dwellings » doit être un entier positif ou nul."],
  "a huge footprint": ["field_not_number", "Le champ « works.footprint » doit être un nombre positif ou nul."],
  "a bad nature": ["nature_unknown", "works.nature : nature des travaux inconnue : \"rêve\" (possibles : construction_neuve, extension, travaux_existant, changement_destination, demolition, amenagement, autre)"],
  "a bad destination": ["destination_unknown", "works.destination : destination (R151-27) inconnue : 5 (possibles : exploitation_agricole_forestiere, habitation, commerce_activites_service, equipements_interet_collectif, autres_activites)"],
  "a DAACT without applicant": { ok: {"type": "DAACT", "insee": null, "parcels": [], "filedOn": "2026-01-15", "applicant": null, "works": {}, "parentId": 3, "imported": false, "recolementObligatoire": false, "environmentalAssessment": false} },
  "a transfer without applicant": ["applicant_required", "Le demandeur (« applicant ») est obligatoire : un objet { kind: \"person\", lastName, firstName?, address?, email?, phone? } ou { kind: \"company\", name, siret?, legalForm?, representative?, address?, email?, phone? }."],
  "a PC of a person": { ok: {"type": "PC", "insee": "96001", "parcels": ["96001000AB0001", "96001000AB0002"], "filedOn": "2026-01-15", "applicant": {"kind": "person", "lastName": "Martin", "firstName": "Claire", "address": {"street": "3 rue des Lilas", "postcode": "96100", "city": "Terrier-sur-Lande"}, "email": "claire.martin@example.org"}, "works": {"description": "Maison", "floorArea": 120, "dwellings": 1}, "parentId": null, "imported": false, "recolementObligatoire": false, "environmentalAssessment": false} },
  "a PC of a company": ["nature_unknown", "works.nature : nature des travaux inconnue : \"nouvelle_construction\" (possibles : construction_neuve, extension, travaux_existant, changement_destination, demolition, amenagement, autre)"],
  "a full CERFA": { ok: {"type": "PC", "insee": "96001", "parcels": ["96001000AB0001"], "filedOn": "2026-01-15", "applicant": {"kind": "person", "lastName": "Martin", "firstName": "Claire", "address": {"street": "3 rue des Lilas", "postcode": "96100", "city": "Terrier-sur-Lande"}, "email": "claire.martin@example.org"}, "works": {"description": "Maison", "floorArea": 120, "dwellings": 1, "land": {"address": {"street": "1 rue", "postcode": "96100"}, "area": 500}, "piecesFiled": ["PC1", "PC2"], "architect": {"lastName": "Archi", "registration": "S1"}}, "parentId": null, "imported": true, "recolementObligatoire": false, "environmentalAssessment": true} },
  "a DAACT": { ok: {"type": "DAACT", "insee": null, "parcels": [], "filedOn": "2026-01-15", "applicant": null, "works": {}, "parentId": 3, "imported": false, "recolementObligatoire": true, "environmentalAssessment": false} },
  "a transfer": { ok: {"type": "transfert", "insee": null, "parcels": [], "filedOn": "2026-01-15", "applicant": {"kind": "company", "name": "SCI Les Tilleuls", "siren": "123456789", "siret": "12345678900017", "representative": {"lastName": "Durand", "firstName": "Paul"}}, "works": {}, "parentId": 3, "imported": false, "recolementObligatoire": false, "environmentalAssessment": false} },
  "a CUa": { ok: {"type": "CUa", "insee": "96001", "parcels": ["96001000AB0001"], "filedOn": "2026-01-15", "applicant": {"kind": "person", "lastName": "Martin", "firstName": "Claire", "address": {"street": "3 rue des Lilas", "postcode": "96100", "city": "Terrier-sur-Lande"}, "email": "claire.martin@example.org"}, "works": {}, "parentId": null, "imported": false, "recolementObligatoire": false, "environmentalAssessment": false} },
  "a modificatif": { ok: {"type": "modificatif", "insee": "96001", "parcels": ["96001000AB0001"], "filedOn": "2026-01-15", "applicant": {"kind": "person", "lastName": "Martin", "firstName": "Claire", "address": {"street": "3 rue des Lilas", "postcode": "96100", "city": "Terrier-sur-Lande"}, "email": "claire.martin@example.org"}, "works": {"description": "Fenêtre"}, "parentId": 3, "imported": false, "recolementObligatoire": false, "environmentalAssessment": false} },
  "nulls": { ok: {"type": "PC", "insee": "96001", "parcels": ["96001000AB0001"], "filedOn": "2026-01-15", "applicant": {"kind": "person", "lastName": "Martin", "firstName": "Claire"}, "works": {"description": "M"}, "parentId": null, "imported": false, "recolementObligatoire": false, "environmentalAssessment": false} },
};
const POSTED: Record<string, Answer> = {
  "not an object": ["body_not_object", "Le corps de la requête doit être un objet JSON { type, on, version, payload? }."],
  "an array": ["body_not_object", "Le corps de la requête doit être un objet JSON { type, on, version, payload? }."],
  "an unknown field": ["field_unknown", "Champ inconnu : « body.colour ». Champs admis : type, on, version, payload."],
  "no type": ["event_type_required", "« type » est obligatoire : l’événement (par exemple \"REQUEST_PIECES\")."],
  "type 5": ["event_type_required", "« type » est obligatoire : l’événement (par exemple \"REQUEST_PIECES\")."],
  "no date": ["date_invalid", "« on » (la date légale de l’événement) doit être une date réelle du calendrier écrite AAAA-MM-JJ (reçu : rien)."],
  "a French date": ["date_invalid", "« on » (la date légale de l’événement) doit être une date réelle du calendrier écrite AAAA-MM-JJ (reçu : \"02/06/2026\")."],
  "no version": ["version_required", "« version » est obligatoire : la version du dossier sur laquelle l’événement a été décidé (voir GET /api/dossiers/:id)."],
  "version 0": ["version_required", "« version » est obligatoire : la version du dossier sur laquelle l’événement a été décidé (voir GET /api/dossiers/:id)."],
  "version 1.5": ["version_required", "« version » est obligatoire : la version du dossier sur laquelle l’événement a été décidé (voir GET /api/dossiers/:id)."],
  "a good one": { ok: {"type": "CONSULT", "on": "2026-06-02", "version": 2, "payload": {"service": "SDIS"}} },
  "no payload": { ok: {"type": "X", "on": "2026-06-02", "version": 2} },
};

function answer(parse: (body: unknown) => unknown, body: unknown): Answer {
  try {
    return { ok: JSON.parse(JSON.stringify(parse(body))) };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return [e.code, e.message];
  }
}

describe('the filing body', () => {
  it.each(FILINGS)('%s', (what, body) => expect(answer(parseFiling, body)).toEqual(FILED[what]));
});

describe('the event body', () => {
  it.each(EVENTS)('%s', (what, body) => expect(answer(parseEventBody, body)).toEqual(POSTED[what]));
});

// The desk's bodies: an assignment, a commune's rule, a note (the same answers as their hand-written validators).
const ASSIGN: unknown[] = [5, [], null, { instructeurId: 1, version: 2 }, { instructeurId: null, version: 2 }, { instructeurId: 1 }, { version: 2 }, { instructeurId: 0, version: 2 }, { instructeurId: '1', version: 2 },
  { instructeurId: 1, version: 1.5 }, { instructeurId: 1, version: 2, colour: 1 }, { instructeurId: 1, version: 2, colour: 1, size: 2 }, { instructeurId: 'x', colour: 1 }];
const RULE: unknown[] = [5, null, { insee: '96001', instructeurId: 1 }, { insee: '96001', instructeurId: null }, { insee: '9600', instructeurId: 1 }, { instructeurId: 1 }, { insee: '96001' },
  { insee: '96001', instructeurId: -1 }, { insee: '96001', instructeurId: 1, colour: 'red' }, { insee: 5, instructeurId: 'x' }];
const NOTE: unknown[] = [5, null, [], { body: 'Bonjour' }, { body: '  a\r\nb  ' }, { body: '   ' }, { body: 5 }, {}, { body: 'x'.repeat(4001) }, { body: 'x'.repeat(4000) }, { text: 'x' }, { body: 'x', text: 'y' }];
const ASSIGNED: Answer[] = [
  ["body_not_object", "Le corps de la requête doit être un objet JSON { instructeurId, version }."],
  ["body_not_object", "Le corps de la requête doit être un objet JSON { instructeurId, version }."],
  ["body_not_object", "Le corps de la requête doit être un objet JSON { instructeurId, version }."],
  { ok: {"instructeurId": 1, "version": 2} },
  { ok: {"instructeurId": null, "version": 2} },
  ["version_required", "« version » est obligatoire : la version du dossier lue (GET /api/dossiers/:id)."],
  ["instructeur_required", "« instructeurId » est obligatoire : l’identifiant du compte chargé du dossier (GET /api/instructeurs), ou null pour n’en charger personne."],
  ["instructeur_required", "« instructeurId » est obligatoire : l’identifiant du compte chargé du dossier (GET /api/instructeurs), ou null pour n’en charger personne."],
  ["instructeur_required", "« instructeurId » est obligatoire : l’identifiant du compte chargé du dossier (GET /api/instructeurs), ou null pour n’en charger personne."],
  ["version_required", "« version » est obligatoire : la version du dossier lue (GET /api/dossiers/:id)."],
  ["field_unknown", "Champ inconnu : colour (possibles : instructeurId, version)."],
  ["field_unknown", "Champ inconnu : colour, size (possibles : instructeurId, version)."],
  ["field_unknown", "Champ inconnu : colour (possibles : instructeurId, version)."],
];
const RULED: Answer[] = [
  ["body_not_object", "Le corps de la requête doit être un objet JSON { insee, instructeurId }."],
  ["body_not_object", "Le corps de la requête doit être un objet JSON { insee, instructeurId }."],
  { ok: {"insee": "96001", "instructeurId": 1} },
  { ok: {"insee": "96001", "instructeurId": null} },
  ["insee_malformed", "« insee » doit être le code INSEE d’une commune (5 caractères) ; reçu : \"9600\"."],
  ["insee_malformed", "« insee » doit être le code INSEE d’une commune (5 caractères) ; reçu : rien."],
  ["instructeur_required", "« instructeurId » est obligatoire : l’identifiant du compte qui recevra les nouveaux dossiers de la commune, ou null pour supprimer la règle."],
  ["instructeur_required", "« instructeurId » est obligatoire : l’identifiant du compte qui recevra les nouveaux dossiers de la commune, ou null pour supprimer la règle."],
  ["field_unknown", "Champ inconnu : colour (possibles : insee, instructeurId)."],
  ["insee_malformed", "« insee » doit être le code INSEE d’une commune (5 caractères) ; reçu : 5."],
];
const NOTED: Answer[] = [
  ["body_not_object", "Le corps de la requête doit être un objet JSON { body }."],
  ["body_not_object", "Le corps de la requête doit être un objet JSON { body }."],
  ["body_not_object", "Le corps de la requête doit être un objet JSON { body }."],
  { ok: "Bonjour" },
  { ok: "a\nb" },
  ["note_empty", "La note est vide : écrivez son texte dans « body »."],
  ["note_empty", "La note est vide : écrivez son texte dans « body »."],
  ["note_empty", "La note est vide : écrivez son texte dans « body »."],
  ["note_too_long", "La note est trop longue : 4001 caractères, au plus 4000."],
  { ok: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" },
  ["field_unknown", "Champ inconnu : text (seul « body » est admis)."],
  ["field_unknown", "Champ inconnu : text (seul « body » est admis)."],
];

describe('the desk bodies', () => {
  it.each(ASSIGN.map((body, i) => [i, body] as const))('assignment %i', (i, body) => expect(answer(parseAssignBody, body)).toEqual(ASSIGNED[i]));
  it.each(RULE.map((body, i) => [i, body] as const))('rule %i', (i, body) => expect(answer(parseRuleBody, body)).toEqual(RULED[i]));
  it.each(NOTE.map((body, i) => [i, body] as const))('note %i', (i, body) => expect(answer(parseNoteBody, body)).toEqual(NOTED[i]));
});

// The objet affiché (PATCH /api/dossiers/:id/publication).
const PUB: unknown[] = [5, null, [], { objetAffiche: 'Maison', version: 2 }, { objetAffiche: null, version: 2 }, { version: 2 }, { objetAffiche: '  a \n  b  ', version: 2 }, { objetAffiche: '   ', version: 2 },
  { objetAffiche: 5, version: 2 }, { objetAffiche: 'x'.repeat(301), version: 2 }, { objetAffiche: 'x'.repeat(300), version: 2 }, { objetAffiche: 'x' }, { objetAffiche: 'x', version: 0 },
  { objetAffiche: 'x', version: 1.5 }, { objetAffiche: 'x', version: 2, colour: 1 }, { colour: 1, size: 2 }, { objetAffiche: 5 }];
const PUBLISHED: Answer[] = [
  ["body_not_object", "Le corps de la requête doit être un objet JSON { objetAffiche, version }."],
  ["body_not_object", "Le corps de la requête doit être un objet JSON { objetAffiche, version }."],
  ["body_not_object", "Le corps de la requête doit être un objet JSON { objetAffiche, version }."],
  { ok: {"objetAffiche": "Maison", "version": 2} },
  { ok: {"objetAffiche": null, "version": 2} },
  { ok: {"objetAffiche": null, "version": 2} },
  { ok: {"objetAffiche": "a b", "version": 2} },
  { ok: {"objetAffiche": null, "version": 2} },
  ["field_not_text", "« objetAffiche » doit être un texte, ou null pour l’effacer."],
  ["field_too_long", "« objetAffiche » est trop long : 301 caractères, au plus 300."],
  { ok: {"objetAffiche": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "version": 2} },
  ["version_required", "« version » est obligatoire : la version du dossier lue (GET /api/dossiers/:id)."],
  ["version_required", "« version » est obligatoire : la version du dossier lue (GET /api/dossiers/:id)."],
  ["version_required", "« version » est obligatoire : la version du dossier lue (GET /api/dossiers/:id)."],
  ["field_unknown", "Champ inconnu : colour (possibles : objetAffiche, version)."],
  ["field_unknown", "Champ inconnu : colour, size (possibles : objetAffiche, version)."],
  ["version_required", "« version » est obligatoire : la version du dossier lue (GET /api/dossiers/:id)."],
];

describe('the publication body', () => {
  it.each(PUB.map((body, i) => [i, body] as const))('body %i', (i, body) => expect(answer(parsePublicationBody, body)).toEqual(PUBLISHED[i]));
});
